//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The mouse in the real app on the real site: the terminal (tmux) is sent
// the bytes a terminal writes for the mouse in SGR mode, which the app
// turns on (Bubble Tea's cell motion mode, with SGR): a click on a row
// selects the post and previews it, the wheel over the preview scrolls it,
// and / in the focused preview finds a word in it.
func TestMouseAndPreviewSearchInTheTerminalApp(t *testing.T) {
	title := fmt.Sprintf("E2E mouse %d", os.Getpid())
	var content strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&content, "<!-- wp:paragraph -->\n<p>Mouse paragraph %d.</p>\n<!-- /wp:paragraph -->\n", i)
	}
	createOwnPost(t, title, content.String(), nil) // among the newest: near the top
	total := wpTotal(t, true)
	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	tt := startTerm(t, "--config", cfg)
	want := thousands(total) + " posts"
	s := tt.waitFor("the list with "+want, func(s string) bool {
		return strings.HasSuffix(strings.TrimSpace(header(s)), want) && listShows(s, title)
	})
	// A terminal sends these bytes only once the app asked for them: button
	// events (cell motion, mode 1002) in SGR form (mode 1006).
	if got := tt.pane("#{mouse_button_flag} #{mouse_sgr_flag}"); got != "1 1" {
		t.Errorf("tmux's pane has mouse button/SGR modes %q, want \"1 1\": the app did not turn mouse reporting on", got)
	}
	// Row n of the list is screen row 2+n (zero-based): the header, the
	// frame's top, the column header come first.
	own := 0
	for n := 1; n <= 20 && own == 0; n++ {
		if strings.HasPrefix(title, listTitle(rows(s)[2+n])) {
			own = n
		}
	}
	if own == 0 {
		t.Fatalf("%q is not in the first 20 rows:\n%s", title, s)
	}
	other := 5
	if own == other {
		other = 6
	}
	otherTitle := listTitle(rows(s)[2+other])
	tt.click(10, 2+other)
	s = tt.waitFor(fmt.Sprintf("row %d's post %q selected and previewed", other, otherTitle), func(s string) bool {
		return strings.Contains(ansi.Cut(rows(s)[2+other], 0, listCols), "▌") && previewShows(s, otherTitle)
	})

	tt.click(10, 2+own)
	s = tt.waitFor("the test's post previewed", func(s string) bool { return previewShows(s, title) })
	if !strings.Contains(previewPane(s), "Mouse paragraph 1.") || strings.Contains(previewPane(s), "Mouse paragraph 30.") {
		t.Fatalf("the preview should start at the top of the post:\n%s", s)
	}
	before := listPane(s)
	for range 4 { // 12 lines
		tt.wheel(listCols+20, 15, false)
	}
	s = tt.waitFor("the preview scrolled past its title", func(s string) bool {
		return !strings.Contains(previewPane(s), title) && strings.Contains(previewPane(s), "Mouse paragraph 20.")
	})
	if listPane(s) != before {
		t.Errorf("the wheel over the preview moved the list:\nbefore %s\nafter  %s", before, listPane(s))
	}
	tt.wheel(listCols+20, 15, true)
	tt.waitFor("the wheel up to scroll back three lines", func(s string) bool {
		return strings.Contains(previewPane(s), "Mouse paragraph 3.")
	})

	// Search the focused preview: a click on it gives it the focus.
	tt.click(listCols+20, 15)
	tt.waitFor("the preview focused (its frame heavy)", func(s string) bool {
		return strings.Contains(rows(s)[1], "┓") && strings.HasPrefix(rows(s)[1], "╭")
	})
	tt.keys("g") // back to the top: the search starts from the view
	tt.keys("/")
	tt.typeText("paragraph 4")
	tt.waitFor("11 matches counted", func(s string) bool { return strings.Contains(previewPane(s), "/ paragraph 4 1 of 11") })
	tt.keys("Enter")
	tt.keys("N")
	tt.waitFor("N to the last match, scrolled to", func(s string) bool {
		p := previewPane(s)
		return strings.Contains(p, "/ paragraph 4 11 of 11") && strings.Contains(p, "Mouse paragraph 49.")
	})
	tt.keys("Escape")
	tt.waitFor("esc to clear the search", func(s string) bool { return !strings.Contains(previewPane(s), "/ paragraph 4") })

	tt.keys("q")
	tt.waitExit()
}

// listTitle is the title cell of a list row, without the cut's ellipsis.
func listTitle(row string) string {
	cell := strings.TrimSpace(strings.Trim(ansi.Cut(row, 0, listCols), "│┃▌ "))
	if i := strings.Index(cell, "  "); i >= 0 {
		cell = cell[:i]
	}
	return strings.TrimSuffix(cell, "…")
}

// click writes what a terminal in SGR mouse mode sends for a left click
// (press, release) at the zero-based cell (x, y): ESC [ < 0 ; X ; Y M and m,
// one-based.
func (tt *tmuxTerm) click(x, y int) {
	tt.t.Helper()
	tt.sendBytes(fmt.Sprintf("\x1b[<0;%d;%dM", x+1, y+1))
	tt.sendBytes(fmt.Sprintf("\x1b[<0;%d;%dm", x+1, y+1))
}

// wheel writes one wheel notch at (x, y): button 64 up, 65 down.
func (tt *tmuxTerm) wheel(x, y int, up bool) {
	tt.t.Helper()
	b := 65
	if up {
		b = 64
	}
	tt.sendBytes(fmt.Sprintf("\x1b[<%d;%d;%dM", b, x+1, y+1))
}

// sendBytes writes s to the pane's input as bytes (send-keys -H), in one
// command, so the app reads the sequence whole.
func (tt *tmuxTerm) sendBytes(s string) {
	tt.t.Helper()
	args := []string{"send-keys", "-t", sessionName, "-H"}
	for i := 0; i < len(s); i++ {
		args = append(args, fmt.Sprintf("%02x", s[i]))
	}
	tt.tmux(args...)
}
