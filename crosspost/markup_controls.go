package crosspost

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// formControlTags are the parts of a form. A story has no form, and their
// text read as prose is noise ("ArchivesSelect MonthDecember 2026").
var formControlTags = []string{"button", "input", "select", "option", "optgroup", "textarea", "label", "datalist", "output"}

// keepControlText keeps what a reader can use of interactive markup, which
// neither Medium nor Markdown can show, and drops the rest:
//
//   - A button outside a form is a label the reader is meant to read (an
//     accordion's heading, a Button block saved as <button>): its text stays,
//     and so does a link around it.
//   - A text area outside a form is text to copy: a code block.
//   - A form's controls (fields, their labels, options, submit buttons) are
//     dropped, except that a drop-down whose options go to pages (the
//     Archives block's months) becomes a list of those links, under its
//     label.
//   - What is hidden from screen readers (aria-hidden) is decoration: an
//     accordion's "+" icon, a cover's overlay, a spacer. It is dropped unless
//     it holds an image or a link.
func keepControlText(root *html.Node) {
	linked := map[string]bool{} // ids of the drop-downs that became link lists
	for _, n := range elements(root, "select") {
		if n.Parent != nil && selectAsLinks(n) && attr(n, "id") != "" {
			linked[attr(n, "id")] = true
		}
	}
	for _, n := range elements(root, formControlTags...) {
		switch {
		case n.Parent == nil:
		case n.Data == "button" && !isFormButton(n):
			dom.UnwrapNode(n)
		case n.Data == "textarea" && !isFormButton(n) && strings.TrimSpace(text(n)) != "":
			// Outside a form, a text area is text to copy (an embed code in
			// a classic post): it reads as a code block.
			pre, code := newElement("pre"), newElement("code")
			code.AppendChild(newText(text(n)))
			pre.AppendChild(code)
			dom.ReplaceNode(n, pre)
		case n.Data == "label" && linked[attr(n, "for")] && text(n) != "":
			p := newElement("p")
			p.AppendChild(newText(text(n)))
			dom.ReplaceNode(n, p)
		default:
			dom.RemoveNode(n)
		}
	}
	for _, n := range elements(root) {
		if n.Parent != nil && isDecoration(n) {
			dom.RemoveNode(n)
		}
	}
}

// isFormButton reports a button that does something to a form (submits,
// resets, or belongs to one) rather than labelling content.
func isFormButton(n *html.Node) bool {
	switch strings.ToLower(strings.TrimSpace(attr(n, "type"))) {
	case "submit", "reset":
		return true
	}
	if attr(n, "form") != "" {
		return true
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if isElement(p, "form") {
			return true
		}
	}
	return false
}

// selectAsLinks replaces a drop-down whose options are page addresses with a
// list of links to them, or removes it; it reports whether a list was made.
func selectAsLinks(sel *html.Node) bool {
	list := newElement("ul")
	for _, o := range findElements(sel, "option") {
		v, label := strings.TrimSpace(attr(o, "value")), text(o)
		if label == "" || !(strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "/")) || strings.HasPrefix(v, "//") {
			continue // a placeholder ("Select Month") or a value only a script reads (a category id)
		}
		li, a := newElement("li"), newElement("a", "href", v)
		a.AppendChild(newText(label))
		li.AppendChild(a)
		list.AppendChild(li)
	}
	if list.FirstChild == nil {
		dom.RemoveNode(sel)
		return false
	}
	dom.ReplaceNode(sel, list)
	return true
}

// isDecoration reports an element hidden from assistive technology that
// holds no image and no link.
func isDecoration(n *html.Node) bool {
	if n.Type != html.ElementNode || !strings.EqualFold(strings.TrimSpace(attr(n, "aria-hidden")), "true") {
		return false
	}
	return n.Data != "img" && n.Data != "a" &&
		dom.FindFirstNode(n, func(c *html.Node) bool { return isElement(c, "img") || isElement(c, "a") }) == nil
}

// dropSiteMachinery settles the links into WordPress's own workings on the
// post's site: the REST API (/wp-json/, ?rest_route=), the login and admin
// screens (wp-login.php, /wp-admin/) and XML-RPC. Dynamic blocks put them
// in the content as controls for the site's own users ("Log out", a
// comment's "Edit", a comment form's "Cancel reply", query pagination built
// from the REST request's address): without the address the words are a
// button that does nothing, so they go too. The same address in the
// author's own sentence ("go to Settings → General") keeps its words and
// loses only the link, which leads readers to a login screen. An image
// inside such a link is content (an avatar) and stays, unlinked. Links to
// other sites are left alone, whatever their path. base is the post's
// address ("" treats every absolute link as another site's).
func dropSiteMachinery(root *html.Node, base string) {
	site := ""
	if u, err := url.Parse(base); err == nil {
		site = strings.ToLower(u.Hostname())
	}
	for _, a := range elements(root, "a") {
		if a.Parent == nil || !isSiteMachinery(attr(a, "href"), site) {
			continue
		}
		switch {
		case dom.FindFirstNode(a, func(n *html.Node) bool { return isElement(n, "img") }) != nil, !isSiteControl(a):
			dom.UnwrapNode(a)
		default:
			removeClosingGap(a)
		}
	}
}

// siteControlMarks are the classes and ids WordPress gives the controls of
// its dynamic blocks and comment templates.
var siteControlMarks = []string{
	"wp-block-loginout", "comment-edit-link", "post-edit-link", "comment-reply-link", "cancel-comment-reply-link",
	"logged-in-as", "wp-block-query-pagination", "wp-block-comments-pagination", "wp-block-post-comments-form",
	"comment-respond", "wp-block-comment-edit-link", "wp-block-comment-reply-link",
}

// isSiteControl reports a link that is one of WordPress's controls: it,
// or an element around it, carries one of siteControlMarks (a prefix of a
// class, or an id).
func isSiteControl(a *html.Node) bool {
	for n := a; n != nil && n.Type == html.ElementNode; n = n.Parent {
		id := attr(n, "id")
		for _, mark := range siteControlMarks {
			if id == mark {
				return true
			}
			for _, c := range strings.Fields(attr(n, "class")) {
				if strings.HasPrefix(c, mark) {
					return true
				}
			}
		}
	}
	return false
}

// removeClosingGap removes n, with the inline wrappers it leaves empty
// (<small><a>Cancel reply</a></small>), and the space it leaves before the
// end of its block or before punctuation: "from <a>the API</a>;" reads
// "from;", not "from ;".
func removeClosingGap(n *html.Node) {
	for p := n.Parent; p != nil && p.Parent != nil && p.Type == html.ElementNode && !isBlockElement(p) && onlyChildElement(p) == n; p = n.Parent {
		n = p
	}
	prev, next := n.PrevSibling, n.NextSibling
	dom.RemoveNode(n)
	if prev == nil || prev.Type != html.TextNode {
		return
	}
	if next != nil {
		if next.Type != html.TextNode {
			return
		}
		r, _ := utf8.DecodeRuneInString(next.Data)
		if !unicode.IsSpace(r) && !(unicode.IsPunct(r) && !unicode.In(r, unicode.Ps, unicode.Pi)) {
			return
		}
	}
	prev.Data = strings.TrimRightFunc(prev.Data, unicode.IsSpace)
}

// isSiteMachinery reports a link into WordPress's workings on the site
// whose host is site (a relative link is the site's).
func isSiteMachinery(href, site string) bool {
	if !strings.Contains(href, "wp-") && !strings.Contains(href, "rest_route") && !strings.Contains(href, "xmlrpc") {
		return false // most links: no need to parse them
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return false
	}
	if u.Host != "" && !strings.EqualFold(u.Hostname(), site) {
		return false // another site's
	}
	p := strings.ToLower(u.Path)
	return strings.Contains(p, "/wp-json/") || strings.HasSuffix(p, "/wp-json") ||
		strings.Contains(p, "/wp-admin/") || strings.HasSuffix(p, "/wp-admin") ||
		path.Base(p) == "wp-login.php" || path.Base(p) == "xmlrpc.php" ||
		u.Query().Has("rest_route")
}

// unlinkInPageAnchors keeps the text of links to a place in the post itself
// ("#towpath", or the permalink with a fragment) and drops the link: a
// Medium story has no in-page anchors, and such a link there either does
// nothing or leaves the story for the WordPress page. Footnote references
// are settled before this (footnotesAsText).
//
// A comment's own address is not such an anchor: WordPress gives every
// comment the permalink plus "#comment-N" (get_comment_link), the
// discussion lives on WordPress, and on Medium that link takes the reader to
// the comment, where they can answer it. It stays.
func unlinkInPageAnchors(root *html.Node, base *url.URL) {
	for _, a := range elements(root, "a") {
		href := strings.TrimSpace(attr(a, "href"))
		if a.Parent == nil || !strings.Contains(href, "#") {
			continue
		}
		if isInPageAnchor(base, href) {
			dom.UnwrapNode(a)
		}
	}
}

// isInPageAnchor reports a bare fragment, or one on the permalink that is
// not a comment's address (see unlinkInPageAnchors).
func isInPageAnchor(base *url.URL, href string) bool {
	i := strings.Index(href, "#")
	switch {
	case i == 0:
		return true
	case i < 0 || commentFragment.MatchString(href[i+1:]):
		return false
	}
	return samePage(base, resolveLink(base, href))
}

// commentFragment is the fragment of a comment's permalink.
var commentFragment = regexp.MustCompile(`^comment-[0-9]+$`)
