//go:build e2e

package e2e

import (
	"net/url"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// The oracle of the corpus test: what a reader of the post on WordPress
// sees, read from the HTML the server rendered, and what of it a Medium
// story body holds.
//
// What a reader sees: the text outside scripts, styles, templates, form
// controls (a form and everything in it, select, input, textarea) and
// visually hidden elements (hidden, display:none, visibility:hidden, the
// clip of screen-reader text); inside audio, video, object and iframe only
// the media itself (their fallback content shows only where the media
// cannot play); a MathML formula's presentation, never its annotation.
// Links: absolute http(s) links; an in-page anchor ("#…") and the site's
// own REST, log-in and admin links mean nothing on Medium and must NOT
// reach the body (their text is not asked for either). Images: the source
// the transform keeps (data-src, else src, else the widest srcset
// candidate). Media: audio, video and source files, object data, embed and
// iframe sources, and the URL an embed block shows when WordPress could not
// embed it. Words: split at every element that is not inline, at sup and
// sub, and between two elements side by side; a dropdown's choices and the
// file block's Download button are optional (they may reach the body, a
// reader does not need them there), a dropdown's prompt must not.

// corpusReading is what one HTML document holds, as the oracle counts it.
type corpusReading struct {
	words     map[string]int // token → occurrences
	wordOrder []string       // tokens in order, for reports
	links     []string       // normalised absolute links a reader can follow
	forbidden []string       // links that must not reach Medium
	images    []string
	media     []string
	marks     []corpusMark
	prompts   []string // the prompt of a dropdown ("Select Month"): must not turn into text
	// optional are words the body may hold without a reader seeing them
	// as text: a dropdown's choices (a fix may turn them into links), the
	// file block's "Download" button.
	optional map[string]int
}

func (r *corpusReading) addOptional(s string) {
	for _, w := range tokens(s) {
		r.optional[w]++
	}
}

// corpusMark is a piece of meaning carried by markup alone, which must stay
// visible in what Medium shows.
type corpusMark struct {
	kind string // "struck", "inserted", "quoted", "abbr-title"
	text string // what the check looks for (see markKept)
}

// readRendered reads the server's rendering of a post whose permalink is base.
func readRendered(doc *html.Node, base *url.URL) corpusReading { return readHTML(doc, base, false) }

// readHTML reads doc as the oracle counts it. A story body (asBody) is read
// whole: every word it holds counts, a reader would see it on Medium.
func readHTML(doc *html.Node, base *url.URL, asBody bool) corpusReading {
	r := corpusReading{words: map[string]int{}, optional: map[string]int{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walkChildren := func(n *html.Node) {
		// Two elements side by side ("<span>label</span><span>more</span>")
		// are two things on the page: WordPress styles them apart.
		var prev *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				continue
			}
			if c.Type == html.ElementNode && prev != nil && prev.Type == html.ElementNode {
				text.WriteString(" \n ")
			}
			walk(c)
			prev = c
		}
	}
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			text.WriteString(n.Data)
			return
		case html.ElementNode:
		default:
			walkChildren(n)
			return
		}
		tag := n.Data
		if !asBody && unseen(n) {
			return
		}
		switch tag {
		case "select":
			for _, o := range findAllElements(n, "option") {
				if v, ok := getAttr(o, "value"); ok && (v == "" || v == "-1") {
					if p := collapse(textOf(o)); p != "" {
						r.prompts = append(r.prompts, p)
					}
				} else {
					r.addOptional(textOf(o))
				}
			}
			return
		case "audio", "video":
			r.addMedia(base, attrOf(n, "src"))
			for _, s := range findAllElements(n, "source") {
				r.addMedia(base, attrOf(s, "src"))
			}
			return
		case "object":
			r.addMedia(base, attrOf(n, "data"))
			return
		case "iframe", "embed":
			r.addMedia(base, attrOf(n, "src"))
			return
		case "img":
			if src := imageSource(n); src != "" {
				if u := absURL(base, src); u != "" {
					r.images = appendNew(r.images, u)
				}
			}
			return
		case "a":
			if !asBody && hasClass(n, "wp-block-file__button") {
				// The file block's "Download" button repeats the file's link
				// (crosspost drops it on purpose): its word may go.
				r.addOptional(textOf(n))
				return
			}
			if href, ok := getAttr(n, "href"); ok {
				switch kind, u := classifyLink(base, href); kind {
				case linkInPage:
					r.forbidden = appendNew(r.forbidden, u)
				case linkSiteInternal:
					r.forbidden = appendNew(r.forbidden, u)
					if !asBody {
						return // "Log out", "Edit": nothing without the link
					}
				case linkFollowable:
					r.links = appendNew(r.links, u)
				}
			}
		case "abbr":
			if title := collapse(attrOf(n, "title")); title != "" {
				r.marks = append(r.marks, corpusMark{kind: "abbr-title", text: title})
			}
		case "q":
			if collapse(textOf(n)) != "" {
				r.marks = append(r.marks, corpusMark{kind: "quoted", text: collapse(textOf(n))})
			}
		case "del", "s", "strike", "ins":
			kind := "struck"
			if tag == "ins" {
				kind = "inserted"
			}
			if collapse(textOf(n)) != "" {
				r.marks = append(r.marks, corpusMark{kind: kind, text: plainWindow(n)})
			}
		}
		if hasClass(n, "wp-block-embed__wrapper") {
			// The URL an embed shows when WordPress could not embed it.
			if t := strings.TrimSpace(textOf(n)); !strings.ContainsAny(t, " \n\t") && absURL(nil, t) != "" {
				r.addMedia(base, t)
			}
		}
		sep := !inlineTags[tag]
		if sep {
			text.WriteString(" \n ")
		}
		walkChildren(n)
		if sep {
			text.WriteString(" \n ")
		}
	}
	walk(doc)
	r.wordOrder = tokens(text.String())
	for _, w := range r.wordOrder {
		r.words[w]++
	}
	return r
}

func (r *corpusReading) addMedia(base *url.URL, src string) {
	if u := absURL(base, src); u != "" {
		r.media = appendNew(r.media, mediaKey(u))
	}
}

// inlineTags do not separate words: "<em>re</em>write" is one word.
// Everything else does, sup and sub included: a footnote number is not part
// of the word it follows.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true, "data": true,
	"del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true, "label": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strike": true,
	"strong": true, "time": true, "tt": true, "u": true, "var": true,
}

// unseen reports whether a reader never sees n: not content, a form
// control, or visually hidden.
func unseen(n *html.Node) bool {
	switch n.Data {
	case "script", "style", "noscript", "template", "head", "form", "input", "textarea", "svg",
		"annotation", "annotation-xml", "track":
		return true
	}
	if _, ok := getAttr(n, "hidden"); ok || hasClass(n, "screen-reader-text") {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attrOf(n, "style")), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") ||
		strings.Contains(style, "clip:rect(1px,1px,1px,1px)") || strings.Contains(style, "clip:rect(0,0,0,0)")
}

type linkKind int

const (
	linkIgnored linkKind = iota // mailto:, tel:, javascript:, empty
	linkFollowable
	linkInPage       // "#…": an anchor in the page
	linkSiteInternal // the site's /wp-json/, wp-login.php, /wp-admin/
)

// classifyLink sorts a rendered link and returns it absolute and normalised.
func classifyLink(base *url.URL, href string) (linkKind, string) {
	href = strings.TrimSpace(href)
	if href == "" {
		return linkIgnored, ""
	}
	u := absURL(base, href)
	switch {
	case strings.HasPrefix(href, "#"):
		return linkInPage, u
	case u == "":
		return linkIgnored, ""
	case isSiteInternal(u):
		return linkSiteInternal, u
	}
	return linkFollowable, u
}

// isSiteInternal: a link into the site's REST API, log-in or admin.
func isSiteInternal(u string) bool {
	p, err := url.Parse(u)
	if err != nil || !strings.EqualFold(p.Host, siteHost()) {
		return false
	}
	return strings.HasPrefix(p.Path, "/wp-json/") || p.Query().Has("rest_route") ||
		strings.HasSuffix(p.Path, "/wp-login.php") || strings.HasPrefix(p.Path, "/wp-admin")
}

func siteHost() string {
	u, err := url.Parse(wpURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// absURL resolves ref against base and normalises it: "" unless http(s).
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "data:") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	if strings.EqualFold(u.Host, siteHost()) {
		// Rendered for the REST API, WordPress builds some links (query
		// pages) from the request's own query: its _fields and context are
		// no part of where the link goes, and a fix may drop them.
		if q := u.Query(); q.Has("_fields") || q.Has("context") {
			q.Del("_fields")
			q.Del("context")
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

// mediaKey is a media URL without what changes between two renderings:
// the fragment (an embed's secret) and the "_" counter WordPress's [audio]
// and [video] add to their sources.
func mediaKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.Fragment = ""
	if q := p.Query(); q.Has("_") {
		q.Del("_")
		p.RawQuery = q.Encode()
	}
	return p.String()
}

// imageSource is the source the transform keeps for an image: a lazy
// loader's data-lazy-src or data-src, else src, else the widest srcset
// candidate (crosspost/transform_html.go, chooseImageSource).
func imageSource(img *html.Node) string {
	for _, k := range []string{"data-lazy-src", "data-src", "src"} {
		if v := strings.TrimSpace(attrOf(img, k)); v != "" && !strings.HasPrefix(v, "data:") {
			return v
		}
	}
	best, bestW := "", -1.0
	for _, c := range strings.Split(attrOf(img, "srcset"), ",") {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		w := 1.0
		if len(f) > 1 {
			var n float64
			for _, ch := range strings.TrimRight(f[1], "wx") {
				if ch < '0' || ch > '9' {
					n = -1
					break
				}
				n = n*10 + float64(ch-'0')
			}
			w = n
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// plainWindow is the marked element's text with the word before and after
// it, read as plain text: if the body holds exactly that, the mark is lost.
// A mark alone in its block is the block's whole text between "¶"s.
func plainWindow(n *html.Node) string {
	block := n.Parent
	for block != nil && block.Type == html.ElementNode && inlineTags[block.Data] {
		block = block.Parent
	}
	inner := collapse(textOf(n))
	if block == nil {
		return inner
	}
	var before, after strings.Builder
	seen := false
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if c == n {
			seen = true
			return
		}
		if c.Type == html.TextNode {
			if seen {
				after.WriteString(c.Data)
			} else {
				before.WriteString(c.Data)
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(block)
	b := strings.Fields(before.String())
	a := strings.Fields(after.String())
	switch {
	case len(b) == 0 && len(a) == 0:
		return "¶ " + inner + " ¶"
	case len(b) == 0:
		return "¶ " + inner + " " + a[0]
	case len(a) == 0:
		return b[len(b)-1] + " " + inner + " ¶"
	}
	// Text glued to the mark ("re<del>do</del>") stays glued.
	pre, post := b[len(b)-1]+" ", " "+a[0]
	if bs := before.String(); bs != "" && !unicode.IsSpace(rune(bs[len(bs)-1])) {
		pre = strings.TrimSpace(pre)
	}
	if as := after.String(); as != "" && !unicode.IsSpace(rune(as[0])) {
		post = strings.TrimSpace(post)
	}
	return pre + inner + post
}

// corpusBody is a Medium story body, as the oracle reads it.
type corpusBody struct {
	reading corpusReading
	hrefs   []string // every link, normalised
	srcs    []string // every image source
	urls    map[string]bool
	text    string // blocks joined by " ¶ ", whitespace collapsed
	// disallowed counts what Medium's story model has no place for: tags
	// outside its subset, a list inside a list, an image outside a figure.
	disallowed map[string]int
}

// mediumTags are the elements a Medium story keeps (docs: "What a story can
// hold"), and hr, its section break (the cross-link footer uses one).
var mediumTags = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "figure": true, "img": true, "figcaption": true,
	"pre": true, "code": true, "blockquote": true, "ul": true, "ol": true, "li": true, "iframe": true,
	"strong": true, "b": true, "em": true, "i": true, "a": true, "br": true, "hr": true,
}

// readBody reads the content of the JSON body `publish --dry-run --json` prints.
func readBody(content string) corpusBody {
	doc, _ := html.Parse(strings.NewReader(content)) // a strings.Reader cannot fail
	b := corpusBody{urls: map[string]bool{}, disallowed: map[string]int{}}
	b.reading = readHTML(doc, nil, true)
	var blocks []string
	var text strings.Builder
	var walk func(n *html.Node, inList bool)
	walk = func(n *html.Node, inList bool) {
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode {
			switch tag := n.Data; {
			case tag == "html" || tag == "head" || tag == "body":
			case !mediumTags[tag]:
				b.disallowed["<"+tag+">"]++
			case (tag == "ul" || tag == "ol") && inList:
				b.disallowed["list in a list"]++
			case tag == "img" && !inFigure(n):
				b.disallowed["image outside a figure"]++
			}
			switch n.Data {
			case "a":
				if u := absURL(nil, attrOf(n, "href")); u != "" {
					b.hrefs = append(b.hrefs, u)
					b.urls[u], b.urls[mediaKey(u)] = true, true
				} else if h := strings.TrimSpace(attrOf(n, "href")); h != "" {
					b.hrefs = append(b.hrefs, h) // "#x": checked against the forbidden
				}
			case "img", "iframe":
				if u := absURL(nil, attrOf(n, "src")); u != "" {
					if n.Data == "img" {
						b.srcs = append(b.srcs, u)
					}
					b.urls[u], b.urls[mediaKey(u)] = true, true
				}
			}
			if !inlineTags[n.Data] {
				flushBlock(&text, &blocks)
			}
			inList = inList || n.Data == "li"
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inList)
		}
		if n.Type == html.ElementNode && !inlineTags[n.Data] {
			flushBlock(&text, &blocks)
		}
	}
	walk(doc, false)
	b.text = " ¶ " + strings.Join(blocks, " ¶ ") + " ¶ "
	return b
}

func flushBlock(text *strings.Builder, blocks *[]string) {
	if t := collapse(text.String()); t != "" {
		*blocks = append(*blocks, t)
	}
	text.Reset()
}

// inFigure: <figure><img>, or <figure><a><img></a>.
func inFigure(img *html.Node) bool {
	p := img.Parent
	if p != nil && p.Type == html.ElementNode && p.Data == "a" {
		p = p.Parent
	}
	return p != nil && p.Type == html.ElementNode && p.Data == "figure"
}

// hasMedia: a media URL reaches the body as a link, an image or an embed;
// a WordPress embed's iframe (the post's URL + "embed/") counts when the
// post's own URL is there.
func (b corpusBody) hasMedia(m string) bool {
	if b.urls[m] {
		return true
	}
	if trimmed, ok := strings.CutSuffix(m, "embed/"); ok {
		return b.urls[trimmed]
	}
	return false
}

// markKept reports whether the meaning a mark carries is still visible in
// the body's text.
func (b corpusBody) markKept(m corpusMark) bool {
	lower := strings.ToLower(b.text)
	switch m.kind {
	case "quoted":
		for _, q := range [][2]string{{"“", "”"}, {`"`, `"`}, {"‘", "’"}, {"'", "'"}, {"«", "»"}, {"« ", " »"}, {"„", "“"}} {
			if strings.Contains(b.text, q[0]+m.text+q[1]) {
				return true
			}
		}
		return false
	case "abbr-title":
		return strings.Contains(lower, strings.ToLower(m.text))
	}
	// struck, inserted: the words read as plain text next to their
	// neighbours, exactly as if the mark had never been there, lose it.
	return !strings.Contains(b.text, m.text)
}

// tokens splits text into the words the oracle counts: runs of letters,
// digits and combining marks, lower-cased; a run of super- or subscript
// characters (x², H₂O) is a word of its own in plain digits, as a sup or
// sub element is; the combining overlays of struck-through text (s̶) are
// ignored.
func tokens(s string) []string {
	var out []string
	var cur []rune
	curScript := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range s {
		if r >= 0x0334 && r <= 0x0338 {
			continue
		}
		if plain, ok := scriptDigits[r]; ok {
			if !curScript {
				flush()
			}
			curScript = true
			cur = append(cur, plain)
			continue
		}
		// A mark with no letter before it (the variation selector of 6.5's
		// "↩︎" back link) is not a word of its own.
		if unicode.Is(unicode.Mn, r) && len(cur) == 0 {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if curScript {
				flush()
			}
			curScript = false
			cur = append(cur, r)
			continue
		}
		flush()
	}
	flush()
	return out
}

// scriptDigits maps superscript and subscript characters to plain ones.
var scriptDigits = func() map[rune]rune {
	m := map[rune]rune{'⁰': '0', '¹': '1', '²': '2', '³': '3', 'ⁿ': 'n', 'ⁱ': 'i'}
	for d := rune(4); d <= 9; d++ {
		m[0x2070+d] = '0' + d
	}
	for d := rune(0); d <= 9; d++ {
		m[0x2080+d] = '0' + d
	}
	return m
}()

func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }), " ")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

func findAllElements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			if k.Type == html.ElementNode && k.Data == tag {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(n)
	return out
}

func getAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, key string) string {
	v, _ := getAttr(n, key)
	return v
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrOf(n, "class")), class)
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
