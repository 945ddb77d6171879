package crosspost

import (
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// loneImagesAsFigures turns a paragraph holding only images into one figure
// per image: Medium shows images as blocks, and sends an image inside a
// paragraph as a small inline one or not at all. Line breaks, blank text and
// elements with nothing in them (a cover's overlay span, an empty anchor) do
// not count as content, and an image may sit in a link and in inline
// wrappers (<a><span><img></span></a>).
func loneImagesAsFigures(root *html.Node) {
	for _, p := range elements(root, "p") {
		var units []*html.Node
		only := true
		for c := p.FirstChild; c != nil && only; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode && strings.TrimSpace(strings.ReplaceAll(c.Data, "\u00a0", " ")) == "",
				c.Type == html.CommentNode, isElement(c, "br"):
			case soleImage(c) != nil:
				units = append(units, c)
			case c.Type == html.ElementNode && !hasContent(c): // empty: ignored, and dropped with the paragraph
			default:
				only = false
			}
		}
		if !only || len(units) == 0 || p.Parent == nil {
			continue
		}
		for _, u := range units {
			p.Parent.InsertBefore(imageFigure(u), p)
		}
		dom.RemoveNode(p)
	}
}

// imagesInTextAsFigures takes every image out of the line of text holding
// it: Medium has no inline images, only figures, and shows an image inside
// a paragraph small and inline or not at all. An image aligned beside the
// text (the classic editor's alignleft) was placed as a block, and an image
// in the middle of a sentence (a marker, an icon) has nowhere else to go:
// straight in a paragraph, each becomes a figure where it stands, in the
// link that wrapped it, and the caller splits the paragraph around it (the
// text before and after become paragraphs of their own). Inside a heading,
// a list item, a caption or formatting (italics, a link with words) the
// line cannot be split without breaking what holds it, so the figure goes
// right after that line (at the end of a list item, which
// blocksOutOfItems then moves out of the list). It reports whether it made
// a figure in a paragraph.
func imagesInTextAsFigures(root *html.Node) bool {
	made := false
	for _, img := range elements(root, "img") {
		unit := img
		for unit.Parent != nil && !isElement(unit.Parent, "p") && unit.Parent.Type == html.ElementNode &&
			!isBlockElement(unit.Parent) && soleImage(unit.Parent) == img {
			unit = unit.Parent
		}
		line := lineOf(unit)
		if line != nil && !(unit.Parent == line && line.Data == "p") {
			closeGap(unit, line)
		}
		switch {
		case line == nil:
		case unit.Parent == line && line.Data == "p":
			next := unit.NextSibling
			line.InsertBefore(imageFigure(unit), next) // imageFigure detaches the unit
			made = true
		case line.Data == "li":
			line.AppendChild(imageFigure(unit))
		case line.Data == "figcaption" && isElement(line.Parent, "figure"):
			fig := line.Parent
			fig.Parent.InsertBefore(imageFigure(unit), fig.NextSibling)
		default:
			line.Parent.InsertBefore(imageFigure(unit), line.NextSibling)
		}
	}
	return made
}

// lineOf is the paragraph, heading, list item or caption n is part of (or
// the list it was put straight into), or nil when n stands in a figure or
// between blocks. A caption outside a figure (broken markup) is a line
// only when nothing around it is.
func lineOf(n *html.Node) *html.Node {
	var stray *html.Node
	for p := n.Parent; p != nil && p.Type == html.ElementNode && p.Parent != nil; p = p.Parent {
		switch p.Data {
		case "figcaption":
			if isElement(p.Parent, "figure") && p.Parent.Parent != nil {
				return p
			}
			if stray == nil {
				stray = p
			}
		case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li",
			"ul", "ol": // an image put straight in a list goes after it
			return p
		case "figure":
			return nil
		}
	}
	return stray
}

// closeGap drops the space that would be left doubled, or at an end of
// line, when unit leaves the text around it.
func closeGap(unit, line *html.Node) {
	prev, next := unit.PrevSibling, unit.NextSibling
	prevText := prev != nil && prev.Type == html.TextNode
	nextText := next != nil && next.Type == html.TextNode
	switch {
	case prevText && (nextText && startsWithSpace(next.Data) || next == nil && unit.Parent == line):
		prev.Data = strings.TrimRight(prev.Data, " \t\r\n")
	case prev == nil && nextText && unit.Parent == line:
		next.Data = strings.TrimLeft(next.Data, " \t\r\n")
	}
}

func startsWithSpace(s string) bool {
	return s != "" && strings.TrimLeft(s, " \t\r\n") != s
}

// soleImage is the image n consists of: n itself, or the one image inside an
// element that has no text; nil otherwise.
func soleImage(n *html.Node) *html.Node {
	if isElement(n, "img") {
		return n
	}
	if n.Type != html.ElementNode || strings.TrimSpace(strings.ReplaceAll(dom.CollectText(n), "\u00a0", " ")) != "" {
		return nil
	}
	if imgs := elements(n, "img"); len(imgs) == 1 {
		return imgs[0]
	}
	return nil
}

// imageFigure makes a figure of an image unit (see soleImage), detaching it:
// the image with only src and alt, inside the link that wrapped it if any.
func imageFigure(unit *html.Node) *html.Node {
	img := soleImage(unit)
	var link *html.Node
	for n := img; n != nil; n = n.Parent {
		if isElement(n, "a") {
			link = n
			break
		}
		if n == unit {
			break
		}
	}
	if unit.Parent != nil {
		unit.Parent.RemoveChild(unit)
	}
	if img.Parent != nil {
		img.Parent.RemoveChild(img)
	}
	img.Attr = imageAttrs(img)
	f := newElement("figure")
	if link == nil {
		f.AppendChild(img)
		return f
	}
	a := newElement("a", "href", attr(link, "href"))
	a.AppendChild(img)
	f.AppendChild(a)
	return f
}
