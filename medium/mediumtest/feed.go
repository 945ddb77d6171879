package mediumtest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

// The public feed: GET /feed/@username, as Medium serves it (RSS 2.0, CDATA,
// the latest ten public stories), with no token needed. Unless told
// otherwise (WithFeed, SetFeed) it lists the user's public stories the fake
// created, newest first, so a create whose answer was lost shows up there as
// it would on Medium.

// feedLimit is how many stories Medium's feed holds.
const feedLimit = 10

// FeedURL is the fake's [medium] feed_url: a template for medium.FeedURL.
func (s *Server) FeedURL() string { return s.URL + "/feed/@{username}" }

// WithFeed makes every user's feed serve exactly these items, in this order
// (newest first, as Medium orders them), instead of the stories created.
func WithFeed(items ...medium.FeedItem) Option {
	return func(s *Server) { s.feed, s.feedSet = slices.Clone(items), true }
}

// WithFeedRefused makes the feed answer 403 with an HTML page, as Medium
// does to some automated clients.
func WithFeedRefused() Option {
	return func(s *Server) { s.feedRefused = true }
}

// SetFeed replaces the feed's items while the fake runs; nil goes back to
// listing the stories created.
func (s *Server) SetFeed(items []medium.FeedItem) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed, s.feedSet = slices.Clone(items), items != nil
}

// SetFeedRefused turns the 403 answer on or off.
func (s *Server) SetFeedRefused(refused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feedRefused = refused
}

// serveFeed answers GET /feed/@username.
func (s *Server) serveFeed(w http.ResponseWriter, path string) {
	name, _ := url.PathUnescape(strings.TrimPrefix(path, "/feed/@"))
	s.mu.Lock()
	refused := s.feedRefused
	var user medium.User
	found := false
	for _, u := range s.users {
		if u.Username == name {
			user, found = u, true
		}
	}
	var items []medium.FeedItem
	if s.feedSet {
		items = slices.Clone(s.feed)
	} else {
		items = s.createdFeed(user.ID)
	}
	s.mu.Unlock()
	switch {
	case refused:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser.</body></html>")
		return
	case !found:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Not Found</title></head><body>404</body></html>")
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=UTF-8")
	w.Write([]byte(RenderFeed(user, items)))
}

// createdFeed is userID's public stories, newest first, at most ten. The
// caller holds s.mu.
func (s *Server) createdFeed(userID string) []medium.FeedItem {
	var items []medium.FeedItem
	for _, p := range slices.Backward(s.posts) {
		if p.UserID != userID || p.PublishStatus != medium.StatusPublic {
			continue
		}
		items = append(items, medium.FeedItem{
			Title: p.Title, Link: p.URL + "?source=rss-" + userID + "------2",
			GUID: "https://medium.com/p/" + p.ID, Published: p.PublishedTime(),
			Categories: p.Tags, Content: p.Sent.Content,
		})
		if len(items) == feedLimit {
			break
		}
	}
	return items
}

// RenderFeed writes items as Medium's RSS: text in CDATA, the content in
// content:encoded, the guid a /p/<id> address. Tests use it for fixtures.
func RenderFeed(user medium.User, items []medium.FeedItem) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:cc="http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html">`)
	fmt.Fprintf(&b, "<channel><title>%s</title><description>%s</description><link>%s</link>",
		cdata("Stories by "+user.Name+" on Medium"), cdata("Stories by "+user.Name+" on Medium"), xmlText(user.URL+"?source=rss-"+user.ID+"------2"))
	fmt.Fprintf(&b, `<generator>Medium</generator><lastBuildDate>%s</lastBuildDate><atom:link href="%s" rel="self" type="application/rss+xml"/><webMaster>%s</webMaster>`,
		time.Now().UTC().Format(time.RFC1123), xmlText("https://medium.com/feed/@"+user.Username), cdata("yourfriends@medium.com"))
	for _, it := range items {
		b.WriteString("<item>")
		fmt.Fprintf(&b, "<title>%s</title><link>%s</link>", cdata(it.Title), xmlText(it.Link))
		fmt.Fprintf(&b, `<guid isPermaLink="false">%s</guid>`, xmlText(it.GUID))
		for _, c := range it.Categories {
			fmt.Fprintf(&b, "<category>%s</category>", cdata(c))
		}
		fmt.Fprintf(&b, "<dc:creator>%s</dc:creator>", cdata(user.Name))
		if !it.Published.IsZero() {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate><atom:updated>%s</atom:updated>",
				it.Published.UTC().Format(time.RFC1123), it.Published.UTC().Format("2006-01-02T15:04:05.000Z"))
		}
		if it.Canonical != "" {
			fmt.Fprintf(&b, `<atom:link rel="canonical" href="%s"/>`, xmlText(it.Canonical))
		}
		fmt.Fprintf(&b, "<content:encoded>%s</content:encoded>", cdata(it.Content))
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// cdata wraps s in CDATA, splitting any "]]>" in it.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlText(s string) string { return xmlEscaper.Replace(s) }
