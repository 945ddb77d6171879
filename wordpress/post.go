package wordpress

import "time"

// Status is a WordPress post status.
type Status string

// The post statuses wp2medium shows.
const (
	StatusPublish Status = "publish"
	StatusFuture  Status = "future"
	StatusDraft   Status = "draft"
	StatusPending Status = "pending"
	StatusPrivate Status = "private"
)

// AllStatuses are the statuses an authenticated listing asks for.
var AllStatuses = []Status{StatusPublish, StatusFuture, StatusDraft, StatusPending, StatusPrivate}

// String returns the wire value.
func (s Status) String() string { return string(s) }

// Label is the word the list shows for the status.
func (s Status) Label() string {
	switch s {
	case StatusPublish:
		return "published"
	case StatusFuture:
		return "scheduled"
	case StatusDraft:
		return "draft"
	case StatusPending:
		return "pending"
	case StatusPrivate:
		return "private"
	}
	return string(s)
}

// InSentence is the status as the end of "the post is …": "a draft",
// "scheduled", "pending review", "private", "published".
func (s Status) InSentence() string {
	switch s {
	case StatusDraft:
		return "a draft"
	case StatusPending:
		return "pending review"
	}
	return s.Label()
}

// ShortLabel is Label in at most five cells, for narrow lists.
func (s Status) ShortLabel() string {
	switch s {
	case StatusPublish:
		return "pub"
	case StatusFuture:
		return "sched"
	case StatusPending:
		return "pend"
	case StatusPrivate:
		return "priv"
	}
	return s.Label()
}

// Post is one row of the post list: only the fields a listing asks for
// (never the content), already cleaned for display.
type Post struct {
	ID int
	// Title has HTML entities decoded, tags, control characters and escape
	// sequences removed; an empty title is "(no title)".
	Title       string
	Status      Status
	DateGMT     time.Time
	ModifiedGMT time.Time
	Link        string
	Sticky      bool
	// Protected is true for a password-protected post.
	Protected bool
	// TagIDs and CategoryIDs are the post's terms as the listing gives
	// them, in WordPress's order.
	TagIDs, CategoryIDs []int
	// Terms are the names of its tags, then of its categories, in the order
	// of the ids (a term whose name is not known yet is left out), cleaned
	// for the terminal. A listing only carries ids: whoever knows the names
	// fills Terms (the store, from what sitesync fetched with Client.Terms),
	// so a list of thousands of posts costs no look-up per post. The first
	// TagTerms of them are tags.
	Terms    []string
	TagTerms int
}

// TagNames are the tag names among Terms.
func (p *Post) TagNames() []string { return p.Terms[:p.TagTerms:p.TagTerms] }

// CategoryNames are the category names among Terms.
func (p *Post) CategoryNames() []string { return p.Terms[p.TagTerms:] }

// PostDetail is one post with everything the preview and the cross-post need.
type PostDetail struct {
	Post
	// GUID is the post's guid as WordPress stored it when the post was
	// created ("http://blog.example.com/?p=123"): it does not change when
	// the site moves to https or to another domain.
	GUID string
	// ContentHTML is the rendered content (shortcodes and blocks expanded)
	// exactly as WordPress sent it. It is untrusted markup: entities in it
	// may decode to escape sequences, so whatever shows or sends it cleans
	// the text after decoding (crosspost.ToMarkdown, crosspost.Transform).
	ContentHTML string
	// RawContent is the stored content; only filled when authenticated.
	// Untrusted, like ContentHTML.
	RawContent string
	// ExcerptHTML is the rendered excerpt; untrusted, like ContentHTML.
	ExcerptHTML string
	// FeaturedImageURL is the absolute URL of the featured image, or "".
	FeaturedImageURL string
	// SignedInRendering: the post is published, but ContentHTML is the
	// signed-in rendering, because the anonymous one could not be had or
	// trusted (refused, a members-only teaser, an old cached copy): it may
	// hold what only the author sees (private titles in a list of posts).
	SignedInRendering bool
	// Tags and Categories are the terms' names; TagSlugs and CategorySlugs
	// their slugs, in the same order.
	Tags, TagSlugs            []string
	Categories, CategorySlugs []string
}

// Site describes a discovered WordPress site.
type Site struct {
	Name        string // cleaned for display
	Description string
	URL         string // the home URL
	// AdminURL is wp-admin's address, ending in "/": under WordPress's own
	// address, which differs from the home URL when WordPress lives in a
	// folder of the site.
	AdminURL string
	APIRoot  string // the REST root, ending in "/" (or "?rest_route=/")
}

// User is the authenticated user (users/me).
type User struct {
	ID   int
	Name string
	Slug string
}

// Page is one page of a listing, delivered to ListPosts' callback in order.
type Page struct {
	Number     int // 1-based
	Posts      []Post
	Loaded     int // posts delivered so far, this page included
	Total      int // X-WP-Total
	TotalPages int // X-WP-TotalPages
}
