package crosspost

import (
	"strings"
	"unicode"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// keepInlineMeaning rewrites the inline elements whose meaning is lost with
// their tag, which Medium drops (and Markdown has no syntax for), into what
// both keep:
//
//   - <del>, <s> and <strike>: struck text that reads as asserted says the
//     opposite of what the author wrote. Medium has no strikethrough, so when
//     strikeMarks is set the text is kept between "~~" marks: the best-known
//     plain-text convention for it (Markdown's, and Slack's, Discord's), which
//     screen readers and search still read as the words. A combining stroke
//     (U+0336) would look struck but spells every letter out to a screen
//     reader and breaks search and copying. Without strikeMarks the element
//     is left for the Markdown converter, which writes the same "~~".
//   - <ins>: inserted text (an update, a correction) becomes italic, as
//     editors set an addition apart; it is asserted text, so nothing more.
//   - <q>: the quotation marks a browser draws around it become text,
//     “double” and, inside another quotation, ‘single’.
//   - <abbr title> (and the older <acronym>): the first time an abbreviation
//     appears its title follows it in parentheses, "HTML (HyperText Markup
//     Language)", as a writer spells one out; later uses are left short.
func keepInlineMeaning(root *html.Node, strikeMarks bool) {
	quotes := elements(root, "q")
	for i := len(quotes) - 1; i >= 0; i-- { // innermost first, so a quote still sees those around it
		n := quotes[i]
		open, closing := "“", "”"
		if hasAncestor(n, "q") {
			open, closing = "‘", "’"
		}
		n.InsertBefore(newText(open), n.FirstChild)
		n.AppendChild(newText(closing))
		dom.UnwrapNode(n)
	}
	spelled := map[string]bool{} // abbreviations already spelled out
	for _, n := range elements(root, "del", "s", "strike", "ins", "abbr", "acronym") {
		if n.Parent == nil {
			continue
		}
		switch n.Data {
		case "del", "s", "strike":
			if strikeMarks {
				struckAsMarks(n)
			}
		case "ins":
			if hasAncestor(n, "em", "i") || text(n) == "" {
				dom.UnwrapNode(n)
			} else {
				retag(n, "em")
				n.Attr = nil
			}
		case "abbr", "acronym":
			short := text(n)
			title := strings.Join(strings.Fields(attr(n, "title")), " ")
			if short != "" && title != "" && !spelled[short] && !strings.EqualFold(title, short) {
				spelled[short] = true
				n.Parent.InsertBefore(newText(" ("+title+")"), n.NextSibling)
			}
			dom.UnwrapNode(n)
		}
	}
}

// struckAsMarks replaces a struck element by its content between "~~", with
// the spaces at its ends left outside the marks (where "~~ x ~~" would not
// read as one struck run).
func struckAsMarks(n *html.Node) {
	if strings.TrimSpace(dom.CollectText(n)) == "" {
		dom.UnwrapNode(n)
		return
	}
	lead, trail := "", ""
	if c := n.FirstChild; c != nil && c.Type == html.TextNode {
		trimmed := strings.TrimLeftFunc(c.Data, unicode.IsSpace)
		lead, c.Data = c.Data[:len(c.Data)-len(trimmed)], trimmed
	}
	if c := n.LastChild; c != nil && c.Type == html.TextNode {
		trimmed := strings.TrimRightFunc(c.Data, unicode.IsSpace)
		trail, c.Data = c.Data[len(trimmed):], trimmed
	}
	n.InsertBefore(newText(lead+"~~"), n.FirstChild)
	n.AppendChild(newText("~~" + trail))
	dom.UnwrapNode(n)
}

// hasAncestor reports whether an element named one of tags encloses n.
func hasAncestor(n *html.Node, tags ...string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && contains(tags, p.Data) {
			return true
		}
	}
	return false
}
