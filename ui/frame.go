package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// tabWidth is where tab stops are: a tab in a code block is expanded to
// spaces before a line is measured, since measuring counts it as nothing
// and the terminal as up to eight cells.
const tabWidth = 8

// fitLine cuts or pads a line to exactly w cells.
func fitLine(s string, w int) string {
	s = termtext.ExpandTabs(s, tabWidth)
	sw := ansi.StringWidth(s)
	switch {
	case sw > w:
		s = ansi.Truncate(s, w, "")
		sw = ansi.StringWidth(s)
	case sw == w:
		return s
	}
	return s + strings.Repeat(" ", max(w-sw, 0))
}

// frame draws a border around lines of exactly w cells (see fitLine), h of
// them inside. It is the hot path of every frame, so it joins strings
// instead of asking lipgloss to measure the whole pane again.
func frame(lines []string, w, h int, style lipgloss.Style, b lipgloss.Border) []string {
	w, h = max(w, 0), max(h, 0)
	bar := style.Render(b.Left)
	barR := style.Render(b.Right)
	out := make([]string, 0, h+2)
	out = append(out, style.Render(b.TopLeft+strings.Repeat(b.Top, w)+b.TopRight))
	blank := strings.Repeat(" ", w)
	for i := 0; i < h; i++ {
		l := blank
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, bar+l+barR)
	}
	return append(out, style.Render(b.BottomLeft+strings.Repeat(b.Bottom, w)+b.BottomRight))
}

// fitLines splits s into at most h lines of exactly w cells.
func fitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	return lines
}

// fitAll splits s into lines of exactly w cells, however many.
func fitAll(s string, w int) []string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = fitLine(l, w)
	}
	return lines
}

// wrapText wraps text to w cells at spaces, breaking a word only when it is
// longer than a line; existing line breaks stay. It is the one wrap of the
// app's own text (glamour wraps the preview's).
func wrapText(s string, w int) string {
	return ansi.Wrap(s, max(w, 1), " ")
}

// truncate cuts s to w cells with an ellipsis.
func truncate(s string, w int) string { return ansi.Truncate(s, max(w, 1), "…") }
