package cli

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/store"
)

// An unknown outcome the way it happens: the create reached the fake Medium,
// which made the story (public, with the cross-link footer), and the answer
// was lost. The fake's feed then lists the story as Medium's would.
func unknownPublicSend(t *testing.T, status string) publishEnv {
	t.Helper()
	e := newPublishEnv(t, "")
	t.Setenv("WP2MEDIUM_MEDIUM_FEED_URL", e.medium.FeedURL())
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: http.MethodPost, Path: "/users/*"})
	if _, stderr, code := e.run(t, "publish", "11", "--status", status, "--cross-link"); code != 1 || !strings.Contains(stderr, "resolve 11") {
		t.Fatalf("dropped create: exit %d: %s", code, stderr)
	}
	if n := len(e.medium.Posts()); n != 1 {
		t.Fatalf("the fake made %d stories, want 1", n)
	}
	return e
}

// check runs resolve 11 --check with in as stdin.
func (e publishEnv) check(t *testing.T, in io.Reader, extra ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute("test", append([]string{"--config", e.config, "resolve", "11", "--check"}, extra...), in, &out, &errb)
	return out.String(), errb.String(), code
}

// ledgerState reads post 11's entry from the store file, as the next
// command will.
func (e publishEnv) ledgerState(t *testing.T) store.Entry {
	t.Helper()
	path, err := store.DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	entry, ok := st.Ledger().Find(e.wp.URL, 11, "", "")
	if !ok {
		t.Fatal("post 11 has no entry")
	}
	return entry
}

func notATerminal(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestResolveCheckFindsTheStoryAndYRecordsIt(t *testing.T) {
	e := unknownPublicSend(t, "public")
	story := e.medium.Posts()[0].URL
	out, stderr, code := e.check(t, strings.NewReader("y\n"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Found on Medium's feed: " + story + " (matched by Originally published at link)",
		"Record post 11 as on Medium at this address? [y/N]", "Post 11 is recorded as on Medium: " + story} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if got := e.ledgerState(t); got.State != store.StateSent || got.URL != story {
		t.Errorf("ledger: %s %s, want sent at %s", got.State, got.URL, story)
	}
	reqs := e.medium.RequestsTo(http.MethodGet, "/feed/@demo")
	if len(reqs) != 1 || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("feed requests: %d, the token must not go with them", len(reqs))
	}
	// Settled: publishing again is refused as already on Medium.
	if _, stderr, code := e.run(t, "publish", "11"); code != exitRefused || !strings.Contains(stderr, "already on Medium") {
		t.Errorf("publish after: exit %d: %s", code, stderr)
	}
}

func TestResolveCheckAnsweredNoKeepsTheOutcomeUnknown(t *testing.T) {
	e := unknownPublicSend(t, "public")
	out, stderr, code := e.check(t, strings.NewReader("n\n"))
	if code != exitUnconfirmed || !strings.Contains(out, "Found on Medium's feed") || !strings.Contains(stderr, "not recorded") ||
		!strings.Contains(stderr, "--not-sent") {
		t.Fatalf("exit %d, want %d:\n%s\n%s", code, exitUnconfirmed, out, stderr)
	}
	if got := e.ledgerState(t); got.State != store.StateUnknown {
		t.Errorf("ledger: %s, want unknown", got.State)
	}
	// Enter alone is the default, no.
	if _, _, code := e.check(t, strings.NewReader("\n")); code != exitUnconfirmed {
		t.Errorf("enter: exit %d", code)
	}
}

func TestResolveCheckWithoutATerminal(t *testing.T) {
	e := unknownPublicSend(t, "public")
	story := e.medium.Posts()[0].URL
	out, stderr, code := e.check(t, notATerminal(t))
	if code != exitUnconfirmed || !strings.Contains(out, story) || strings.Contains(out, "[y/N]") ||
		!strings.Contains(stderr, "--check --yes") {
		t.Fatalf("no terminal: exit %d:\n%s\n%s", code, out, stderr)
	}
	if got := e.ledgerState(t); got.State != store.StateUnknown {
		t.Fatalf("ledger: %s, want unknown", got.State)
	}
	out, stderr, code = e.check(t, notATerminal(t), "--yes")
	if code != 0 || !strings.Contains(out, "recorded as on Medium: "+story) {
		t.Fatalf("--yes: exit %d:\n%s\n%s", code, out, stderr)
	}
	if got := e.ledgerState(t); got.State != store.StateSent || got.URL != story {
		t.Errorf("ledger: %s %s", got.State, got.URL)
	}
}

func TestResolveCheckTitleOnlyMatchSaysSo(t *testing.T) {
	e := unknownPublicSend(t, "public")
	e.medium.SetFeed([]medium.FeedItem{
		{Title: "Someone else's story", Link: "https://medium.com/@demo/other-aaaaaaaaaaaa", GUID: "https://medium.com/p/aaaaaaaaaaaa",
			Content: `<p>Originally published at <a href="https://elsewhere.example/ship-it/">elsewhere</a>.</p>`},
		{Title: "Ship\u00a0it", Link: "https://medium.com/@demo/ship-it-bbbbbbbbbbbb?source=rss", GUID: "https://medium.com/p/bbbbbbbbbbbb",
			Content: "<p>Edited on Medium: the footer is gone.</p>"},
	})
	out, stderr, code := e.check(t, strings.NewReader("y\n"))
	if code != 0 || !strings.Contains(out, "Found on Medium's feed: https://medium.com/@demo/ship-it-bbbbbbbbbbbb (matched by title only") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, stderr)
	}
	if got := e.ledgerState(t); got.URL != "https://medium.com/@demo/ship-it-bbbbbbbbbbbb" {
		t.Errorf("ledger URL %q", got.URL)
	}
}

func TestResolveCheckNothingInTheFeed(t *testing.T) {
	e := unknownPublicSend(t, "public")
	e.medium.SetFeed([]medium.FeedItem{{Title: "Unrelated", Link: "https://medium.com/@demo/unrelated-cccccccccccc",
		GUID: "https://medium.com/p/cccccccccccc", Content: "<p>Nothing to do with it.</p>"}})
	out, stderr, code := e.check(t, strings.NewReader("y\n"))
	if code != exitNotInFeed || out != "" {
		t.Fatalf("exit %d, want %d; stdout %q", code, exitNotInFeed, out)
	}
	for _, want := range []string{"does not show post 11's story", "latest 10 public stories", "resolve 11 --on-medium URL", "resolve 11 --not-sent"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	if got := e.ledgerState(t); got.State != store.StateUnknown {
		t.Errorf("ledger: %s, want unknown", got.State)
	}
}

func TestResolveCheckFeedRefused(t *testing.T) {
	e := unknownPublicSend(t, "public")
	e.medium.SetFeedRefused(true)
	out, stderr, code := e.check(t, strings.NewReader("y\n"), "--yes")
	if code != exitError || out != "" {
		t.Fatalf("403: exit %d; stdout %q", code, out)
	}
	for _, want := range []string{"Medium refused to serve the feed to a program (403)", "outcome stays unknown", "--on-medium URL", "--not-sent"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q: %s", want, stderr)
		}
	}
	if got := e.ledgerState(t); got.State != store.StateUnknown {
		t.Errorf("ledger: %s, want unknown", got.State)
	}
}

// A draft is never in the public feed: --check says so instead of
// reading the feed.
func TestResolveCheckDraftSendIsNotLookedFor(t *testing.T) {
	e := unknownPublicSend(t, "draft")
	_, stderr, code := e.check(t, strings.NewReader("y\n"))
	if code != exitNotInFeed || !strings.Contains(stderr, "asked Medium for a draft story, which the public feed never lists") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := len(e.medium.RequestsTo(http.MethodGet, "/feed/*")); n != 0 {
		t.Errorf("the feed was read %d times for a draft", n)
	}
}

func TestResolveCheckUsage(t *testing.T) {
	e := newPublishEnv(t, "")
	for _, args := range [][]string{
		{"resolve", "11", "--check", "--not-sent"},
		{"resolve", "11", "--yes"},
		{"resolve", "11", "--on-medium", "https://medium.com/p/aaaaaaaaaaaa", "--check"},
	} {
		if _, stderr, code := e.run(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
	_, stderr, code := e.run(t, "resolve", "11", "--check")
	if code != exitError || !strings.Contains(stderr, "no unknown outcome to check") {
		t.Errorf("a post never sent: exit %d: %s", code, stderr)
	}
	out, _, _ := e.run(t, "resolve", "--help")
	if !strings.Contains(out, "5 not in the feed") || !strings.Contains(out, "4 found but not recorded") {
		t.Errorf("help does not document the exit codes:\n%s", out)
	}
}
