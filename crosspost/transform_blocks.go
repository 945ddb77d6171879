package crosspost

import (
	"slices"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// convertTable replaces a table, which Medium cannot show, with one paragraph
// per row: "<strong>Header</strong>: value; <strong>Header</strong>: value",
// or "value; value" without a header row, or "<strong>Key</strong>: value"
// when the row starts with its own header cell.
//
// Why paragraphs rather than a <pre> grid: a grid loses every link and inline
// format, breaks as soon as a cell holds a sentence, and scrolls sideways on a
// phone; a row as a sentence keeps everything and reads anywhere. The table's
// caption comes first as an italic line.
func convertTable(table *html.Node) {
	out := newElement("div")
	for _, c := range elements(table, "caption") {
		if text(c) != "" {
			out.AppendChild(italicParagraph(c))
		}
	}
	rows := elements(table, "tr")
	var header []*html.Node // column index -> header cell (nil: none)
	if len(rows) > 1 && isHeaderRow(rows[0]) {
		for _, cell := range rowCells(rows[0]) {
			for range colspan(cell) {
				header = append(header, cell)
			}
		}
		rows = rows[1:]
	}
	for _, row := range rows {
		if p := rowParagraph(rowCells(row), header); p != nil {
			out.AppendChild(p)
		}
	}
	dom.ReplaceNode(table, out)
}

// rowParagraph writes one row as a sentence, skipping empty cells; nil when
// the row has no content.
func rowParagraph(cells, header []*html.Node) *html.Node {
	type part struct{ label, value *html.Node }
	var parts []part
	col := 0
	for i, cell := range cells {
		var label *html.Node
		if col < len(header) && text(header[col]) != "" {
			label = cloneNode(header[col])
		}
		col += colspan(cell)
		if !hasContent(cell) {
			continue
		}
		if header == nil && i == 0 && cell.Data == "th" && len(cells) > 1 {
			// A row header labels the rest of its row: "<strong>Key</strong>: a; b".
			parts = append(parts, part{label: cell})
			continue
		}
		parts = append(parts, part{label: label, value: cell})
	}
	if len(parts) == 0 {
		return nil
	}
	p := newElement("p")
	for i, pt := range parts {
		if pt.value == nil && len(parts) == 1 { // a row header with nothing after it
			pt.value, pt.label = pt.label, nil
		}
		if i > 0 && parts[i-1].value != nil {
			p.AppendChild(newText("; "))
		}
		if pt.label != nil {
			strong := newElement("strong")
			inlineOnly(pt.label)
			moveChildren(pt.label, strong)
			p.AppendChild(strong)
			p.AppendChild(newText(": "))
		}
		if pt.value != nil {
			inlineOnly(pt.value)
			moveChildren(pt.value, p)
		}
	}
	trimSpace(p)
	return p
}

func isHeaderRow(tr *html.Node) bool {
	if tr.Parent != nil && isElement(tr.Parent, "thead") {
		return true
	}
	cells := rowCells(tr)
	for _, c := range cells {
		if c.Data != "th" {
			return false
		}
	}
	return len(cells) > 0
}

func rowCells(tr *html.Node) []*html.Node {
	var cells []*html.Node
	for _, c := range dom.AllChildElements(tr) {
		if c.Data == "td" || c.Data == "th" {
			cells = append(cells, c)
		}
	}
	return cells
}

func colspan(cell *html.Node) int {
	if n, err := strconv.Atoi(strings.TrimSpace(attr(cell, "colspan"))); err == nil && n > 1 && n < 100 {
		return n
	}
	return 1
}

func hasContent(n *html.Node) bool {
	return strings.TrimSpace(strings.ReplaceAll(dom.CollectText(n), "\u00a0", " ")) != "" ||
		dom.FindFirstNode(n, func(c *html.Node) bool { return isElement(c, "img") }) != nil
}

// convertFigures turns every figure (and classic-editor caption box and
// gallery) into Medium figures: one <figure> per image, its caption as a
// <figcaption> when the figure holds that one image, else as an italic line.
func convertFigures(root *html.Node) {
	var figures []*html.Node
	for _, n := range elements(root) {
		switch {
		case n.Data == "ul" && dom.HasClass(n, "blocks-gallery-grid"):
			// Galleries list their images; they are not a list on Medium.
			for _, li := range dom.AllChildElements(n) {
				dom.UnwrapNode(li)
			}
			dom.UnwrapNode(n)
		case n.Data == "dl" && dom.HasClass(n, "gallery-item"):
			// The classic [gallery] shortcode: <dl class="gallery-item"><dt><a><img></a></dt><dd class="wp-caption-text">.
			figures = append(figures, n)
			convertGalleryItem(n)
		case n.Data == "figure" || dom.HasClass(n, "wp-caption"):
			figures = append(figures, n)
		}
	}
	done := map[*html.Node]bool{}
	for i := len(figures) - 1; i >= 0; i-- { // innermost first: a gallery's images before the gallery
		convertMediumFigure(figures[i], done)
	}
}

// convertGalleryItem makes a classic gallery item a figure: the dt holding
// the image is unwrapped, the dd caption becomes its figcaption.
func convertGalleryItem(dl *html.Node) {
	retag(dl, "figure")
	for _, c := range dom.AllChildElements(dl) {
		if isElement(c, "dd") {
			retag(c, "figcaption")
		} else {
			dom.UnwrapNode(c)
		}
	}
}

func convertMediumFigure(fig *html.Node, done map[*html.Node]bool) {
	var captions, images []*html.Node
	other := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case done[c]:
			case isElement(c, "figcaption") || c.Type == html.ElementNode && dom.HasClass(c, "wp-caption-text"):
				captions = append(captions, c)
			case isElement(c, "img"):
				images = append(images, c)
			case c.Type == html.TextNode:
				other = other || strings.TrimSpace(c.Data) != ""
			default:
				walk(c)
			}
		}
	}
	walk(fig)

	if len(images) == 1 && !other {
		f := newElement("figure")
		unit := imageUnit(images[0])
		unit.Parent.RemoveChild(unit)
		f.AppendChild(unit)
		captioned := false
		for _, c := range captions {
			switch {
			case text(c) == "":
				dom.RemoveNode(c)
			case !captioned: // Medium shows one caption; another stays as text below
				fc := newElement("figcaption")
				inlineOnly(c)
				moveChildren(c, fc)
				f.AppendChild(fc)
				dom.RemoveNode(c)
				captioned = true
			default:
				dom.ReplaceNode(c, italicParagraph(c))
			}
		}
		fig.Parent.InsertBefore(f, fig)
		done[f] = true
		unwrapAfterMovingCaptions(fig)
		return
	}
	// A gallery, or a figure holding more than an image (table, quote, embed):
	// each image becomes its own figure where it stands, captions italic lines.
	for _, img := range images {
		unit := imageUnit(img)
		f := newElement("figure")
		dom.ReplaceNode(unit, f)
		f.AppendChild(unit)
		done[f] = true
	}
	for _, c := range captions {
		if text(c) == "" {
			dom.RemoveNode(c)
			continue
		}
		dom.ReplaceNode(c, italicParagraph(c))
	}
	dom.UnwrapNode(fig)
}

// unwrapAfterMovingCaptions removes a converted figure, keeping whatever it
// still holds (extra captions now italic lines) in its place.
func unwrapAfterMovingCaptions(fig *html.Node) {
	for _, a := range findElements(fig, "a") {
		if !hasContent(a) { // the link that wrapped the moved image
			dom.RemoveNode(a)
		}
	}
	dom.UnwrapNode(fig)
}

// imageUnit is the image with the link around it, when the link holds nothing
// else: the two move together.
// Only src and alt are kept: Medium ignores the rest (sizes, srcset, classes).
func imageUnit(img *html.Node) *html.Node {
	img.Attr = imageAttrs(img)
	if p := img.Parent; isElement(p, "a") && onlyChildElement(p) == img && strings.TrimSpace(dom.CollectText(p)) == "" {
		return p
	}
	return img
}

func imageAttrs(img *html.Node) []html.Attribute {
	attrs := []html.Attribute{{Key: "src", Val: attr(img, "src")}}
	if alt := strings.TrimSpace(attr(img, "alt")); alt != "" {
		attrs = append(attrs, html.Attribute{Key: "alt", Val: alt})
	}
	return attrs
}

// italicParagraph moves n's content into <p><em>…</em></p>.
func italicParagraph(n *html.Node) *html.Node {
	p, em := newElement("p"), newElement("em")
	inner := n
	// A caption already in italics would nest a second <em>.
	if only := onlyChildElement(n); only != nil && (isElement(only, "em") || isElement(only, "i")) && text(only) == text(n) {
		inner = only
	}
	inlineOnly(inner)
	moveChildren(inner, em)
	p.AppendChild(em)
	trimSpace(em)
	return p
}

// inlineOnly unwraps the block elements inside n (paragraphs in a table cell,
// a caption or a footnote), separating them with line breaks.
func inlineOnly(n *html.Node) {
	blocks := findAll(n, func(c *html.Node) bool { return c != n && isBlockElement(c) })
	for i := len(blocks) - 1; i >= 0; i-- {
		b := blocks[i]
		if b.Parent == nil {
			continue
		}
		if prev := prevMeaningful(b); prev != nil && !isElement(prev, "br") {
			b.Parent.InsertBefore(newElement("br"), b)
		}
		dom.UnwrapNode(b)
	}
	trimSpace(n)
}

func prevMeaningful(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) == "" || p.Type == html.CommentNode {
			continue
		}
		return p
	}
	return nil
}

// trimSpace drops whitespace and line breaks at both ends of n's content.
func trimSpace(n *html.Node) {
	trimTrailingSpace(n)
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			n.RemoveChild(c)
		case c.Type == html.TextNode:
			c.Data = strings.TrimLeft(c.Data, " \t\r\n")
			return
		case isElement(c, "br"):
			n.RemoveChild(c)
		default:
			return
		}
	}
}

// trimTrailingSpace drops trailing whitespace text and line breaks.
func trimTrailingSpace(n *html.Node) {
	for c := n.LastChild; c != nil; c = n.LastChild {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			n.RemoveChild(c)
		case c.Type == html.TextNode:
			c.Data = strings.TrimRight(c.Data, " \t\r\n")
			return
		case isElement(c, "br"):
			n.RemoveChild(c)
		default:
			return
		}
	}
}

func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(cloneNode(ch))
	}
	return c
}

// blockTags are what may stand on its own in a Medium story.
var blockTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "pre": true, "blockquote": true, "figure": true, "hr": true,
}

// flattenContainers removes the wrappers Medium has no use for (groups,
// columns, sections, details, definition lists), innermost first. Loose text
// and inline elements in them become paragraphs so that blocks stay apart.
func flattenContainers(root *html.Node) {
	containers := slices.DeleteFunc(elements(root), func(n *html.Node) bool {
		return !isBlockElement(n) || blockTags[n.Data] || n.Data == "li" || n.Data == "figcaption"
	})
	for i := len(containers) - 1; i >= 0; i-- {
		c := containers[i]
		if c.Parent == nil {
			continue
		}
		if !hasBlockChild(c) {
			if inFlow(c.Parent) {
				retag(c, "p")
				c.Attr = nil
			} else {
				dom.UnwrapNode(c)
			}
			continue
		}
		wrapInlineRuns(c)
		dom.UnwrapNode(c)
	}
	wrapInlineRuns(root)
	// A quote holding paragraphs keeps its loose text (a tweet's byline) in one too.
	for _, q := range elements(root, "blockquote") {
		if hasBlockChild(q) {
			wrapInlineRuns(q)
		}
	}
}

// inFlow reports whether n holds blocks (so a div in it is a paragraph of its own).
func inFlow(n *html.Node) bool {
	return n != nil && n.Type == html.ElementNode && (n.Data == "body" || n.Data == "blockquote" || n.Data == "li" ||
		isBlockElement(n) && !blockTags[n.Data])
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (blockTags[c.Data] || isBlockElement(c)) {
			return true
		}
	}
	return false
}

// wrapInlineRuns puts each run of text and inline elements between n's blocks
// into a paragraph.
func wrapInlineRuns(n *html.Node) {
	var run []*html.Node
	flush := func() {
		meaningful := false
		for _, r := range run {
			meaningful = meaningful || r.Type == html.ElementNode && r.Data != "br" || r.Type == html.TextNode && strings.TrimSpace(r.Data) != ""
		}
		if meaningful {
			p := newElement("p")
			n.InsertBefore(p, run[0])
			for _, r := range run {
				n.RemoveChild(r)
				p.AppendChild(r)
			}
			trimSpace(p)
		} else {
			for _, r := range run {
				if isElement(r, "br") { // a line break between blocks breaks nothing
					n.RemoveChild(r)
				}
			}
		}
		run = run[:0]
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && (blockTags[c.Data] || isBlockElement(c)) {
			flush()
		} else if c.Type != html.CommentNode {
			run = append(run, c)
		}
		c = next
	}
	flush()
}

// splitParagraphs moves blocks out of the paragraphs holding them (an iframe
// in a paragraph became a link paragraph): the text before and after each
// block becomes a paragraph of its own, as a browser would show it.
func splitParagraphs(root *html.Node) {
	for _, p := range elements(root, "p") {
		if p.Parent == nil || !hasBlockChild(p) {
			continue
		}
		cur := newElement("p")
		for c := p.FirstChild; c != nil; c = p.FirstChild {
			p.RemoveChild(c)
			if c.Type == html.ElementNode && (blockTags[c.Data] || isBlockElement(c)) {
				trimSpace(cur)
				p.Parent.InsertBefore(cur, p)
				p.Parent.InsertBefore(c, p)
				cur = newElement("p")
				continue
			}
			cur.AppendChild(c)
		}
		trimSpace(cur)
		p.Parent.InsertBefore(cur, p)
		dom.RemoveNode(p)
		// Empty halves are dropped later with the other empty paragraphs.
	}
}
