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

// alignedImagesAsFigures takes out of their paragraph the images aligned
// left, right or centre (the classic editor's alignleft classes, the old
// align attribute): the author placed them as blocks beside the text, which
// Medium cannot float, so each becomes a figure where it stands. It reports
// whether it made any: the caller then splits those paragraphs.
func alignedImagesAsFigures(root *html.Node) bool {
	made := false
	for _, img := range elements(root, "img") {
		if !isAligned(img) {
			continue
		}
		unit := img
		for unit.Parent != nil && !isElement(unit.Parent, "p") && unit.Parent.Type == html.ElementNode &&
			!isBlockElement(unit.Parent) && soleImage(unit.Parent) == img {
			unit = unit.Parent
		}
		if !isElement(unit.Parent, "p") {
			continue // not directly in a paragraph (a figure, a list item, italics): left where it is
		}
		parent, next := unit.Parent, unit.NextSibling
		parent.InsertBefore(imageFigure(unit), next) // imageFigure detaches the unit
		made = true
	}
	return made
}

func isAligned(img *html.Node) bool {
	for _, c := range dom.GetClasses(img) {
		if c == "alignleft" || c == "alignright" || c == "aligncenter" {
			return true
		}
	}
	switch strings.ToLower(strings.TrimSpace(attr(img, "align"))) {
	case "left", "right", "center", "middle":
		return true
	}
	return false
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
