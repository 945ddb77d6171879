package crosspost

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Medium's public feed (https://medium.com/feed/@username) is the only read
// path to an account's stories: the latest ten public ones, no drafts, no
// unlisted. What it shows is a hint, never the truth, so a story found there
// is proposed to the user (resolve --check, the app) or recorded marked
// store.FoundFeed (reconcile), and never overwrites a record that says more.
//
// The reconcile command finds its feed entries with one call:
//
//	found, err := crosspost.CheckFeed(ctx, e.medium, e.cfg.Medium.FeedURL, posts)

// How a feed item was matched to a post (Found.How).
const (
	// HowFooter: the story ends with the "Originally published at" footer
	// (wp2medium's cross-link, or the old plugin's) linking the post.
	HowFooter = "Originally published at link"
	// HowCanonical: the item names the post as its canonical link.
	HowCanonical = "canonical link"
	// HowTitle: the titles match, and no other item or post has that title.
	HowTitle = "title"
)

// FeedTimeout bounds reading the feed: /me for the username, then the feed.
const FeedTimeout = 30 * time.Second

// FeedAccount is what reading the account's feed needs: /me for its
// username, and the feed. *medium.Client satisfies it.
type FeedAccount interface {
	Me(ctx context.Context) (medium.User, error)
	Feed(ctx context.Context, feedURL string) ([]medium.FeedItem, error)
}

// FetchFeed reads the public feed of the token's account. feedURL is the
// [medium] feed_url setting (see medium.FeedURL; empty is Medium's own).
func FetchFeed(ctx context.Context, acct FeedAccount, feedURL string) ([]medium.FeedItem, error) {
	if acct == nil {
		return nil, ErrNoToken
	}
	u, err := acct.Me(ctx)
	if err != nil {
		return nil, err
	}
	addr, err := medium.FeedURL(feedURL, u.Username)
	if err != nil {
		return nil, err
	}
	return acct.Feed(ctx, addr)
}

// CheckFeed reads the feed and matches it to posts: FetchFeed, then
// FindInFeed.
func CheckFeed(ctx context.Context, acct FeedAccount, feedURL string, posts []wordpress.Post) ([]Found, error) {
	items, err := FetchFeed(ctx, acct, feedURL)
	if err != nil {
		return nil, err
	}
	return FindInFeed(items, posts), nil
}

// FindInFeed matches feed items to posts, most certain first: the
// "Originally published at" footer linking the post's permalink, then a
// canonical link to it, then the title (only when exactly one item and one
// post have it). Each item and each post is matched at most once; the result
// is in feed order (newest first), every entry with Source store.FoundFeed.
// An item without a usable story address is skipped.
func FindInFeed(items []medium.FeedItem, posts []wordpress.Post) []Found {
	type candidate struct{ item, post, rank int }
	var cands []candidate
	itemTitles, postTitles := map[string]int{}, map[string]int{}
	for _, it := range items {
		itemTitles[titleKey(it.Title)]++
	}
	postKey := func(p wordpress.Post) string {
		if p.Title == noTitle {
			return "" // WordPress's placeholder, not a title to match
		}
		return titleKey(p.Title)
	}
	for _, p := range posts {
		postTitles[postKey(p)]++
	}
	urls := make([]string, len(items))
	for i, it := range items {
		if urls[i] = storyURL(it); urls[i] == "" {
			continue
		}
		footer := footerLinks(it.Content)
		canonical := append([]string{it.Canonical}, canonicalLinks(it.Content)...)
		key := titleKey(it.Title)
		for j, p := range posts {
			link := linkKey(p.Link)
			switch {
			case link != "" && slices.ContainsFunc(footer, func(s string) bool { return linkKey(s) == link }):
				cands = append(cands, candidate{i, j, 0})
			case link != "" && slices.ContainsFunc(canonical, func(s string) bool { return linkKey(s) == link }):
				cands = append(cands, candidate{i, j, 1})
			case key != "" && key == postKey(p) && itemTitles[key] == 1 && postTitles[key] == 1:
				cands = append(cands, candidate{i, j, 2})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		return a.item - b.item
	})
	byItem := map[int]Found{}
	usedPost := map[int]bool{}
	for _, c := range cands {
		if _, done := byItem[c.item]; done || usedPost[c.post] {
			continue
		}
		usedPost[c.post] = true
		byItem[c.item] = Found{PostID: posts[c.post].ID, URL: urls[c.item], Source: store.FoundFeed,
			How: [...]string{HowFooter, HowCanonical, HowTitle}[c.rank]}
	}
	var out []Found
	for i := range items {
		if f, ok := byItem[i]; ok {
			out = append(out, f)
		}
	}
	return out
}

// storyURL is the item's story address in the ledger's canonical form: its
// link without Medium's "?source=" tracking, else its /p/<id> guid.
func storyURL(it medium.FeedItem) string {
	for _, raw := range []string{it.Link, it.GUID} {
		if u, _, err := store.ParseMediumURL(raw); err == nil {
			return u
		}
	}
	return ""
}

// footerLinks are the addresses linked right after "Originally published
// at", within the same block: how the cross-link footer reads on Medium.
func footerLinks(content string) []string {
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return nil
	}
	var links []string
	for _, n := range findAll(doc, func(n *html.Node) bool {
		return n.Type == html.TextNode && strings.Contains(strings.ToLower(strings.Join(strings.Fields(n.Data), " ")), "originally published at")
	}) {
		if href := nextLinkIn(n, blockOf(n)); href != "" {
			links = append(links, href)
		}
	}
	return links
}

// blockOf is the nearest block element holding n.
func blockOf(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode {
			switch p.Data {
			case "p", "div", "li", "blockquote", "figcaption", "section", "footer", "body":
				return p
			}
		}
	}
	return nil
}

// nextLinkIn is the href of the first <a> after n in document order, not
// leaving block.
func nextLinkIn(n, block *html.Node) string {
	next := func(c *html.Node) *html.Node {
		if c.FirstChild != nil {
			return c.FirstChild
		}
		for ; c != nil && c != block; c = c.Parent {
			if c.NextSibling != nil {
				return c.NextSibling
			}
		}
		return nil
	}
	for c := next(n); c != nil; c = next(c) {
		if isElement(c, "a") {
			if href := strings.TrimSpace(attr(c, "href")); href != "" {
				return href
			}
		}
	}
	return ""
}

// canonicalLinks are <link rel="canonical"> in the content, if Medium ever
// shows one there.
func canonicalLinks(content string) []string {
	if !strings.Contains(content, "canonical") {
		return nil
	}
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range findElements(doc, "link") {
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			out = append(out, attr(n, "href"))
		}
	}
	return out
}

// linkKey compares addresses of one post: any scheme, host case and
// "www.", trailing slash, fragment and tracking parameters aside (a plain
// permalink's ?p=123 is kept).
func linkKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	q := u.Query()
	for k := range q {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "utm_") || lk == "source" || lk == "ref" {
			q.Del(k)
		}
	}
	key := strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimRight(u.EscapedPath(), "/")
	if len(q) > 0 {
		key += "?" + q.Encode()
	}
	return key
}

var titleFolds = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`,
	"\u2013", "-", "\u2014", "-", "\u00a0", " ", "\u2026", "...")

// titleKey compares titles as a reader would: entities decoded, quotes and
// dashes straightened, case and spacing aside.
func titleKey(s string) string {
	s = titleFolds.Replace(termtext.CleanLine(html.UnescapeString(s)))
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
