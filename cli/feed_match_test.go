package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// Post 15 "Ship it" is on Medium (public); post 11, also "Ship it", has an
// unknown outcome and no story in the feed. The feed's "Ship it" is post
// 15's: resolve 11 --check --yes must not record it for 11.
func TestResolveCheckDoesNotTakeAnotherPostsStory(t *testing.T) {
	e := unknownPublicSend(t, "public")
	e.wp.AddPost(wptest.FakePost{ID: 15, Title: "Ship it", Content: "<p>Another.</p>", Status: "publish", Date: time.Now().Add(-time.Hour).UTC()})
	if _, stderr, code := e.run(t, "record", "15", "https://medium.com/@demo/ship-it-151515151515"); code != 0 {
		t.Fatalf("record 15: exit %d: %s", code, stderr)
	}
	e.medium.SetFeed([]medium.FeedItem{{Title: "Ship it", Link: "https://medium.com/@demo/ship-it-151515151515?source=rss",
		GUID: "https://medium.com/p/151515151515", Content: "<p>Another.</p>", Published: time.Now().UTC()}})
	out, stderr, code := e.check(t, notATerminal(t), "--yes")
	if code == 0 || strings.Contains(out, "151515151515") {
		t.Fatalf("resolve 11 --check --yes: exit %d\n%s\n%s", code, out, stderr)
	}
	if got := e.ledgerState(t); got.URL != "" {
		t.Errorf("post 11 recorded %q", got.URL)
	}
}

// A title alone is proposed, never taken by --yes or without a terminal.
func TestResolveCheckYesDoesNotTakeATitleOnlyMatch(t *testing.T) {
	e := unknownPublicSend(t, "public")
	story := "https://medium.com/@demo/ship-it-bbbbbbbbbbbb"
	e.medium.SetFeed([]medium.FeedItem{{Title: "Ship it", Link: story + "?source=rss", GUID: "https://medium.com/p/bbbbbbbbbbbb",
		Content: "<p>Edited on Medium: the footer is gone.</p>", Published: time.Now().UTC()}})
	out, stderr, code := e.check(t, notATerminal(t), "--yes")
	if code != exitUnconfirmed || !strings.Contains(out, "matched by title only") || !strings.Contains(stderr, "--yes does not take it") {
		t.Fatalf("--yes without a terminal: exit %d\n%s\n%s", code, out, stderr)
	}
	if got := e.ledgerState(t); got.URL != "" {
		t.Fatalf("recorded %q from a title alone", got.URL)
	}
	// At a terminal --yes still asks, and y records it.
	out, stderr, code = e.check(t, strings.NewReader("y\n"), "--yes")
	if code != 0 || !strings.Contains(out, "[y/N]") || e.ledgerState(t).URL != story {
		t.Fatalf("y at a terminal: exit %d\n%s\n%s", code, out, stderr)
	}
}

// Reconcile takes no title match from a story naming another site, one
// older than its post, or one whose post is a draft.
func TestReconcileTitleMatchRules(t *testing.T) {
	e := newPublishEnv(t, "")
	e.medium.SetFeed([]medium.FeedItem{
		{Title: "Ship it", Link: "https://medium.com/@demo/ship-it-aaaaaaaaaaaa", GUID: "https://medium.com/p/aaaaaaaaaaaa",
			Content: `<p>Words.</p><p>Originally published at <a href="https://elsewhere.example/ship-it/">Elsewhere</a>.</p>`, Published: time.Now().UTC()},
		{Title: "Not yet", Link: "https://medium.com/@demo/not-yet-cccccccccccc", GUID: "https://medium.com/p/cccccccccccc",
			Content: "<p>Draft words.</p>", Published: time.Now().UTC()},
	})
	out, stderr, code := e.run(t, "reconcile", "--json")
	var rows []reconcileRow
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 0 {
		t.Fatalf("reconcile: exit %d, %+v\n%s%s", code, rows, out, stderr)
	}
	e.medium.SetFeed([]medium.FeedItem{{Title: "Ship it", Link: "https://medium.com/@demo/ship-it-dddddddddddd",
		GUID: "https://medium.com/p/dddddddddddd", Content: "<p>Words.</p>", Published: time.Now().Add(-5 * 24 * time.Hour).UTC()}})
	out, stderr, code = e.run(t, "reconcile", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 0 {
		t.Fatalf("reconcile, a story older than its post: exit %d, %+v\n%s%s", code, rows, out, stderr)
	}
}

// A feed that refuses (403) does not hide what WordPress found, and the
// message names the way to record a story by hand.
func TestReconcileFeedRefusedStillShowsWordPress(t *testing.T) {
	e := linkedEnv(t)
	e.medium.SetFeedRefused(true)
	out, stderr, code := e.run(t, "reconcile")
	if code != exitError || !strings.Contains(out, foundStory) || !strings.Contains(stderr, "403") ||
		!strings.Contains(stderr, "wp2medium record ID URL") {
		t.Fatalf("reconcile with a 403: exit %d\n%s\n%s", code, out, stderr)
	}
	e2 := newPublishEnv(t, "")
	e2.medium.SetFeedRefused(true)
	out, stderr, code = e2.run(t, "reconcile")
	if code != exitError || !strings.Contains(out, "No story found by the sources that could be read") || strings.Contains(out, "no story of Medium's public feed") {
		t.Fatalf("nothing found, feed refused: exit %d\n%s\n%s", code, out, stderr)
	}
}
