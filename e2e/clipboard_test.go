//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"
)

// TestCopyURLToClipboard presses y on a post: the app asks the terminal to
// copy the post's URL with a plain OSC 52, which tmux takes into a paste
// buffer when set-clipboard is on (a sequence wrapped for tmux's
// passthrough would need allow-passthrough, off by default, and never fills
// a buffer).
func TestCopyURLToClipboard(t *testing.T) {
	sticky := seed.byKey("sticky")
	title := wantTitle(sticky)
	total := wpTotal(t, true)
	rawLog := filepath.Join(t.TempDir(), "terminal.raw")
	tt := startTermWith(t, termSetup{tmuxConf: []string{"set -g set-clipboard on"}, rawLog: rawLog},
		"--config", writeConfig(t, wpURL, wpUser, wpAppPass))
	want := thousands(total) + " posts"
	tt.waitFor("the list with "+want, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(header(s)), want) })
	if b, ok := tt.pasteBuffer(); ok {
		t.Fatalf("tmux has a paste buffer before y was pressed: %q", b)
	}

	tt.keys("/")
	tt.typeText(strings.ToLower(title))
	tt.keys("Enter")
	tt.waitFor("the filter to show "+quote(title)+" and its preview", func(s string) bool {
		return strings.Contains(listPane(s), "1 of "+thousands(total)) && previewShows(s, title)
	})
	tt.keys("y")
	status := "Asked the terminal to copy the post's URL (OSC 52): " + sticky.Link
	tt.waitFor("the status line "+quote(status), func(s string) bool { return strings.Contains(s, status) })
	// tmux reads the pane's output in order: the OSC 52 came before the
	// frame with the status line, so the buffer is there by now.
	if got, ok := tt.pasteBuffer(); got != sticky.Link {
		t.Errorf("tmux's paste buffer is %q (any: %t), want the post's URL %q: tmux took no plain OSC 52 with it", got, ok, sticky.Link)
	}
	tt.keys("q")
	tt.waitExit()

	raw := tt.rawOutput()
	osc52 := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(sticky.Link)) + "\x07"
	if n := bytes.Count(raw, []byte(osc52)); n != 1 {
		t.Errorf("the terminal received the plain OSC 52 %q %d times, want once", osc52, n)
	}
	if bytes.Contains(raw, []byte("\x1bPtmux;")) {
		t.Error("the app wrapped a sequence for tmux's passthrough")
	}
}
