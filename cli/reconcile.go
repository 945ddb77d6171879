package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// reconcileRow is one element of `wp2medium reconcile --json`. The keys
// are a contract and always present.
type reconcileRow struct {
	PostID int    `json:"post_id"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Source string `json:"source"`
	How    string `json:"how"`
	// Outcome: recorded, already-recorded, kept; would-record in a dry run.
	Outcome string `json:"outcome"`
	Why     string `json:"why"`
}

// outcomeWouldRecord is a dry run's "recorded".
const outcomeWouldRecord = "would-record"

// finder is one place outside this machine's record where stories of the
// site's posts can be found.
type finder struct {
	name string
	find func(ctx context.Context) ([]crosspost.Found, error)
}

// reconcileTimeout bounds the whole reconcile: a few searches, each a page
// of 100 posts at a time.
const reconcileTimeout = 5 * time.Minute

func newReconcileCmd(g *globalFlags) *cobra.Command {
	var dryRun, asJSON bool
	cmd := &cobra.Command{
		Use:   "reconcile",
		Short: "Rebuild the record of what is on Medium from what exists outside this machine",
		Long: `Finds the site's posts that are already on Medium, from what exists outside
this machine's store, and records them (a new machine, a lost data directory):

  WordPress: every post whose content links its story, with wp2medium's
  "Also published on Medium" paragraph (cross-link) or the old Medium
  plugin's footer. Two searches (search=) find them, 100 posts a request.

A story found is recorded as on Medium (route import, marked found-wordpress)
so it is never sent again by mistake. A local record that says more (another
story, a send in flight, an unknown outcome) is kept as it is, and the table
says why. A story whose post has no cross-link paragraph is not in WordPress:
only Medium's public feed (its latest 10 stories) can show it.

--dry-run records nothing and shows what would be recorded. --json prints an
array of objects with the keys post_id, title, url, source (found-wordpress,
found-feed), how (what matched), outcome (recorded, already-recorded, kept;
would-record with --dry-run) and why (for kept). Every key is always there.

Exit codes: 0 done (found or not), 1 a source could not be read.`,
		Example: `  wp2medium reconcile --dry-run
  wp2medium reconcile
  wp2medium reconcile --json | jq '.[] | select(.outcome == "kept")'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReconcile(cmd, g, dryRun, asJSON)
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "record nothing; show what would be recorded")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the findings as JSON")
	return cmd
}

func runReconcile(cmd *cobra.Command, g *globalFlags, dryRun, asJSON bool) error {
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer e.Close()
	ledger, err := e.ledger()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), reconcileTimeout)
	defer cancel()
	rows, failed, skipped := reconcile(ctx, e, e.publisher(ledger), dryRun)
	out := cmd.OutOrStdout()
	for _, s := range skipped {
		fmt.Fprintln(cmd.ErrOrStderr(), termtext.CleanLine(s))
	}
	switch {
	case asJSON:
		if err := writeJSON(out, rows); err != nil {
			return err
		}
	case len(rows) == 0 && len(failed) > 0:
		// Nothing found, but not every source could be read: no claim
		// that nothing is there.
		if _, err := fmt.Fprintln(out, "No story found by the sources that could be read, so nothing was recorded."); err != nil {
			return err
		}
	default:
		if err := printReconcile(out, rows, dryRun, g.tableWidth()); err != nil {
			return err
		}
	}
	if len(failed) == 0 {
		return nil
	}
	err = fmt.Errorf("reconcile could not read %s", strings.Join(failed, "; "))
	if len(rows) > 0 {
		err = fmt.Errorf("%w. What the other sources found is above", err)
	}
	return fmt.Errorf("%w\nLook at your Medium profile for a story it missed, and record it with wp2medium record ID URL", err)
}

// reconcileSources are the places reconcile looks, in order: a story
// found by an earlier source is not repeated for a later one.
func reconcileSources(e *env, posts map[int]wordpress.PostDetail) []finder {
	return []finder{
		wordpressFinder(e.wp, posts),
		feedFinder(e),
	}
}

// errSourceSkipped is a source reconcile cannot ask with these settings: it
// is said, but not a failure.
var errSourceSkipped = errors.New("skipped")

// feedFinder matches the latest public stories of the account's feed (ten
// at most; it lists no draft or unlisted story) to the site's posts, by the
// "Originally published at" link, the canonical link or a unique title. The
// posts are the store's list, brought up to date first (a new machine lists
// the site once). Without a token the account, and so its feed, is unknown.
func feedFinder(e *env) finder {
	return finder{name: "Medium's public feed", find: func(ctx context.Context) ([]crosspost.Found, error) {
		if e.medium == nil {
			return nil, fmt.Errorf("%w: without a Medium token the account, and so its feed, is not known; set medium.token, or look at your Medium profile and record a story with wp2medium record ID URL", errSourceSkipped)
		}
		syncer, err := e.syncer()
		if err != nil {
			return nil, err
		}
		if _, err := syncer.Sync(ctx, sitesync.Auto, nil); err != nil {
			return nil, fmt.Errorf("listing the site's posts to match the feed to: %w", err)
		}
		list, _, err := syncer.Cached()
		if err != nil {
			return nil, err
		}
		l, err := e.ledger()
		if err != nil {
			return nil, err
		}
		// A story the ledger gives another post is never taken for this one.
		return crosspost.CheckFeed(ctx, e.medium, e.cfg.Medium.FeedURL, list, crosspost.TakenStories(l, e.wp.SiteURL()))
	}}
}

// wordpressFinder finds the posts whose content links their story: a
// search for the cross-link class and one for the plugin footer's words,
// then the link read from each match's content (stored when signed in,
// rendered otherwise). posts collects what the searches returned, for the
// titles and the records' guid and permalink.
func wordpressFinder(wp *wordpress.Client, posts map[int]wordpress.PostDetail) finder {
	return finder{name: "WordPress", find: func(ctx context.Context) ([]crosspost.Found, error) {
		var found []crosspost.Found
		for _, text := range []string{wordpress.CrossLinkClass, wordpress.PluginFooterSearch} {
			ms, err := wp.SearchContent(ctx, text)
			if err != nil {
				return found, err
			}
			for _, m := range ms {
				if _, seen := posts[m.ID]; seen {
					continue
				}
				d := wordpress.PostDetail{Post: m.Post, GUID: m.GUID, RawContent: m.Content}
				posts[m.ID] = d
				if f, ok := crosspost.FoundInPost(d); ok {
					found = append(found, f)
				}
			}
		}
		return found, nil
	}}
}

// reconcile asks every source and records (or, in a dry run, checks) what
// they found. failed says which sources could not be read, and why.
func reconcile(ctx context.Context, e *env, pub *crosspost.Publisher, dryRun bool) (rows []reconcileRow, failed, skipped []string) {
	posts := map[int]wordpress.PostDetail{}
	decided := map[int]string{} // post id -> the story this run settled on
	rows = []reconcileRow{}
	var all []crosspost.Found
	for _, src := range reconcileSources(e, posts) {
		found, err := src.find(ctx)
		switch {
		case errors.Is(err, errSourceSkipped):
			skipped = append(skipped, src.name+" "+err.Error())
		case err != nil:
			failed = append(failed, src.name+": "+err.Error())
		}
		all = append(all, found...)
	}
	// After the sources ran: the feed's finder lists the site first, so a
	// new machine's store has the titles only now.
	cached := cachedTitles(e)
	owners := storyPosts(all)
	for _, f := range all {
		d, ok := posts[f.PostID]
		if !ok {
			d = wordpress.PostDetail{Post: wordpress.Post{ID: f.PostID, Title: cached[f.PostID]}}
		}
		row := reconcileRow{PostID: f.PostID, Title: d.Title, URL: f.URL, Source: f.Source, How: f.How}
		if prev, seen := decided[f.PostID]; seen {
			if prev == f.URL {
				continue // the same story, found again
			}
			row.Outcome, row.Why = store.FoundKept.String(), "this run found another story for the post first: "+prev
			rows = append(rows, row)
			continue
		}
		decided[f.PostID] = f.URL
		if others := otherPosts(owners[storyKey(f.URL)], f.PostID); len(others) > 0 {
			row.Outcome, row.Why = store.FoundKept.String(), "not recorded: this run found the same story for post "+others+" too (a duplicated post carries the other's cross-link paragraph); record the right one with 'wp2medium record POST_ID URL'"
			rows = append(rows, row)
			continue
		}
		res, err := pub.RecordFound(ctx, d, f, dryRun)
		switch {
		case err != nil:
			row.Outcome, row.Why = store.FoundKept.String(), "not recorded: "+err.Error()
		case dryRun && res.Outcome == store.FoundRecorded:
			row.Outcome = outcomeWouldRecord
		default:
			row.Outcome, row.Why = res.Outcome.String(), res.Why
		}
		rows = append(rows, row)
	}
	return rows, failed, skipped
}

// cachedTitles are the titles of the store's copy of the post list, for a
// post a source names by id only.
func cachedTitles(e *env) map[int]string {
	titles := map[int]string{}
	st, err := e.store()
	if err != nil {
		return titles
	}
	list, err := st.Posts(e.wp.SiteURL())
	if err != nil {
		return titles
	}
	for _, p := range list {
		titles[p.ID] = p.Title
	}
	return titles
}

// outcomeText is a row's outcome in words.
func outcomeText(r reconcileRow) string {
	switch r.Outcome {
	case store.FoundRecorded.String():
		return "recorded"
	case outcomeWouldRecord:
		return "would record"
	case store.FoundAlready.String():
		return "already recorded"
	}
	return "kept the local record: " + r.Why
}

func printReconcile(w io.Writer, rows []reconcileRow, dryRun bool, width int) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "No story found, so nothing was recorded: no post's content on WordPress links one, and no story of Medium's public feed (its latest 10 public ones) matches a post.\n"+
			"A story neither shows (a draft, an unlisted or an older story without a cross-link) is recorded by hand: wp2medium record POST_ID URL")
		return err
	}
	idW, titleW, urlW, howW := len("POST"), len("TITLE"), len("STORY"), len("FOUND IN")
	for _, r := range rows {
		idW = max(idW, len(strconv.Itoa(r.PostID)))
		titleW = max(titleW, cellWidth(r.Title))
		urlW = max(urlW, cellWidth(r.URL))
		howW = max(howW, cellWidth(r.How))
	}
	if width > 0 {
		// The URL is never cut (a cut URL cannot be opened): the title gives way.
		titleW = max(minTitleWidth, min(titleW, width-idW-urlW-howW-len("would record")-8))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s  %s  %s  %s\n", cell("POST", 0, idW), cell("TITLE", 0, titleW), cell("STORY", 0, urlW), cell("FOUND IN", 0, howW), "OUTCOME")
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Outcome]++
		fmt.Fprintf(&b, "%s  %s  %s  %s  %s\n", cell(strconv.Itoa(r.PostID), 0, idW), cell(r.Title, titleW, titleW), cell(r.URL, 0, urlW),
			cell(r.How, 0, howW), cell(outcomeText(r), 0, 0))
	}
	fmt.Fprintf(&b, "\n%d found: ", len(rows))
	if dryRun {
		fmt.Fprintf(&b, "%d would be recorded (dry run: nothing was recorded), ", counts[outcomeWouldRecord])
	} else {
		fmt.Fprintf(&b, "%d recorded, ", counts[store.FoundRecorded.String()])
	}
	fmt.Fprintf(&b, "%d already recorded, %d kept as the local record says.\n", counts[store.FoundAlready.String()], counts[store.FoundKept.String()])
	_, err := io.WriteString(w, b.String())
	return err
}

// storyKey is what makes two found addresses one story: its id (the
// trailing hex id), else the whole address.
func storyKey(u string) string {
	if _, id, err := store.ParseMediumURL(u); err == nil && id != "" {
		return id
	}
	return u
}

// storyPosts maps each found story (storyKey) to the posts it was found
// for, in the order found, each once.
func storyPosts(found []crosspost.Found) map[string][]int {
	m := map[string][]int{}
	for _, f := range found {
		k := storyKey(f.URL)
		if !slices.Contains(m[k], f.PostID) {
			m[k] = append(m[k], f.PostID)
		}
	}
	return m
}

// otherPosts lists, in words, the posts of ids other than id.
func otherPosts(ids []int, id int) string {
	var out []string
	for _, o := range ids {
		if o != id {
			out = append(out, strconv.Itoa(o))
		}
	}
	return strings.Join(out, ", ")
}
