package crosspost

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/dom"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/wp2medium/wp2medium/wordpress"
)

// mediumBody is a post's content rewritten into the HTML Medium renders,
// still as a tree so Transform can add the title, featured image and footer.
type mediumBody struct {
	root *html.Node
	size int // of the source HTML, to size the output buffer
}

// mediumHTML rewrites WordPress markup (block or classic editor) for Medium.
// Medium shows paragraphs, two heading sizes, bold, italic, links, quotes,
// lists, code, images with captions, rules and line breaks, and turns a
// paragraph holding only a link into an embed. Everything else is degraded to
// those, keeping every word and link:
//
//   - Headings: the story title is the only <h1>, so a content <h1> becomes <h2>;
//     h2–h4 are kept as they are (like Medium's plugin: Medium itself shows h1/h2
//     large and h3/h4 small), h5/h6 become <h4>.
//   - Images: <figure><img src alt><figcaption>, one per image (galleries
//     included); lazy-loaded and srcset-only sources are resolved; an image
//     alone in a paragraph (empty markup beside it ignored) or aligned in one
//     becomes a figure; a link around an image is kept.
//   - Embeds (block editor, iframes, video and audio, their <source> included)
//     become <p><a href=URL>URL</a></p> so Medium embeds what it can and shows
//     a link for the rest; a tweet's fallback text is kept after it.
//   - Tables become one paragraph per row, "<strong>Header</strong>: value; …"
//     (see convertTable for why).
//   - Nested lists become lines of their parent item (see flattenNestedLists).
//   - Footnotes become "[n]" in the text and "[n] note" paragraphs.
//   - Code blocks are <pre><code>, the language kept as a language-X class;
//     a formula, MathML or an image of one, is its TeX in inline code (see
//     mathAsCode, formulaImageTeX).
//   - Struck, inserted, quoted and abbreviated text keep their meaning in
//     words and marks (see keepInlineMeaning); a button keeps its text, a
//     form's controls and hidden decorations are dropped (keepControlText),
//     and links into WordPress's login, admin and API are dropped with their
//     text (dropSiteMachinery).
//   - Parts of a block that only CSS keeps apart (a latest post's title and
//     date) are separated by " · " (separateBlockParts).
//   - Links to a place in the post itself keep only their text
//     (unlinkInPageAnchors).
//
// Relative links and image sources are resolved against base (the permalink).
func mediumHTML(content, base string) mediumBody {
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil { // only a reader error can fail, and a strings.Reader has none
		doc = &html.Node{Type: html.DocumentNode}
	}
	cleanDecoded(doc)
	body := dom.FindFirstNode(doc, func(n *html.Node) bool { return isElement(n, "body") })
	if body == nil {
		body = newElement("body")
	}
	baseURL, err := url.Parse(strings.TrimSpace(base))
	if err != nil || !baseURL.IsAbs() {
		baseURL = nil
	}

	has := tagCensus(body) // lets a post skip the passes for blocks it does not have
	removeElements(body, "script", "style", "noscript", "template", "svg", "canvas")
	// The "Also published on Medium" paragraph wp2medium added on WordPress
	// must not travel back to Medium on a later send.
	for _, n := range findAll(body, func(n *html.Node) bool { return dom.HasClass(n, wordpress.CrossLinkClass) }) {
		dom.RemoveNode(n)
	}
	unwrapFormattingAroundBlocks(body)
	keepControlText(body)
	if has["a"] {
		dropSiteMachinery(body, base)
	}
	if has["del"] || has["s"] || has["strike"] || has["ins"] || has["q"] || has["abbr"] || has["acronym"] {
		keepInlineMeaning(body, true)
	}
	if has["math"] {
		mathAsCode(body)
	}
	if has["img"] {
		for _, n := range elements(body, "picture", "img") {
			if n.Data == "picture" {
				dom.UnwrapNode(n)
				continue
			}
			normalizeImage(n)
			if n.Parent == nil {
				continue
			}
			chooseImageSource(n)
			if src := strings.TrimSpace(attr(n, "src")); src == "" || strings.HasPrefix(src, "data:") {
				dom.RemoveNode(n) // Medium fetches images by URL: an inline data image cannot be sent
			}
		}
	}
	if has["ol"] || has["sup"] {
		convertFootnotes(body)
		footnotesAsText(body)
	}
	if has["pre"] {
		for _, pre := range elements(body, "pre") {
			normalizePre(pre)
		}
	}
	if embedsAsLinks(body, baseURL, has["iframe"] || has["figure"] || has["video"] || has["audio"] || has["embed"] || has["object"]) {
		splitParagraphs(body)
	}
	if has["source"] || has["track"] {
		// Only now: the embed step reads a player's address from its <source>.
		removeElements(body, "source", "track")
	}
	// Once every part that goes is gone (a file block's second link).
	separateBlockParts(body)
	if has["table"] {
		tables := elements(body, "table")
		for i := len(tables) - 1; i >= 0; i-- { // innermost first
			convertTable(tables[i])
		}
	}
	convertFigures(body)
	if has["blockquote"] {
		for _, q := range elements(body, "blockquote") {
			convertQuote(q)
		}
	}
	if has["a"] {
		unlinkInPageAnchors(body, baseURL)
	}
	retagForMedium(body, baseURL)
	flattenContainers(body)
	// Before the images: one in a paragraph the parser put in a heading
	// would become a figure inside it.
	linesInlineOnly(body, "h1", "h2", "h3", "h4", "figcaption", "code")
	if has["img"] {
		if imagesInTextAsFigures(body) {
			splitParagraphs(body)
		}
		loneImagesAsFigures(body)
	}
	if has["ul"] || has["ol"] || has["li"] {
		// After the images, which may have become figures in an item.
		blocksOutOfItems(body)
		flattenNestedLists(body)
		linesInlineOnly(body, "li")
	}
	removeEmptyParagraphs(body)
	return mediumBody{root: body, size: len(content)}
}

// chooseImageSource finds the real source of an image whose src is a
// lazy-loading placeholder: data-src and data-lazy-src win over src, and when
// only a srcset is left its widest candidate is used.
func chooseImageSource(img *html.Node) {
	for _, k := range []string{"data-lazy-src", "data-src"} {
		if v := strings.TrimSpace(attr(img, k)); v != "" && !strings.HasPrefix(v, "data:") {
			setAttr(img, "src", v)
			return
		}
	}
	if src := strings.TrimSpace(attr(img, "src")); src != "" && !strings.HasPrefix(src, "data:") {
		return
	}
	for _, k := range []string{"data-lazy-srcset", "data-srcset", "srcset"} {
		if best := widestCandidate(attr(img, k)); best != "" {
			setAttr(img, "src", best)
			return
		}
	}
}

// widestCandidate picks the URL with the largest descriptor in a srcset
// ("1024w", or "2x" when the set uses densities); a candidate without one
// counts as 1x.
func widestCandidate(srcset string) string {
	best, bestSize := "", -1.0
	for _, c := range strings.Split(srcset, ",") {
		f := strings.Fields(c)
		if len(f) == 0 || strings.HasPrefix(f[0], "data:") {
			continue
		}
		size := 1.0
		if len(f) > 1 && len(f[1]) > 1 {
			v, err := strconv.ParseFloat(f[1][:len(f[1])-1], 64)
			if err != nil || v <= 0 {
				continue
			}
			size = v
		}
		if size > bestSize {
			best, bestSize = f[0], size
		}
	}
	return best
}

// footnotesAsText turns the footnote markers convertFootnotes leaves into
// text: Medium has neither superscript nor in-page anchors, so "[1]" in the
// text and a "[1] …" paragraph per note is what reads.
func footnotesAsText(root *html.Node) {
	for _, ref := range elements(root, tagFootnoteRef) {
		dom.ReplaceNode(ref, newText("["+attr(ref, "data-n")+"]"))
	}
	for _, def := range elements(root, tagFootnoteDef) {
		p := newElement("p")
		p.AppendChild(newText("[" + attr(def, "data-n") + "] "))
		inlineOnly(def)
		moveChildren(def, p)
		trimTrailingSpace(p)
		dom.ReplaceNode(def, p)
	}
}

// embedsAsLinks reuses convertEmbeds (shared with the Markdown output) and then
// sets each new link's text to its URL: Medium embeds a paragraph holding only a
// bare link. A WordPress post embed's title, which exists only in its fallback
// quote, is kept as an italic line after the link. It also drops a file
// block's second "Download" link, and reports whether it made any embed link.
func embedsAsLinks(root *html.Node, base *url.URL, hasEmbeds bool) bool {
	before := map[*html.Node]bool{}
	for _, a := range elements(root, "a") {
		if dom.HasClass(a, "wp-block-file__button") {
			dom.RemoveNode(a) // a second "Download" link to the same file
			continue
		}
		before[a] = true
	}
	if !hasEmbeds {
		return false
	}
	made := false
	titles := map[string]string{}
	for _, q := range findAll(root, func(n *html.Node) bool { return isElement(n, "blockquote") && dom.HasClass(n, "wp-embedded-content") }) {
		if a := dom.FindFirstNode(q, func(n *html.Node) bool { return isElement(n, "a") }); a != nil && text(a) != "" {
			titles[attr(a, "href")] = text(a)
		}
	}
	convertEmbeds(root)
	for _, a := range elements(root, "a") {
		if before[a] {
			continue
		}
		made = true
		href := attr(a, "href")
		title := titles[href]
		href = resolveURL(base, href)
		setAttr(a, "href", href)
		for c := a.FirstChild; c != nil; c = a.FirstChild {
			a.RemoveChild(c)
		}
		a.AppendChild(newText(href))
		if title != "" && a.Parent != nil && a.Parent.Parent != nil {
			p := newElement("p")
			em := newElement("em")
			em.AppendChild(newText(title))
			p.AppendChild(em)
			a.Parent.Parent.InsertBefore(p, a.Parent.NextSibling)
		}
	}
	return made
}

// retagForMedium maps elements to the nearest one Medium renders, and
// resolves links and image sources against the permalink: Medium fetches
// images itself and has no idea where a relative link points.
func retagForMedium(root *html.Node, base *url.URL) {
	for _, n := range elements(root) {
		switch n.Data {
		case "a":
			if v, ok := dom.GetAttribute(n, "href"); ok {
				setAttr(n, "href", resolveURL(base, v))
			}
		case "img":
			if v, ok := dom.GetAttribute(n, "src"); ok {
				setAttr(n, "src", resolveURL(base, v))
			}
		case "h1":
			retag(n, "h2")
		case "h5", "h6":
			retag(n, "h4")
		case "kbd", "samp", "tt":
			retag(n, "code")
		case "summary": // a details block is shown open: its summary is a bold line
			retag(n, "p")
			strong := newElement("strong")
			moveChildren(n, strong)
			n.AppendChild(strong)
		case "dt":
			retag(n, "p")
			strong := newElement("strong")
			moveChildren(n, strong)
			n.AppendChild(strong)
		case "dd":
			retag(n, "p")
		case "sup", "sub":
			// Medium has neither: x² and H₂O keep their meaning as characters.
			if t := scriptText(n); t != "" {
				dom.ReplaceNode(n, newText(t))
			}
		}
	}
}

var (
	superscripts = strings.NewReplacer("0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴", "5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹",
		"+", "⁺", "-", "⁻", "−", "⁻", "=", "⁼", "(", "⁽", ")", "⁾", "n", "ⁿ", "i", "ⁱ")
	subscripts = strings.NewReplacer("0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄", "5", "₅", "6", "₆", "7", "₇", "8", "₈", "9", "₉",
		"+", "₊", "-", "₋", "−", "₋", "=", "₌", "(", "₍", ")", "₎")
)

// scriptText is a <sup> or <sub> written with Unicode super- or subscript
// characters, or "" when it holds markup or a character that has none (then
// the text is kept as plain text: "1st").
func scriptText(n *html.Node) string {
	c := n.FirstChild
	if c == nil || c.NextSibling != nil || c.Type != html.TextNode || strings.TrimSpace(c.Data) == "" {
		return ""
	}
	r := superscripts
	if n.Data == "sub" {
		r = subscripts
	}
	out := r.Replace(c.Data)
	for _, ch := range out {
		if ch < 0x80 { // a character without a Unicode form was left as it was
			return ""
		}
	}
	return out
}

// tagCensus is the set of element names under root.
func tagCensus(root *html.Node) map[string]bool {
	has := map[string]bool{}
	for _, n := range elements(root) {
		has[n.Data] = true
	}
	return has
}

// elements lists the elements under root named one of names (all of them
// without names), in document order. It is the hot loop of the transform, so
// it is a plain recursion rather than dom.FindAllNodes with a closure.
func elements(root *html.Node, names ...string) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if len(names) == 0 || slices.Contains(names, c.Data) {
				out = append(out, c)
			}
			if c.FirstChild != nil {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

func retag(n *html.Node, tag string) {
	n.Data, n.DataAtom = tag, atom.Lookup([]byte(tag))
}

func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if strings.HasPrefix(ref, "//") {
		return "https:" + ref
	}
	if base == nil || ref == "" || strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "mailto:") {
		return ref // already absolute (and parsing every link costs a tenth of the transform)
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// compose adds the title heading, the featured image and the cross-link
// footer, then renders and sanitises. It returns the content and its images.
func (b mediumBody) compose(heading, featured, permalink, site string) (string, []string) {
	first := b.root.FirstChild
	if h := firstElement(first); h != nil && heading != "" && (h.Data == "h2" || h.Data == "h3") &&
		strings.EqualFold(text(h), strings.Join(strings.Fields(heading), " ")) {
		// The content repeats the title (a theme or a title block put it there):
		// that heading becomes the title instead of a second copy.
		retag(h, "h1")
		h.Attr = nil
		heading = ""
		first = h.NextSibling // the featured image goes after it
	}
	if heading != "" {
		h1 := newElement("h1")
		h1.AppendChild(newText(heading))
		b.root.InsertBefore(h1, first)
	}
	if featured = strings.TrimSpace(featured); featured != "" && !startsWithImage(first) {
		fig := newElement("figure")
		fig.AppendChild(newElement("img", "src", resolveURL(nil, featured)))
		b.root.InsertBefore(fig, first)
	}
	if permalink != "" {
		b.root.AppendChild(newElement("hr"))
		p, em, a := newElement("p"), newElement("em"), newElement("a", "href", permalink)
		a.AppendChild(newText(site))
		em.AppendChild(newText("Originally published at "))
		em.AppendChild(a)
		em.AppendChild(newText("."))
		p.AppendChild(em)
		b.root.AppendChild(p)
	}
	return renderMedium(b.root, b.size), imageSources(b.root)
}

// firstText is the text of the first block that has any.
func (b mediumBody) firstText() string {
	for c := b.root.FirstChild; c != nil; c = c.NextSibling {
		if t := text(c); t != "" {
			return t
		}
	}
	return ""
}

// firstElement is the first element from n on, skipping blank text.
func firstElement(n *html.Node) *html.Node {
	for ; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			return n
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			return nil
		}
	}
	return nil
}

// startsWithImage reports whether the first block from n on is an image.
func startsWithImage(n *html.Node) bool {
	n = firstElement(n)
	return isElement(n, "img") || isElement(n, "figure") && len(elements(n, "img")) > 0
}

// imageSources lists the absolute http(s) image sources, each once.
func imageSources(root *html.Node) []string {
	var out []string
	seen := map[string]bool{}
	for _, img := range elements(root, "img") {
		src := attr(img, "src")
		if (strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://")) && !seen[src] {
			seen[src] = true
			out = append(out, src)
		}
	}
	return out
}

// renderMedium writes one top-level block per line and passes the result
// through the allowlist of what Medium renders.
func renderMedium(root *html.Node, sizeHint int) string {
	var b strings.Builder
	b.Grow(sizeHint + sizeHint/8)
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.CommentNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		_ = html.Render(&b, c) // a strings.Builder does not fail
	}
	return mediumPolicy().Sanitize(b.String())
}

// mediumPolicy is the allowlist of what Medium renders; built once, safe for
// concurrent use.
var mediumPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i",
		"blockquote", "ul", "ol", "li", "pre", "code", "figure", "figcaption")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+#.-]+$`)).OnElements("code")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	// Writing direction is the author's; Medium also guesses it per paragraph.
	p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(?i:rtl|ltr|auto)$`)).OnElements("p", "h2", "h3", "h4", "blockquote", "li", "ul", "ol", "figcaption")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	return p
})
