//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The terminal the app runs in.
const (
	termWidth  = 120
	termHeight = 40
	// pollEvery and screenTimeout bound every wait for screen text.
	pollEvery     = 50 * time.Millisecond
	screenTimeout = 15 * time.Second
)

var sessionSeq atomic.Int64

// tmuxTerm is the app running in a detached tmux session on its own server
// (its own -L socket), so nothing else running tmux is disturbed.
type tmuxTerm struct {
	t      *testing.T
	socket string
	rawLog string // see termSetup.rawLog
}

const sessionName = "e2e"

// startTerm runs `wp2medium ARGS...` in a 120×40 tmux pane. A shell wraps it
// and prints a line before and after, so the test can see that the normal
// screen comes back when the app quits. The pane stays after the process
// exits (remain-on-exit), so its exit status can be read.
func startTerm(t *testing.T, args ...string) *tmuxTerm {
	t.Helper()
	return startTermEnv(t, nil, args...)
}

// startTermEnv is startTerm with extra KEY=VALUE environment entries for the
// app, which win over the test process's own.
func startTermEnv(t *testing.T, env []string, args ...string) *tmuxTerm {
	t.Helper()
	return startTermWith(t, termSetup{env: env}, args...)
}

// termSetup is what a test may change about the terminal the app runs in.
type termSetup struct {
	// env holds extra KEY=VALUE entries for the app, which win over the test
	// process's own.
	env []string
	// tmuxConf holds lines for the tmux server's config, after the defaults
	// ("set -g set-clipboard on").
	tmuxConf []string
	// rawLog, when set, is a file that gets every byte the app writes to the
	// terminal, before tmux interprets any of it (tmux pipe-pane), from before
	// the app's first byte: see rawOutput.
	rawLog string
	// width and height are the terminal's size, termWidth×termHeight when 0.
	width, height int
}

// startTermWith is startTerm for a terminal set up as ts says.
func startTermWith(t *testing.T, ts termSetup, args ...string) *tmuxTerm {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	// status off: the app gets all 40 rows.
	lines := append([]string{"set -g remain-on-exit on", "set -g status off"}, ts.tmuxConf...)
	if err := os.WriteFile(conf, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tt := &tmuxTerm{t: t, socket: fmt.Sprintf("wp2medium-e2e-%d-%d", os.Getpid(), sessionSeq.Add(1))}
	quoted := []string{shellQuote(binPath)}
	for _, a := range args {
		quoted = append(quoted, shellQuote(a))
	}
	// A raw log must hold the app's output from its first byte: the shell
	// waits for a line before it starts the app, and the line is only sent
	// once tmux pipes the pane's output to the log.
	gate := ""
	if ts.rawLog != "" {
		gate = "read -r gate; "
	}
	// The shell notes the terminal's state before and after the app (stty's
	// settings, the open flags of its input, which include O_NONBLOCK, and
	// the terminal's foreground process group) and says whether the app gave
	// it back as it found it: a terminal left in raw mode, without echo, non
	// blocking or owned by another group is a shell that no longer works.
	// Then it sleeps, so the screen and the pane's modes are checked while the
	// pane lives (tmux resets a dead pane's modes); the test's cleanup ends it.
	// (It used to prove cooked mode by reading a line after the app. About
	// once in 300 runs that read failed at once, with the terminal in line
	// mode and blocking each time it was looked at; on CI it failed five
	// times in a row. The settings are what the read stood for.)
	state := `"$(stty -g) $(grep flags /proc/self/fdinfo/0) tpgid $(cut -d' ' -f8 /proc/$$/stat)"`
	script := "printf 'e2e: started\\n'; " + gate + "before=" + state + "; " + strings.Join(quoted, " ") +
		"; rc=$?; after=" + state + "; printf 'e2e: exited %s\\n' \"$rc\"; " +
		"if [ \"$after\" = \"$before\" ]; then printf 'e2e: terminal as before\\n'; " +
		"else printf 'e2e: terminal changed: was %s, now %s\\n' \"$before\" \"$after\"; fi; exec sleep 3600"
	w, h := termWidth, termHeight
	if ts.width > 0 && ts.height > 0 {
		w, h = ts.width, ts.height
	}
	newSession := []string{"-f", conf, "new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-s", sessionName}
	vars := map[string]string{}
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "HOME", "PATH"} {
		vars[k] = os.Getenv(k)
	}
	// Each terminal has its own state directory: the app keeps the list's
	// view there for the next start, and one test's view must not open
	// another's app (a test of that passes XDG_STATE_HOME in ts.env).
	vars["XDG_STATE_HOME"] = t.TempDir()
	// The pane is a user's terminal: a CI runner's CI=true, which the tmux
	// server inherits, makes termenv take it for no terminal at all and
	// draw no colour.
	vars["CI"] = ""
	for _, kv := range ts.env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	for k, v := range vars {
		newSession = append(newSession, "-e", k+"="+v)
	}
	newSession = append(newSession, "/bin/sh -c "+shellQuote(script))
	tt.tmux(newSession...)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen:\n%s", compact(tt.screen()))
		}
		_ = exec.Command("tmux", "-L", tt.socket, "kill-server").Run()
		// kill-server leaves the socket file; one per test adds up.
		dir := os.Getenv("TMUX_TMPDIR")
		if dir == "" {
			dir = "/tmp"
		}
		_ = os.Remove(filepath.Join(dir, fmt.Sprintf("tmux-%d", os.Getuid()), tt.socket))
	})
	if ts.rawLog != "" {
		tt.rawLog = ts.rawLog
		tt.waitFor("the shell to wait before starting the app", func(s string) bool { return strings.Contains(s, "e2e: started") })
		// When pipe-pane returns, tmux writes all later output of the pane to
		// the pipe (cat may start later: the pipe holds it).
		tt.tmux("pipe-pane", "-O", "-t", sessionName, "cat >> "+shellQuote(ts.rawLog))
		tt.keys("Enter")
	}
	return tt
}

// rawOutput is everything the pane's programs wrote to the terminal since
// startTermWith, as bytes: call it once the app has exited. The wrapper's
// "e2e: exited" line comes after the app's last byte, so the log is whole
// once it holds that line.
func (tt *tmuxTerm) rawOutput() []byte {
	tt.t.Helper()
	if tt.rawLog == "" {
		tt.t.Fatal("rawOutput: the terminal was started without a rawLog")
	}
	deadline := time.Now().Add(screenTimeout)
	for {
		b, err := os.ReadFile(tt.rawLog)
		if err != nil && !os.IsNotExist(err) {
			tt.t.Fatal(err)
		}
		if bytes.Contains(b, []byte("e2e: exited")) {
			return b
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("the raw log %s has no \"e2e: exited\" line after %s (%d bytes): did the app exit?", tt.rawLog, screenTimeout, len(b))
		}
		time.Sleep(pollEvery)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// tmux runs a tmux command against this terminal's server.
func (tt *tmuxTerm) tmux(args ...string) string {
	tt.t.Helper()
	// -u: UTF-8 whatever the locale says (CI may have none).
	cmd := exec.Command("tmux", append([]string{"-u", "-L", tt.socket}, args...)...)
	if os.Getenv("TERM") == "" || os.Getenv("TERM") == "dumb" {
		cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is the pane's text, one string per row.
func (tt *tmuxTerm) screen() string {
	out, err := exec.Command("tmux", "-u", "-L", tt.socket, "capture-pane", "-p", "-t", sessionName).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("(capture-pane failed: %v: %s)", err, out)
	}
	return string(out)
}

// compact is a screen for a failure's log: runs of empty rows become one
// "(N empty rows)" line, so the end of a log (all CI keeps) still holds the
// rows that say something.
func compact(screen string) string {
	var out []string
	empty := 0
	flush := func() {
		if empty > 0 {
			out = append(out, fmt.Sprintf("(%d empty rows)", empty))
			empty = 0
		}
	}
	for _, r := range rows(screen) {
		if strings.TrimSpace(r) == "" {
			empty++
			continue
		}
		flush()
		out = append(out, r)
	}
	flush()
	return strings.Join(out, "\n")
}

// waitFor polls the screen until ok holds, and fails the test after screenTimeout.
func (tt *tmuxTerm) waitFor(what string, ok func(screen string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		s := tt.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("waited %s for %s; screen:\n%s\n(end of the screen; it was waiting for %s)", screenTimeout, what, compact(s), what)
		}
		time.Sleep(pollEvery)
	}
}

// keys sends tmux key names ("j", "Enter", "Escape").
func (tt *tmuxTerm) keys(keys ...string) {
	tt.t.Helper()
	tt.tmux(append([]string{"send-keys", "-t", sessionName}, keys...)...)
}

// typeText sends text literally, as typed.
func (tt *tmuxTerm) typeText(s string) {
	tt.t.Helper()
	tt.tmux("send-keys", "-t", sessionName, "-l", s)
}

// pasteBuffer is tmux's newest paste buffer; ok is false when there is none.
func (tt *tmuxTerm) pasteBuffer() (text string, ok bool) {
	out, err := exec.Command("tmux", "-u", "-L", tt.socket, "show-buffer").CombinedOutput()
	if err != nil {
		return string(out), false // "no buffers"
	}
	return string(out), true
}

// pane reads a tmux format (#{pane_dead} ...) for the pane.
func (tt *tmuxTerm) pane(format string) string {
	tt.t.Helper()
	return strings.TrimSpace(tt.tmux("display-message", "-p", "-t", sessionName, format))
}

// waitExit waits for the app to end with status 0 and checks that it gave
// the terminal back: normal screen with what was there before, cursor
// shown, the terminal's settings as the app found them.
func (tt *tmuxTerm) waitExit() string {
	tt.t.Helper()
	return tt.waitExitStatus(0)
}

// waitExitStatus is waitExit for an app that must end with status want. It
// returns the screen as the app left it.
func (tt *tmuxTerm) waitExitStatus(want int) string {
	tt.t.Helper()
	s := tt.waitFor("the app to exit and the shell to compare the terminal's settings", func(s string) bool {
		return strings.Contains(s, "e2e: terminal as before") || strings.Contains(s, "e2e: terminal changed")
	})
	if !strings.Contains(s, fmt.Sprintf("e2e: exited %d\n", want)) {
		tt.t.Errorf("the app did not exit with status %d; screen:\n%s", want, compact(s))
	}
	if !strings.Contains(s, "e2e: terminal as before") {
		tt.t.Errorf("the app did not give the terminal back as it found it (stty -g, the input's open flags, the foreground group); screen:\n%s", compact(s))
	}
	if alt := tt.pane("#{alternate_on}"); alt != "0" {
		tt.t.Errorf("the alternate screen is still on after the app quit")
	}
	if cur := tt.pane("#{cursor_flag}"); cur != "1" {
		tt.t.Errorf("the cursor is still hidden after the app quit")
	}
	if !strings.Contains(s, "e2e: started") {
		tt.t.Errorf("what the screen showed before the app is gone; screen:\n%s", compact(s))
	}
	if strings.Contains(s, "wp2medium ·") || strings.Contains(s, "Loading") {
		tt.t.Errorf("the app's screen is still shown after it quit; screen:\n%s", compact(s))
	}
	return s
}

// Columns of the screen: the list is on the left, the preview on the right.
var listCols = listWidth(termWidth)

// listWidth is the list pane's width in a terminal w cells wide, two panes
// from 70 columns, as ui's paneWidths lays them out: 55% up to 60 cells,
// 45% beyond.
func listWidth(w int) int { return min(max(w*9/20, min(60, w*11/20)), 110) }

func rows(screen string) []string { return strings.Split(strings.TrimRight(screen, "\n"), "\n") }

// header is the first row.
func header(screen string) string { return rows(screen)[0] }

// listPane and previewPane are the body rows' left and right parts, with the
// borders and runs of spaces removed, joined by spaces: text wrapped over
// several rows reads as one line.
func listPane(screen string) string    { return paneText(screen, 0, listCols) }
func previewPane(screen string) string { return paneText(screen, listCols, termWidth) }

func paneText(screen string, from, to int) string {
	var parts []string
	for _, row := range rows(screen)[1:] {
		cut := ansi.Cut(row, from, to)
		cut = strings.NewReplacer("│", " ", "─", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ",
			"┃", " ", "━", " ", "┏", " ", "┓", " ", "┗", " ", "┛", " ").Replace(cut)
		if f := strings.Fields(cut); len(f) > 0 {
			parts = append(parts, strings.Join(f, " "))
		}
	}
	return strings.Join(parts, " ")
}

// previewShows reports whether the preview pane shows the finished preview
// of the post titled title.
func previewShows(screen, title string) bool {
	p := previewPane(screen)
	return strings.Contains(p, title) && !strings.Contains(p, "Loading preview") && !strings.Contains(p, "Could not show")
}

// listShows reports whether the list pane shows a row for title. The title
// column is narrow, so only the title's start is compared.
func listShows(screen, title string) bool {
	return strings.Contains(listPane(screen), strings.TrimSpace(ansi.Truncate(title, 12, "")))
}

// thousands formats n as the header does: 5,019.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// browse drives the app: the full list with its total, j to the next post
// and its preview, / to filter by term, q to quit. posts is `list --json` for
// the same site, the oracle for what the screen must show.
func browse(t *testing.T, tt *tmuxTerm, posts []listedPost, term string) {
	if len(posts) < 3 {
		t.Fatalf("need at least 3 posts to browse, have %d", len(posts))
	}
	total := thousands(len(posts)) + " posts"
	// The site's name comes from its own request, so it may follow the list.
	tt.waitFor("the header to name the site and show "+total, func(s string) bool {
		h := strings.TrimSpace(header(s))
		return strings.HasPrefix(h, "wp2medium · ") && strings.HasSuffix(h, total)
	})
	first, second := posts[0].Title, posts[1].Title
	tt.waitFor("the preview of the first post, "+quote(first), func(s string) bool {
		return previewShows(s, first) && listShows(s, first)
	})

	tt.keys("j")
	screen := tt.waitFor("the preview of the second post, "+quote(second), func(s string) bool {
		return previewShows(s, second)
	})
	if !strings.Contains(second, first) && strings.Contains(previewPane(screen), first) {
		t.Errorf("the preview still shows the first post %q", first)
	}

	matches := 0
	for _, p := range posts {
		if strings.Contains(strings.ToLower(p.Title), strings.ToLower(term)) {
			matches++
		}
	}
	if matches == 0 || matches > 10 {
		t.Fatalf("filter term %q matches %d posts; pick one that matches a few", term, matches)
	}
	tt.keys("/")
	tt.typeText(term)
	tt.keys("Enter")
	counter := thousands(matches) + " of " + thousands(len(posts))
	screen = tt.waitFor("the filter to show "+counter, func(s string) bool {
		return strings.Contains(listPane(s), "/ "+term) && strings.Contains(listPane(s), counter)
	})
	for _, p := range posts[:3] {
		if !strings.Contains(strings.ToLower(p.Title), strings.ToLower(term)) && listShows(screen, p.Title) {
			t.Errorf("%q does not match %q but is still listed", p.Title, term)
		}
	}
	for _, p := range posts {
		if strings.Contains(strings.ToLower(p.Title), strings.ToLower(term)) {
			if !listShows(screen, p.Title) {
				t.Errorf("%q matches %q but is not listed", p.Title, term)
			}
			break // the first match: the others may be below the fold
		}
	}

	tt.keys("q")
	tt.waitExit()
}

func TestTerminalAppRealSite(t *testing.T) {
	posts := siteListing(t, true)
	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	tt := startTerm(t, "--config", cfg)
	sticky := seed.byKey("sticky")
	browse(t, tt, posts, strings.ToLower(wantTitle(sticky)))
}

func TestTerminalAppDemo(t *testing.T) {
	r := runBin(t, "--demo", "list", "--json")
	if r.code != 0 {
		t.Fatalf("--demo list --json: exit %d: %s", r.code, r.stderr)
	}
	posts := decodeListing(t, r.stdout)
	// Filter on the oldest post's title: a handful of words at most match.
	oldest := posts[len(posts)-1].Title
	term := oldest
	if words := strings.Fields(oldest); len(words) > 2 {
		term = strings.Join(words[:2], " ")
	}
	tt := startTerm(t, "--demo")
	browse(t, tt, posts, term)
}
