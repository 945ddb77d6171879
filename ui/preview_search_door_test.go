package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
)

// The search in the preview, pressed key by key in the running program.
// Under the tests' colourless profile a match is underlined (SGR 4) and
// the current one bold and reversed (SGR 1;7): the raw frame shows them.
const (
	markMatch   = "\x1b[4mNeedle\x1b[m"
	markCurrent = "\x1b[1;7mNeedle\x1b[m"
)

// browseApp is the program on src alone (no Medium), at w×h, once the
// first post's preview shows.
func browseApp(t *testing.T, src *fakeSource, w, h int) *app {
	t.Helper()
	a := startBrowse(t, src, w, h)
	a.waitFor("Body of post 1")
	return a
}

func startBrowse(t *testing.T, src *fakeSource, w, h int) *app {
	t.Helper()
	tm := teatest.NewTestModel(t, New(Options{Source: src, GlamourStyle: "ascii"}), teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	return &app{t: t, tm: tm}
}

// longFirstPost makes post 1 run to many lines: "Paragraph 1." to
// "Paragraph n.", every sixth with a Needle in it.
func longFirstPost(src *fakeSource, n int) *fakeSource {
	d := src.details[1000]
	for i := 1; i <= n; i++ {
		if i%6 == 0 {
			d.ContentHTML += fmt.Sprintf("<p>Paragraph %d has a Needle in it.</p>", i)
		} else {
			d.ContentHTML += fmt.Sprintf("<p>Paragraph %d.</p>", i)
		}
	}
	src.details[1000] = d
	return src
}

// At 100×30 the list is 45 cells wide and the preview 55; the header is
// line 0, the frames' top border line 1, the list's column header line 2,
// so the list's nth post is on line 2+n; the footer is line 29.
const (
	wideW, wideH = 100, 30
	overList     = 10
	overPreview  = 70
)

// currentParagraph is the paragraph holding the current match in the raw
// frame, e.g. "Paragraph 12 has a".
func currentParagraph(frame string) string {
	for _, l := range strings.Split(frame, "\n") {
		if strings.Contains(l, markCurrent) {
			plain := ansi.Strip(l)
			if i := strings.Index(plain, "Paragraph"); i >= 0 {
				return strings.TrimSpace(strings.SplitN(plain[i:], "Needle", 2)[0])
			}
		}
	}
	return ""
}

func TestSearchInThePreviewHighlightsCountsAndMoves(t *testing.T) {
	// Post 1: 60 paragraphs, a Needle in every sixth: ten matches.
	a := browseApp(t, longFirstPost(newFakeSource(20), 60), wideW, wideH)
	a.press("tab", "/")
	a.waitFor("/ search this post")
	a.typeText("needle") // lower case finds "Needle"
	a.waitFor("/ needle 1 of 10")
	a.press("enter")
	for _, k := range []string{"n", "n", "N", "N", "N"} { // 2, 3, 2, 1, then back round to 10
		a.press(k)
	}
	a.waitFor("/ needle 10 of 10")
	m := a.finalModel()
	frame := m.View()
	if got := currentParagraph(frame); got != "Paragraph 60 has a" {
		t.Errorf("the current match should be the last, in paragraph 60, and on screen; it is in %q:\n%s", got, ansi.Strip(frame))
	}
	if !strings.Contains(frame, markMatch) {
		t.Errorf("the other matches on screen should be marked:\n%q", frame)
	}
	lines := strings.Split(ansi.Strip(frame), "\n")
	for i, l := range lines[:len(lines)-1] { // the footer is not padded
		if w := ansi.StringWidth(l); w != wideW {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, w, wideW, l)
		}
	}
	if !m.common.Keys.NextMatch.Enabled() {
		t.Error("with matches, n should be enabled (and in the help)")
	}
}

func TestSearchEscClearsAndNewSelectionClears(t *testing.T) {
	a := browseApp(t, longFirstPost(newFakeSource(20), 60), wideW, wideH)
	a.press("tab", "/")
	a.typeText("needle")
	a.press("enter", "n")
	a.waitFor("/ needle 2 of 10")
	a.press("esc")
	time.Sleep(200 * time.Millisecond)
	m := a.finalModel()
	if frame := m.View(); strings.Contains(ansi.Strip(frame), "/ needle") || strings.Contains(frame, "\x1b[4m") || strings.Contains(frame, "\x1b[1;7m") {
		t.Errorf("esc should clear the search line and the marks:\n%s", ansi.Strip(frame))
	}
	if m.common.Keys.NextMatch.Enabled() {
		t.Error("without a search n should be disabled")
	}

	b := browseApp(t, longFirstPost(newFakeSource(20), 60), wideW, wideH)
	b.press("tab", "/")
	b.typeText("needle")
	b.press("enter")
	b.waitFor("/ needle 1 of 10")
	b.press("tab", "j")
	b.waitFor("Body of post 2,")
	b.press("tab", "n") // nothing to go to: n does nothing
	time.Sleep(200 * time.Millisecond)
	if s := screenText(b.finalModel()); strings.Contains(s, "/ needle") {
		t.Errorf("a new selection should clear the search:\n%s", s)
	}
}

// No match says so; esc while typing clears the search; / in the list is
// still the list's filter.
func TestSearchNoMatchAndTheListFilterStaysTheLists(t *testing.T) {
	a := browseApp(t, longFirstPost(newFakeSource(20), 60), wideW, wideH)
	a.press("tab", "/")
	a.typeText("zebra")
	a.waitFor("/ zebra no match")
	a.press("esc")
	a.press("tab", "/")
	a.typeText("number 7")
	a.waitFor("Body of post 7,")
	m := a.finalModel()
	if m.browse.preview.search.active || m.browse.list.filter.Value() != "number 7" {
		t.Errorf("in the list / should filter the list (filter %q, preview search active %v)", m.browse.list.filter.Value(), m.browse.preview.search.active)
	}
}

// While the search input has focus it gets every key: q types, not quits.
func TestSearchInputTakesEveryKey(t *testing.T) {
	a := browseApp(t, longFirstPost(newFakeSource(20), 60), wideW, wideH)
	a.press("tab", "/", "q", "p", "tab")
	a.waitFor("/ qp")
	m := a.finalModel()
	if m.screen != nil || !m.browse.preview.searching() || m.browse.focus != focusPreview {
		t.Errorf("q, p and tab should go to the search input (screen %T, searching %v)", m.screen, m.browse.preview.searching())
	}
}

// The matches are found in what the preview draws, with glamour's styles
// in the line: the highlight keeps them on either side and the width.
func TestHighlightKeepsTheLinesStylesAndWidth(t *testing.T) {
	m := start(t, newFakeSource(1), 100, 20)
	p := &m.browse.preview
	styled := "\x1b[1mBold\x1b[0m and \x1b[3mitalic needle here\x1b[0m, needle."
	line := fitLine(styled, 40)
	p.lines = []string{line}
	p.search.active = true
	p.search.input.SetValue("NEEDLE")
	p.find()
	got := p.highlight(0, line)
	if ansi.Strip(got) != ansi.Strip(line) || ansi.StringWidth(got) != 40 {
		t.Fatalf("the highlight changed the text or the width:\n%q\n%q", ansi.Strip(got), ansi.Strip(line))
	}
	// The italic run goes on after the first match; the second is marked.
	if !strings.Contains(got, "\x1b[1;7mneedle\x1b[m") || !strings.Contains(got, "\x1b[3m here") {
		t.Errorf("after the current match the line's italic should resume:\n%q", got)
	}
	if !strings.Contains(got, "\x1b[4mneedle\x1b[m") {
		t.Errorf("the second match should be marked:\n%q", got)
	}
}

// goldenSearch is the preview's search for "post" kept, at the second
// match: in the title, the body and (when it is not cut) the link.
func goldenSearch(t *testing.T, w, h int, count string) {
	keys := []tea.KeyMsg{keyMsg("tab"), keyMsg("/"), keyMsg("p"), keyMsg("o"), keyMsg("s"), keyMsg("t"), keyMsg("enter"), keyMsg("n")}
	goldenScreen(t, w, h, count, keys...)
}

func TestGoldenPreviewSearch80x24(t *testing.T) { goldenSearch(t, 80, 24, "2 of 2") }

func TestGoldenPreviewSearch200x50(t *testing.T) { goldenSearch(t, 200, 50, "2 of 3") }

// A search shown fits every window, and a resize (the same post rendered
// again at another width) keeps it, its matches found in the new lines.
func TestSearchFitsEverySizeAndSurvivesAResize(t *testing.T) {
	m := press(t, start(t, longFirstPost(newFakeSource(20), 60), 100, 30), "tab", "/", "n", "e", "e", "d", "l", "e", "enter")
	for _, s := range sizes {
		m = resize(t, m, s[0], s[1])
		assertFits(t, "preview search", m, s[0], s[1])
	}
	m = resize(t, m, 120, 40)
	if s := screenText(m); !strings.Contains(s, "/ needle  1 of 10") {
		t.Errorf("after resizes the search should still show its ten matches:\n%s", s)
	}
}
