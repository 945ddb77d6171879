package crosspost

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// convertFootnotes turns footnotes into Markdown's [^n] form: the block editor's
// <sup class="fn"><a href="#id"> references and its <ol class="wp-block-footnotes"> list,
// and the same shape from classic footnote plugins (an ol inside .footnotes).
// A reference whose note is not in the content (the footnotes block left out,
// a plugin that prints its notes elsewhere) keeps its own mark, "[^1]", rather
// than a link to nowhere glued to the word before it.
func convertFootnotes(doc *html.Node) {
	lists := findAll(doc, func(n *html.Node) bool {
		return isElement(n, "ol") && (dom.HasClass(n, "wp-block-footnotes") || dom.HasClass(n, "footnotes") ||
			n.Parent != nil && dom.HasClass(n.Parent, "footnotes"))
	})
	number := map[string]string{} // note id -> its number
	var notes []*html.Node
	for _, ol := range lists {
		for _, li := range dom.AllChildElements(ol) {
			if !isElement(li, "li") {
				continue
			}
			notes = append(notes, li)
			if id := attr(li, "id"); id != "" {
				number[id] = itoa(len(notes))
			}
		}
	}

	refIDs := map[string]bool{} // ids of the references, targets of the notes' back links
	for _, a := range findAll(doc, func(n *html.Node) bool { return isElement(n, "a") && strings.HasPrefix(attr(n, "href"), "#") }) {
		if insideAny(a, lists) {
			continue
		}
		sup := a.Parent
		if !isElement(sup, "sup") || onlyChildElement(sup) != a || text(sup) != text(a) {
			sup = nil
		}
		n, ok := number[strings.TrimPrefix(attr(a, "href"), "#")]
		if !ok {
			if sup == nil || !isFootnoteMark(text(a)) {
				continue
			}
			n = text(a) // a note not in the content: the reference keeps its mark
		}
		ref := newElement(tagFootnoteRef, "data-n", n)
		target := a
		if sup != nil {
			target = sup
			refIDs[attr(sup, "id")] = true
		}
		refIDs[attr(a, "id")] = true
		dom.ReplaceNode(target, ref)
	}
	delete(refIDs, "")

	for i, li := range notes {
		for _, a := range findAll(li, func(n *html.Node) bool { return isElement(n, "a") }) {
			if isBackLink(a, refIDs) {
				dom.RemoveNode(a)
			}
		}
		def := newElement(tagFootnoteDef, "data-n", itoa(i+1))
		moveChildren(li, def)
		li.AppendChild(def)
	}
	// The list becomes a run of definitions; no numbered list around them.
	for _, ol := range lists {
		div := newElement("div")
		for _, li := range dom.AllChildElements(ol) {
			for c := li.FirstChild; c != nil; c = li.FirstChild {
				li.RemoveChild(c)
				div.AppendChild(c)
			}
		}
		div.DataAtom = atom.Div
		dom.ReplaceNode(ol, div)
	}
}

// isFootnoteMark reports the text of a footnote reference: a short number,
// letter or note sign ("1", "iv", "*", "†"). It ends up inside "[^…]" and
// "[…]", so nothing that could mean something there is accepted.
func isFootnoteMark(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("*†‡§¶", r) {
			return false
		}
	}
	return true
}

func insideAny(n *html.Node, roots []*html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, r := range roots {
			if p == r {
				return true
			}
		}
	}
	return false
}

func isBackLink(a *html.Node, refIDs map[string]bool) bool {
	if refIDs[strings.TrimPrefix(attr(a, "href"), "#")] {
		return true
	}
	if dom.HasClass(a, "footnote-backref") || dom.HasClass(a, "reversefootnote") {
		return true
	}
	t := strings.TrimSpace(text(a))
	return strings.HasPrefix(attr(a, "href"), "#") && (strings.HasPrefix(t, "↩") || t == "↑" || t == "^")
}
