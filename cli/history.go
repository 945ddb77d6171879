package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/store"
)

// historySend is one element of `wp2medium history --json`. The keys are a
// contract: scripts read them, and every key is always present.
type historySend struct {
	SentAt        string `json:"sent_at"`
	At            string `json:"at"`
	PostID        int    `json:"post_id"`
	Title         string `json:"title"`
	Current       bool   `json:"current"`
	State         string `json:"state"`
	Route         string `json:"route"`
	PublishStatus string `json:"publish_status"`
	URL           string `json:"url"`
	MediumID      string `json:"medium_id"`
	Error         string `json:"error"`
	Note          string `json:"note"`
}

func newHistoryCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	var limit int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show every send to Medium the store recorded for the site, newest first",
		Long: `Shows every send to Medium recorded for the site, newest first: each post's
latest send and the earlier ones (failed attempts, earlier stories), with when
it was sent (UTC), the post, the route (the API or Medium's importer), the
status asked of Medium, the outcome and the story's URL. The URL column is
left out when the terminal is too narrow for it ($COLUMNS sets the width).

It reads the local store only: it works offline and asks nothing of
WordPress or Medium. A send whose outcome is unknown is settled with
'wp2medium resolve POST_ID', or with enter on its row in the app's history (h).

--json prints an array of objects with the keys sent_at, at, post_id, title,
current, state (sending, sent, failed, unknown), route (api, import),
publish_status, url, medium_id, error and note. Every key is always there;
times are RFC 3339 in UTC ("" when unknown).`,
		Example: `  wp2medium history
  wp2medium history --limit 10
  wp2medium history --json | jq '.[] | select(.state == "unknown")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return usagef("--limit must be 0 (every send) or a positive number, not %d", limit)
			}
			e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer e.Close()
			st, err := e.store()
			if err != nil {
				return err
			}
			sends, err := st.History(e.wp.SiteURL())
			if err != nil {
				return err
			}
			if limit > 0 && len(sends) > limit {
				sends = sends[:limit]
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON:
				return writeHistoryJSON(out, sends)
			case len(sends) == 0:
				_, err := fmt.Fprintf(out, "Nothing was sent to Medium from %s yet.\n"+
					"Publish a post with: wp2medium publish POST_ID (wp2medium list shows the ids), or press p in the app.\n",
					termtext.CleanLine(e.wp.SiteURL()))
				return err
			}
			return writeHistoryTable(out, sends, g.tableWidth())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array (keys: sent_at, at, post_id, title, current, state, route, publish_status, url, medium_id, error, note)")
	cmd.Flags().IntVar(&limit, "limit", 0, "show only the N newest sends (0: every one)")
	return cmd
}

func writeHistoryJSON(w io.Writer, sends []store.Send) error {
	out := make([]historySend, 0, len(sends))
	for _, s := range sends {
		out = append(out, historySend{
			SentAt: gmt(s.SentAt), At: gmt(s.At), PostID: s.PostID, Title: s.Title, Current: s.Current,
			State: string(s.State), Route: string(s.Route), PublishStatus: string(s.PublishStatus),
			URL: s.URL, MediumID: s.MediumID, Error: s.Error, Note: s.Note,
		})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(termtext.EscapeJSON(b), '\n')) // C1 controls and bidi overrides too
	return err
}

// The history table's fixed columns: time, post id, route ("Medium
// importer"), status ("unlisted") and outcome ("Outcome unknown").
const (
	historyTimeW    = 16
	historyPostW    = 7
	historyRouteW   = 15
	historyStatusW  = 8
	historyOutcomeW = 15
	historyFixedW   = historyTimeW + historyPostW + historyRouteW + historyStatusW + historyOutcomeW + 5*2
)

// writeHistoryTable prints sends as a table at most width cells wide (0: no
// limit). The title is cut to fit; the URL column is dropped when the title
// would keep fewer than minTitleWidth cells beside it.
func writeHistoryTable(w io.Writer, sends []store.Send, width int) error {
	titleW, urlW := len("TITLE"), 0
	for _, s := range sends {
		titleW = max(titleW, cellWidth(s.Title))
		urlW = max(urlW, cellWidth(s.URL))
	}
	if urlW > 0 {
		urlW = max(urlW, len("STORY URL"))
	}
	if width > 0 {
		if urlW > 0 && historyFixedW+2+urlW+min(titleW, minTitleWidth) > width {
			urlW = 0
		}
		room := width - historyFixedW
		if urlW > 0 {
			room -= 2 + urlW
		}
		titleW = max(min(titleW, room), len("TITLE"))
	}
	var b strings.Builder
	row := func(at, post, title, route, status, outcome, url string) {
		cols := []string{cell(at, 0, historyTimeW), cell(post, 0, historyPostW), cell(title, titleW, titleW),
			cell(route, 0, historyRouteW), cell(status, 0, historyStatusW), cell(outcome, 0, historyOutcomeW)}
		if urlW > 0 {
			cols = append(cols, cell(url, 0, 0))
		}
		b.WriteString(strings.TrimRight(strings.Join(cols, "  "), " ") + "\n")
	}
	row("TIME (UTC)", "POST", "TITLE", "ROUTE", "STATUS", "OUTCOME", "STORY URL")
	for _, s := range sends {
		at := ""
		if t := s.When(); !t.IsZero() {
			at = t.UTC().Format("2006-01-02 15:04")
		}
		row(at, strconv.Itoa(s.PostID), s.Title, s.Route.Label(), string(s.PublishStatus), s.State.Label(), s.URL)
	}
	if len(sends) == 1 {
		b.WriteString("1 send\n")
	} else {
		fmt.Fprintf(&b, "%d sends\n", len(sends))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// storeHistory is the app's history of sends (ui.SendHistory): the store's
// record for the configured site.
type storeHistory struct {
	st   *store.Store
	site string
}

func (h storeHistory) History() ([]store.Send, error) { return h.st.History(h.site) }
