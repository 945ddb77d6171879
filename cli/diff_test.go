package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// changedSince is post id's changed_since in list --json.
func changedSince(t *testing.T, e publishEnv, id int) bool {
	t.Helper()
	out, stderr, code := e.run(t, "list", "--json")
	if code != 0 {
		t.Fatalf("list --json: exit %d: %s", code, stderr)
	}
	var posts []struct {
		ID     int `json:"id"`
		Medium *struct {
			ChangedSince bool `json:"changed_since"`
		} `json:"medium"`
	}
	if err := json.Unmarshal([]byte(out), &posts); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	for _, p := range posts {
		if p.ID == id && p.Medium != nil {
			return p.Medium.ChangedSince
		}
	}
	t.Fatalf("post %d is not listed as sent:\n%s", id, out)
	return false
}

// Publish, edit the post on WordPress: diff shows the edit; mark-updated
// clears "changed" in list, and a second diff shows no change.
func TestDiffShowsTheEditThenMarkUpdatedClearsIt(t *testing.T) {
	e := newPublishEnv(t, "")
	e.wp.UpdatePost(11, func(p *wptest.FakePost) {
		p.Content = `<p>Words &amp; more words.</p><p>A paragraph that stays as it is.</p><p>Read <a href="https://old.example/">the old page</a>.</p>`
	})
	if _, stderr, code := e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	out, stderr, code := e.run(t, "diff", "11")
	if code != 0 || !strings.Contains(out, "No change") {
		t.Fatalf("diff right after the send: exit %d\n%s%s", code, out, stderr)
	}
	e.wp.UpdatePost(11, func(p *wptest.FakePost) {
		p.Title = "Ship it now"
		p.Modified = time.Now().Add(time.Minute).UTC().Truncate(time.Second) // a later second than the send's
		p.Content = `<p>Words &amp; more words, and a sentence added on WordPress after the send, long enough to be wrapped on an eighty-column terminal.</p><p>A paragraph that stays as it is.</p><p>Read <a href="https://new.example/">the new page</a>.</p><p>Evil` + "\x1b]0;PWNED-TITLE\x07" + ` end.</p>`
	})
	if !changedSince(t, e, 11) {
		t.Fatal("list does not say the edited post changed")
	}
	t.Setenv("COLUMNS", "80")
	out, stderr, code = e.run(t, "diff", "11")
	if code != 0 {
		t.Fatalf("diff: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"- Words & more words.",
		"+ Words & more words, and a sentence added on WordPress after the send, long",
		"+ enough to be wrapped",
		"  A paragraph that stays as it is.",
		"- Ship it\n+ Ship it now",
		"Links\n+ https://new.example/\n- https://old.example/",
		"wp2medium mark-updated 11",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	assertTerminalSafe(t, "diff", out)

	out, stderr, code = e.run(t, "mark-updated", "11", "--note", "fixed by hand")
	if code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("mark-updated: exit %d\n%s%s", code, out, stderr)
	}
	if changedSince(t, e, 11) {
		t.Fatal("list still says changed after mark-updated")
	}
	out, stderr, code = e.run(t, "diff", "11")
	if code != 0 || !strings.Contains(out, "No change") || strings.Contains(out, "+ ") || !strings.Contains(out, "marked up to date") {
		t.Fatalf("diff after mark-updated: exit %d\n%s%s", code, out, stderr)
	}
}

// A post never sent, one recorded by hand (no copy kept), and one whose
// outcome is unknown each get a clear answer.
func TestDiffAndMarkUpdatedRefusals(t *testing.T) {
	e := newPublishEnv(t, "")
	_, stderr, code := e.run(t, "diff", "11")
	if code != 1 || !strings.Contains(stderr, "never sent") || !strings.Contains(stderr, "wp2medium publish 11") {
		t.Fatalf("diff of a post never sent: exit %d: %s", code, stderr)
	}
	_, stderr, code = e.run(t, "mark-updated", "11")
	if code != 1 || !strings.Contains(stderr, "wp2medium publish 11") {
		t.Fatalf("mark-updated of a post never sent: exit %d: %s", code, stderr)
	}
	if _, stderr, code := e.run(t, "record", "11", "https://medium.com/p/0000000000b1"); code != 0 {
		t.Fatalf("record: exit %d: %s", code, stderr)
	}
	e.wp.UpdatePost(11, func(p *wptest.FakePost) {
		p.Content, p.Modified = "<p>Edited.</p>", time.Now().Add(time.Minute).UTC().Truncate(time.Second)
	})
	out, stderr, code := e.run(t, "diff", "11")
	if code != 0 || !strings.Contains(out, "No copy of what Medium got is kept") || !strings.Contains(out, "after the version Medium has") {
		t.Fatalf("diff of a story recorded by hand: exit %d\n%s%s", code, out, stderr)
	}
	if _, _, code := e.run(t, "diff", "abc"); code != exitUsage {
		t.Fatalf("diff abc: exit %d, want %d", code, exitUsage)
	}
}
