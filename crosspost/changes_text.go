package crosspost

import (
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// DiffOp is how a line of a text diff differs: kept, removed or added.
type DiffOp byte

// The operations, as a unified diff prints them.
const (
	DiffSame    DiffOp = ' '
	DiffRemoved DiffOp = '-'
	DiffAdded   DiffOp = '+'
)

// String is the op's mark.
func (o DiffOp) String() string { return string(rune(o)) }

// DiffLine is one paragraph (or line of a code block) of a text diff.
type DiffLine struct {
	Op   DiffOp
	Text string
}

// Hunk is a run of changed paragraphs with one paragraph of context either
// side; From is the first one's index (from 1) in the text Medium got.
type Hunk struct {
	From  int
	Lines []DiffLine
}

// textLines is the plain text of content (as Transform makes it), a
// paragraph a line: headings, paragraphs, list items, captions, each line
// of a code block; whitespace collapsed, markup dropped.
func textLines(content string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(content), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil
	}
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			cur.WriteString(n.Data)
			return
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Pre:
			flush()
			for _, l := range strings.Split(nodeText(n), "\n") {
				if l = strings.TrimRight(l, " \t"); strings.TrimSpace(l) != "" {
					out = append(out, l)
				}
			}
			return
		case n.DataAtom == atom.Br:
			flush()
			return
		case blockElement(n.DataAtom):
			flush()
			defer flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	flush()
	return out
}

func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote,
		atom.Figcaption, atom.Figure, atom.Ul, atom.Ol, atom.Hr, atom.Div, atom.Table, atom.Tr, atom.Td, atom.Th:
		return true
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// diffText is the hunks between the paragraphs Medium got and those of now.
func diffText(was, now []string) []Hunk {
	m := difflib.NewMatcher(was, now)
	var out []Hunk
	for _, group := range m.GetGroupedOpCodes(1) {
		h := Hunk{From: group[0].I1 + 1}
		for _, op := range group {
			switch op.Tag {
			case 'e':
				for _, l := range was[op.I1:op.I2] {
					h.Lines = append(h.Lines, DiffLine{DiffSame, l})
				}
			case 'd', 'r', 'i':
				for _, l := range was[op.I1:op.I2] {
					h.Lines = append(h.Lines, DiffLine{DiffRemoved, l})
				}
				for _, l := range now[op.J1:op.J2] {
					h.Lines = append(h.Lines, DiffLine{DiffAdded, l})
				}
			}
		}
		out = append(out, h)
	}
	return out
}

// hrefs and srcs are the link targets and image sources of content, each
// once, in document order.
func hrefs(content string) []string { return attrsOf(content, "a", "href") }
func srcs(content string) []string  { return attrsOf(content, "img", "src") }

func attrsOf(content, tag, name string) []string {
	var out []string
	editContent(content, func(root *html.Node) {
		for _, n := range findElements(root, tag) {
			if v := strings.TrimSpace(attr(n, name)); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	})
	return out
}

// setDiff is what b adds to a and what it removes from it, in order.
func setDiff(a, b []string) (added, removed []string) {
	for _, x := range b {
		if !slices.Contains(a, x) {
			added = append(added, x)
		}
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			removed = append(removed, x)
		}
	}
	return added, removed
}
