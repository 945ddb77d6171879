//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

// corpusRow is one line of the corpus table.
type corpusRow struct {
	name string
	f    corpusFigures
}

// corpusTable lays the figures out for the log: per block, then the
// totals as recall percentages, the figures issue 11 asks for before and
// after the transform changes.
func corpusTable(rows []corpusRow, total corpusFigures, skipped int) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "fixture\twords\tlinks\timages\tmedia\tmarks\tdisallowed\tforbidden\tleaks\textra\t")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", r.name,
			ratio(r.f.wordsGot, r.f.wordsWant), ratio(r.f.linksGot, r.f.linksWant), ratio(r.f.imagesGot, r.f.imagesWant),
			ratio(r.f.mediaGot, r.f.mediaWant), ratio(r.f.marksGot, r.f.marksWant),
			r.f.disallowed, r.f.forbidden, r.f.leaks, r.f.extra)
	}
	fmt.Fprintf(w, "TOTAL (%d fixtures run, %d skipped)\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", len(rows), skipped,
		ratio(total.wordsGot, total.wordsWant), ratio(total.linksGot, total.linksWant), ratio(total.imagesGot, total.imagesWant),
		ratio(total.mediaGot, total.mediaWant), ratio(total.marksGot, total.marksWant),
		total.disallowed, total.forbidden, total.leaks, total.extra)
	w.Flush()
	fmt.Fprintf(&b, "recall: words %s, links %s, images %s, media %s, marks %s; disallowed tags and structures %d; forbidden links sent %d; leaks %d\n",
		pct(total.wordsGot, total.wordsWant), pct(total.linksGot, total.linksWant), pct(total.imagesGot, total.imagesWant),
		pct(total.mediaGot, total.mediaWant), pct(total.marksGot, total.marksWant), total.disallowed, total.forbidden, total.leaks)
	b.WriteString("(words/links/images/media/marks: reached the body / shown to a reader; disallowed: tags, lists in lists and images outside figures; " +
		"forbidden: in-page anchors and the site's REST, log-in and admin links sent; leaks: dropdown prompts, and words sent for a block that shows none; " +
		"extra: words sent that the page does not show, for information)\n")
	return b.String()
}

func ratio(got, want int) string {
	if want == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", got, want)
}

func pct(got, want int) string {
	if want == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(got)/float64(want), got, want)
}
