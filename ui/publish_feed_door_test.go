package ui

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/store"
)

// feedDeps is an app whose first post (1000) has an unknown outcome of a
// send that asked for status, and a fake Medium whose feed the screen reads.
func feedDeps(t *testing.T, src *fakeSource, status medium.PublishStatus) (*PublishDeps, *mediumtest.Server, *store.Ledger) {
	t.Helper()
	srv := mediumtest.NewServer()
	t.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	l := st.Ledger()
	post := src.posts[0]
	if err := l.BeginSend(store.Entry{Site: testSite, PostID: post.ID, Link: post.Link, Route: store.RouteAPI, PublishStatus: status, CrossLink: true}); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkUnknown(testSite, post.ID, errors.New("the connection dropped")); err != nil {
		t.Fatal(err)
	}
	mc := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL), medium.WithTimeout(2*time.Second), medium.WithRetry(0, nil))
	return &PublishDeps{
		Publisher: &crosspost.Publisher{Ledger: l, Medium: mc, SiteURL: testSite},
		Defaults:  config.Default().Defaults,
		Feed:      mc, FeedURL: srv.FeedURL(),
	}, srv, l
}

const feedStory = "https://medium.com/@demo/post-number-1-about-go-0a1b2c3d4e5f"

// The unknown-outcome screen finds the story in the feed by its footer and
// proposes it; y records it, as pasting its URL would.
func TestUnknownOutcomeScreenProposesTheStoryInTheFeed(t *testing.T) {
	src := newFakeSource(3)
	deps, srv, l := feedDeps(t, src, medium.StatusPublic)
	srv.SetFeed([]medium.FeedItem{
		{Title: "Another story", Link: "https://medium.com/@demo/another-ffffffffffff?source=rss", GUID: "https://medium.com/p/ffffffffffff",
			Content: "<p>Unrelated.</p>"},
		{Title: "Renamed \x1b]0;PWNED\x07on Medium", Link: feedStory + "?source=rss-1f86a2b3c4d5------2", GUID: "https://medium.com/p/0a1b2c3d4e5f",
			Content: `<p>Body.</p><hr><p><em>Originally published at <a href="https://blog.example.com/post-1/">Field Notes</a>.</em></p>`},
	})
	a := startApp(t, src, deps, 160, 40)
	a.press("p")
	a.waitFor("The last send of this post has an unknown outcome.",
		"Found on Medium's feed: "+feedStory+" (matched by Originally published at link) — y records it",
		"y record the story found in the feed", "m it is on Medium")
	if e, _ := l.Get(testSite, 1000); e.State != store.StateUnknown {
		t.Fatalf("the feed's proposal was recorded before y: %s", e.State)
	}
	a.press("y")
	a.waitFor("Published to Medium", feedStory)
	e, _ := l.Get(testSite, 1000)
	if e.State != store.StateSent || e.URL != feedStory {
		t.Fatalf("after y: %s %q, want sent at %s", e.State, e.URL, feedStory)
	}
	for _, r := range srv.RequestsTo("GET", "/feed/*") {
		if r.Header.Get("Authorization") != "" {
			t.Error("the feed request carried the token")
		}
	}
}

// A refused feed is said calmly and the choices stay: y does nothing, m
// and n still work.
func TestUnknownOutcomeScreenFeedRefused(t *testing.T) {
	src := newFakeSource(3)
	deps, srv, l := feedDeps(t, src, medium.StatusPublic)
	srv.SetFeedRefused(true)
	a := startApp(t, src, deps, 160, 40)
	a.press("p")
	a.waitFor("Could not look in Medium's public feed", "refused to serve the feed to a program (403)", "m it is on Medium", "n it is not")
	a.press("y")
	time.Sleep(100 * time.Millisecond)
	if e, _ := l.Get(testSite, 1000); e.State != store.StateUnknown {
		t.Fatalf("y without a match changed the record: %s", e.State)
	}
	a.press("n")
	a.waitFor("┃ Medium status")
	if e, _ := l.Get(testSite, 1000); e.State != store.StateFailed {
		t.Fatalf("after n: %s", e.State)
	}
}

// No match, and a draft send, each say so; the draft's feed is not read.
func TestUnknownOutcomeScreenNoMatchOrDraft(t *testing.T) {
	src := newFakeSource(3)
	deps, srv, _ := feedDeps(t, src, medium.StatusPublic)
	srv.SetFeed([]medium.FeedItem{})
	a := startApp(t, src, deps, 160, 40)
	a.press("p")
	a.waitFor("Medium's public feed does not show it", "latest 10 public stories")

	deps, srv, _ = feedDeps(t, src, medium.StatusDraft)
	a = startApp(t, src, deps, 160, 40)
	a.press("p")
	a.waitFor("The send asked for a draft story, which Medium's public feed never lists.")
	if n := len(srv.RequestsTo("GET", "/feed/*")); n != 0 {
		t.Errorf("the feed was read %d times for a draft", n)
	}
}
