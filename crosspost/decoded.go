package crosspost

import (
	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// cleanDecoded removes control characters and escape sequences from a parsed
// document: its text and its attribute values, which parsing has decoded
// ("&#27;" is an ESC now). It runs right after parsing, before anything
// rewrites the text: once Markdown escaping puts a backslash after an ESC,
// the sequence no longer looks like one to a cleaner, but still reaches the
// terminal in pieces.
func cleanDecoded(n *html.Node) {
	switch n.Type {
	case html.TextNode, html.CommentNode:
		n.Data = termtext.Clean(n.Data)
	case html.ElementNode:
		for i := range n.Attr {
			n.Attr[i].Val = termtext.CleanLine(n.Attr[i].Val)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cleanDecoded(c)
	}
}
