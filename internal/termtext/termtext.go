// Package termtext makes text that came from the network safe to put on a terminal.
//
// Titles, excerpts, post bodies and error bodies are data: a WordPress title or a
// proxy's error page may carry escape sequences that would move the cursor, change
// the window title or write to the clipboard. This package is the one place that
// decides what of such text may reach the terminal:
//
//   - Clean and CleanLine for a value about to be shown or printed;
//   - CleanStyled for a frame we rendered ourselves, which keeps our own SGR
//     styling and nothing else;
//   - NewWriter for a whole output stream (the command line's stdout and stderr);
//   - EscapeJSON for JSON output, whose encoder leaves C1 and bidi controls raw;
//   - ExpandTabs and ForCells for text laid out in cells.
//
// Clean must run after every decoding (HTML entities, JSON escapes, Markdown
// rendering), not before: "&#x1b;[2J" and "\u001b[2J" are harmless until decoded.
//
// What is removed: whole escape sequences, 7-bit (ESC-introduced) and 8-bit
// (C1, as a code point U+0080-U+009F or as a raw invalid byte 0x80-0x9F): CSI,
// OSC, DCS, SOS, PM, APC and the short ESC sequences (ESC c, ESC # 8, ESC ( 0...);
// then every C0 control but newline and tab, DEL, every C1 control, U+2028 and
// U+2029, and the bidi overrides and isolates U+202A-U+202E and U+2066-U+2069.
// A control string left open (an OSC without its terminator) ends at the next
// newline, so it hides at most the rest of its line, never the rest of a post
// or of the program's output. Bidi marks (U+200E, U+200F, U+061C) stay:
// right-to-left titles use them. Any
// other invalid UTF-8 byte becomes U+FFFD, one per byte, so the output is always
// valid UTF-8. See machine.go for the exact grammar.
package termtext

import (
	"strings"
	"unicode"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
)

// Clean removes terminal escape sequences and every control character except
// newline and tab, as the package documentation describes. Carriage returns are
// dropped so a string cannot overwrite what a line already shows. Text that
// needs no change is returned as it is, without allocating.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	return clean(s, false)
}

// CleanStyled is Clean for a frame we rendered ourselves (a View with lipgloss
// styling): it keeps 7-bit SGR sequences (ESC [ digits, ';' and ':' then 'm',
// which set colours and attributes and cannot move the cursor) and tabs, and
// removes everything else that Clean removes. Network text inside the frame
// should still have been through Clean; this is the last line of defence
// before the terminal, not the first.
func CleanStyled(s string) string {
	return clean(s, true)
}

func clean(s string, keepSGR bool) string {
	m := machine{keepSGR: keepSGR}
	out, changed := filter(&m, s, nil)
	switch {
	case !changed:
		return s
	case len(out) == 0:
		return ""
	}
	// out is never written again, so it can become the string without a copy
	// (what strings.Builder does).
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// CleanLine is Clean for one-line fields (titles, names, messages): newlines and
// tabs become spaces and runs of white space collapse to one.
func CleanLine(s string) string {
	s = Clean(s)
	if isOneLine(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine reports whether s is already what CleanLine makes: no white space
// other than single spaces between words.
func isOneLine(s string) bool {
	prevSpace := true // so a leading space counts as a run
	for _, r := range s {
		space := unicode.IsSpace(r)
		if space && (prevSpace || r != ' ') {
			return false
		}
		prevSpace = space
	}
	return s == "" || !prevSpace
}

// isPlain reports whether s is printable ASCII plus newline and tab, the common
// case, so Clean can return it without allocating.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainByte(s[i]) {
			return false
		}
	}
	return true
}

// ForCells simplifies emoji sequences whose width terminals disagree on,
// keeping the ones they agree on whole. Skin-tone modifiers, variation
// selectors and tag characters are measured differently by terminals,
// tmux and lipgloss (tmux 3.3 draws 👩🏽 in four cells, lipgloss counts two),
// and a layout measured for one breaks on the other: they are dropped. A
// joiner (U+200D) between two emoji that are wide on their own is kept, so
// 👩‍💻 and 👨‍👩‍👧 show whole, in the two cells everyone agrees on; a joiner
// next to a narrow symbol (the heart of 👩‍❤‍👨, the flag of 🏳‍🌈) is
// dropped, leaving separate emoji. Use it for text laid out in columns or
// boxes.
func ForCells(s string) string {
	if isPlain(s) {
		return s
	}
	in := []rune(s)
	out := make([]rune, 0, len(in))
	for i, r := range in {
		switch {
		case r == '\ufe0f', r == '\ufe0e',
			r >= 0x1f3fb && r <= 0x1f3ff, // skin tones
			r >= 0xe0020 && r <= 0xe007f: // tag sequences (subdivision flags)
			continue
		case r == '\u200d':
			if len(out) == 0 || !wideEmoji(out[len(out)-1]) || !wideEmoji(nextBase(in[i+1:])) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}

// nextBase is the first rune of rs that ForCells keeps as a character of its
// own (not a modifier or selector), or 0.
func nextBase(rs []rune) rune {
	for _, r := range rs {
		if r != '\ufe0f' && r != '\ufe0e' && !(r >= 0x1f3fb && r <= 0x1f3ff) {
			return r
		}
	}
	return 0
}

// wideEmoji reports a pictograph two cells wide by itself.
func wideEmoji(r rune) bool {
	return r >= 0x1f000 && ansi.StringWidth(string(r)) == 2
}
