package crosspost

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// ToPreview is ToMarkdown for reading in the terminal. A link's address is
// not written inside the sentence, where a terminal renderer prints it
// after the link's text and wraps it at every dot and hyphen, leaving the
// text's words stranded on lines of their own: the text is kept with a
// reference number, "a link[1]", and the addresses are listed at the end
// under "Links". A link to a place on the same page (a footnote, a heading)
// and a link whose text is its own address keep their text alone.
//
// The terminal renderer decodes entities once more: a post that writes
// about "&#27;[8m" (stored as "&amp;#27;[8m") would turn into a real escape
// there. So every "&" of the text is written "&amp;", and what is rendered
// is exactly the text (code, where nothing is decoded, is left as it is).
func ToPreview(htmlText, baseURL string) (string, error) {
	return toMarkdown(htmlText, baseURL, true)
}

// escapeAmpersands writes each "&" of doc's text, outside code, as "&amp;",
// which the Markdown converter passes on and the renderer decodes back.
func escapeAmpersands(n *html.Node) {
	if n.Type == html.ElementNode && (n.Data == "code" || n.Data == "pre") {
		return
	}
	if n.Type == html.TextNode {
		n.Data = strings.ReplaceAll(n.Data, "&", "&amp;")
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		escapeAmpersands(c)
	}
}

// referenceLinks replaces each link in doc by its text and a reference
// number, and appends the numbered addresses at the end of the body.
func referenceLinks(doc *html.Node, baseURL string) {
	base, _ := url.Parse(baseURL)
	var refs []string
	number := map[string]int{}
	for _, a := range findElements(doc, "a") {
		href := strings.TrimSpace(attr(a, "href"))
		label := text(a)
		if a.Parent == nil || label == "" {
			continue // an image link, or a link already removed
		}
		target := resolveLink(base, href)
		switch {
		case target == "", isInPageAnchor(base, target), sameAddress(label, target):
			unwrap(a)
			continue
		}
		n, seen := number[target]
		if !seen {
			refs = append(refs, target)
			n = len(refs)
			number[target] = n
		}
		a.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: fmt.Sprintf("[%d]", n)}, a.NextSibling)
		unwrap(a)
	}
	if len(refs) == 0 {
		return
	}
	body := findElements(doc, "body")
	if len(body) == 0 {
		return
	}
	body[0].AppendChild(newElement("hr"))
	heading := newElement("p")
	strong := newElement("strong")
	strong.AppendChild(&html.Node{Type: html.TextNode, Data: "Links"})
	heading.AppendChild(strong)
	body[0].AppendChild(heading)
	list := newElement("ol") // numbered as the references are
	for _, r := range refs {
		li := newElement("li")
		li.AppendChild(&html.Node{Type: html.TextNode, Data: r})
		list.AppendChild(li)
	}
	body[0].AppendChild(list)
}

// resolveLink makes href absolute against base ("" when it cannot be used).
func resolveLink(base *url.URL, href string) string {
	if href == "" || strings.HasPrefix(strings.ToLower(href), "javascript:") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// samePage reports a link to a fragment of the page itself.
func samePage(base *url.URL, target string) bool {
	u, err := url.Parse(target)
	if err != nil || u.Fragment == "" || base == nil {
		return false
	}
	u.Fragment, u.RawFragment = "", ""
	b := *base
	b.Fragment, b.RawFragment = "", ""
	return strings.TrimRight(u.String(), "/") == strings.TrimRight(b.String(), "/")
}

// sameAddress reports a link whose text is its address (with or without
// the scheme): the text says it all.
func sameAddress(label, target string) bool {
	trim := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
		return strings.TrimRight(s, "/")
	}
	return trim(label) == trim(target)
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
		c = next
	}
	n.Parent.RemoveChild(n)
}
