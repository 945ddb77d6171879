package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// The history of sends after a send with an unknown outcome, its
// resolution and a send that made the story: every send, newest first,
// with the keys scripts read; and it answers with both services gone.
func TestHistoryJSONAfterPublishing(t *testing.T) {
	e := newPublishEnv(t, "")
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: http.MethodPost, Path: "/users/*", Times: 1})
	if _, _, code := e.run(t, "publish", "11"); code != 1 {
		t.Fatalf("dropped create: exit %d", code)
	}
	if _, stderr, code := e.run(t, "resolve", "11", "--not-sent"); code != 0 {
		t.Fatalf("resolve: exit %d: %s", code, stderr)
	}
	if _, stderr, code := e.run(t, "publish", "11", "--status", "unlisted"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	if _, stderr, code := e.run(t, "list"); code != 0 { // the post cache: the titles
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	e.wp.Close()
	e.medium.Close()

	out, stderr, code := e.run(t, "history", "--json")
	if code != 0 {
		t.Fatalf("history --json: exit %d: %s", code, stderr)
	}
	var sends []map[string]any
	if err := json.Unmarshal([]byte(out), &sends); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(sends) != 2 {
		t.Fatalf("%d sends, want 2: %s", len(sends), out)
	}
	for _, s := range sends {
		for _, k := range []string{"sent_at", "at", "post_id", "title", "current", "state", "route", "publish_status", "url", "medium_id", "error", "note"} {
			if _, ok := s[k]; !ok {
				t.Errorf("key %q missing from %v", k, s)
			}
		}
	}
	story, first := sends[0], sends[1]
	if story["state"] != "sent" || story["current"] != true || story["post_id"] != float64(11) || story["title"] != "Ship it" ||
		story["route"] != "api" || story["publish_status"] != "unlisted" || !strings.HasPrefix(story["url"].(string), "http") {
		t.Errorf("the story = %v", story)
	}
	if first["state"] != "failed" || first["current"] != false || first["url"] != "" || first["note"] == "" {
		t.Errorf("the first attempt = %v", first)
	}
	if story["sent_at"].(string) < first["sent_at"].(string) {
		t.Errorf("not newest first: %v then %v", story["sent_at"], first["sent_at"])
	}

	out, _, code = e.run(t, "history", "--json", "--limit", "1")
	if code != 0 || strings.Count(out, `"post_id"`) != 1 {
		t.Errorf("--limit 1: exit %d: %s", code, out)
	}

	t.Setenv("COLUMNS", "200")
	wide, _, code := e.run(t, "history")
	if code != 0 || !strings.Contains(wide, "STORY URL") || !strings.Contains(wide, story["url"].(string)) ||
		!strings.Contains(wide, "Ship it") || !strings.Contains(wide, "OUTCOME") || !strings.Contains(wide, "2 sends") {
		t.Errorf("the wide table (exit %d):\n%s", code, wide)
	}
	t.Setenv("COLUMNS", "90")
	narrow, _, _ := e.run(t, "history")
	if strings.Contains(narrow, "STORY URL") || strings.Contains(narrow, "medium.com") || !strings.Contains(narrow, "On Medium") {
		t.Errorf("the narrow table keeps the URL:\n%s", narrow)
	}
	for _, l := range strings.Split(strings.TrimSpace(narrow), "\n") {
		if n := len([]rune(l)); n > 90 {
			t.Errorf("a line of %d cells in a 90-cell table: %q", n, l)
		}
	}
}

func TestHistoryEmptyAndUsage(t *testing.T) {
	e := newPublishEnv(t, "")
	out, stderr, code := e.run(t, "history")
	if code != 0 || !strings.Contains(out, "Nothing was sent") || !strings.Contains(out, "wp2medium publish POST_ID") {
		t.Errorf("empty history: exit %d: %s%s", code, out, stderr)
	}
	if out, _, code := e.run(t, "history", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty --json: exit %d: %q", code, out)
	}
	if _, stderr, code := e.run(t, "history", "--limit", "-1"); code != exitUsage || !strings.Contains(stderr, "--limit") {
		t.Errorf("--limit -1: exit %d: %s", code, stderr)
	}
}

// The list table has a story URL column when the terminal is wide enough
// for it beside a readable title, and none when it is not.
func TestListTableShowsTheStoryURLWhenWide(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	url := e.medium.Posts()[0].URL
	t.Setenv("COLUMNS", "160")
	wide, stderr, code := e.run(t, "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	lines := strings.Split(wide, "\n")
	if !strings.Contains(lines[0], "STORY URL") {
		t.Fatalf("no URL column at 160 cells:\n%s", wide)
	}
	col := cellIndex(lines[0], "STORY URL")
	var sent, unsent string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "11 "):
			sent = l
		case strings.HasPrefix(l, "12 "):
			unsent = l
		}
	}
	if cellIndex(sent, url) != col || !strings.HasSuffix(sent, "Ship it") || !strings.HasSuffix(unsent, "Not yet") ||
		cellIndex(unsent, "Not yet") != cellIndex(sent, "Ship it") {
		t.Errorf("the URL column does not line up:\n%s", wide)
	}
	t.Setenv("COLUMNS", "80")
	narrow, _, _ := e.run(t, "list")
	if strings.Contains(narrow, "STORY URL") || strings.Contains(narrow, url) || !strings.Contains(narrow, "Ship it") {
		t.Errorf("the URL column at 80 cells:\n%s", narrow)
	}
}

// cellIndex is the column sub starts at in line (-1 when absent); the
// table's text is of one-cell characters.
func cellIndex(line, sub string) int {
	i := strings.Index(line, sub)
	if i < 0 {
		return -1
	}
	return len([]rune(line[:i]))
}
