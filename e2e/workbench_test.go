//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// The story at hand (issue 12) in the real app on the real site: a post
// published from the command line shows its Medium state and story URL in
// the preview's header; O opens the story and e the post's editor in
// wp-admin through $BROWSER; Y copies the story's URL (OSC 52); m narrows the
// list to the posts not on Medium, then to those on it; h lists the send.
// At the smallest size the app is made for and at a large one, whose
// layouts differ (the URL cut or whole, the copy said on a screen or in the
// status line).
func TestStoryAtHandInTheTerminalApp(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) { storyAtHand(t, size.w, size.h) })
	}
}

func storyAtHand(t *testing.T, width, height int) {
	pe := newPublishEnv(t) // a ledger of its own: no other post is on Medium
	// Not "80x24": WordPress would show "80×24".
	title := fmt.Sprintf("E2E story w%d %d", width, os.Getpid())
	post := createOwnPost(t, title, "<!-- wp:paragraph -->\n<p>The story at hand.</p>\n<!-- /wp:paragraph -->", nil)
	before := time.Now().UTC()
	r := pe.run(t, "publish", fmt.Sprint(post.ID), "--status", "public")
	after := time.Now().UTC()
	if r.code != 0 {
		t.Fatalf("publish --status public: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	storyURL := strings.TrimSpace(r.stdout)
	if story := pe.created(t, title); story.URL != storyURL || !strings.HasPrefix(storyURL, "https://medium.com/") {
		t.Fatalf("publish printed %q; the fake Medium made the story %q", storyURL, story.URL)
	}
	total := wpTotal(t, true)

	dir := t.TempDir()
	record := filepath.Join(dir, "browser.log")
	browser := filepath.Join(dir, "browser")
	// One line per call, the arguments joined by spaces, in one write.
	script := "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + shellQuote(record) + "\n"
	if err := os.WriteFile(browser, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	rawLog := filepath.Join(dir, "terminal.raw")
	tt := startTermWith(t, termSetup{
		env:      append([]string{"BROWSER=" + browser}, pe.env...),
		tmuxConf: []string{"set -g set-clipboard on"},
		rawLog:   rawLog,
		width:    width,
		height:   height,
	}, "--config", pe.config)
	lay := layoutOf(width)

	all := thousands(total) + " posts"
	// e needs wp-admin's address, which comes with the site's name.
	tt.waitFor("the header to name the site and show "+all, func(s string) bool {
		h := strings.TrimSpace(header(s))
		return strings.HasPrefix(h, "wp2medium · ") && strings.HasSuffix(h, all)
	})
	tt.keys("/")
	tt.typeText(strings.ToLower(title))
	tt.keys("Enter")
	s := tt.waitFor("the filter to show "+quote(title)+" with its story in the preview's header", func(s string) bool {
		// The post's content links the story too (the cross-link): only
		// the header counts.
		p := lay.previewHeader(s)
		return strings.Contains(lay.list(s), "1 of "+thousands(total)) && strings.Contains(p, title) &&
			strings.Contains(p, "Medium: public ✓") && strings.Contains(p, "https://medium.com/")
	})
	if h := strings.TrimSpace(header(s)); !strings.HasSuffix(h, "1 / 1 of "+all) {
		t.Errorf("the header ends %q, want \"1 / 1 of %s\"", h, all)
	}
	checkStoryHeader(t, lay, s, storyURL, before, after)

	// O opens the story, e the post in wp-admin: $BROWSER gets each URL as
	// its last argument.
	tt.keys("O")
	tt.waitRecord(record, storyURL+"\n")
	tt.keys("e")
	edit := strings.TrimRight(wpURL, "/") + fmt.Sprintf("/wp-admin/post.php?post=%d&action=edit", post.ID)
	tt.waitRecord(record, storyURL+"\n"+edit+"\n")

	// Y copies the story's URL: tmux takes the plain OSC 52 into a buffer.
	if b, ok := tt.pasteBuffer(); ok {
		t.Fatalf("tmux has a paste buffer before Y was pressed: %q", b)
	}
	tt.keys("Y")
	said := "Asked the terminal to copy the story's URL (OSC 52): " + storyURL
	if ansi.StringWidth(said) <= width {
		tt.waitFor("the status line "+quote(said), func(s string) bool { return strings.Contains(s, said) })
	} else {
		// Too long for the status line: a screen shows the URL whole.
		tt.waitFor("the screen showing the copied URL", func(s string) bool {
			text := paneText(s, 0, width)
			return strings.Contains(text, "Asked the terminal to copy the story's URL") && strings.Contains(text, storyURL)
		})
	}
	if got, ok := tt.pasteBuffer(); got != storyURL {
		t.Errorf("tmux's paste buffer is %q (any: %t), want the story's URL %q", got, ok, storyURL)
	}
	if ansi.StringWidth(said) > width {
		tt.keys("Escape")
		tt.waitFor("the list back", func(s string) bool { return strings.Contains(lay.list(s), "1 of "+thousands(total)) })
	}

	// The Medium filter over the whole list: the title filter goes first.
	tt.keys("Escape")
	tt.waitFor("the title filter cleared", func(s string) bool {
		return strings.HasSuffix(strings.TrimSpace(header(s)), " / "+all) && !strings.Contains(header(s), " of ")
	})
	tt.keys("m")
	notOn := thousands(total-1) + " of " + thousands(total)
	s = tt.waitFor("m: the posts not on Medium, "+notOn, func(s string) bool {
		l := lay.list(s)
		// The whole frame, not one torn by the capture: its header and rows too.
		return strings.Contains(l, "not on Medium") && !strings.Contains(l, "reading…") && strings.Contains(l, notOn) &&
			strings.HasSuffix(strings.TrimSpace(header(s)), " / "+notOn+" posts") && !listShows(s, title)
	})
	if h := strings.TrimSpace(header(s)); !strings.HasSuffix(h, " / "+notOn+" posts") {
		t.Errorf("with the posts not on Medium the header ends %q, want \"N / %s posts\"", h, notOn)
	}
	if listShows(s, title) || strings.Contains(lay.list(s), title) {
		t.Errorf("%q is on Medium but listed among the posts not on Medium:\n%s", title, s)
	}
	tt.keys("m")
	onlyOne := "1 of " + thousands(total)
	s = tt.waitFor("m again: the posts on Medium, only "+quote(title), func(s string) bool {
		l := lay.list(s)
		return strings.Contains(l, "on Medium") && !strings.Contains(l, "not on Medium") && !strings.Contains(l, "reading…") &&
			strings.Contains(l, onlyOne) && strings.Contains(lay.previewHeader(s), "Medium: public ✓") &&
			strings.HasSuffix(strings.TrimSpace(header(s)), "1 / "+onlyOne+" posts") && len(lay.listRows(s)) == 1
	})
	if h := strings.TrimSpace(header(s)); !strings.HasSuffix(h, "1 / "+onlyOne+" posts") {
		t.Errorf("with the posts on Medium the header ends %q, want \"1 / %s posts\"", h, onlyOne)
	}
	if got := lay.listRows(s); len(got) != 1 || !strings.HasPrefix(title, strings.TrimSuffix(got[0], "…")) {
		t.Errorf("the posts on Medium are listed as %q, want only %q", got, title)
	}

	// h: the history has the one send, with its story URL.
	tt.keys("h")
	s = tt.waitFor("the history of sends", func(s string) bool { return strings.Contains(s, "History of sends") && strings.Contains(s, "1 send") })
	text := paneText(s, 0, width)
	row := regexp.MustCompile(fmt.Sprintf(`\d{4}-\d\d-\d\d \d\d:\d\d %d On Medium .*public`, post.ID))
	if !row.MatchString(text) {
		t.Errorf("the history has no row for post %d on Medium, public:\n%s", post.ID, s)
	}
	if !strings.Contains(text, storyURL) {
		t.Errorf("the history does not show the story's URL %s:\n%s", storyURL, s)
	}
	tt.keys("h")
	tt.waitFor("the history closed", func(s string) bool { return !strings.Contains(s, "History of sends") })
	tt.keys("q")
	tt.waitExit()

	raw := tt.rawOutput()
	osc52 := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(storyURL)) + "\x07"
	if n := bytes.Count(raw, []byte(osc52)); n != 1 {
		t.Errorf("the terminal received the plain OSC 52 of the story's URL %q %d times, want once", osc52, n)
	}
	if got, _ := os.ReadFile(record); string(got) != storyURL+"\n"+edit+"\n" {
		t.Errorf("$BROWSER was called with\n%s\nwant only the story, then the editor", got)
	}
}

// checkStoryHeader checks the story lines of the preview's header: the state, when and
// how the story was sent (between before and after), and its URL, whole if
// it fits the pane, else cut with an ellipsis.
func checkStoryHeader(t *testing.T, lay layout, screen, storyURL string, before, after time.Time) {
	t.Helper()
	p := lay.previewHeader(screen)
	m := regexp.MustCompile(`Medium: public ✓ · sent (\d{1,2} \w{3} \d{4} \d\d:\d\d) UTC · via the API`).FindStringSubmatch(p)
	if m == nil {
		t.Fatalf("the preview's header does not say \"Medium: public ✓ · sent <time> UTC · via the API\":\n%s", screen)
	}
	sent, err := time.Parse("2 Jan 2006 15:04", m[1])
	if err != nil {
		t.Fatal(err)
	}
	if sent.Before(before.Truncate(time.Minute)) || sent.After(after) {
		t.Errorf("the header says the story was sent at %s UTC, but publish ran from %s to %s", m[1], before.Format(time.TimeOnly), after.Format(time.TimeOnly))
	}
	var shown string
	for _, f := range strings.Fields(p) {
		if strings.HasPrefix(f, "https://medium.com/") {
			shown = f
		}
	}
	switch inner := lay.previewInner(); {
	case len(storyURL) <= inner:
		if shown != storyURL {
			t.Errorf("the preview shows the story URL as %q, want %q whole (it fits in %d cells)", shown, storyURL, inner)
		}
	case !strings.HasSuffix(shown, "…") || !strings.HasPrefix(storyURL, strings.TrimSuffix(shown, "…")) || ansi.StringWidth(shown) < inner-2:
		t.Errorf("the preview shows the story URL as %q, want %q cut to about %d cells with an ellipsis", shown, storyURL, inner)
	}
}

// layout is where the panes are in a terminal width cells wide (two panes
// from 70 columns: ui.paneWidths).
type layout struct{ width, listCols int }

func layoutOf(width int) layout { return layout{width: width, listCols: listWidth(width)} }

func (l layout) list(screen string) string    { return paneText(screen, 0, l.listCols) }
func (l layout) preview(screen string) string { return paneText(screen, l.listCols, l.width) }

// previewHeader is the preview's text above the rule under its header
// (title, status, link, terms, the story lines), "" while there is none.
func (l layout) previewHeader(screen string) string {
	rs := rows(screen)
	for i := 2; i < len(rs); i++ { // below the frame's top
		if strings.Contains(ansi.Cut(rs[i], l.listCols, l.width), "────") {
			return paneText(strings.Join(rs[:i], "\n"), l.listCols, l.width)
		}
	}
	return ""
}

// previewInner is how wide the preview's header lines are: the pane less
// its frame and padding (4) and the header's indent on both sides (4).
func (l layout) previewInner() int { return l.width - l.listCols - 8 }

// listRows are the titles of the list's rows: the rows with text below the
// view line and the column header, down to the frame's bottom.
func (l layout) listRows(screen string) []string {
	var titles []string
	for _, row := range rows(screen)[4:] {
		cut := ansi.Cut(row, 0, l.listCols)
		if strings.HasPrefix(cut, "┗") || strings.HasPrefix(cut, "╰") {
			break
		}
		cell := strings.TrimSpace(strings.Trim(cut, "│┃▌ "))
		if cell == "" {
			continue
		}
		if i := strings.Index(cell, "  "); i >= 0 {
			cell = cell[:i]
		}
		titles = append(titles, cell)
	}
	return titles
}

// waitRecord waits until the browser script's record is want, and fails on
// anything else once it holds as many lines.
func (tt *tmuxTerm) waitRecord(record, want string) {
	tt.t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		got, err := os.ReadFile(record)
		if err != nil && !os.IsNotExist(err) {
			tt.t.Fatal(err)
		}
		if string(got) == want {
			return
		}
		if bytes.Count(got, []byte("\n")) >= strings.Count(want, "\n") || time.Now().After(deadline) {
			tt.t.Fatalf("$BROWSER was called with\n%s\nwant\n%s\nscreen:\n%s", got, want, tt.screen())
		}
		time.Sleep(pollEvery)
	}
}
