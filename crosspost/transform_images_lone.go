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

// imagesInTextAsFigures takes every image out of the paragraph holding it:
// Medium has no inline images, only figures, and shows an image inside a
// paragraph small and inline or not at all. An image aligned beside the text
// (the classic editor's alignleft) was placed as a block, and an image in
// the middle of a sentence (a marker, an icon) has nowhere else to go: each
// becomes a figure where it stands, in the link that wrapped it, and the
// caller splits the paragraph around it (the text before and after become
// paragraphs of their own). An image not directly in a paragraph (a
// figure, a list item, italics) is left where it is. It reports whether it
// made any figure.
func imagesInTextAsFigures(root *html.Node) bool {
	made := false
	for _, img := range elements(root, "img") {
		unit := img
		for unit.Parent != nil && !isElement(unit.Parent, "p") && unit.Parent.Type == html.ElementNode &&
			!isBlockElement(unit.Parent) && soleImage(unit.Parent) == img {
			unit = unit.Parent
		}
		if !isElement(unit.Parent, "p") {
			continue
		}
		parent, next := unit.Parent, unit.NextSibling
		parent.InsertBefore(imageFigure(unit), next) // imageFigure detaches the unit
		made = true
	}
	return made
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
