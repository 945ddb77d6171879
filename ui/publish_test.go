package ui

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

const testSite = "https://blog.example.com"

// testLedger is a store of its own for the test, closed at its end.
func testLedger(t *testing.T) *store.Ledger {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st.Ledger()
}

func newPublishDeps(t *testing.T, opts ...mediumtest.Option) (*PublishDeps, *mediumtest.Server) {
	t.Helper()
	srv := mediumtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	l := testLedger(t)
	mc := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL), medium.WithTimeout(2*time.Second))
	return &PublishDeps{
		Publisher: &crosspost.Publisher{Ledger: l, Medium: mc, SiteURL: testSite},
		Defaults:  config.Default().Defaults,
	}, srv
}

// startPublishing starts the app on src with deps; term, when given,
// receives what the app writes to the terminal itself (OSC 52).
func startPublishing(t *testing.T, src *fakeSource, deps *PublishDeps, term ...io.Writer) *Model {
	t.Helper()
	if deps.Publisher.WordPress == nil {
		deps.Publisher.WordPress = src
	}
	opts := Options{Source: src, GlamourStyle: "ascii", Publish: deps, Medium: PublisherStatuses(deps.Publisher)}
	if len(term) > 0 {
		opts.Terminal = term[0]
	}
	m := New(opts)
	m = drive(t, m, m.Init())
	next, cmd := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return drive(t, next.(*Model), cmd)
}

// pressUntil presses key until done holds, at most n times.
func pressUntil(t *testing.T, m *Model, k string, n int, done func(*Model) bool) *Model {
	t.Helper()
	for i := 0; i < n && !done(m); i++ {
		m = press(t, m, k)
	}
	if !done(m) {
		t.Fatalf("pressed %s %d times and the condition never held:\n%s", k, n, screenText(m))
	}
	return m
}

func atStep(s publishStep) func(*Model) bool {
	return func(m *Model) bool { p := publishScreen(m); return p != nil && p.step == s }
}

func publishScreen(m *Model) *publishModel { p, _ := m.screen.(*publishModel); return p }

func bulkScreen(m *Model) *bulkModel { b, _ := m.screen.(*bulkModel); return b }

func TestPublishFormSummarySendAndColumn(t *testing.T) {
	deps, srv := newPublishDeps(t)
	m := startPublishing(t, newFakeSource(5), deps)
	m = press(t, m, "p")
	if !atStep(stepForm)(m) {
		t.Fatalf("p should open the form:\n%s", screenText(m))
	}
	m = pressUntil(t, m, "enter", 12, atStep(stepSummary))
	s := screenText(m)
	for _, want := range []string{"Exactly this will be sent", "Post number 1 about Go", "Draft", "All rights reserved", "https://blog.example.com/post-1/", "go, testing"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if len(srv.Posts()) != 0 {
		t.Fatal("something was sent before the confirmation")
	}
	m = press(t, m, "enter", "y")
	if !atStep(stepSummary)(m) || len(srv.Posts()) != 0 || !strings.Contains(screenText(m), "Press s to send") {
		t.Fatalf("enter and y on the summary must not send, and it says which key does:\n%s", screenText(m))
	}
	m = press(t, m, "s")
	if !atStep(stepDone)(m) {
		t.Fatalf("after s the post should be published:\n%s", screenText(m))
	}
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("Medium has %d posts", len(posts))
	}
	if !strings.Contains(screenText(m), posts[0].URL) {
		t.Errorf("the done screen does not show the URL %s:\n%s", posts[0].URL, screenText(m))
	}
	m = press(t, m, "enter")
	if m.screen != nil {
		t.Fatal("enter on the done screen should go back to the list")
	}
	if s := screenText(m); !strings.Contains(s, "draft ✓") {
		t.Errorf("the Medium column should show the story:\n%s", s)
	}
}

func TestPublishEscLeavesNothingRecorded(t *testing.T) {
	deps, srv := newPublishDeps(t)
	m := startPublishing(t, newFakeSource(3), deps)
	m = press(t, m, "p", "esc")
	if m.screen != nil {
		t.Fatal("esc should close the publish screen")
	}
	if _, ok := deps.Publisher.Ledger.Get(testSite, 1000); ok || len(srv.Posts()) != 0 {
		t.Fatal("esc recorded or sent something")
	}
}

func TestPublishAgainNeedsASecondConfirmation(t *testing.T) {
	deps, srv := newPublishDeps(t)
	if err := deps.Publisher.Ledger.Record(store.Entry{Site: testSite, PostID: 1000, URL: "https://medium.com/@demo/post-one-1a2b3c4d5e6f"}); err != nil {
		t.Fatal(err)
	}
	m := startPublishing(t, newFakeSource(3), deps)
	m = press(t, m, "p")
	if !atStep(stepAlreadySent)(m) || !strings.Contains(screenText(m), "second Medium story") {
		t.Fatalf("a post on Medium must ask first:\n%s", screenText(m))
	}
	m = press(t, m, "y")
	m = pressUntil(t, m, "enter", 12, atStep(stepSummary))
	m = press(t, m, "s")
	if !atStep(stepDone)(m) || len(srv.Posts()) != 1 {
		t.Fatalf("the confirmed second story was not sent:\n%s", screenText(m))
	}
	if e, _ := deps.Publisher.Ledger.Get(testSite, 1000); len(e.History) != 1 {
		t.Errorf("the first story is not kept in the history: %+v", e)
	}
}

func TestPublishUnknownOutcomeMustBeResolved(t *testing.T) {
	deps, srv := newPublishDeps(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: "POST", Path: "/users/*"})
	m := startPublishing(t, newFakeSource(3), deps)
	m = press(t, m, "p")
	m = pressUntil(t, m, "enter", 12, atStep(stepSummary))
	m = press(t, m, "s")
	if !atStep(stepFailed)(m) || !strings.Contains(screenText(m), "Outcome unknown") {
		t.Fatalf("a dropped connection should say to look at Medium:\n%s", screenText(m))
	}
	m = press(t, m, "enter", "p")
	if !atStep(stepUnknown)(m) {
		t.Fatalf("publishing again must first ask what happened:\n%s", screenText(m))
	}
	m = press(t, m, "m")
	for _, r := range "https://medium.com/@demo/post-1-0123456789ab" {
		m = press(t, m, string(r))
	}
	m = press(t, m, "enter")
	if !atStep(stepDone)(m) {
		t.Fatalf("recording the URL should end on the done screen:\n%s", screenText(m))
	}
	if e, _ := deps.Publisher.Ledger.Get(testSite, 1000); e.State != store.StateSent || e.URL != "https://medium.com/@demo/post-1-0123456789ab" {
		t.Fatalf("entry = %+v", e)
	}
	if len(srv.Posts()) != 1 {
		t.Fatalf("resolving must not send: Medium has %d posts", len(srv.Posts()))
	}
}

func TestPublishUnpublishedPostAsksBeforePublic(t *testing.T) {
	deps, _ := newPublishDeps(t)
	deps.Defaults.Status = string(medium.StatusPublic)
	m := startPublishing(t, newFakeSource(3), deps)
	m = press(t, m, "j", "p") // post 2 is a draft on WordPress
	m = pressUntil(t, m, "enter", 12, atStep(stepUnpublished))
	if !strings.Contains(screenText(m), "link does not work yet") {
		t.Fatalf("screen:\n%s", screenText(m))
	}
	m = press(t, m, "y")
	if !atStep(stepSummary)(m) || publishScreen(m).plan.Submission.Request.PublishStatus != medium.StatusPublic {
		t.Fatalf("after y the summary should show a public story:\n%s", screenText(m))
	}
}

func TestBulkPublishStopsAtTheDailyLimit(t *testing.T) {
	deps, srv := newPublishDeps(t, mediumtest.WithDailyLimit(2))
	src := newFakeSource(6)
	m := startPublishing(t, src, deps)
	// Mark posts 1, 2 and 3 (space marks and moves down), then P.
	m = press(t, m, " ", " ", " ")
	if m.browse.list.MarkedCount() != 3 {
		t.Fatalf("marked %d posts", m.browse.list.MarkedCount())
	}
	m = press(t, m, "P")
	if bulkScreen(m) == nil {
		t.Fatal("P should open the bulk screen")
	}
	m = pressUntil(t, m, "enter", 12, func(m *Model) bool { return bulkScreen(m) != nil && bulkScreen(m).step == bulkSummary })
	m = press(t, m, "s")
	if b := bulkScreen(m); b == nil || b.step != bulkDone {
		t.Fatalf("the run should have ended:\n%s", screenText(m))
	}
	s := screenText(m)
	if bulkScreen(m).sentCount() != 2 || len(srv.Posts()) != 2 || !strings.Contains(s, "daily limit") {
		t.Fatalf("sent %d (Medium has %d); screen:\n%s", bulkScreen(m).sentCount(), len(srv.Posts()), s)
	}
	m = press(t, m, "enter")
	if m.screen != nil || m.browse.list.MarkedCount() != 1 {
		t.Fatalf("enter should go back to the list with the sent posts unmarked and the third still marked (%d marked)", m.browse.list.MarkedCount())
	}
}
