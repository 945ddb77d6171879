package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// These tests start the real program (teatest) on a real store file and
// the fake WordPress, as cli/app.go does: the stored list read before the
// program starts, the syncer passed in.

const storeSitePosts = 250 // three pages of a full listing

// storeFixture is a fake WordPress, a store file and the syncer between
// them.
type storeFixture struct {
	wp     *wptest.Server
	client *wordpress.Client
	path   string
	store  *store.Store
	syncer *sitesync.Syncer
}

func newStoreFixture(t *testing.T) *storeFixture {
	t.Helper()
	wp := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh"))
	t.Cleanup(wp.Close)
	wp.SetPosts(wptest.GeneratePosts(storeSitePosts, time.Now().UTC().Add(-time.Hour).Truncate(time.Second)))
	c, err := wordpress.NewClient(wp.URL, wordpress.WithCredentials("alice", "abcd efgh"), wordpress.WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), store.FileName)
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return &storeFixture{wp: wp, client: c, path: path, store: st, syncer: &sitesync.Syncer{Store: st, Source: c, Site: wp.URL}}
}

// syncOnce fills the store, as an earlier run of the app would have.
func (f *storeFixture) syncOnce(t *testing.T) {
	t.Helper()
	if _, err := f.syncer.Sync(context.Background(), sitesync.Auto, nil); err != nil {
		t.Fatal(err)
	}
}

// holdListings makes the fake hold every listing request until the
// returned function is called (also called at the end of the test, before
// the server closes, which waits for its requests).
func (f *storeFixture) holdListings(t *testing.T) (release func()) {
	gate := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(release)
	f.wp.OnRequest(func(r wptest.Request) {
		if r.Route == "/wp/v2/posts" {
			<-gate
		}
	})
	return release
}

// fullListingPages counts the pages of full listings the fake served: not
// a delta (modified_after), a refetch (include), the id pass or a count.
func (f *storeFixture) fullListingPages() int {
	n := 0
	for _, r := range f.wp.Requests() {
		if r.Route == "/wp/v2/posts" && !r.Query.Has("modified_after") && !r.Query.Has("include") &&
			strings.Contains(r.Query.Get("_fields"), "title") {
			n++
		}
	}
	return n
}

// detailRequests counts the fetches of post id alone (the preview's): its
// signed-in requests, as each fetch of a published post also asks for its
// anonymous rendering.
func (f *storeFixture) detailRequests(id int) int {
	n := 0
	for _, r := range f.wp.Requests() {
		if r.Route == fmt.Sprintf("/wp/v2/posts/%d", id) && r.HasAuth {
			n++
		}
	}
	return n
}

// start runs the app as cli/app.go does: the store's list read first.
func (f *storeFixture) start(t *testing.T, medium MediumStatuses) *app {
	t.Helper()
	return f.startView(t, medium, SavedView{})
}

// startView is start with a view saved by an earlier run.
func (f *storeFixture) startView(t *testing.T, medium MediumStatuses, v SavedView) *app {
	t.Helper()
	cached, state, err := f.syncer.Cached()
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Source: f.client, Posts: f.syncer, Cached: cached, CachedState: state, Medium: medium, GlamourStyle: "ascii", SavedView: v})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(func() { _ = tm.Quit() })
	return &app{t: t, tm: tm}
}

// finalModel quits the program and returns its model.
func (a *app) finalModel() *Model {
	a.t.Helper()
	if err := a.tm.Quit(); err != nil {
		a.t.Fatal(err)
	}
	return a.tm.FinalModel(a.t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
}

func title(id int) string { return fmt.Sprintf("Generated post number %d", id) }

// A second start shows the stored list at once, marked as refreshing, while
// WordPress has not answered a single listing request; once it answers,
// the delta's change replaces the list.
func TestSecondStartShowsTheStoreThenTheDelta(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	release := f.holdListings(t)
	f.wp.UpdatePost(storeSitePosts-1, func(p *wptest.FakePost) { p.Title = "Edited on the site meanwhile" })

	a := f.start(t, nil)
	a.waitFor("refreshing · 250 posts", title(storeSitePosts), title(storeSitePosts-2))
	if n := f.fullListingPages(); n != 3 { // the first sync's, none of the app's
		t.Fatalf("the fake received %d full-listing page requests, want the first sync's 3", n)
	}
	release()
	a.waitFor("Edited on the site", "/ 250 posts")
	if m := a.finalModel(); m.browse.list.Len() != storeSitePosts || m.browse.loading {
		t.Fatalf("after the sync: %d posts, loading=%v", m.browse.list.Len(), m.browse.loading)
	}
}

// r finds the posts deleted and trashed on the site (the id pass) and takes
// them out of the list; R fetches every page again.
func TestSyncKeysRemoveGonePostsAndRefetch(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	a := f.start(t, nil)
	a.waitFor("Fake Blog", "1 / 250 posts", "Body of generated post 250.")

	f.wp.DeletePost(storeSitePosts - 1)
	f.wp.UpdatePost(storeSitePosts-2, func(p *wptest.FakePost) { p.Status = "trash" })
	a.press("r")
	a.waitFor("/ 248 posts")

	// R lists every page again; the list on screen stays the same (so the
	// screen may not change at all): the fake counts the pages.
	before := f.fullListingPages()
	f.wp.UpdatePost(storeSitePosts-3, func(p *wptest.FakePost) { p.Title = "Retitled by R" })
	a.press("R")
	a.waitFor("Retitled by R")
	if got := f.fullListingPages() - before; got != 3 {
		t.Errorf("R made %d full-listing page requests, want 3 (248 posts, 100 a page)", got)
	}
	m := a.finalModel()
	for _, id := range []int{storeSitePosts - 1, storeSitePosts - 2} {
		if _, listed := m.browse.list.byID[id]; listed {
			t.Errorf("post %d is gone from the site but still listed", id)
		}
	}
	if s := screenText(m); strings.Contains(s, title(storeSitePosts-1)) || !strings.Contains(s, title(storeSitePosts-4)) {
		t.Errorf("the list on screen is not the site's:\n%s", s)
	}
}

// With the site down, the app opens on the stored list and says since when
// it is stale, not an error screen.
func TestSiteDownShowsTheStoreAndItsAge(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	_, state, err := f.syncer.Cached()
	if err != nil {
		t.Fatal(err)
	}
	f.wp.Close()

	// A new process knows nothing of the site but the store: its name too
	// comes from there, since WordPress cannot say it now.
	fresh, err := wordpress.NewClient(f.wp.URL, wordpress.WithCredentials("alice", "abcd efgh"), wordpress.WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	f.client, f.syncer.Source = fresh, fresh
	a := f.start(t, nil)
	a.waitFor("Fake Blog", "250 posts · offline: list from "+state.SyncedAt.UTC().Format("2006-01-02 15:04 UTC"), "r retries", title(storeSitePosts))
	if s := screenText(a.finalModel()); strings.Contains(s, "Could not list the posts") || !strings.Contains(s, "Could not sync") {
		t.Errorf("site down with a store should show the list and why it is old:\n%s", s)
	}
}

// With no store and the site down, the error view stays.
func TestSiteDownWithoutStoreShowsTheError(t *testing.T) {
	f := newStoreFixture(t)
	f.wp.Close()
	a := f.start(t, nil)
	a.waitFor("Could not list the posts", "Press r to try again")
}

// A first start with no store fills the list from the pages as they come.
func TestFirstStartStreamsThePages(t *testing.T) {
	f := newStoreFixture(t)
	a := f.start(t, nil)
	a.waitFor(title(storeSitePosts), "1 / 250 posts")
	if n := f.fullListingPages(); n != 3 {
		t.Errorf("a first start made %d full-listing page requests, want 3", n)
	}
}

// A saved view on a machine whose store is empty (a new data directory)
// selects its post as the first sync's pages bring it.
func TestFirstStartSelectsTheSavedPostAsItsPageComes(t *testing.T) {
	f := newStoreFixture(t)
	a := f.startView(t, nil, SavedView{Order: "title", Selected: 42})
	a.waitFor("by title", "Body of generated post 42.")
	if got := a.finalModel().SavedView(); got.Selected != 42 {
		t.Errorf("ended with %+v, want post 42 selected", got)
	}
}

// A story recorded by another process (the CLI in another terminal, here a
// second store on the same file) shows in the Medium column without a
// restart.
func TestMediumColumnFollowsAnotherProcess(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	medium := PublisherStatuses(&crosspost.Publisher{Ledger: f.store.Ledger(), SiteURL: f.wp.URL})
	a := f.start(t, medium)
	a.waitFor("Fake Blog", "1 / 250 posts", "Body of generated post 250.")

	other, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = other.Ledger().Record(store.Entry{Site: f.wp.URL, PostID: storeSitePosts,
		URL: "https://medium.com/@demo/generated-post-0123456789ab"})
	if err != nil {
		t.Fatal(err)
	}
	a.waitFor("public ✓")
}

// Once the app rests on the first post, the next one's preview is fetched
// before any key; moving to it asks WordPress nothing more.
func TestPreviewPrefetchesTheNextPost(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	a := f.start(t, nil)
	a.waitFor("Body of generated post 250.")
	next := storeSitePosts - 1
	deadline := time.Now().Add(10 * time.Second)
	for f.detailRequests(next) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the second post's detail was not fetched ahead; requests: %d", len(f.wp.Requests()))
		}
		time.Sleep(20 * time.Millisecond)
	}
	a.press("j")
	a.waitFor("Body of generated post 249.")
	if n := f.detailRequests(next); n != 1 {
		t.Errorf("the second post was fetched %d times, want once (the prefetch)", n)
	}
}

// The list a sync brings replaces the one on screen keeping what the user
// was looking at: the filter, the selected post and its row on the screen,
// the marks.
func TestSyncKeepsFilterSelectionMarksAndRow(t *testing.T) {
	f := newStoreFixture(t)
	f.syncOnce(t)
	deps, _ := newPublishDeps(t)
	deps.Publisher.WordPress = f.client
	cached, state, err := f.syncer.Cached()
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Source: f.client, Posts: f.syncer, Cached: cached, CachedState: state, Publish: deps, GlamourStyle: "ascii"})
	m = drive(t, m, m.Init())
	m = resize(t, m, 120, 30)
	m = press(t, m, "/", "4", "enter") // 4, 14, …, 40–49, …
	m = press(t, m, "G", " ")          // mark the last (the oldest matching)
	for range 5 {
		m = press(t, m, "k")
	}
	l := &m.browse.list
	sel, _ := l.Selected()
	row := l.cursor - l.offset
	marked := l.Marked()
	matching := func(deleted, retitled int) int {
		n := 0
		for id := 1; id <= storeSitePosts; id++ {
			if id != deleted && (id == retitled || strings.Contains(title(id), "4")) {
				n++
			}
		}
		return n
	}
	if l.Shown() != matching(0, 0) || len(marked) != 1 || row <= 0 {
		t.Fatalf("setup: %d shown, %d marked, row %d", l.Shown(), len(marked), row)
	}
	// Above the selection: one post deleted, one new title that matches.
	deleted, retitled := sel.ID+10, sel.ID+21
	f.wp.DeletePost(deleted)
	f.wp.UpdatePost(retitled, func(p *wptest.FakePost) { p.Title = "Now with a 4 in it" })
	m = press(t, m, "r")
	l = &m.browse.list
	after, _ := l.Selected()
	switch {
	case m.browse.loading || m.browse.loadErr != nil:
		t.Fatalf("the sync did not end well: loading=%v err=%v", m.browse.loading, m.browse.loadErr)
	case l.filter.Value() != "4" || l.Shown() != matching(deleted, retitled):
		t.Errorf("filter %q shows %d posts, want \"4\" and %d", l.filter.Value(), l.Shown(), matching(deleted, retitled))
	case after.ID != sel.ID:
		t.Errorf("selection moved from post %d to %d", sel.ID, after.ID)
	case l.cursor-l.offset != row:
		t.Errorf("the selected post moved from row %d to row %d of the screen", row, l.cursor-l.offset)
	case l.MarkedCount() != 1 || l.Marked()[0].ID != marked[0].ID:
		t.Errorf("marks after the sync: %v, want post %d", l.Marked(), marked[0].ID)
	}
	if s := screenText(m); !strings.Contains(s, "▌"+title(sel.ID)) {
		t.Errorf("the selected post is not drawn selected:\n%s", s)
	}
}
