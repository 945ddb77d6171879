package crosspost

import (
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// normalizeWordPress rewrites WordPress block-editor and classic-editor markup into
// plain HTML whose Markdown conversion reads well. The order matters: embeds and code
// are settled before figures are unwrapped, and footnotes before anything moves links.
func normalizeWordPress(doc *html.Node, base string) {
	removeElements(doc, "script", "style", "noscript", "template")
	unwrapFormattingAroundBlocks(doc)
	keepControlText(doc)
	dropSiteMachinery(doc, base)
	keepInlineMeaning(doc, false)
	mathAsCode(doc)
	for _, img := range findElements(doc, "img") {
		normalizeImage(img)
	}
	convertFootnotes(doc)
	for _, pre := range findElements(doc, "pre") {
		normalizePre(pre)
	}
	convertEmbeds(doc)
	for _, a := range findAll(doc, func(n *html.Node) bool { return isElement(n, "a") && dom.HasClass(n, "wp-block-file__button") }) {
		dom.RemoveNode(a) // a second "Download" link to the same file
	}
	separateBlockParts(doc) // once every part that goes is gone
	// Old galleries wrap each image in a list item; the images are not a list.
	for _, ul := range findAll(doc, func(n *html.Node) bool { return dom.HasClass(n, "blocks-gallery-grid") }) {
		for _, li := range dom.AllChildElements(ul) {
			li.Data, li.DataAtom = "div", atom.Div
		}
		ul.Data, ul.DataAtom = "div", atom.Div
	}
	// Innermost figures first, so a gallery's images are handled before the gallery.
	figures := findAll(doc, isFigure)
	for i := len(figures) - 1; i >= 0; i-- {
		convertFigure(figures[i])
	}
	for _, q := range findElements(doc, "blockquote") {
		convertQuote(q)
	}
	for _, cell := range findAll(doc, func(n *html.Node) bool { return isElement(n, "td") || isElement(n, "th") }) {
		// The block editor marks column alignment with data-align; the converter reads align.
		if a := attr(cell, "data-align"); a != "" && attr(cell, "align") == "" {
			setAttr(cell, "align", a)
		}
	}
	for _, s := range findElements(doc, "summary") {
		s.Data, s.DataAtom = "p", atom.P
		strong := newElement("strong")
		moveChildren(s, strong)
		s.AppendChild(strong)
	}
	removeEmptyParagraphs(doc)
}

var formattingTags = []string{"strong", "b", "em", "i", "u", "s", "strike", "del", "ins", "mark", "span", "small", "big", "font", "sub", "sup"}

// unwrapFormattingAroundBlocks keeps the structure of malformed HTML: an unclosed <strong>
// makes the HTML5 parser wrap every following paragraph, list and code block in it, and
// the converter would then flatten them all into one bold line.
func unwrapFormattingAroundBlocks(doc *html.Node) {
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && contains(formattingTags, n.Data) }) {
		if n.Parent != nil && len(findAll(n, isBlockElement)) > 0 {
			dom.UnwrapNode(n)
		}
	}
}

func isBlockElement(n *html.Node) bool {
	return n.Type == html.ElementNode && dom.NameIsBlockNode(n.Data)
}

func isElement(n *html.Node, tag string) bool {
	return n != nil && n.Type == html.ElementNode && n.Data == tag
}

func findAll(root *html.Node, match func(*html.Node) bool) []*html.Node {
	return dom.FindAllNodes(root, match)
}

func findElements(root *html.Node, tag string) []*html.Node {
	return findAll(root, func(n *html.Node) bool { return isElement(n, tag) })
}

func removeElements(root *html.Node, tags ...string) {
	for _, n := range findAll(root, func(n *html.Node) bool {
		return n.Type == html.ElementNode && contains(tags, n.Data)
	}) {
		if n.Parent != nil {
			dom.RemoveNode(n)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func newElement(tag string, attrs ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag))}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return n
}

// onlyChildElement returns n's single child element when n has no other content but
// whitespace, else nil.
func onlyChildElement(n *html.Node) *html.Node {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && only == nil:
			only = c
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.CommentNode:
		default:
			return nil
		}
	}
	return only
}

func newText(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

// moveChildren appends all of from's children to to.
func moveChildren(from, to *html.Node) {
	for c := from.FirstChild; c != nil; {
		next := c.NextSibling
		from.RemoveChild(c)
		to.AppendChild(c)
		c = next
	}
}

func setAttr(n *html.Node, key, val string) {
	for i := range n.Attr {
		if n.Attr[i].Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func text(n *html.Node) string {
	return strings.Join(strings.Fields(dom.CollectText(n)), " ")
}

// normalizeImage turns smiley images back into their text, formula images into their
// TeX in inline code (formulaImageTeX), and finds the real source of lazy-loaded
// images, whose src is a placeholder.
func normalizeImage(img *html.Node) {
	if tex := formulaImageTeX(img); tex != "" && img.Parent != nil {
		code := newElement("code")
		code.AppendChild(newText(tex))
		dom.ReplaceNode(img, code)
		return
	}
	if dom.HasClass(img, "wp-smiley") || dom.HasClass(img, "emoji") {
		if alt := attr(img, "alt"); alt != "" && img.Parent != nil {
			img.Parent.InsertBefore(newText(alt), img)
			dom.RemoveNode(img)
			return
		}
	}
	src := strings.TrimSpace(attr(img, "src"))
	if src == "" || strings.HasPrefix(src, "data:") {
		for _, k := range []string{"data-src", "data-lazy-src", "data-orig-file"} {
			if v := strings.TrimSpace(attr(img, k)); v != "" {
				setAttr(img, "src", v)
				return
			}
		}
	}
}

var brushLanguage = regexp.MustCompile(`(?:^|[\s;])brush:\s*([\w+#.-]+)`)

// codeLanguage finds a code block's language in the conventions WordPress plugins use:
// language-go / lang-go classes (block editor, Prism, highlight.js), SyntaxHighlighter's
// "brush: go;" class, or a lang / data-lang attribute.
func codeLanguage(nodes ...*html.Node) string {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		for _, c := range dom.GetClasses(n) {
			for _, prefix := range []string{"language-", "lang-"} {
				if l, ok := strings.CutPrefix(c, prefix); ok && l != "" {
					return l
				}
			}
		}
		if m := brushLanguage.FindStringSubmatch(attr(n, "class")); m != nil {
			return m[1]
		}
		for _, k := range []string{"lang", "data-lang", "data-language"} {
			if v := strings.TrimSpace(attr(n, k)); v != "" && !strings.ContainsAny(v, " `") {
				return v
			}
		}
	}
	return ""
}

// normalizePre leaves every <pre> as <pre><code class="language-X"> so the converter
// writes a fenced block with the language kept. A verse block is poetry, not code: its
// lines become hard line breaks in a paragraph.
func normalizePre(pre *html.Node) {
	if dom.HasClass(pre, "wp-block-verse") {
		p := newElement("p")
		for _, t := range findAll(pre, func(n *html.Node) bool { return n.Type == html.TextNode }) {
			lines := strings.Split(t.Data, "\n")
			for i, line := range lines {
				if i > 0 {
					t.Parent.InsertBefore(newElement("br"), t)
					// A verse's indentation is meaning; non-breaking spaces survive collapsing.
					trimmed := strings.TrimLeft(line, " ")
					line = strings.Repeat("\u00a0", len(line)-len(trimmed)) + trimmed
				}
				t.Parent.InsertBefore(newText(line), t)
			}
			dom.RemoveNode(t)
		}
		moveChildren(pre, p)
		dom.ReplaceNode(pre, p)
		return
	}
	code := onlyChildElement(pre)
	if !isElement(code, "code") {
		code = newElement("code")
		moveChildren(pre, code)
		pre.AppendChild(code)
	}
	lang := codeLanguage(code, pre)
	code.Attr = nil
	pre.Attr = nil
	if lang != "" {
		setAttr(code, "class", "language-"+strings.ToLower(lang))
	}
}

func isFigure(n *html.Node) bool {
	return isElement(n, "figure") || (n.Type == html.ElementNode && dom.HasClass(n, "wp-caption"))
}

// convertFigure turns a figure (image, gallery, table, pullquote, classic [caption]) into
// a block holding its content followed by the caption as an italic paragraph.
func convertFigure(fig *html.Node) {
	fig.Data, fig.DataAtom = "div", atom.Div
	for _, c := range dom.AllChildElements(fig) {
		if !isElement(c, "figcaption") && !dom.HasClass(c, "wp-caption-text") {
			continue
		}
		caption := text(c)
		if caption == "" {
			dom.RemoveNode(c)
			continue
		}
		em := newElement("em")
		inner := c
		// A caption already set in italics would otherwise become ** or *_..._*.
		if only := dom.FirstChildElement(c); only != nil && (isElement(only, "em") || isElement(only, "i")) && text(only) == caption {
			inner = only
		}
		moveChildren(inner, em)
		p := newElement("p")
		p.AppendChild(em)
		dom.ReplaceNode(c, p)
	}
}

// convertQuote moves a quote's <cite> (block quote, pullquote) to its own last line,
// "— Name", instead of running into the quoted text.
func convertQuote(q *html.Node) {
	for _, cite := range dom.AllChildElements(q) {
		if !isElement(cite, "cite") {
			continue
		}
		if text(cite) == "" {
			dom.RemoveNode(cite)
			continue
		}
		p := newElement("p")
		if t := text(cite); !strings.HasPrefix(t, "—") && !strings.HasPrefix(t, "-") && !strings.HasPrefix(t, "–") {
			p.AppendChild(newText("— "))
		}
		moveChildren(cite, p)
		dom.ReplaceNode(cite, p)
	}
}

// removeEmptyParagraphs drops <p>&nbsp;</p> spacers the classic editor leaves behind.
func removeEmptyParagraphs(doc *html.Node) {
	for _, p := range findElements(doc, "p") {
		if strings.TrimSpace(strings.ReplaceAll(dom.CollectText(p), "\u00a0", " ")) != "" {
			continue
		}
		if len(findAll(p, func(n *html.Node) bool { return isElement(n, "img") || isElement(n, tagFootnoteRef) })) > 0 {
			continue
		}
		if p.Parent != nil {
			dom.RemoveNode(p)
		}
	}
}
