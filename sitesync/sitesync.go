// Package sitesync keeps the store's copy of a site's post list equal to
// what WordPress would list, asking for as little as it can:
//
//   - a delta: the posts modified since the last sync began, or since the
//     newest modified time the cache holds if that is earlier (WordPress's
//     modified_after, with a margin), then the site's total (one request
//     with per_page=1). An unchanged site costs those two requests.
//   - a check, when the total disagrees with the cache, when asked (the
//     app's r, list --check) or when the last one is older than CheckEvery:
//     every post's id and modified time (_fields=id,modified_gmt, light
//     pages), which finds deleted, trashed and unpublished posts and posts
//     whose modified time went backwards; what differs is fetched again.
//   - a full listing when the cache cannot be trusted for a delta: never
//     synced, an earlier full listing interrupted, other credentials (other
//     statuses), or the site moved (its home changed, so every link did).
//
// Every step is idempotent and the state (store.SyncState) only advances
// once a step is complete, so a sync interrupted anywhere leaves a store
// that the next sync completes correctly.
//
// Listings carry term ids only; after the posts, a sync fetches the names
// of the terms the store has no name for, and a check or a full listing
// refreshes every known name (terms.go).
package sitesync

import (
	"context"
	"fmt"
	"time"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Source is the WordPress side; *wordpress.Client satisfies it.
type Source interface {
	Site(ctx context.Context) (wordpress.Site, error)
	Authenticated() bool
	ListPosts(ctx context.Context, opt wordpress.ListOptions, onPage func(wordpress.Page)) error
	Stamps(ctx context.Context, opt wordpress.ListOptions) ([]wordpress.Stamp, int, error)
	Census(ctx context.Context, opt wordpress.ListOptions) (total, newestID int, err error)
	Terms(ctx context.Context, taxonomy wordpress.Taxonomy, ids []int) ([]wordpress.Term, error)
}

// Mode says how much a sync may ask.
type Mode int

const (
	// Auto: a delta when the cache allows it (a full listing otherwise),
	// with a check when one is due.
	Auto Mode = iota
	// Check: Auto, and the check in any case.
	Check
	// Full: every post fetched again.
	Full
)

// String names the mode ("auto", "check", "full").
func (m Mode) String() string {
	switch m {
	case Auto:
		return "auto"
	case Check:
		return "check"
	case Full:
		return "full"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// Ago says how long ago a sync was, as people say it ("3 h ago"), for
// the messages that tell how stale the stored list is.
func Ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

// deltaMargin is subtracted from the newest modified time the cache holds
// before it is sent as modified_after: WordPress compares that parameter
// with the site-local post_modified column, not post_modified_gmt, so on a
// site at UTC+14 a UTC time is up to 14 hours too late. The margin makes the
// delta include the posts of the last 15 hours again: harmless, they are
// stored as they are.
const deltaMargin = 15 * time.Hour

// DefaultCheckEvery is how old the last check may be before a sync does one
// on its own.
const DefaultCheckEvery = 6 * time.Hour

// includeBatch is how many ids one refetch asks for (WordPress's per_page
// maximum).
const includeBatch = 100

// Syncer syncs one configured site into the store.
type Syncer struct {
	Store  *store.Store
	Source Source
	// Site is the configured address: the cache is kept under its SiteKey.
	Site string
	// CheckEvery: see DefaultCheckEvery (used when zero).
	CheckEvery time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Result says what a sync did.
type Result struct {
	Full    bool // a full listing ran
	Checked bool // the id pass ran
	// Fetched counts posts received with their list fields; Removed, posts
	// that left the cache.
	Fetched, Removed int
	// Reason says why a full listing or a check ran ("" for a plain delta).
	Reason string
	State  store.SyncState
	// TermsErr is why the names of tags or categories could not be fetched
	// (nil when they were, or none was needed). It does not fail the sync:
	// the posts are stored, and the next sync asks for the names again.
	TermsErr error
}

// Cached returns the store's list of the site, and its state.
func (s *Syncer) Cached() ([]wordpress.Post, store.SyncState, error) {
	st, err := s.Store.SyncState(s.Site)
	if err != nil {
		return nil, st, err
	}
	posts, err := s.Store.Posts(s.Site)
	return posts, st, err
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Sync brings the cache up to date. onPage, when not nil, is called with
// each page of a full listing once it is stored (the list can be shown as
// it arrives); a delta's changes are only in the store. A failure is
// recorded in the state (LastError) and returned; what was stored before it
// stays.
func (s *Syncer) Sync(ctx context.Context, mode Mode, onPage func(wordpress.Page)) (Result, error) {
	res, err := s.sync(ctx, mode, onPage)
	if err != nil && ctx.Err() == nil {
		if st, serr := s.Store.SyncState(s.Site); serr == nil {
			st.LastError = err.Error()
			_ = s.Store.SetSyncState(st)
		}
	}
	return res, err
}

func (s *Syncer) sync(ctx context.Context, mode Mode, onPage func(wordpress.Page)) (Result, error) {
	res, err := s.syncPosts(ctx, mode, onPage)
	if err != nil {
		return res, err
	}
	res.TermsErr = s.syncTerms(ctx, res.Full || res.Checked)
	return res, nil
}

func (s *Syncer) syncPosts(ctx context.Context, mode Mode, onPage func(wordpress.Page)) (Result, error) {
	st, err := s.Store.SyncState(s.Site)
	if err != nil {
		return Result{}, err
	}
	site, err := s.Source.Site(ctx)
	if err != nil {
		return Result{}, err
	}
	statuses := "publish"
	if s.Source.Authenticated() {
		statuses = "all"
	}
	home := store.SiteKey(site.URL)
	reason := ""
	switch {
	case mode == Full:
		reason = "asked for"
	case !st.Complete:
		reason = "no complete listing yet"
	case st.FullPending:
		reason = "the last full listing was interrupted"
	case st.Statuses != statuses:
		reason = "other credentials (other statuses)"
	case st.Home != "" && home != "" && store.SiteKey(st.Home) != home:
		reason = "the site moved to " + home
	case st.WithoutTerms > 0:
		reason = "the stored posts have no tags and categories yet (stored by an older wp2medium)"
	}
	st.Home, st.Name, st.Statuses = site.URL, site.Name, statuses
	if reason != "" {
		return s.full(ctx, st, reason, onPage)
	}
	return s.delta(ctx, st, mode)
}

// full lists every post. The state says a full listing is pending until it
// ends, so an interrupted one is done again.
func (s *Syncer) full(ctx context.Context, st store.SyncState, reason string, onPage func(wordpress.Page)) (Result, error) {
	res := Result{Full: true, Reason: reason}
	began := s.now() // what the listing can have missed was modified after this
	st.FullPending = true
	if err := s.Store.ChangePosts(s.Site, store.PostsChange{State: &st}); err != nil {
		return res, err
	}
	seen := map[int]bool{}
	var maxMod time.Time
	err := s.listInto(ctx, wordpress.ListOptions{}, func(p wordpress.Page) {
		for _, post := range p.Posts {
			seen[post.ID] = true
			maxMod = latest(maxMod, post.ModifiedGMT)
		}
		res.Fetched += len(p.Posts)
		if onPage != nil {
			onPage(p)
		}
	})
	if err != nil {
		return res, err
	}
	local, err := s.Store.Stamps(s.Site)
	if err != nil {
		return res, err
	}
	for id := range local {
		if !seen[id] {
			res.Removed++
		}
	}
	st.Complete, st.FullPending, st.CheckPending = true, false, false
	st.MaxModified, st.SyncedAt, st.CheckedAt, st.FullAt, st.LastError = maxMod, began, began, began, ""
	if err := s.Store.ChangePosts(s.Site, store.PostsChange{KeepOnly: seen, State: &st}); err != nil {
		return res, err
	}
	res.State, err = s.Store.SyncState(s.Site)
	return res, err
}

// delta fetches what changed since the last sync began, then compares the
// totals; a check runs when they differ or one is due.
//
// The last sync's start, not only the newest modified time stored: a post
// can carry a modified time far in the future (WordPress gives a post
// created with a date its date as modified time, and a post scheduled for
// 2099 that was never edited has 2099), and "modified after 2099" would
// hide every later edit. Whichever of the two is earlier, less the margin.
func (s *Syncer) delta(ctx context.Context, st store.SyncState, mode Mode) (Result, error) {
	res := Result{}
	now := s.now()
	since := st.SyncedAt
	if !st.MaxModified.IsZero() && st.MaxModified.Before(since) {
		since = st.MaxModified
	}
	since = since.Add(-deltaMargin)
	maxMod := st.MaxModified
	err := s.listInto(ctx, wordpress.ListOptions{ModifiedAfter: since}, func(p wordpress.Page) {
		for _, post := range p.Posts {
			maxMod = latest(maxMod, post.ModifiedGMT)
		}
		res.Fetched += len(p.Posts)
	})
	if err != nil {
		return res, err
	}
	// A scheduled post that went live kept its modified time (WordPress only
	// sets its status), so no delta sees it: fetch the ones now due again.
	due, err := s.Store.ScheduledBefore(s.Site, now)
	if err != nil {
		return res, err
	}
	found, err := s.refetch(ctx, due)
	if err != nil {
		return res, err
	}
	res.Fetched += len(found)
	total, newest, err := s.Source.Census(ctx, wordpress.ListOptions{})
	cur, serr := s.Store.SyncState(s.Site)
	if serr != nil {
		return res, serr
	}
	every := s.CheckEvery
	if every <= 0 {
		every = DefaultCheckEvery
	}
	switch {
	case mode == Check:
		res.Reason = "asked for"
	case st.CheckPending:
		res.Reason = "the last check was interrupted"
	case err != nil:
		res.Reason = "the site's total could not be read (" + err.Error() + ")"
	case total != cur.Count:
		res.Reason = "the site has a different number of posts"
	case newest > cur.NewestID:
		// A new post the delta did not list (created with a past date,
		// so its modified time is that date), beside a deletion that
		// kept the total.
		res.Reason = "the site has a post newer than any stored"
	case now.Sub(st.CheckedAt) > every:
		res.Reason = "the last check is old"
	}
	if res.Reason != "" {
		pending := st
		pending.CheckPending = true
		if err := s.Store.SetSyncState(pending); err != nil {
			return res, err
		}
		if err := s.check(ctx, &res, &maxMod); err != nil {
			return res, err
		}
		st.CheckedAt, st.CheckPending = now, false
	}
	st.MaxModified, st.SyncedAt, st.LastError = maxMod, now, ""
	if err := s.Store.SetSyncState(st); err != nil {
		return res, err
	}
	res.State, err = s.Store.SyncState(s.Site)
	return res, err
}

// check compares every post's id and modified time with the cache: posts
// the site no longer lists leave it, posts that are new or whose modified
// time differs (either way) are fetched again.
func (s *Syncer) check(ctx context.Context, res *Result, maxMod *time.Time) error {
	res.Checked = true
	stamps, _, err := s.Source.Stamps(ctx, wordpress.ListOptions{})
	if err != nil {
		return err
	}
	local, err := s.Store.Stamps(s.Site)
	if err != nil {
		return err
	}
	remote := make(map[int]bool, len(stamps))
	var stale []int
	for _, st := range stamps {
		remote[st.ID] = true
		if mod, ok := local[st.ID]; !ok || !mod.Equal(st.ModifiedGMT.Truncate(time.Second)) {
			stale = append(stale, st.ID)
		}
	}
	var missing []int
	for id := range local {
		if !remote[id] {
			missing = append(missing, id)
		}
	}
	if _, err := s.refetch(ctx, stale); err != nil {
		return err
	}
	// Offset pages shift when posts are published or deleted during the
	// pass, so an id can be skipped: ask for the missing ones by id, and
	// drop only those WordPress no longer lists.
	found, err := s.refetch(ctx, missing)
	if err != nil {
		return err
	}
	var gone []int
	for _, id := range missing {
		if !found[id] {
			gone = append(gone, id)
		}
	}
	if err := s.Store.ChangePosts(s.Site, store.PostsChange{Delete: gone}); err != nil {
		return err
	}
	res.Fetched += len(stale) + len(found)
	res.Removed += len(gone)
	*maxMod = time.Time{}
	for _, st := range stamps {
		*maxMod = latest(*maxMod, st.ModifiedGMT)
	}
	return nil
}

// refetch stores the list fields of the posts with ids, asked for by id, a
// hundred at a time, and returns the ids WordPress listed.
func (s *Syncer) refetch(ctx context.Context, ids []int) (map[int]bool, error) {
	found := map[int]bool{}
	for len(ids) > 0 {
		batch := ids[:min(includeBatch, len(ids))]
		ids = ids[len(batch):]
		err := s.listInto(ctx, wordpress.ListOptions{Include: batch}, func(p wordpress.Page) {
			for _, post := range p.Posts {
				found[post.ID] = true
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}

// listInto lists opt into the store, a page at a time, and hands each page
// to stored once it is in the store. The first error stops it.
func (s *Syncer) listInto(ctx context.Context, opt wordpress.ListOptions, stored func(wordpress.Page)) error {
	var storeErr error
	err := s.Source.ListPosts(ctx, opt, func(p wordpress.Page) {
		if storeErr != nil {
			return
		}
		if storeErr = s.Store.ChangePosts(s.Site, store.PostsChange{Put: p.Posts}); storeErr == nil {
			stored(p)
		}
	})
	if err == nil {
		err = storeErr
	}
	return err
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
