package crosspost

import (
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// convertFootnotes turns footnotes into Markdown's [^n] form: the block editor's
// <sup class="fn"><a href="#id"> references and its <ol class="wp-block-footnotes"> list,
// and the same shape from classic footnote plugins (an ol inside .footnotes).
func convertFootnotes(doc *html.Node) {
	lists := findAll(doc, func(n *html.Node) bool {
		return isElement(n, "ol") && (dom.HasClass(n, "wp-block-footnotes") || dom.HasClass(n, "footnotes") ||
			n.Parent != nil && dom.HasClass(n.Parent, "footnotes"))
	})
	if len(lists) == 0 {
		return
	}
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
		n, ok := number[strings.TrimPrefix(attr(a, "href"), "#")]
		if !ok || insideAny(a, lists) {
			continue
		}
		ref := newElement(tagFootnoteRef, "data-n", n)
		target := a
		if sup := a.Parent; isElement(sup, "sup") && onlyChildElement(sup) == a {
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
