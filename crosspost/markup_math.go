package crosspost

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// mathAsCode replaces each formula written in MathML (the Math block, the
// inline math format, plugins that render TeX to MathML) with one readable
// form in inline code. Medium drops MathML and keeps its text, which glues
// the rendered symbols to the TeX source in the annotation
// ("eiπ+1=0e^{i\pi} + 1 = 0"), and the symbols alone lose every superscript
// and fraction ("eiπ+1=0").
//
// The TeX source is sent when the markup carries it (the block editor always
// does): it is what the author typed and says everything the rendering did,
// and readers of formulas read it. Without it, the MathML is written out as
// a line of text that keeps the structure: x^2, (a+b)/2, √(x+1).
func mathAsCode(root *html.Node) {
	for _, m := range findElements(root, "math") {
		if m.Parent == nil {
			continue // inside a formula already replaced
		}
		form := texSource(m)
		if form == "" {
			form = linearMath(m)
		}
		form = strings.Join(strings.Fields(form), " ")
		if form == "" {
			dom.RemoveNode(m)
			continue
		}
		code := newElement("code")
		code.AppendChild(newText(form))
		dom.ReplaceNode(m, code)
	}
}

// texSource is the TeX a formula was written in: the inline format's
// data-latex, or a TeX annotation; "" when there is none.
func texSource(m *html.Node) string {
	if v := strings.TrimSpace(attr(m, "data-latex")); v != "" {
		return v
	}
	for _, a := range findElements(m, "annotation") {
		if strings.Contains(strings.ToLower(attr(a, "encoding")), "tex") {
			if v := strings.TrimSpace(dom.CollectText(a)); v != "" {
				return v
			}
		}
	}
	return ""
}

// linearMath writes presentation MathML as one line of text.
func linearMath(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			kids = append(kids, c)
		}
	}
	part := func(i int) string {
		if i < len(kids) {
			return mathGroup(linearMath(kids[i]))
		}
		return ""
	}
	switch n.Data {
	case "mi", "mn", "mo", "mtext", "ms":
		return dom.CollectText(n)
	case "annotation", "annotation-xml":
		return ""
	case "semantics": // the rendering comes first, annotations after
		if len(kids) > 0 {
			return linearMath(kids[0])
		}
		return ""
	case "msup", "mover":
		return part(0) + "^" + part(1)
	case "msub", "munder":
		return part(0) + "_" + part(1)
	case "msubsup", "munderover":
		return part(0) + "_" + part(1) + "^" + part(2)
	case "mfrac":
		return part(0) + "/" + part(1)
	case "mroot":
		return part(1) + "√" + part(0)
	case "msqrt":
		return "√" + mathGroup(joinMath(kids, ""))
	case "mtable":
		return "[" + joinMath(kids, "; ") + "]"
	case "mtr":
		return joinMath(kids, ", ")
	}
	return joinMath(kids, "")
}

func joinMath(nodes []*html.Node, sep string) string {
	parts := make([]string, 0, len(nodes))
	for _, k := range nodes {
		parts = append(parts, linearMath(k))
	}
	return strings.Join(parts, sep)
}

// mathGroup puts parentheses around a part longer than one character, so
// that x^(n+1) does not read as x^n+1.
func mathGroup(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= 1 || inParentheses(s) {
		return s
	}
	return "(" + s + ")"
}

// inParentheses reports whether one pair of parentheses encloses all of s:
// "(a+b)" but not "(a)+(b)".
func inParentheses(s string) bool {
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return false
	}
	depth := 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 && i < len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// looksLikeTeX matches text only TeX is written in: a command (\frac,
// \pi) or a braced super- or subscript (e^{i}, x_{n}).
var looksLikeTeX = regexp.MustCompile(`\\[a-zA-Z]+|[\^_]\{`)

// formulaImageTeX is the TeX of an image that renders a formula, or "".
// Jetpack's $latex$ shortcode renders <img class="latex"
// src="…/latex.php?latex=…"> with the TeX in alt; other renderers are
// known by an alt that reads as TeX in an image set in running text (a
// photo's alt is words). Such an image is sent as its TeX in inline code,
// like a MathML formula (mathAsCode): as a figure, Medium's only image, it
// would split the sentence it belongs to and show the symbols full-width.
func formulaImageTeX(img *html.Node) string {
	alt := strings.Join(strings.Fields(attr(img, "alt")), " ")
	src := attr(img, "src")
	if dom.HasClass(img, "latex") || strings.Contains(src, "latex.php") {
		if alt == "" {
			if u, err := url.Parse(strings.TrimSpace(src)); err == nil {
				alt = strings.Join(strings.Fields(u.Query().Get("latex")), " ")
			}
		}
		return alt
	}
	if looksLikeTeX.MatchString(alt) && inRunningText(img) {
		return alt
	}
	return ""
}

// inRunningText reports whether the line of text (paragraph, item,
// heading) holding n has words besides n.
func inRunningText(n *html.Node) bool {
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if isBlockElement(p) {
			return p.Data != "figure" && // its caption is about the image, not around it
				strings.TrimSpace(strings.ReplaceAll(dom.CollectText(p), "\u00a0", " ")) != ""
		}
	}
	return false
}
