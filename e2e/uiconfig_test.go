//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// mouseOn is what Bubble Tea sends to turn on mouse reporting for the wheel
// and clicks (cell motion); SGR coordinates come with it.
const mouseOn = "\x1b[?1002h"

// withUI is a config for the real site with a [ui] section appended.
func withUI(t *testing.T, ui string) string {
	t.Helper()
	path := writeConfig(t, wpURL, wpUser, wpAppPass)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(ui); err != nil {
		t.Fatal(err)
	}
	return path
}

// The app turns mouse reporting on by default, and leaves the mouse to the
// terminal with --no-mouse or ui.mouse = false: what reaches the terminal
// is read raw, before tmux interprets it.
func TestMouseReportingSwitch(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  func(t *testing.T) []string
		mouse bool
	}{
		{"demo", func(*testing.T) []string { return []string{"--demo"} }, true},
		{"demo --no-mouse", func(*testing.T) []string { return []string{"--demo", "--no-mouse"} }, false},
		{"site", func(t *testing.T) []string { return []string{"--config", writeConfig(t, wpURL, wpUser, wpAppPass)} }, true},
		{"site, ui.mouse = false", func(t *testing.T) []string {
			return []string{"--config", withUI(t, "[ui]\nmouse = false\n")}
		}, false},
		{"site --no-mouse over ui.mouse = true", func(t *testing.T) []string {
			return []string{"--no-mouse", "--config", withUI(t, "[ui]\nmouse = true\n")}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rawLog := t.TempDir() + "/terminal.raw"
			tt := startTermWith(t, termSetup{rawLog: rawLog}, tc.args(t)...)
			tt.waitFor("the list", func(s string) bool { return strings.Contains(header(s), " posts") })
			tt.keys("q")
			tt.waitExit()
			raw := tt.rawOutput()
			if got := bytes.Contains(raw, []byte(mouseOn)); got != tc.mouse {
				t.Errorf("the terminal received %q: %t, want %t", mouseOn, got, tc.mouse)
			}
			for _, other := range []string{"\x1b[?1000h", "\x1b[?1003h"} { // clicks only, every move
				if bytes.Contains(raw, []byte(other)) {
					t.Errorf("the app turned on another mouse mode, %q", other)
				}
			}
		})
	}
}

// The app started from a config file with ui.keys answers to the new keys,
// not to the ones they replace, and its footer and help screen show the new
// keys.
func TestRemappedKeysRealSite(t *testing.T) {
	cfg := withUI(t, "[ui]\ntheme = \"dark\"\n[ui.keys]\nhelp = \"f1\"\ncopy_url = [\"x\", \"ctrl+y\"]\n")
	tt := startTerm(t, "--config", cfg)
	tt.waitFor("the list and the footer's f1", func(s string) bool {
		return strings.Contains(header(s), " posts") && strings.Contains(s, "f1 more keys")
	})
	copied := "Asked the terminal to copy the post's URL"

	tt.keys("?", "y")
	time.Sleep(500 * time.Millisecond)
	if s := tt.screen(); strings.Contains(s, "close help") || strings.Contains(s, copied) {
		t.Fatalf("? or y, the keys ui.keys replaced, still work:\n%s", s)
	}
	tt.keys("F1")
	tt.waitFor("the help screen with the new keys", func(s string) bool {
		return strings.Contains(s, "f1 / esc close help") && strings.Contains(strings.Join(strings.Fields(s), " "), "x/ctrl+y copy URL")
	})
	tt.keys("F1")
	tt.waitFor("the list again", func(s string) bool { return strings.Contains(s, "f1 more keys") })
	tt.keys("x")
	tt.waitFor("the copy's status line", func(s string) bool { return strings.Contains(s, copied) })
	tt.keys("q")
	tt.waitExit()
}

// A key two actions would share stops every command at load, with the
// entry, the key, the other action and the fix.
func TestClashingKeysRefused(t *testing.T) {
	cfg := withUI(t, "[ui.keys]\npublish = \"o\"\n")
	r := runBin(t, "--config", cfg, "list")
	want := "wp2medium: config " + cfg + `:6: ui.keys.publish = "o" has "o", which is open's key by default; give open another key too (e.g. open = "..." under [ui.keys]), or choose another key`
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and\n%s", r.code, r.stderr, want)
	}
}

// ui.theme says which palette the app draws with, dark or light, instead of
// asking the terminal; NO_COLOR still draws without colour.
func TestThemeSetsTheColours(t *testing.T) {
	frame := func(t *testing.T, env []string, theme string) string {
		tt := startTermEnv(t, env, "--config", withUI(t, "[ui]\ntheme = \""+theme+"\"\n"))
		tt.waitFor("the list and its preview", func(s string) bool {
			return strings.Contains(header(s), " posts") && strings.Contains(s, "tab pane")
		})
		time.Sleep(300 * time.Millisecond) // the preview's render
		s := tt.tmux("capture-pane", "-p", "-e", "-t", sessionName)
		tt.keys("q")
		tt.waitExit()
		return s
	}
	dark, light := frame(t, nil, "dark"), frame(t, nil, "light")
	if !strings.Contains(dark, "\x1b[38") || !strings.Contains(light, "\x1b[38") {
		t.Fatalf("no colour in the frames: dark %t, light %t", strings.Contains(dark, "\x1b[38"), strings.Contains(light, "\x1b[38"))
	}
	if dark == light {
		t.Error("theme dark and theme light draw the same colours")
	}
	if plain := frame(t, []string{"NO_COLOR=1"}, "dark"); strings.Contains(plain, "\x1b[38") {
		t.Errorf("NO_COLOR with theme dark still draws colours:\n%q", plain)
	}
}
