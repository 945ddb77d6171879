package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fitLine cuts or pads a line to exactly w cells.
func fitLine(s string, w int) string {
	sw := ansi.StringWidth(s)
	switch {
	case sw > w:
		s = ansi.Truncate(s, w, "")
		sw = ansi.StringWidth(s)
	case sw == w:
		return s
	}
	return s + strings.Repeat(" ", w-sw)
}

// frame draws a rounded border around lines of exactly w cells (see
// fitLine), h of them inside. It is the hot path of every frame, so it
// joins strings instead of asking lipgloss to measure the whole pane again.
func frame(lines []string, w, h int, border lipgloss.Style) []string {
	bar := border.Render("│")
	out := make([]string, 0, h+2)
	out = append(out, border.Render("╭"+strings.Repeat("─", w)+"╮"))
	blank := strings.Repeat(" ", w)
	for i := 0; i < h; i++ {
		l := blank
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, bar+l+bar)
	}
	return append(out, border.Render("╰"+strings.Repeat("─", w)+"╯"))
}

// fitLines splits s into at most h lines of exactly w cells.
func fitLines(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
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
