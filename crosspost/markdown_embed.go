package crosspost

import (
	"net/url"
	"path"
	"strings"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
)

// providerNames spells the embed providers WordPress core knows, by the slug in its
// "is-provider-…" class or derived from the host.
var providerNames = map[string]string{
	"youtube": "YouTube", "vimeo": "Vimeo", "twitter": "Twitter", "x": "X", "tiktok": "TikTok",
	"soundcloud": "SoundCloud", "spotify": "Spotify", "wordpress": "WordPress", "wordpress-tv": "WordPress.tv",
	"instagram": "Instagram", "facebook": "Facebook", "reddit": "Reddit", "dailymotion": "Dailymotion",
	"flickr": "Flickr", "imgur": "Imgur", "mixcloud": "Mixcloud", "ted": "TED", "tumblr": "Tumblr",
	"videopress": "VideoPress", "pinterest": "Pinterest", "speaker-deck": "Speaker Deck", "slideshare": "SlideShare",
	"bluesky": "Bluesky", "mastodon": "Mastodon", "codepen": "CodePen", "github": "GitHub",
}

var videoProviders = map[string]bool{
	"youtube": true, "vimeo": true, "tiktok": true, "dailymotion": true, "ted": true,
	"wordpress-tv": true, "videopress": true,
}

// convertEmbeds replaces embeds (which Markdown and Medium's importer cannot show) with a
// readable link on its own line: "[▶ YouTube: Title](https://www.youtube.com/watch?v=…)".
func convertEmbeds(doc *html.Node) {
	for _, fig := range findAll(doc, func(n *html.Node) bool { return dom.HasClass(n, "wp-block-embed") }) {
		convertEmbedFigure(fig)
	}
	for _, n := range findAll(doc, func(n *html.Node) bool {
		return isElement(n, "iframe") || isElement(n, "video") || isElement(n, "audio") || isElement(n, "embed") || isElement(n, "object")
	}) {
		if n.Parent == nil { // already inside a removed embed
			continue
		}
		src := mediaSource(n)
		if src == "" {
			if n.Data == "video" || n.Data == "audio" || n.Data == "object" {
				// Without an address to link, what the player falls back to
				// (a download link, a sentence) is what a reader can use.
				removeElements(n, "source", "track", "param")
				dom.UnwrapNode(n)
				continue
			}
			dom.RemoveNode(n)
			continue
		}
		label := ""
		switch n.Data {
		case "video":
			src = withoutCacheBuster(src)
			label = "▶ Video: " + fileName(src)
		case "audio":
			src = withoutCacheBuster(src)
			label = "♫ Audio: " + fileName(src)
		default:
			u := canonicalEmbedURL(src)
			src = u
			label = embedLabel(providerFromURL(u), attr(n, "title"), u, false)
		}
		dom.ReplaceNode(n, linkParagraph(src, label))
	}
}

func convertEmbedFigure(fig *html.Node) {
	slug := ""
	isVideo := false
	for _, c := range dom.GetClasses(fig) {
		if s, ok := strings.CutPrefix(c, "is-provider-"); ok {
			slug = s
		}
		if c == "is-type-video" {
			isVideo = true
		}
	}
	wrapper := dom.FindFirstNode(fig, func(n *html.Node) bool { return dom.HasClass(n, "wp-block-embed__wrapper") })
	if wrapper == nil {
		wrapper = fig
	}
	link, title := "", ""
	// The raw block holds the URL as text; the rendered one an iframe or a fallback quote.
	for _, f := range strings.Fields(textOutside(wrapper, "blockquote")) {
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			link = f
			break
		}
	}
	quote := dom.FindFirstNode(wrapper, func(n *html.Node) bool { return isElement(n, "blockquote") })
	if quote != nil && dom.HasClass(quote, "wp-embedded-content") {
		// A WordPress post embed: its quote is only the post's title and link, and the
		// iframe's src is the embed view, not the post.
		if a := dom.FindFirstNode(quote, func(n *html.Node) bool { return isElement(n, "a") }); a != nil {
			title = text(a)
			if link == "" {
				link = attr(a, "href")
			}
		}
		quote = nil
	}
	if iframe := dom.FindFirstNode(wrapper, func(n *html.Node) bool { return isElement(n, "iframe") }); iframe != nil {
		if title == "" {
			title = attr(iframe, "title")
		}
		if link == "" {
			link = canonicalEmbedURL(mediaSource(iframe))
		}
	}
	if quote != nil && link == "" {
		link = quoteLink(quote)
	}
	if link == "" && quote == nil {
		return // nothing recognisable: leave the content for the generic figure handling
	}
	if slug == "" && link != "" {
		slug = providerFromURL(link)
	}
	if videoProviders[slug] {
		isVideo = true
	}
	replacement := newElement("div")
	if link != "" {
		replacement.AppendChild(linkParagraph(link, embedLabel(slug, title, link, isVideo)))
	}
	if quote != nil {
		// Keep a tweet's or toot's text: the embed is gone, its words should not be.
		for _, a := range findAll(quote, func(n *html.Node) bool { return isElement(n, "script") }) {
			dom.RemoveNode(a)
		}
		quote.Attr = nil
		quote.Parent.RemoveChild(quote)
		replacement.AppendChild(quote)
	}
	for _, c := range dom.AllChildElements(fig) {
		if isElement(c, "figcaption") {
			c.Parent.RemoveChild(c)
			replacement.AppendChild(c)
		}
	}
	// The caller turns the remaining figure into a block with an italic caption.
	fig.Data = "figure"
	for c := fig.FirstChild; c != nil; c = fig.FirstChild {
		fig.RemoveChild(c)
	}
	moveChildren(replacement, fig)
}

// textOutside collects n's text, skipping elements named skip.
func textOutside(n *html.Node, skip string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if isElement(n, skip) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// quoteLink finds the embedded item's own link in a fallback quote: for a tweet it is the
// last link (the date, pointing at the status), not the links inside the text.
func quoteLink(quote *html.Node) string {
	links := findAll(quote, func(n *html.Node) bool { return isElement(n, "a") && strings.HasPrefix(attr(n, "href"), "http") })
	if len(links) == 0 {
		return ""
	}
	for i := len(links) - 1; i >= 0; i-- {
		if h := attr(links[i], "href"); strings.Contains(h, "/status/") || strings.Contains(h, "/p/") {
			return h
		}
	}
	return attr(links[len(links)-1], "href")
}

func mediaSource(n *html.Node) string {
	for _, k := range []string{"src", "data-src", "data"} {
		if v := strings.TrimSpace(attr(n, k)); webAddress(v) {
			return v
		}
	}
	if s := dom.FindFirstNode(n, func(c *html.Node) bool {
		return isElement(c, "source") && webAddress(strings.TrimSpace(attr(c, "src")))
	}); s != nil {
		return strings.TrimSpace(attr(s, "src"))
	}
	return ""
}

// webAddress reports an address a reader can follow: http(s), or relative
// to the post (never javascript:, data: or about:).
func webAddress(v string) bool {
	if v == "" {
		return false
	}
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return u.Scheme != "" || !strings.Contains(strings.SplitN(v, "/", 2)[0], ":")
	}
	return false
}

// withoutCacheBuster drops the "_=N" WordPress's [audio] and [video]
// shortcodes add to a file's address (N counts the players on the page, so
// that browsers do not share one player's state between two of them). The
// file is the same without it, and it is the address the shortcode's own
// fallback link gives.
func withoutCacheBuster(src string) string {
	u, err := url.Parse(src)
	if err != nil || u.RawQuery == "" {
		return src
	}
	var kept []string // the other parameters, as written and in their order
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if v, ok := strings.CutPrefix(kv, "_="); ok && v != "" && strings.Trim(v, "0123456789") == "" {
			continue
		}
		kept = append(kept, kv)
	}
	u.RawQuery = strings.Join(kept, "&")
	return u.String()
}

// canonicalEmbedURL turns a player URL into the page a reader would open.
func canonicalEmbedURL(src string) string {
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err != nil {
		return src
	}
	host := strings.TrimPrefix(u.Hostname(), "www.")
	switch {
	case (host == "youtube.com" || host == "youtube-nocookie.com") && strings.HasPrefix(u.Path, "/embed/"):
		id := strings.TrimPrefix(u.Path, "/embed/")
		if id != "" && !strings.Contains(id, "/") {
			return "https://www.youtube.com/watch?v=" + id
		}
	case host == "player.vimeo.com" && strings.HasPrefix(u.Path, "/video/"):
		return "https://vimeo.com/" + strings.TrimPrefix(u.Path, "/video/")
	}
	return src
}

func providerFromURL(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	switch host {
	case "youtu.be", "youtube-nocookie.com", "m.youtube.com":
		return "youtube"
	case "x.com":
		return "twitter"
	case "open.spotify.com":
		return "spotify"
	case "player.vimeo.com":
		return "vimeo"
	}
	parts := strings.Split(host, ".")
	if len(parts) >= 2 {
		return parts[len(parts)-2]
	}
	return host
}

func embedLabel(slug, title, link string, video bool) string {
	name := providerNames[slug]
	if name == "" {
		if u, err := url.Parse(link); err == nil && u.Hostname() != "" {
			name = strings.TrimPrefix(u.Hostname(), "www.")
		} else {
			name = "Embed"
		}
	}
	shown := strings.Join(strings.Fields(title), " ")
	if shown == "" {
		shown = link
	}
	label := name + ": " + shown
	if video || videoProviders[slug] {
		label = "▶ " + label
	}
	return label
}

func fileName(src string) string {
	if u, err := url.Parse(src); err == nil && path.Base(u.Path) != "" && path.Base(u.Path) != "/" && path.Base(u.Path) != "." {
		return path.Base(u.Path)
	}
	return src
}

func linkParagraph(href, label string) *html.Node {
	p := newElement("p")
	a := newElement("a", "href", href)
	a.AppendChild(newText(label))
	p.AppendChild(a)
	return p
}
