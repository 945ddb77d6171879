package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// hostileTitle carries sequences that would retitle the terminal, resize
// it, write the clipboard and reverse the text, raw and as C1 codes.
const hostileTitle = "Post\x1b]0;PWNED-TITLE\x07 one \x1b[8;5;5t\u009b7;7;7t \x1b]52;c;cHduZWQ=\x07 \u202eend"

// assertTerminalSafe fails when out holds an escape, a C1 code, a bidi
// override or the parameters of one of hostileTitle's sequences.
func assertTerminalSafe(t *testing.T, what string, out string) {
	t.Helper()
	if i := strings.IndexFunc(out, func(r rune) bool {
		return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
	}); i >= 0 {
		t.Errorf("%s holds %q at byte %d: %q", what, out[i:i+1], i, out[max(0, i-20):min(len(out), i+20)])
	}
	for _, gone := range []string{"PWNED-TITLE", "8;5;5t", "7;7;7t", "cHduZWQ="} {
		if strings.Contains(out, gone) {
			t.Errorf("%s shows %q, part of an escape sequence", what, gone)
		}
	}
}

// Whatever WordPress says, what the command line prints is text.
func TestCLIOutputIsTerminalSafe(t *testing.T) {
	e := newPublishEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{{ID: 21, Title: hostileTitle, Content: "<p>Body &#27;]0;PWNED-TITLE&#7; text</p>", Status: "publish",
		Date: time.Now().Add(-48 * time.Hour)}})
	for _, args := range [][]string{
		{"list"},
		{"list", "--json"},
		{"publish", "21", "--dry-run"},
		{"publish", "21", "--dry-run", "--json"},
		{"publish", "21", "--json"},
		{"publish", "21"}, // refused: already on Medium
	} {
		out, stderr, _ := e.run(t, args...)
		assertTerminalSafe(t, strings.Join(args, " ")+" stdout", out)
		assertTerminalSafe(t, strings.Join(args, " ")+" stderr", stderr)
		if strings.Contains(strings.Join(args, " "), "json") && args[0] == "list" {
			var v []map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil || !strings.Contains(v[0]["title"].(string), "Post") {
				t.Errorf("list --json no longer decodes to the title: %v %v", err, v)
			}
		}
	}
}

// --json on publish says what the story went out with: the entry, and the
// warnings (also on stderr).
func TestPublishJSONCarriesTheWarnings(t *testing.T) {
	e := newPublishEnv(t, "")
	out, stderr, code := e.run(t, "publish", "12", "--json")
	if code != 0 {
		t.Fatalf("publish of a draft as a draft: exit %d: %s", code, stderr)
	}
	var got struct {
		State    string `json:"state"`
		URL      string `json:"url"`
		Warnings []struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.State != "sent" || got.URL == "" || len(got.Warnings) == 0 || got.Warnings[0].Code != "not-published" {
		t.Fatalf("publish --json = %+v, want the entry and the not-published warning", got)
	}
	if !strings.Contains(stderr, got.Warnings[0].Message) {
		t.Errorf("the warning is not on stderr too: %s", stderr)
	}
}

// --debug writes its log for every command, not only the app, and the log
// holds neither a secret nor an escape sequence.
func TestDebugLogsEveryCommand(t *testing.T) {
	e := newPublishEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{{ID: 21, Title: hostileTitle, Content: "<p>x</p>", Status: "publish", Date: time.Now().Add(-48 * time.Hour)}})
	for _, args := range [][]string{{"list"}, {"publish", "21", "--dry-run"}, {"version"}} {
		_, stderr, code := e.run(t, append([]string{"--debug"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if !strings.Contains(stderr, "debug log: ") {
			t.Fatalf("--debug %v does not say where its log is: %s", args, stderr)
		}
	}
	b, err := os.ReadFile(filepath.Join(os.Getenv("XDG_STATE_HOME"), "wp2medium", "debug.log"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"wp2medium list", "wp2medium publish", "wp2medium version"} {
		if !bytes.Contains(b, []byte(cmd)) {
			t.Errorf("the log has no line for %q:\n%s", cmd, b)
		}
	}
	assertTerminalSafe(t, "the debug log", string(b))
	for _, secret := range []string{"abcd efgh", "abcdefgh", "mediumtest-token"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the debug log holds a secret (%q)", secret)
		}
	}
}

// The app without a terminal says so and what to run instead, rather than
// drawing into a pipe.
func TestAppWithoutATerminalSaysSo(t *testing.T) {
	e := newPublishEnv(t, "")
	_, stderr, code := e.run(t)
	if code != exitUsage || !strings.Contains(stderr, "needs a terminal") || !strings.Contains(stderr, "wp2medium list") {
		t.Fatalf("exit %d, want %d and advice: %s", code, exitUsage, stderr)
	}
}
