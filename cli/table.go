package cli

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// How wide the tables of list and history may be. A column that does not
// fit (the story URL) is dropped rather than wrapped, and a URL is never
// cut: a cut URL cannot be opened.

// terminalWidth is the width of the terminal out is, or 0 when out is not
// one (a pipe, a file, a test's buffer): no limit. Execute asks it of the
// writer it was given, before wrapping it.
func terminalWidth(out io.Writer) int {
	f, ok := out.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil || w <= 0 {
		return 0
	}
	return w
}

// tableWidth is how wide a table may be: $COLUMNS when it is a positive
// number (a script's or a test's choice, as for ls), else the terminal's
// width, else 0 (no limit).
func (g *globalFlags) tableWidth() int {
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return g.width
}

// minTitleWidth is the least a title column keeps when a URL column is
// shown beside it: below it, the URL column goes.
const minTitleWidth = 20

// cell is s cleaned for one table cell, cut to width display cells (0: not
// cut) and padded to pad cells.
func cell(s string, width, pad int) string {
	s = termtext.ForCells(termtext.CleanLine(s))
	if width > 0 && ansi.StringWidth(s) > width {
		s = ansi.Truncate(s, width, "…")
	}
	if n := pad - ansi.StringWidth(s); n > 0 {
		s += strings.Repeat(" ", n)
	}
	return s
}

// cellWidth is the display width of s as cell shows it.
func cellWidth(s string) int { return ansi.StringWidth(termtext.ForCells(termtext.CleanLine(s))) }
