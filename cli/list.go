package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wp2medium/wp2medium/store"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/wordpress"
)

// listTimeout bounds a whole listing; a site of many thousands of posts takes
// well under a minute, so this only stops a hung server.
const listTimeout = 10 * time.Minute

// listedPost is one element of `wp2medium list --json`. The keys are a
// contract: scripts read them.
type listedPost struct {
	ID          int           `json:"id"`
	Title       string        `json:"title"`
	Status      string        `json:"status"`
	DateGMT     string        `json:"date_gmt"`
	ModifiedGMT string        `json:"modified_gmt"`
	Link        string        `json:"link"`
	Medium      *listedMedium `json:"medium"`
}

// listedMedium is what the ledger records of the post on Medium; null when
// the post was never sent.
type listedMedium struct {
	State        string `json:"state"`
	Route        string `json:"route"`
	Status       string `json:"status"`
	URL          string `json:"url"`
	ID           string `json:"id"`
	License      string `json:"license"`
	PublishedAt  string `json:"published_at"`
	ChangedSince bool   `json:"changed_since"`
}

func newListCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	var statuses []string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the site's posts (a table, or JSON with --json)",
		Example: `  wp2medium list
  wp2medium list --status publish,draft --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			want, err := parseStatuses(statuses)
			if err != nil {
				return err
			}
			e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer e.Close()
			if len(want) > 0 && !e.wp.Authenticated() {
				for _, s := range want {
					if s != wordpress.StatusPublish {
						return usagef("--status %s needs an application password: without one WordPress shows published posts only", s)
					}
				}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), listTimeout)
			defer cancel()
			posts, err := e.wp.ListAllPosts(ctx, wordpress.ListOptions{Statuses: want})
			if err != nil {
				return err
			}
			ledger, err := e.ledger()
			if err != nil {
				return err
			}
			site := e.wp.SiteURL()
			if asJSON {
				return writeListJSON(cmd.OutOrStdout(), posts, ledger, site)
			}
			return writeTable(cmd.OutOrStdout(), posts, ledger, site)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array (keys: id, title, status, date_gmt, modified_gmt, link, medium)")
	cmd.Flags().StringSliceVar(&statuses, "status", nil, "only these WordPress statuses, comma-separated: publish, future, draft, pending, private")
	return cmd
}

func parseStatuses(in []string) ([]wordpress.Status, error) {
	var out []wordpress.Status
	for _, v := range in {
		v = strings.TrimSpace(v)
		found := false
		for _, s := range wordpress.AllStatuses {
			if string(s) == v {
				out, found = append(out, s), true
			}
		}
		if !found {
			return nil, usagef("--status %q is not a WordPress status; use publish, future, draft, pending or private", v)
		}
	}
	return out, nil
}

// gmt formats a time as WordPress's own *_gmt fields do, with the zone made explicit.
func gmt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func writeListJSON(w io.Writer, posts []wordpress.Post, ledger *store.Ledger, site string) error {
	out := make([]listedPost, 0, len(posts))
	for _, p := range posts {
		lp := listedPost{
			ID: p.ID, Title: p.Title, Status: string(p.Status),
			DateGMT: gmt(p.DateGMT), ModifiedGMT: gmt(p.ModifiedGMT), Link: p.Link,
		}
		if e, ok := ledger.Find(site, p.ID, "", p.Link); ok {
			lp.Medium = &listedMedium{
				State: string(e.State), Route: string(e.Route), Status: string(e.PublishStatus),
				URL: e.URL, ID: e.MediumID, License: string(e.License),
				PublishedAt: gmt(e.SentAt), ChangedSince: e.ChangedSince(p.ModifiedGMT, ""),
			}
		}
		out = append(out, lp)
	}
	return writeJSON(w, out)
}

func writeTable(w io.Writer, posts []wordpress.Post, ledger *store.Ledger, site string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tDATE (UTC)\tMEDIUM\tTITLE")
	for _, p := range posts {
		e, ok := ledger.Find(site, p.ID, "", p.Link)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Status.Label(), p.DateGMT.UTC().Format("2006-01-02 15:04"), crosspost.StatusLabel(e, ok, p.ModifiedGMT), p.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d posts\n", len(posts))
	return err
}
