package crosspost

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// partSeparator goes between two parts of a block that its stylesheet lays
// out apart. A middle dot is how a line of metadata is joined in text
// ("Sticky post · March 15, 2024"); a bare space would make the two read as
// one phrase, and a line break cannot go inside a link, where a navigation
// item's label and description both sit.
const partSeparator = " · "

// blockPart matches the class WordPress gives each part of a block's own
// markup, BEM style: wp-block-latest-posts__post-title,
// wp-block-navigation-item__description.
var blockPart = regexp.MustCompile(`(?:^|\s)wp-block-[a-z0-9-]+__[a-z0-9-]+(?:\s|$)`)

// separateBlockParts keeps apart the text of the parts of a dynamic block
// that WordPress renders as adjacent elements with nothing between them
// and leaves to CSS to space (a latest post's title and its <time>, a
// navigation item's label and description): read as text they run
// together, "Sticky postMarch 15, 2024". Two sibling inline elements get
// partSeparator between them when one of them is such a part (a
// wp-block-…__… class, or a <time>, which is never part of a word) and
// their text would otherwise join into one word. Ordinary formatting
// (<strong>W</strong><em>ord</em>) has no part class and is left alone;
// WordPress's own separators (", " between terms) already space the text.
func separateBlockParts(root *html.Node) {
	for _, n := range elements(root) {
		prev := n.PrevSibling
		if n.Parent == nil || prev == nil || prev.Type != html.ElementNode ||
			isBlockElement(n) || isBlockElement(prev) || !(isBlockPart(n) || isBlockPart(prev)) {
			continue
		}
		if !runTogether(dom.CollectText(prev), dom.CollectText(n)) {
			continue
		}
		n.Parent.InsertBefore(newText(partSeparator), n)
	}
}

// runTogether reports whether left and right, written one after the other,
// have no space between them: neither is blank, left does not end in a
// space, and right does not start with one or with punctuation that closes
// or follows a word (", ", ")").
func runTogether(left, right string) bool {
	l, _ := utf8.DecodeLastRuneInString(left)
	r, _ := utf8.DecodeRuneInString(right)
	switch {
	case strings.TrimSpace(left) == "" || strings.TrimSpace(right) == "",
		unicode.IsSpace(l) || unicode.IsSpace(r): // no-break spaces included
		return false
	case unicode.IsPunct(r):
		return unicode.In(r, unicode.Ps, unicode.Pi)
	}
	return true
}

func isBlockPart(n *html.Node) bool {
	return n.Data == "time" || strings.Contains(attr(n, "class"), "__") && blockPart.MatchString(attr(n, "class"))
}
