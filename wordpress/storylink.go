package wordpress

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What StoryLink found the story in, in words for the user
// (crosspost.Found.How).
const (
	// HowCrossLink: wp2medium's own "Also published on Medium" paragraph,
	// marked with CrossLinkClass.
	HowCrossLink = "the cross-link paragraph"
	// HowPluginFooter: the footer of Medium's own WordPress plugin
	// (abandoned in 2017): a rule, then "<p><em>Also published on <a
	// href=URL>Medium</a>.</em></p>". The plugin added it with a
	// the_content filter on single-post pages only, so it is in a post's
	// content only where someone saved a rendered page back into the post
	// (a migration, a copy and paste); the REST API never renders it.
	HowPluginFooter = "the old Medium plugin's footer"
)

// PluginFooterSearch is the text a WordPress search (search=) for the old
// plugin's footer asks for. The quotes make WordPress look for the phrase
// (one LIKE), not each word; it matches wp2medium's own paragraph too.
const PluginFooterSearch = `"Also published on"`

// footerText is the text of the paragraph the plugin wrote ("Also
// published on Medium."), and the wording some themes and hand edits use.
var footerText = regexp.MustCompile(`(?i)^(?:this (?:post|story|article) was )?also published on medium\.?$`)

// StoryLink returns the address of the Medium story a post's content
// links as its copy: the link in wp2medium's cross-link paragraph (an
// element whose class holds CrossLinkClass), else the link of a paragraph
// that reads "Also published on Medium." (the old Medium plugin's footer),
// with how it was found (HowCrossLink, HowPluginFooter).
//
// content is stored content (content.raw, block comments and classic
// paragraphs without <p> included) or rendered content. Only an https
// address of a Medium story counts: on medium.com, or on a publication's
// own domain with a path ending in "-<story id>". What sits in <pre>,
// <code>, <textarea>, <script> or a comment does not count, so a post that
// shows the markup as an example is not taken for a cross-posted one.
func StoryLink(content string) (storyURL, how string, ok bool) {
	u, how, _ := scanStoryLink(content)
	return u, how, u != ""
}

// StoryClaim reports content that says the post is also on Medium (the
// cross-link element, or the plugin footer's paragraph with its one link)
// while StoryLink accepts no story address in it: href is the link it
// carries instead (a profile, an http address, the site's own page; empty
// when the cross-link element links nothing), how is HowCrossLink or
// HowPluginFooter. The post was cross-posted, so a create must not go
// ahead unasked; the story cannot be recorded from such a link.
func StoryClaim(content string) (href, how string, ok bool) {
	u, _, s := scanStoryLink(content)
	if u != "" {
		return "", "", false
	}
	if s.claimHow != "" {
		return s.claimHref, s.claimHow, true
	}
	if s.sawMarker {
		return "", HowCrossLink, true
	}
	return "", "", false
}

func scanStoryLink(content string) (storyURL, how string, s *linkScan) {
	s = &linkScan{}
	if content == "" {
		return "", "", s
	}
	var footer string
	z := html.NewTokenizer(strings.NewReader(content))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		if u, found := s.step(tt, tok); found != "" {
			if found == HowCrossLink {
				return u, HowCrossLink, s
			}
			if footer == "" {
				footer = u
			}
		}
	}
	if u := s.endParagraph(); u != "" && footer == "" {
		footer = u
	}
	if footer != "" {
		return footer, HowPluginFooter, s
	}
	return "", "", s
}

// linkScan walks the tokens of post content.
type linkScan struct {
	hidden int // depth inside pre, code, textarea, script, style

	// the cross-link element being read: its tag and nesting depth
	marked      atom.Atom
	markedDepth int

	// the paragraph being read, for the footer: its text and links
	text  strings.Builder
	links []string
	inA   bool
	aText strings.Builder
	aHref string

	// the first claim without a story address: the cross-link element
	// seen, and the first marker or footer link StoryLink did not accept
	sawMarker bool
	claimHref string
	claimHow  string
}

// claim notes a marker's or footer's link that is not a story address.
func (s *linkScan) claim(href, how string) {
	if s.claimHow == "" {
		s.claimHref, s.claimHow = href, how
	}
}

func hiddenElement(a atom.Atom) bool {
	switch a {
	case atom.Pre, atom.Code, atom.Textarea, atom.Script, atom.Style, atom.Template:
		return true
	}
	return false
}

// paragraphBreak is an element that starts or ends a paragraph of text.
func paragraphBreak(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Hr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol,
		atom.Blockquote, atom.Figure, atom.Figcaption, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Aside, atom.Br:
		return true
	}
	return false
}

// step reads one token and returns a story URL with what found it, when
// the token closes a cross-link element or a footer paragraph.
func (s *linkScan) step(tt html.TokenType, tok html.Token) (string, string) {
	switch tt {
	case html.StartTagToken, html.SelfClosingTagToken:
		if hiddenElement(tok.DataAtom) {
			if tt == html.StartTagToken {
				s.hidden++
			}
			return "", ""
		}
		if s.hidden > 0 {
			return "", ""
		}
		if hasClass(tok, CrossLinkClass) {
			s.sawMarker = true
		}
		if s.marked == 0 && hasClass(tok, CrossLinkClass) && tt == html.StartTagToken {
			s.marked, s.markedDepth = tok.DataAtom, 1
		} else if s.marked != 0 && tok.DataAtom == s.marked && tt == html.StartTagToken {
			s.markedDepth++
		}
		if tok.DataAtom == atom.A {
			href := attr(tok, "href")
			if s.marked != 0 {
				if u, ok := storyAddress(href); ok {
					return u, HowCrossLink
				}
				s.claim(href, HowCrossLink)
			}
			s.inA, s.aHref = true, href
			s.aText.Reset()
			return "", ""
		}
		if paragraphBreak(tok.DataAtom) {
			if u := s.endParagraph(); u != "" {
				return u, HowPluginFooter
			}
		}
	case html.EndTagToken:
		if hiddenElement(tok.DataAtom) {
			if s.hidden > 0 {
				s.hidden--
			}
			return "", ""
		}
		if s.hidden > 0 {
			return "", ""
		}
		if s.marked != 0 && tok.DataAtom == s.marked {
			if s.markedDepth--; s.markedDepth == 0 {
				s.marked = 0
			}
		}
		if tok.DataAtom == atom.A && s.inA {
			s.inA = false
			if strings.EqualFold(strings.TrimSpace(s.aText.String()), "Medium") {
				s.links = append(s.links, s.aHref)
			} else {
				s.links = append(s.links, "") // another link: not the footer
			}
			return "", ""
		}
		if paragraphBreak(tok.DataAtom) {
			if u := s.endParagraph(); u != "" {
				return u, HowPluginFooter
			}
		}
	case html.TextToken:
		if s.hidden > 0 {
			return "", ""
		}
		// A blank line ends a paragraph of classic content (wpautop).
		parts := strings.Split(tok.Data, "\n\n")
		for i, part := range parts {
			if i > 0 {
				if u := s.endParagraph(); u != "" {
					s.text.WriteString(strings.Join(parts[i:], " "))
					return u, HowPluginFooter
				}
			}
			s.text.WriteString(part)
			if s.inA {
				s.aText.WriteString(part)
			}
		}
	}
	return "", ""
}

// endParagraph closes the paragraph being read and returns its story
// address when it is the plugin's footer: its text is the footer's and its
// one link, on the word "Medium", goes to a story.
func (s *linkScan) endParagraph() string {
	text := strings.Join(strings.Fields(s.text.String()), " ")
	links := s.links
	s.text.Reset()
	s.links = nil
	if len(links) != 1 || links[0] == "" || !footerText.MatchString(text) {
		return ""
	}
	u, ok := storyAddress(links[0])
	if !ok {
		s.claim(links[0], HowPluginFooter)
	}
	return u
}

func hasClass(tok html.Token, class string) bool {
	for _, c := range strings.Fields(attr(tok, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(tok html.Token, name string) string {
	for _, a := range tok.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// storyID is the end of a story's address: "-" and 8 to 12 lower-case hex
// digits (12 on every story of the last decade).
var storyID = regexp.MustCompile(`(?:^|-)[0-9a-f]{8,12}$`)

// storyAddress accepts href when it is the https address of a Medium
// story (checkMediumURL, then the story shapes store.ParseMediumURL
// accepts) and returns it trimmed.
func storyAddress(href string) (string, bool) {
	s, err := checkMediumURL(href)
	if err != nil {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	p := strings.TrimRight(u.Path, "/")
	last := p[strings.LastIndex(p, "/")+1:]
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	onMedium := host == "medium.com" || strings.HasSuffix(host, ".medium.com")
	if !storyID.MatchString(last) || (!onMedium && !strings.Contains(last, "-")) {
		return "", false
	}
	return s, true
}
