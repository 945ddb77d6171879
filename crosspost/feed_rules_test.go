package crosspost

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// A title alone is no match for a story that names another address, for
// a post not published, for a story older than its post, or for a story
// the ledger records as another post's.
func TestFindInFeedTitleOnlyRules(t *testing.T) {
	day := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	post := wordpress.Post{ID: 1, Title: "Ship it", Link: "https://blog.example.com/ship-it/", Status: wordpress.StatusPublish, DateGMT: day}
	plain := item("111111111111", "Ship it", "<p>No footer.</p>")
	plain.Published = day.Add(-20 * time.Hour) // within the day of slack
	if got := FindInFeed([]medium.FeedItem{plain}, []wordpress.Post{post}, nil); len(got) != 1 || got[0].How != HowTitle {
		t.Fatalf("a plain title match: %+v", got)
	}
	elsewhere := item("111111111111", "Ship it", `<p>Originally published at <a href="https://other.example/ship-it/">Other</a>.</p>`)
	canon := plain
	canon.Canonical = "https://other.example/ship-it/"
	old := plain
	old.Published = day.Add(-25 * time.Hour)
	draft := post
	draft.Status = wordpress.StatusDraft
	for name, c := range map[string]struct {
		it    medium.FeedItem
		p     wordpress.Post
		taken map[string]int
	}{
		"footer naming another site": {elsewhere, post, nil},
		"canonical naming another":   {canon, post, nil},
		"story predating the post":   {old, post, nil},
		"a draft post":               {plain, draft, nil},
		"another post's story":       {plain, post, map[string]int{"https://medium.com/@demo/s-111111111111": 15}},
	} {
		if got := FindInFeed([]medium.FeedItem{c.it}, []wordpress.Post{c.p}, c.taken); len(got) != 0 {
			t.Errorf("%s: matched %+v", name, got)
		}
	}
	// The ledger's own record for this post does not hide its story.
	if got := FindInFeed([]medium.FeedItem{plain}, []wordpress.Post{post}, map[string]int{"https://medium.com/@demo/s-111111111111": 1}); len(got) != 1 {
		t.Errorf("this post's own story was skipped: %+v", got)
	}
}

// A link on a custom host is the story's address only when it carries the
// guid's story id; otherwise the guid is.
func TestStoryURLOnACustomHost(t *testing.T) {
	it := medium.FeedItem{Link: "https://pub.example.com/ship-it-111111111111?source=rss", GUID: "https://medium.com/p/111111111111"}
	if got := storyURL(it); got != "https://pub.example.com/ship-it-111111111111" {
		t.Errorf("same id: %q", got)
	}
	it.Link = "https://evil.example.com/ship-it-222222222222"
	if got := storyURL(it); got != "https://medium.com/p/111111111111" {
		t.Errorf("another id: %q, want the guid", got)
	}
	it.GUID = ""
	if got := storyURL(it); got != "" {
		t.Errorf("no guid: %q, want none", got)
	}
}

// A story quoting the phrase forty thousand times is read in one walk.
// A story crafted with many "Originally published at" phrases before one
// link still yields that one link (the old scan walked to the block's end
// from each phrase: quadratic).
func TestFooterLinksOfManyPhrases(t *testing.T) {
	content := strings.Repeat("<span>Originally published at</span>", 40000) + `<a href="https://blog.example.com/x/">x</a>`
	links := footerLinks("<p>" + content + "</p>")
	if len(links) != 1 || links[0] != "https://blog.example.com/x/" {
		t.Errorf("links %v", links)
	}
}

// BenchmarkFooterLinks is the footer scan of a crafted item: 4,000 and
// 40,000 phrases before the link; linear, the second costs about ten
// times the first.
func BenchmarkFooterLinks(b *testing.B) {
	for _, n := range []int{4000, 40000} {
		content := "<p>" + strings.Repeat("<span>Originally published at</span>", n) + `<a href="https://blog.example.com/x/">x</a></p>`
		b.Run(fmt.Sprintf("phrases=%d", n), func(b *testing.B) {
			for b.Loop() {
				footerLinks(content)
			}
		})
	}
}
