package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// fixedStories is a record of three posts at fixed times, for goldens: 1000
// public on Medium, 1001 unknown, 1002 failed.
type fixedStories struct{}

func (fixedStories) entries() map[int]store.Entry {
	at := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	return map[int]store.Entry{
		1000: {PostID: 1000, State: store.StateSent, Route: store.RouteAPI, PublishStatus: medium.StatusPublic, SentAt: at,
			URL: "https://medium.com/@fieldnotes/post-number-1-about-go-0123456789ab", ModifiedGMT: at},
		1001: {PostID: 1001, State: store.StateUnknown, Route: store.RouteAPI, SentAt: at.Add(time.Hour)},
		1002: {PostID: 1002, State: store.StateFailed, Route: store.RouteAPI, SentAt: at.Add(2 * time.Hour), Error: "Medium refused the tags"},
	}
}

func (fixedStories) Version() uint64 { return 1 }

func (s fixedStories) Labels(posts []wordpress.Post) []string {
	es := s.entries()
	out := make([]string, len(posts))
	for i, p := range posts {
		e, ok := es[p.ID]
		out[i] = crosspost.StatusLabel(e, ok, p.ModifiedGMT)
	}
	return out
}

func (s fixedStories) Story(p wordpress.Post) (store.Entry, bool) {
	e, ok := s.entries()[p.ID]
	return e, ok
}

func goldenWorkbench(t *testing.T, w, h int, after string, keys ...string) {
	t.Helper()
	now := func() time.Time { return time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC) }
	m := New(Options{Source: newFakeSource(40), GlamourStyle: "ascii", Medium: fixedStories{}, Now: now})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	waitForScreen(t, tm, "Body of post 1")
	for _, k := range keys {
		tm.Send(keyMsg(k))
		time.Sleep(20 * time.Millisecond)
	}
	waitForScreen(t, tm, after)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.View())))
}

// The Medium filter, the status filter and an order at once, with the
// story of the one post left in the preview's header.
func TestGoldenWorkbenchFilters80x24(t *testing.T) {
	goldenWorkbench(t, 80, 24, "by modified", "m", "m", "w", "S")
}

func TestGoldenWorkbenchFilters200x50(t *testing.T) {
	goldenWorkbench(t, 200, 50, "by modified", "m", "m", "w", "S")
}

// The order by Medium state: what needs a look first; the unknown outcome
// selected.
func TestGoldenWorkbenchMediumOrder80x24(t *testing.T) {
	goldenWorkbench(t, 80, 24, "outcome unknown", "S", "S", "S", "g")
}

func TestGoldenWorkbenchMediumOrder200x50(t *testing.T) {
	goldenWorkbench(t, 200, 50, "outcome unknown", "S", "S", "S", "g")
}
