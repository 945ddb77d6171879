package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// These tests move the mouse over the running program (teatest), as the
// terminal reports it once mouse reporting is on (cli/app.go), and read
// the frames it draws.

// mouse sends what the terminal sends for a press of button at the
// zero-based cell (x, y), and for a click its release, then waits a little
// as a hand would.
func (a *app) mouse(button tea.MouseButton, x, y int) {
	a.tm.Send(tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: button})
	if button == tea.MouseButtonLeft {
		a.tm.Send(tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionRelease, Button: tea.MouseButtonNone})
	}
	time.Sleep(20 * time.Millisecond)
}

func rowY(n int) int { return 2 + n }

// screenRows is the final frame, one string a line.
func screenRows(a *app) []string { return strings.Split(screenText(a.finalModel()), "\n") }

// listPart and previewPart cut a frame's line into its panes.
func listPart(line string) string    { return ansi.Cut(line, 0, 45) }
func previewPart(line string) string { return ansi.Cut(line, 45, 100) }

// The wheel over the preview scrolls the preview, though the list has
// focus, and leaves the list as it was.
func TestWheelOverThePreviewScrollsItNotTheList(t *testing.T) {
	a := browseApp(t, longFirstPost(newFakeSource(60), 60), wideW, wideH)
	a.mouse(tea.MouseButtonWheelDown, overPreview, 12)
	a.mouse(tea.MouseButtonWheelDown, overPreview, 12)
	a.mouse(tea.MouseButtonWheelUp, overPreview, 12)
	a.mouse(tea.MouseButtonWheelDown, overPreview, 12) // two notches down in all
	time.Sleep(300 * time.Millisecond)
	m := a.finalModel()
	rows := strings.Split(screenText(m), "\n")
	if got, want := m.browse.preview.offset, 2*wheelStep; got != want {
		t.Errorf("the preview is at line %d, want %d", got, want)
	}
	if want := strings.TrimSpace(ansi.Strip(m.browse.preview.lines[2*wheelStep])); !strings.Contains(previewPart(rows[2]), want) {
		t.Errorf("the preview's first line is %q, want rendered line %d %q", previewPart(rows[2]), 2*wheelStep, want)
	}
	if strings.Contains(screenText(m), "published · 1 Jun 2025") {
		t.Errorf("the preview's head should have scrolled off:\n%s", screenText(m))
	}
	if !strings.Contains(listPart(rows[3]), "▌Post number 1 ") || !strings.Contains(listPart(rows[4]), "Post number 2 ") {
		t.Errorf("the list moved; its first rows are\n%s\n%s", rows[3], rows[4])
	}
	if !strings.HasPrefix(rows[1], "┏") {
		t.Errorf("the wheel took the focus from the list:\n%s", rows[1])
	}
}

// The wheel over the list moves its view three rows a notch, whichever pane
// has focus, and keeps the selection on screen: the selected row scrolled
// off, the first row shown is selected and previewed.
func TestWheelOverTheListMovesItsViewAndKeepsTheSelectionOnScreen(t *testing.T) {
	a := browseApp(t, newFakeSource(60), wideW, wideH)
	a.press("tab") // the preview has focus: the wheel still goes where it points
	a.mouse(tea.MouseButtonWheelDown, overList, 12)
	a.mouse(tea.MouseButtonWheelDown, overList, 12)
	a.waitFor("Body of post 7,")
	rows := screenRows(a)
	if !strings.Contains(rows[3], "▌Post number 7 ") || !strings.Contains(rows[4], " Post number 8 ") {
		t.Errorf("after two notches the list should start at post 7, selected:\n%s\n%s", rows[3], rows[4])
	}
}

// A wheel notch up, then down, with the selection in the middle of the
// screen moves the view only.
func TestWheelKeepsASelectionThatStaysOnScreen(t *testing.T) {
	a := browseApp(t, newFakeSource(60), wideW, wideH)
	a.press("j", "j", "j", "j", "j", "j", "j", "j", "j") // post 10
	a.waitFor("Body of post 10,")
	a.mouse(tea.MouseButtonWheelDown, overList, 12)
	time.Sleep(200 * time.Millisecond)
	rows := screenRows(a)
	if !strings.Contains(rows[3], " Post number 4 ") || !strings.Contains(rows[3+6], "▌Post number 10 ") {
		t.Errorf("the view should start at post 4 with post 10 still selected:\n%s", strings.Join(rows[:12], "\n"))
	}
}

// A left click on the fifth row selects that post, previews it and gives
// the list the focus back.
func TestClickOnARowSelectsAndPreviewsIt(t *testing.T) {
	a := browseApp(t, newFakeSource(60), wideW, wideH)
	a.press("tab")
	a.mouse(tea.MouseButtonLeft, overList, rowY(5))
	a.waitFor("Body of post 5,")
	rows := screenRows(a)
	if !strings.Contains(rows[rowY(5)], "▌Post number 5 ") {
		t.Errorf("row 5 should be selected:\n%s", strings.Join(rows[:9], "\n"))
	}
	if !strings.HasPrefix(rows[1], "┏") {
		t.Errorf("a click on a row should focus the list:\n%s", rows[1])
	}
}

// A click on the preview focuses it, and only that.
func TestClickOnThePreviewFocusesIt(t *testing.T) {
	a := browseApp(t, newFakeSource(60), wideW, wideH)
	a.mouse(tea.MouseButtonLeft, overPreview, 12)
	time.Sleep(200 * time.Millisecond)
	rows := screenRows(a)
	if !strings.HasPrefix(rows[1], "╭") || !strings.Contains(rows[1], "╮┏") {
		t.Errorf("after a click on the preview its frame should be the heavy one:\n%s", rows[1])
	}
	if !strings.Contains(rows[3], "▌Post number 1 ") {
		t.Errorf("a click on the preview changed the selection:\n%s", rows[3])
	}
}

// Clicks on the header, the column header, the frames, the footer and
// past the last row do nothing; neither does a click over an open screen,
// nor the release and motion that follow a press.
func TestClicksElsewhereDoNothing(t *testing.T) {
	src := newFakeSource(4) // four rows, then empty lines in the frame
	a := browseApp(t, src, wideW, wideH)
	a.press("j", "j")
	a.waitFor("Body of post 3,")
	for _, at := range [][2]int{{overList, 0}, {overList, 2}, {overList, 1}, {0, rowY(1)}, {54, rowY(1)}, {overList, rowY(5)}, {overList, 28}, {overList, 29}, {overPreview, 29}} {
		a.mouse(tea.MouseButtonLeft, at[0], at[1])
	}
	a.tm.Send(tea.MouseMsg{X: overList, Y: rowY(1), Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft})
	a.tm.Send(tea.MouseMsg{X: overList, Y: rowY(1), Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft})
	a.mouse(tea.MouseButtonRight, overList, rowY(1))
	a.press("?")
	a.waitFor("Keys")
	a.mouse(tea.MouseButtonLeft, overList, rowY(1))
	time.Sleep(200 * time.Millisecond)
	m := a.finalModel()
	if m.screen == nil {
		t.Fatal("a click over the help screen closed it")
	}
	if p, _ := m.browse.list.Selected(); p.ID != 1002 || m.browse.focus != focusList {
		t.Errorf("after clicks outside the rows post %d is selected (focus %d), want post 3 in the list", p.ID-999, m.browse.focus)
	}
}

// Under 70 columns the list alone shows and fills the window: a click on
// its third row selects the third post.
func TestClickInANarrowWindow(t *testing.T) {
	a := startBrowse(t, newFakeSource(20), 60, 20)
	a.waitFor("Post number 15 about Go")
	a.mouse(tea.MouseButtonLeft, 50, rowY(3))
	time.Sleep(300 * time.Millisecond)
	rows := screenRows(a)
	if !strings.Contains(rows[rowY(3)], "▌Post number 3 ") {
		t.Errorf("a click on row 3 at 60 columns should select post 3:\n%s", strings.Join(rows[:7], "\n"))
	}
}

// With a filter shown, its line comes first in the pane: the rows are one
// lower, and a click while typing the filter keeps it and selects the row.
func TestClickBelowTheFilterLine(t *testing.T) {
	a := browseApp(t, newFakeSource(60), wideW, wideH)
	a.press("/", "2")
	a.waitFor("/ 2", "Post number 20 ")
	// Shown: 2, 12, 20, 21, …; the filter line is line 2, the column header 3.
	a.mouse(tea.MouseButtonLeft, overList, rowY(3)+1)
	a.waitFor("Body of post 20,")
	a.press("j") // the list has the keys again, not the filter
	a.waitFor("Body of post 21,")
	m := a.finalModel()
	if m.browse.list.filtering || m.browse.list.filter.Value() != "2" {
		t.Errorf("the click should leave the filter input and keep %q (filtering %v)", m.browse.list.filter.Value(), m.browse.list.filtering)
	}
}

// Over the help screen the wheel scrolls the help, as its keys do.
func TestWheelScrollsTheHelpScreen(t *testing.T) {
	a := browseApp(t, newFakeSource(10), 72, 10)
	a.press("?")
	a.waitFor("Keys")
	a.mouse(tea.MouseButtonWheelDown, 20, 4)
	time.Sleep(200 * time.Millisecond)
	m := a.finalModel()
	if h, ok := m.screen.(*helpScreen); !ok || h.offset != wheelStep {
		t.Fatalf("the wheel over the help should scroll it %d lines (screen %T)", wheelStep, m.screen)
	}
}
