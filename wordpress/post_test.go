package wordpress

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func demoClient(t *testing.T, authed bool) (*wptest.Server, *Client) {
	t.Helper()
	s := wptest.NewDemoServer()
	t.Cleanup(s.Close)
	var opts []Option
	if authed {
		opts = append(opts, WithCredentials(wptest.DemoUsername, wptest.DemoAppPassword))
	}
	c, _ := newTestClient(t, s.URL, opts...)
	return s, c
}

func TestPostDetail(t *testing.T) {
	s, c := demoClient(t, true)
	d, err := c.Post(context.Background(), 6) // Bubble Tea from zero
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != 6 || d.Title != "Bubble Tea from zero: a todo list in 120 lines" || d.Status != StatusPublish {
		t.Errorf("post = %+v", d.Post)
	}
	if !strings.Contains(d.ContentHTML, `<code class="language-go">`) || strings.Contains(d.ContentHTML, "<!-- wp:") {
		t.Errorf("ContentHTML is not the rendered content: %.200q", d.ContentHTML)
	}
	if !strings.Contains(d.RawContent, "<!-- wp:code -->") {
		t.Errorf("RawContent is not the stored block markup: %.200q", d.RawContent)
	}
	if !strings.HasPrefix(d.ExcerptHTML, "<p>Bubble Tea is the Elm architecture") {
		t.Errorf("ExcerptHTML = %.100q", d.ExcerptHTML)
	}
	if d.FeaturedImageURL != s.URL+"/wp-content/uploads/2024/12/bubble-tea.jpg" {
		t.Errorf("FeaturedImageURL = %q", d.FeaturedImageURL)
	}
	// Tags in the post's order; names as WordPress has them, decoded.
	if !slices.Equal(d.Tags, []string{"go", "tui", "bubbletea"}) || !slices.Equal(d.Categories, []string{"Go", "Terminals"}) {
		t.Errorf("tags %q, categories %q", d.Tags, d.Categories)
	}
}

func TestPostKeepsUncategorizedAndDecodesTermNames(t *testing.T) {
	_, c := demoClient(t, true)
	d, err := c.Post(context.Background(), 17)
	if err != nil || !slices.Equal(d.Categories, []string{"Uncategorized"}) {
		t.Fatalf("categories %q, %v", d.Categories, err)
	}
	d, err = c.Post(context.Background(), 10)
	if err != nil || !slices.Equal(d.Categories, []string{"Tools & Workflow"}) || d.Title != "It’s the little things: my dotfiles" {
		t.Fatalf("post 10: %q %q %v", d.Title, d.Categories, err)
	}
}

func TestPostTermsAreCached(t *testing.T) {
	s, c := demoClient(t, true)
	for _, id := range []int{2, 3, 11} { // all tagged "go", categories "Go"
		if _, err := c.Post(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	// Post 2 needs tags 10, 11; post 3 only 10 (cached); post 11 needs 21.
	if n := s.Count("/wp/v2/tags"); n != 2 {
		t.Errorf("tags requested %d times, want 2", n)
	}
	if n := s.Count("/wp/v2/categories"); n != 1 {
		t.Errorf("categories requested %d times, want 1", n)
	}
}

func TestPostTermsAreBatched(t *testing.T) {
	s := newFake(t)
	var tagIDs []int
	for id := 1000; id < 1150; id++ {
		s.AddTag(id, "tag "+string(rune('a'+id%26)))
		tagIDs = append(tagIDs, id)
	}
	s.AddPost(wptest.FakePost{ID: 1, Title: "Many tags", Status: "publish", Date: base, Tags: tagIDs})
	c, _ := newTestClient(t, s.URL)
	d, err := c.Post(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Tags) != 150 || s.Count("/wp/v2/tags") != 2 {
		t.Errorf("%d tags in %d requests; want 150 in 2", len(d.Tags), s.Count("/wp/v2/tags"))
	}
}

func TestPostFeaturedImageMissingOrForbidden(t *testing.T) {
	s, c := demoClient(t, true)
	d, err := c.Post(context.Background(), 23) // media 130 was deleted
	if err != nil || d.FeaturedImageURL != "" {
		t.Fatalf("deleted media: url %q, err %v", d.FeaturedImageURL, err)
	}
	s.Fail("/wp/v2/media/*", wptest.WPError(http.StatusForbidden, "rest_forbidden", "Sorry, you are not allowed to do that."))
	d, err = c.Post(context.Background(), 2)
	if err != nil || d.FeaturedImageURL != "" {
		t.Fatalf("forbidden media: url %q, err %v", d.FeaturedImageURL, err)
	}
	s.Fail("/wp/v2/media/*", wptest.WPError(http.StatusInternalServerError, "boom", "Database error"))
	_, err = c.Post(context.Background(), 2)
	wpErr(t, err, KindServer)
}

func TestPostProtectedAnonymous(t *testing.T) {
	_, c := demoClient(t, false)
	d, err := c.Post(context.Background(), 16)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Protected || d.ContentHTML != "" || d.RawContent != "" {
		t.Errorf("protected post anonymously: protected %v, content %q, raw %q", d.Protected, d.ContentHTML, d.RawContent)
	}
}

func TestPostProtectedAuthenticated(t *testing.T) {
	_, c := demoClient(t, true)
	d, err := c.Post(context.Background(), 16)
	if err != nil || !d.Protected || !strings.Contains(d.ContentHTML, "terminal-ui-talk.pdf") {
		t.Fatalf("protected post as its editor: %+v, %v", d.Post, err)
	}
}

func TestPostDraftNeedsCredentials(t *testing.T) {
	_, c := demoClient(t, false)
	_, err := c.Post(context.Background(), 12)
	if e := wpErr(t, err, KindAuth); e.Code != "rest_forbidden" {
		t.Errorf("code = %q", e.Code)
	}
}

// The content is markup, kept as WordPress sent it: an entity such as
// &#27; decodes to an escape only later, so cleaning here would be both
// too early (it cannot see what decoding makes) and lossy. Whatever shows
// or sends the content cleans it after decoding (crosspost's tests).
func TestPostContentKeptAsSent(t *testing.T) {
	s := newFake(t)
	content := "<p>line one\x1b[2J &#27;]0;title&#7;</p>\n"
	s.AddPost(wptest.FakePost{ID: 1, Title: "x&#27;]0;t&#7;\x1b[2J", Status: "publish", Date: base, Content: content, Excerpt: "<p>ex</p>"})
	c, _ := newTestClient(t, s.URL)
	d, err := c.Post(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.ContentHTML != content {
		t.Errorf("content %q, want it as sent", d.ContentHTML)
	}
	if d.GUID != s.URL+"/?p=1" {
		t.Errorf("guid %q", d.GUID)
	}
	// A title is text for the screen: decoded, then cleaned.
	if d.Title != "x" {
		t.Errorf("title %q, want the escapes gone after decoding", d.Title)
	}
}

func TestDemoBlogShape(t *testing.T) {
	_, authed := demoClient(t, true)
	all, err := authed.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[Status]int{}
	var sticky, protected, untitled int
	for _, p := range all {
		count[p.Status]++
		if p.Sticky {
			sticky++
		}
		if p.Protected {
			protected++
		}
		if p.Title == "(no title)" {
			untitled++
		}
	}
	if len(all) < 20 || count[StatusDraft] == 0 || count[StatusFuture] == 0 || count[StatusPending] == 0 ||
		count[StatusPrivate] == 0 || sticky != 1 || protected != 1 || untitled != 1 {
		t.Errorf("demo blog: %d posts, statuses %v, sticky %d, protected %d, untitled %d", len(all), count, sticky, protected, untitled)
	}
	_, anon := demoClient(t, false)
	public, err := anon.ListAllPosts(context.Background(), ListOptions{})
	if err != nil || len(public) != count[StatusPublish] {
		t.Errorf("anonymous demo listing: %d posts (want %d), %v", len(public), count[StatusPublish], err)
	}
}
