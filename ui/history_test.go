package ui

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/store"
)

// storeSends is the history of sends of testSite in st, as cli wires it.
type storeSends struct{ st *store.Store }

func (h storeSends) History() ([]store.Send, error) { return h.st.History(testSite) }

// memSends is a history in memory, for goldens that must not depend on
// the clock.
type memSends []store.Send

func (h memSends) History() ([]store.Send, error) { return h, nil }

// historyDeps is newPublishDeps with the history of the same store, whose
// post cache holds src's posts (the titles).
func historyDeps(t *testing.T, src *fakeSource) (*PublishDeps, *mediumtest.Server, *store.Store) {
	t.Helper()
	srv := mediumtest.NewServer()
	t.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.ChangePosts(testSite, store.PostsChange{Put: src.posts}); err != nil {
		t.Fatal(err)
	}
	mc := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL), medium.WithTimeout(2*time.Second))
	return &PublishDeps{
		Publisher: &crosspost.Publisher{Ledger: st.Ledger(), Medium: mc, SiteURL: testSite},
		Defaults:  config.Default().Defaults,
		History:   storeSends{st},
	}, srv, st
}

// A send whose connection dropped shows in the history (h) as an unknown
// outcome beside the earlier send; enter on it closes the history and
// opens the publish screen asking what happened, which settles it.
func TestHistoryShowsSendsAndResolvesAnUnknownOutcome(t *testing.T) {
	src := newFakeSource(3)
	deps, srv, _ := historyDeps(t, src)
	a := startApp(t, src, deps, 160, 40)

	a.press("j", "p") // post 2, sent
	a.waitFor("┃ Medium status")
	a.holdEnter("Exactly this will be sent")
	a.press("s")
	a.waitFor("Published to Medium")
	a.press("enter")

	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: "POST", Path: "/users/*"})
	a.press("g", "p") // post 1: the connection drops
	a.waitFor("┃ Medium status")
	a.holdEnter("Exactly this will be sent")
	a.press("s")
	a.waitFor("Outcome unknown")
	a.press("enter")

	a.press("h")
	a.waitFor("History of sends", "2 sends, newest first", "Post number 1 about Go", "Outcome unknown", "Post number 2 about Go", "On Medium",
		srv.Posts()[0].URL, "enter resolve the unknown outcome")
	a.press("enter") // the newest: post 1's unknown outcome
	a.waitFor("The last send of this post has an unknown outcome.")
	a.press("n") // it is not on Medium
	a.waitFor("┃ Medium status")
	if e, _ := deps.Publisher.Ledger.Get(testSite, 1000); e.State != store.StateFailed {
		t.Fatalf("after n the entry is %s, want failed (sendable)", e.State)
	}
	a.press("esc", "h")
	a.waitFor("2 sends, newest first", "Failed", "Confirmed not on Medium by the user")
}

// Enter on an unknown outcome of a post the list does not hold says so;
// enter on a known outcome says there is nothing to settle.
func TestHistoryUnknownOutcomeOfAPostNotInTheList(t *testing.T) {
	src := newFakeSource(3)
	deps, _, _ := historyDeps(t, src)
	l := deps.Publisher.Ledger
	if err := l.BeginSend(store.Entry{Site: testSite, PostID: 4242, PublishStatus: medium.StatusDraft}); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkUnknown(testSite, 4242, errors.New("timeout")); err != nil {
		t.Fatal(err)
	}
	a := startApp(t, src, deps, 120, 30)
	a.press("h")
	a.waitFor("1 send, newest first", "4242", "timeout")
	a.press("enter")
	a.waitFor("Post 4242 is not in the list", "wp2medium resolve 4242")
}

// goldenHistory opens the history over a fixed list of sends.
func goldenHistory(t *testing.T, w, h int) {
	t.Helper()
	deps, _ := newPublishDeps(t)
	at := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	sent := func(id int, title string, state store.State, route store.Route, status medium.PublishStatus, url, msg string, ago time.Duration, current bool) store.Send {
		e := store.Entry{Site: testSite, PostID: id, State: state, Route: route, PublishStatus: status, URL: url,
			SentAt: at.Add(-ago), At: at.Add(-ago), Error: msg}
		return store.Send{Entry: e, Title: title, Current: current}
	}
	deps.History = memSends{
		sent(1000, "Post number 1 about Go", store.StateUnknown, store.RouteAPI, medium.StatusPublic, "", "Medium did not answer in time: the story may or may not exist", 0, true),
		sent(1001, "Post number 2 about Go", store.StateSent, store.RouteAPI, medium.StatusDraft, "https://medium.com/@demo/post-number-2-about-go-0123456789ab", "", time.Hour, true),
		sent(1003, "A long title that goes on and on about terminals, tables and the width of things", store.StateSent, store.RouteImport, medium.StatusPublic, "https://medium.com/@demo/a-long-title-89abcdef0123", "", 26*time.Hour, true),
		sent(1001, "Post number 2 about Go", store.StateFailed, store.RouteAPI, medium.StatusDraft, "", "Medium refused the story (400): tags", 30*time.Hour, false),
	}
	a := startApp(t, newFakeSource(40), deps, w, h)
	a.press("h")
	a.waitFor("History of sends", "4 sends")
	if err := a.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := a.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.View())))
}

func TestGoldenHistory80x24(t *testing.T) { goldenHistory(t, 80, 24) }

func TestGoldenHistory200x50(t *testing.T) { goldenHistory(t, 200, 50) }
