package cli

import (
	"fmt"
	"io"

	"github.com/wp2medium/wp2medium/store"
)

// The list table's story URL column sits before the title, at the width of
// the longest URL, so rows printed page by page (a first listing) line up
// and the title, of any length, stays last.

// listFixedW is the width of the columns before the URL: id, status, date,
// Medium label, with their gaps (see tableRow).
const listFixedW = 7 + 10 + 16 + 10 + 4*2

// listURLWidth is the width of the story URL column for a table at most
// width cells wide (0: no limit): the longest story URL of the site, or 0,
// no column, when no post has one or the title would keep fewer than
// minTitleWidth cells.
func listURLWidth(st *store.Store, site string, width int) int {
	sends, err := st.History(site)
	if err != nil {
		return 0 // the table without URLs; the JSON has them
	}
	urlW := 0
	for _, s := range sends {
		if s.Current {
			urlW = max(urlW, cellWidth(s.URL))
		}
	}
	if urlW == 0 {
		return 0
	}
	urlW = max(urlW, len("STORY URL"))
	if width > 0 && listFixedW+urlW+2+minTitleWidth > width {
		return 0
	}
	return urlW
}

// row prints one row of the table, with the URL column when there is one.
func (lw *listWriter) row(w io.Writer, id, status, date, medium, url, title string) {
	if lw.urlW == 0 {
		fmt.Fprintf(w, tableRow, id, status, date, medium, title)
		return
	}
	fmt.Fprintf(w, "%-7s  %-10s  %-16s  %-10s  %s  %s\n", id, status, date, medium, cell(url, 0, lw.urlW), title)
}
