// Package termtext makes text that came from the network safe to put on a terminal.
//
// Titles, excerpts, post bodies and error bodies are data: a WordPress title or a
// proxy's error page may carry escape sequences that would move the cursor, change
// the window title or write to the clipboard. Everything that reaches the screen
// or the standard output passes through Clean (or CleanLine) first.
package termtext

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Clean removes terminal escape sequences (CSI, OSC, DCS, APC, ...) and every
// control character except newline and tab. Carriage returns are dropped so a
// string cannot overwrite what a line already shows.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return -1
		case unicode.Is(unicode.Bidi_Control, r) && isIsolateOrOverride(r):
			// Overrides and isolates can reorder what follows them on the line
			// (a "Trojan Source" style trick); marks such as U+200F are kept
			// because right-to-left titles legitimately use them.
			return -1
		}
		return r
	}, s)
}

// CleanLine is Clean for one-line fields (titles, names, messages): newlines and
// tabs become spaces and runs of white space collapse to one.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}

func isIsolateOrOverride(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// isPlain reports whether s is printable ASCII plus newline and tab, the common
// case, so Clean can return it without allocating.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// ForCells simplifies emoji sequences whose width terminals disagree on.
// A family or "technologist" emoji is several emoji joined by U+200D; one
// terminal draws it in two cells, another in six, and a layout measured for
// one breaks on the other. Dropping the joiners, skin-tone modifiers,
// variation selectors and tag characters leaves emoji that every terminal
// and lipgloss measure alike. Use it for text laid out in columns or boxes.
func ForCells(s string) string {
	if isPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u200d', r == '\ufe0f', r == '\ufe0e',
			r >= 0x1f3fb && r <= 0x1f3ff, // skin tones
			r >= 0xe0020 && r <= 0xe007f: // tag sequences (subdivision flags)
			return -1
		}
		return r
	}, s)
}
