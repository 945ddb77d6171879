package crosspost

import (
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// flattenNestedLists leaves no list inside a list: Medium's story model has
// one level, and a nested list sent as it is comes out as Medium guesses.
// Each nested item becomes a line of the item it belongs to, after a line
// break, marked "– " once per level below the top, and numbered when its
// list is ("– 1. "); an item "Packing" holding "Charts", which holds a
// numbered "The harbour plan", is sent as
//
//	<li>Packing<br/>– Charts<br/>– – 1. The harbour plan</li>
//
// Lines of the parent rather than items of their own, because in a numbered
// list child items would take the parent's numbers (1. Packing, 2. Charts,
// 3. Tides, where the author wrote 1. Packing, 2. Tides); as lines they stay
// under their parent and in order, and the dashes still show the depth if
// the line breaks were lost.
func flattenNestedLists(root *html.Node) {
	// A list written into a list outside any item (straight in, or in a
	// stray element) belongs to the item before it.
	for _, list := range elements(root, "ul", "ol") {
		var last *html.Node
		for c := list.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case isElement(c, "li"):
				last = c
			case c.Type == html.ElementNode && holdsStrayList(c):
				if last == nil {
					last = newElement("li")
					list.InsertBefore(last, c)
				}
				list.RemoveChild(c)
				last.AppendChild(c)
			}
			c = next
		}
	}
	var top []*html.Node // items inside no other item; they do not hold one another
	for _, li := range elements(root, "li") {
		if !hasAncestor(li, "li") {
			top = append(top, li)
		}
	}
	for _, li := range top {
		if inner := nestedLists(li); len(inner) > 0 {
			detach(inner)
			inlineOnly(li)
			for _, sub := range inner {
				appendItemLines(li, sub, 1)
			}
		}
	}
}

// appendItemLines writes list's items (and their own nested items, one
// level deeper) as lines at the end of the item target.
func appendItemLines(target, list *html.Node, depth int) {
	items := 0
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, "li") {
			items++
		}
	}
	ordered, step := list.Data == "ol", 1
	number := 1
	if _, ok := attrValue(list, "reversed"); ok {
		number, step = items, -1
	}
	if v, err := strconv.Atoi(strings.TrimSpace(attr(list, "start"))); err == nil {
		number = v
	}
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if isElement(c, "li") {
			if v, err := strconv.Atoi(strings.TrimSpace(attr(c, "value"))); err == nil {
				number = v
			}
			inner := nestedLists(c)
			detach(inner)
			inlineOnly(c)
			if hasContent(c) {
				mark := strings.Repeat("– ", depth)
				if ordered {
					mark += strconv.Itoa(number) + ". "
				}
				trimTrailingSpace(target)
				target.AppendChild(newElement("br"))
				target.AppendChild(newText(mark))
				moveChildren(c, target)
			}
			number += step
			for _, sub := range inner {
				appendItemLines(target, sub, depth+1)
			}
		}
	}
}

// holdsStrayList reports whether n is a list or holds one outside a list item.
func holdsStrayList(n *html.Node) bool {
	if isElement(n, "ul") || isElement(n, "ol") {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !isElement(c, "li") && holdsStrayList(c) {
			return true
		}
	}
	return false
}

// nestedLists are the lists inside the item li that belong to it (not to an
// item nested deeper), in document order.
func nestedLists(li *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case isElement(c, "ul") || isElement(c, "ol"):
				out = append(out, c)
			case c.Type == html.ElementNode:
				walk(c)
			}
		}
	}
	walk(li)
	return out
}

func detach(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// attrValue is an attribute's value and whether it is there at all (a
// boolean attribute such as reversed has an empty value).
func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// blocksOutOfItems moves the figures and code blocks in a list item out of
// the list, right after the (top-level) item, and the list goes on after
// them, a numbered one from the next number (start). Medium's list item is
// a line of text: a figure has no inline form, and a code block read as a
// line loses the line breaks and indentation that are its meaning, so
// both leave the list where they stood. The item's other blocks
// (paragraphs, headings, quotes) are its text and stay in it as lines
// (linesInlineOnly).
func blocksOutOfItems(root *html.Node) {
	for _, li := range elements(root, "li") {
		if li.Parent == nil || hasAncestor(li, "li") {
			continue
		}
		var out []*html.Node
		for _, b := range elements(li, "figure", "pre") {
			if !hasAncestor(b, "figure") && !hasAncestor(b, "pre") {
				out = append(out, b)
			}
		}
		if len(out) == 0 {
			continue
		}
		detach(out)
		at := li
		if list := li.Parent; isElement(list, "ul") || isElement(list, "ol") {
			at = list
			if rest := splitListAfter(li); rest != nil {
				list.Parent.InsertBefore(rest, list.NextSibling)
			}
		}
		for _, b := range out {
			at.Parent.InsertBefore(b, at.NextSibling)
			at = b
		}
	}
}

// splitListAfter moves the items after li into a new list of the same
// kind, numbered on from li, and returns it; nil when li is the last item.
func splitListAfter(li *html.Node) *html.Node {
	list := li.Parent
	more := false
	for c := li.NextSibling; c != nil && !more; c = c.NextSibling {
		more = isElement(c, "li")
	}
	if !more {
		return nil
	}
	rest := newElement(list.Data)
	rest.Attr = append([]html.Attribute(nil), list.Attr...)
	if list.Data == "ol" {
		number := 1
		if v, err := strconv.Atoi(strings.TrimSpace(attr(list, "start"))); err == nil {
			number = v
		}
		for c := list.FirstChild; c != li.NextSibling; c = c.NextSibling {
			if isElement(c, "li") {
				number++
			}
		}
		setAttr(rest, "start", strconv.Itoa(number))
	}
	for c := li.NextSibling; c != nil; c = li.NextSibling {
		list.RemoveChild(c)
		rest.AppendChild(c)
	}
	return rest
}

// linesInlineOnly leaves only inline content in list items, headings,
// captions and code, as Medium's item and heading are a line of text and its code block
// is text: the blocks in an item (paragraphs, quotes, a heading, which
// stays bold) become its lines, and so do those the parser put in a
// heading, a caption or a code block (<h2><p>, <pre>a<p>b).
func linesInlineOnly(root *html.Node, tags ...string) {
	for _, n := range elements(root, tags...) {
		if n.Parent == nil || !hasBlockInside(n) {
			continue
		}
		if n.Data == "li" {
			for _, h := range elements(n, "h1", "h2", "h3", "h4", "h5", "h6") {
				strong := newElement("strong")
				moveChildren(h, strong)
				h.AppendChild(strong)
			}
		}
		inlineOnly(n)
	}
}

func hasBlockInside(n *html.Node) bool {
	return dom.FindFirstNode(n, func(c *html.Node) bool { return c != n && isBlockElement(c) }) != nil
}
