package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/sitesync"
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
	// Tags and Categories are the terms' names, [] when none (or not
	// fetched yet: a sync that could not get them leaves them out).
	Tags       []string `json:"tags"`
	Categories []string `json:"categories"`
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
	var asJSON, offline, full, check bool
	var statuses []string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the site's posts (a table, or JSON with --json)",
		Long: `Lists the site's posts with what is known of each on Medium. The list comes from
the local store, brought up to date first: only what changed since the last
sync is asked of WordPress (a site with no change costs two requests), and the
first listing of a site streams its rows as the pages arrive.

  --offline  answer from the store alone, with no request to WordPress
  --check    also compare every post's id and modified time with WordPress
             (finds deleted, trashed and restored posts at once)
  --full     fetch every post again`,
		Example: `  wp2medium list
  wp2medium list --status publish,draft --json
  wp2medium list --offline`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			want, err := parseStatuses(statuses)
			if err != nil {
				return err
			}
			if offline && (full || check) {
				return usagef("--offline asks WordPress nothing; it cannot be combined with --full or --check")
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
			syncer, err := e.syncer()
			if err != nil {
				return err
			}
			// One read of the ledger for the whole listing (sends recorded
			// meanwhile by another process show at the next list).
			ledger, err := syncer.Store.Ledger().Snapshot()
			if err != nil {
				return err
			}
			w := newListWriter(cmd.OutOrStdout(), asJSON, ledger, e.wp.SiteURL(), want)
			w.urlW = listURLWidth(syncer.Store, e.wp.SiteURL(), g.tableWidth())
			if offline {
				posts, st, err := syncer.Cached()
				if err != nil {
					return err
				}
				if !st.Complete && len(posts) == 0 {
					return fmt.Errorf("nothing is stored for %s yet: run wp2medium list once with the site reachable", e.wp.SiteURL())
				}
				fmt.Fprintln(cmd.ErrOrStderr(), "From the store: "+staleness(st, time.Now()))
				return w.all(posts)
			}
			mode := sitesync.Auto
			switch {
			case full:
				mode = sitesync.Full
			case check:
				mode = sitesync.Check
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), listTimeout)
			defer cancel()
			_, st, err := syncer.Cached()
			if err != nil {
				return err
			}
			if !st.Complete && !asJSON {
				// No list yet: print the rows as the pages arrive. (Not
				// JSON: a listing that fails half-way would leave a
				// document a script cannot read.)
				if _, err := syncer.Sync(ctx, mode, func(p wordpress.Page) { w.page(p.Posts) }); err != nil {
					return err
				}
				return w.end()
			}
			if _, err := syncer.Sync(ctx, mode, nil); err != nil {
				return fmt.Errorf("%w\n(wp2medium list --offline shows the list stored %s)", err, staleness(st, time.Now()))
			}
			posts, _, err := syncer.Cached()
			if err != nil {
				return err
			}
			return w.all(posts)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array (keys: id, title, status, date_gmt, modified_gmt, link, medium, tags, categories)")
	cmd.Flags().StringSliceVar(&statuses, "status", nil, "only these WordPress statuses, comma-separated: publish, future, draft, pending, private")
	cmd.Flags().BoolVar(&offline, "offline", false, "answer from the local store, asking WordPress nothing")
	cmd.Flags().BoolVar(&full, "full", false, "fetch every post again instead of what changed")
	cmd.Flags().BoolVar(&check, "check", false, "also compare every post's id and modified time with WordPress")
	return cmd
}

// staleness says when the stored list was last brought up to date.
func staleness(st store.SyncState, now time.Time) string {
	if st.SyncedAt.IsZero() {
		return "never completely synced"
	}
	return "synced " + st.SyncedAt.UTC().Format("2006-01-02 15:04 UTC") + " (" + sitesync.Ago(now.Sub(st.SyncedAt)) + ")"
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

// listWriter prints posts as a table or a JSON array, all at once or (the
// table of a first listing) page by page, in the order given: WordPress's
// for a first listing, the store's (the same, newest first) after.
type listWriter struct {
	w      io.Writer
	json   bool
	ledger *store.Snapshot
	site   string
	want   map[wordpress.Status]bool // nil: every status
	n      int
	err    error
	// urlW is the story URL column's width; 0: no such column (see
	// listURLWidth).
	urlW int
}

func newListWriter(w io.Writer, asJSON bool, ledger *store.Snapshot, site string, statuses []wordpress.Status) *listWriter {
	lw := &listWriter{w: w, json: asJSON, ledger: ledger, site: site}
	if len(statuses) > 0 {
		lw.want = map[wordpress.Status]bool{}
		for _, s := range statuses {
			lw.want[s] = true
		}
	}
	return lw
}

func (lw *listWriter) all(posts []wordpress.Post) error {
	lw.page(posts)
	return lw.end()
}

// page prints posts (those of the wanted statuses) after what came before.
func (lw *listWriter) page(posts []wordpress.Post) {
	if lw.err != nil {
		return
	}
	var b strings.Builder
	for _, p := range posts {
		if lw.want != nil && !lw.want[p.Status] {
			continue
		}
		if lw.n == 0 {
			if lw.json {
				b.WriteString("[\n")
			} else {
				lw.row(&b, "ID", "STATUS", "DATE (UTC)", "MEDIUM", "STORY URL", "TITLE")
			}
		}
		e, ok := lw.ledger.Find(lw.site, p.ID, "", p.Link)
		if lw.json {
			if lw.n > 0 {
				b.WriteString(",\n")
			}
			j, err := json.MarshalIndent(listed(p, e, ok), "  ", "  ") // as the whole array would be
			if err != nil {
				lw.err = err
				return
			}
			b.WriteString("  ")
			b.Write(termtext.EscapeJSON(j)) // C1 controls and bidi overrides too
		} else {
			date := "" // a draft that has no date yet
			if !p.DateGMT.IsZero() {
				date = p.DateGMT.UTC().Format("2006-01-02 15:04")
			}
			lw.row(&b, strconv.Itoa(p.ID), p.Status.Label(), date,
				crosspost.StatusLabel(e, ok, p.ModifiedGMT), e.URL, p.Title)
		}
		lw.n++
	}
	_, lw.err = io.WriteString(lw.w, b.String())
}

// tableRow has fixed widths, so rows printed page by page line up: the
// longest post id, status label ("Password-protected" aside), date and
// Medium label.
const tableRow = "%-7s  %-10s  %-16s  %-10s  %s\n"

func (lw *listWriter) end() error {
	if lw.err != nil {
		return lw.err
	}
	var err error
	switch {
	case lw.json && lw.n == 0:
		_, err = io.WriteString(lw.w, "[]\n")
	case lw.json:
		_, err = io.WriteString(lw.w, "\n]\n")
	case lw.n == 0:
		var b strings.Builder
		lw.row(&b, "ID", "STATUS", "DATE (UTC)", "MEDIUM", "STORY URL", "TITLE")
		_, err = io.WriteString(lw.w, b.String()+"0 posts\n")
	default:
		_, err = fmt.Fprintf(lw.w, "%d posts\n", lw.n)
	}
	return err
}

func listed(p wordpress.Post, e store.Entry, ok bool) listedPost {
	lp := listedPost{
		ID: p.ID, Title: p.Title, Status: string(p.Status),
		DateGMT: gmt(p.DateGMT), ModifiedGMT: gmt(p.ModifiedGMT), Link: p.Link,
		Tags: append([]string{}, p.TagNames()...), Categories: append([]string{}, p.CategoryNames()...),
	}
	if ok {
		lp.Medium = &listedMedium{
			State: string(e.State), Route: string(e.Route), Status: string(e.PublishStatus),
			URL: e.URL, ID: e.MediumID, License: string(e.License),
			PublishedAt: gmt(e.SentAt), ChangedSince: e.ChangedSince(p.ModifiedGMT, ""),
		}
	}
	return lp
}
