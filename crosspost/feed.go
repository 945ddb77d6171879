package crosspost

import (
	"context"
	"errors"
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
//	found, err := crosspost.CheckFeed(ctx, e.medium, e.cfg.Medium.FeedURL, posts, taken)

// How a feed item was matched to a post (Found.How).
const (
	// HowFooter: the story ends with the "Originally published at" footer
	// (wp2medium's cross-link, or the old plugin's) linking the post.
	HowFooter = "Originally published at link"
	// HowCanonical: the item names the post as its canonical link.
	HowCanonical = "canonical link"
	// HowTitle: the titles match, and no other item or post has that title
	// (see FindInFeed for the rest). A title alone is never recorded
	// without the user's own yes, except by reconcile.
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
// FindInFeed. posts is the whole site's list (a title is only a match when
// no other post has it); taken is TakenStories.
func CheckFeed(ctx context.Context, acct FeedAccount, feedURL string, posts []wordpress.Post, taken map[string]int) ([]Found, error) {
	items, err := FetchFeed(ctx, acct, feedURL)
	if err != nil {
		return nil, err
	}
	return FindInFeed(items, posts, taken), nil
}

// CheckFeedFor looks in the feed for one post's story, matching the feed
// against the whole site's list (site, the store's copy; the post replaces
// or joins its entry there), so a title another post shares is no match.
func CheckFeedFor(ctx context.Context, acct FeedAccount, feedURL string, post wordpress.Post, site []wordpress.Post, taken map[string]int) (Found, bool, error) {
	posts := make([]wordpress.Post, 0, len(site)+1)
	for _, p := range site {
		if p.ID != post.ID {
			posts = append(posts, p)
		}
	}
	found, err := CheckFeed(ctx, acct, feedURL, append(posts, post), taken)
	if err != nil {
		return Found{}, false, err
	}
	for _, f := range found {
		if f.PostID == post.ID {
			return f, true, nil
		}
	}
	return Found{}, false, nil
}

// TakenStories maps each story address the ledger records for the site
// (canonical, as storyURL gives it) to its post: a feed item that is
// already another post's story is never proposed for this one.
func TakenStories(l *store.Ledger, site string) map[string]int {
	taken := map[string]int{}
	if l == nil {
		return taken
	}
	for _, e := range l.Entries(site) {
		if u, _, err := store.ParseMediumURL(e.URL); err == nil {
			taken[u] = e.PostID
		}
	}
	return taken
}

// titleSlack is how much earlier than its post a story matched by title
// may be dated (time zones, a post's date set back): a story cannot
// predate its post by more.
const titleSlack = 24 * time.Hour

// FindInFeed matches feed items to posts, most certain first: the
// "Originally published at" footer linking the post's permalink, then a
// canonical link to it, then the title. A title alone matches only when
// exactly one item and one post have it, the post is published, the item
// names no other address (no footer, no canonical link: that is another
// site's story of the same title) and is not dated more than a day before
// the post. An item the ledger records as another post's story (taken, see
// TakenStories; nil for none) is not matched to this one. Each item and
// each post is matched at most once; the result is in feed order (newest
// first), every entry with Source store.FoundFeed. An item without a usable
// story address is skipped.
func FindInFeed(items []medium.FeedItem, posts []wordpress.Post, taken map[string]int) []Found {
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
		canonical := slices.DeleteFunc(append([]string{it.Canonical}, canonicalLinks(it.Content)...),
			func(s string) bool { return strings.TrimSpace(s) == "" })
		key := titleKey(it.Title)
		titleOnly := func(p wordpress.Post) bool {
			return key != "" && key == postKey(p) && itemTitles[key] == 1 && postTitles[key] == 1 &&
				len(footer) == 0 && len(canonical) == 0 && p.Status == wordpress.StatusPublish &&
				(it.Published.IsZero() || p.DateGMT.IsZero() || !it.Published.Before(p.DateGMT.Add(-titleSlack)))
		}
		for j, p := range posts {
			if owner, ok := taken[urls[i]]; ok && owner != p.ID {
				continue
			}
			link := linkKey(p.Link)
			switch {
			case link != "" && slices.ContainsFunc(footer, func(s string) bool { return linkKey(s) == link }):
				cands = append(cands, candidate{i, j, 0})
			case link != "" && slices.ContainsFunc(canonical, func(s string) bool { return linkKey(s) == link }):
				cands = append(cands, candidate{i, j, 1})
			case titleOnly(p):
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
// link without Medium's "?source=" tracking, else its /p/<id> guid. A link
// on a custom host (a publication's own domain) is taken only when it ends
// in the same story id as the guid on medium.com: any host can end in
// twelve hex digits.
func storyURL(it medium.FeedItem) string {
	guid, guidID, gerr := store.ParseMediumURL(it.GUID)
	if gerr == nil && !onMedium(guid) {
		guid, guidID, gerr = "", "", errors.New("guid not on medium.com")
	}
	if link, id, err := store.ParseMediumURL(it.Link); err == nil && (onMedium(link) || (gerr == nil && id == guidID)) {
		return link
	}
	return guid
}

// onMedium reports whether a canonical story address is on medium.com.
func onMedium(canonical string) bool {
	u, err := url.Parse(canonical)
	if err != nil {
		return false
	}
	h := strings.ToLower(u.Hostname())
	return h == "medium.com" || strings.HasSuffix(h, ".medium.com")
}

// maxFooterLinks bounds the footer links read from one item: a story has
// one footer; the bound keeps a story quoting the phrase endlessly cheap.
const maxFooterLinks = 16

// footerLinks are the addresses linked right after "Originally published
// at", within the same block: how the cross-link footer reads on Medium.
// One walk of the document: each block holding the phrase waits for the
// first link after it, until the walk leaves the block.
func footerLinks(content string) []string {
	if !strings.Contains(strings.ToLower(content), "originally") {
		return nil
	}
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return nil
	}
	var links []string
	var waiting []*html.Node // blocks awaiting a link, outermost first; all hold the walk's position
	type step struct {
		n    *html.Node
		exit bool
	}
	stack := []step{{n: doc}}
	for len(stack) > 0 && len(links) < maxFooterLinks {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.exit {
			if k := len(waiting); k > 0 && waiting[k-1] == s.n {
				waiting = waiting[:k-1]
			}
			continue
		}
		n := s.n
		switch {
		case n.Type == html.TextNode && strings.Contains(strings.ToLower(strings.Join(strings.Fields(n.Data), " ")), "originally published at"):
			if b := blockOf(n); b != nil && (len(waiting) == 0 || waiting[len(waiting)-1] != b) {
				waiting = append(waiting, b)
			}
		case isElement(n, "a") && len(waiting) > 0:
			if href := strings.TrimSpace(attr(n, "href")); href != "" {
				links = append(links, href) // the first link after the phrase, for every block waiting
				waiting = waiting[:0]
			}
		}
		stack = append(stack, step{n: n, exit: true})
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, step{n: c})
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
