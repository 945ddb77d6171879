package termtext

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// spaces is enough for one tab at any sane width; wider tabs loop.
const spaces = "                                "

// ExpandTabs replaces each tab with the spaces that reach the next tab stop,
// every tabWidth columns from the start of the line. Columns are display
// cells as lipgloss measures them (ansi.StringWidth): escape sequences take
// none, wide characters two. A tabWidth below 1 removes tabs, as lipgloss's
// TabWidth(0) does.
//
// Escape sequences must not themselves contain tabs or newlines, which holds
// for CleanStyled's output (SGR only) and for anything lipgloss renders.
func ExpandTabs(s string, tabWidth int) string {
	if strings.IndexByte(s, '\t') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + strings.Count(s, "\t")*max(tabWidth-1, 0))
	col := 0 // display column where s starts
	for {
		i := strings.IndexAny(s, "\t\n")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if s[i] == '\n' {
			b.WriteByte('\n')
			col = 0
		} else if tabWidth > 0 {
			col += width(s[:i])
			n := tabWidth - col%tabWidth
			col += n
			for ; n > len(spaces); n -= len(spaces) {
				b.WriteString(spaces)
			}
			b.WriteString(spaces[:n])
		}
		s = s[i+1:]
	}
}

// width is ansi.StringWidth with a shortcut for printable ASCII.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= del {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}
