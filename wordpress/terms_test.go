package wordpress

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestListingCarriesTermIDs(t *testing.T) {
	wp := newFake(t)
	wp.AddTag(10, "go")
	wp.SetPosts([]wptest.FakePost{
		{ID: 1, Title: "Tagged", Status: "publish", Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Tags: []int{10, 11}, Categories: []int{1}},
		{ID: 2, Title: "Bare", Status: "publish", Date: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
	})
	c, _ := newTestClient(t, wp.URL)
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 || !slices.Equal(posts[1].TagIDs, []int{10, 11}) || !slices.Equal(posts[1].CategoryIDs, []int{1}) || posts[1].Terms != nil {
		t.Fatalf("tagged post: %+v", posts[1])
	}
	if posts[0].TagIDs != nil || posts[0].CategoryIDs != nil {
		t.Fatalf("a post without terms: %+v", posts[0])
	}
	if n := wp.Count("/wp/v2/tags"); n != 0 {
		t.Fatalf("a listing asked for term names %d times", n)
	}
	fields := wp.Requests()[len(wp.Requests())-1].Query.Get("_fields")
	if !strings.Contains(fields, "tags") || !strings.Contains(fields, "categories") {
		t.Fatalf("_fields = %q", fields)
	}
}

func TestTermsAsksAHundredAtATimeAndCleansNames(t *testing.T) {
	wp := newFake(t)
	var ids []int
	for i := 1; i <= 250; i++ {
		wp.AddTag(i, fmt.Sprintf("tag %d", i))
		ids = append(ids, i)
	}
	wp.AddTag(7, "Tools &amp; <b>Workflow</b>\x1b[2J")
	c, _ := newTestClient(t, wp.URL)
	terms, err := c.Terms(context.Background(), Tags, append(ids, 7, 9999)) // a repeat, and an id the site lacks
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 250 {
		t.Fatalf("%d terms, want 250", len(terms))
	}
	for _, term := range terms {
		if term.ID == 7 && (term.Name != "Tools & Workflow" || strings.ContainsRune(term.Slug, 0x1b)) {
			t.Fatalf("term 7: %+v", term)
		}
	}
	reqs := wp.Requests()
	var asked []int
	for _, r := range reqs {
		if r.Route != "/wp/v2/tags" {
			continue
		}
		if r.Query.Get("per_page") != "100" || r.Query.Get("_fields") != "id,name,slug" {
			t.Fatalf("request %v", r.Query)
		}
		asked = append(asked, len(strings.Split(r.Query.Get("include"), ",")))
	}
	if !slices.Equal(asked, []int{100, 100, 51}) {
		t.Fatalf("ids per request: %v, want 100, 100, 51", asked)
	}
}
