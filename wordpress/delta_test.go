package wordpress

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// The primitives of a delta sync: ModifiedAfter, Include, Stamps, CountPosts.

func newDeltaSite(t *testing.T, n int) (*wptest.Server, *Client) {
	t.Helper()
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.SetPosts(wptest.GeneratePosts(n, base)) // id n is the newest, an hour apart, modified = date
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	return s, c
}

// lastQuery is the query of the last posts listing the fake received.
func lastQuery(t *testing.T, s *wptest.Server) map[string][]string {
	t.Helper()
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Route == "/wp/v2/posts" {
			return reqs[i].Query
		}
	}
	t.Fatal("no posts listing reached the fake")
	return nil
}

func TestListModifiedAfter(t *testing.T) {
	s, c := newDeltaSite(t, 10)
	// Post 8 was modified at base-2h. A time in another zone, with a
	// fraction, is sent as UTC in whole seconds.
	after := base.Add(-2*time.Hour + 900*time.Millisecond).In(time.FixedZone("CEST", 2*3600))
	posts, err := c.ListAllPosts(context.Background(), ListOptions{ModifiedAfter: after})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(posts); !slices.Equal(got, []int{10, 9}) {
		t.Errorf("ids = %v, want [10 9]: only posts modified strictly after the instant", got)
	}
	q := lastQuery(t, s)
	if got := q["modified_after"]; !slices.Equal(got, []string{"2025-06-01T10:00:00Z"}) {
		t.Errorf("modified_after = %q, want [2025-06-01T10:00:00Z]", got)
	}
	if q["status"][0] != "publish,future,draft,pending,private" || q["context"][0] != "edit" || q["_fields"][0] != listFields {
		t.Errorf("the delta listing lost the listing's rules: %v", q)
	}

	if _, err := c.ListAllPosts(context.Background(), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if q := lastQuery(t, s); q["modified_after"] != nil || q["include"] != nil {
		t.Errorf("a zero ModifiedAfter and no Include still sent filters: %v", q)
	}
}

func TestListInclude(t *testing.T) {
	s, c := newDeltaSite(t, 200)
	s.UpdatePost(150, func(p *wptest.FakePost) { p.Status = "trash" })
	// 30 ids with a page size of 10: the page grows to hold them all.
	include := []int{3, 7, 150, 199, 9999}
	for i := 1000; len(include) < 30; i++ {
		include = append(include, i) // ids the site does not have
	}
	posts, err := c.ListAllPosts(context.Background(), ListOptions{Include: include, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(posts); !slices.Equal(got, []int{199, 7, 3}) {
		t.Errorf("ids = %v, want [199 7 3] (150 is trashed; the rest do not exist)", got)
	}
	q := lastQuery(t, s)
	if !strings.HasPrefix(q["include"][0], "3,7,150,199,9999,1000,") || q["per_page"][0] != "30" {
		t.Errorf("include %q per_page %q, want the ids in order and per_page 30", q["include"], q["per_page"])
	}
	if n := s.Count("/wp/v2/posts"); n != 1 {
		t.Errorf("%d requests for 30 ids, want 1", n)
	}
	// More than 100 ids: per_page stays at WordPress's maximum.
	many := make([]int, 150)
	for i := range many {
		many[i] = i + 1
	}
	if _, err := c.ListAllPosts(context.Background(), ListOptions{Include: many}); err != nil {
		t.Fatal(err)
	}
	if q := lastQuery(t, s); q["per_page"][0] != "100" {
		t.Errorf("per_page %q for 150 ids, want 100", q["per_page"])
	}
}
