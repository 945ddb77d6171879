package wordpress

import (
	"context"
	"errors"
	"net/http"
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
	// 100 ids that all exist fill the page: that is the end, with no
	// request past it (a full page is otherwise a reason to look further).
	before := s.Count("/wp/v2/posts")
	all100 := make([]int, 100)
	for i := range all100 {
		all100[i] = i + 1
	}
	if posts, err := c.ListAllPosts(context.Background(), ListOptions{Include: all100}); err != nil || len(posts) != 100 {
		t.Fatalf("100 existing ids: %d posts, %v", len(posts), err)
	}
	if n := s.Count("/wp/v2/posts") - before; n != 1 {
		t.Errorf("%d requests for 100 existing ids, want 1", n)
	}
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

func TestStamps(t *testing.T) {
	s, c := newDeltaSite(t, 250)
	s.UpdatePost(100, func(p *wptest.FakePost) { p.Status = "trash" })
	s.UpdatePost(101, func(p *wptest.FakePost) { p.Status = "draft" })
	s.DeletePost(102)
	back := base.Add(-5000 * time.Hour)
	s.UpdatePost(103, func(p *wptest.FakePost) { p.Modified = back })
	edited := s.UpdatePost(104, func(p *wptest.FakePost) { p.Title = "Edited" })

	stamps, total, err := c.Stamps(context.Background(), ListOptions{})
	if err != nil || !edited {
		t.Fatal(err, edited)
	}
	if total != 248 || len(stamps) != 248 {
		t.Fatalf("total %d, %d stamps; want 248 (250, one trashed, one deleted)", total, len(stamps))
	}
	got := map[int]time.Time{}
	for _, st := range stamps {
		if _, dup := got[st.ID]; dup {
			t.Errorf("post %d stamped twice", st.ID)
		}
		got[st.ID] = st.ModifiedGMT
	}
	if _, ok := got[100]; ok {
		t.Error("the trashed post is stamped")
	}
	if _, ok := got[102]; ok {
		t.Error("the deleted post is stamped")
	}
	if _, ok := got[101]; !ok {
		t.Error("the post turned draft is missing: authenticated stamps cover every status")
	}
	if !got[103].Equal(back) {
		t.Errorf("post 103 modified %v, want %v (set backwards)", got[103], back)
	}
	if !got[104].After(base) || !got[1].Equal(base.Add(-249*time.Hour)) {
		t.Errorf("modified times: 104 %v (edited now), 1 %v", got[104], got[1])
	}
	q := lastQuery(t, s)
	if q["_fields"][0] != "id,modified_gmt" || q["status"][0] != "publish,future,draft,pending,private" || q["context"][0] != "edit" {
		t.Errorf("stamps query = %v", q)
	}
	if n := s.Count("/wp/v2/posts"); n != 3 {
		t.Errorf("%d page requests, want 3", n)
	}
}

func TestStampsAnonymousAndFailing(t *testing.T) {
	s := newFake(t)
	s.SetPosts(mixedPosts())
	c, _ := newTestClient(t, s.URL)
	stamps, total, err := c.Stamps(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(stamps) != 2 || stamps[0].ID != 1 || stamps[1].ID != 6 {
		t.Errorf("anonymous stamps %v total %d, want posts 1 and 6", stamps, total)
	}

	s.SetPosts(wptest.GeneratePosts(500, base))
	s.Fail("/wp/v2/posts", wptest.Failure{Page: 4, Status: 500, Body: `{"code":"db_error","message":"gone","data":{"status":500}}`})
	stamps, total, err = c.Stamps(context.Background(), ListOptions{})
	wpErr(t, err, KindServer)
	if stamps != nil || total != 0 {
		t.Errorf("a failed pass returned %d stamps and total %d: a partial pass would make posts look deleted", len(stamps), total)
	}
}

func TestCountPosts(t *testing.T) {
	s, c := newDeltaSite(t, 250)
	s.UpdatePost(7, func(p *wptest.FakePost) { p.Status = "draft" })
	n, err := c.CountPosts(context.Background(), ListOptions{})
	if err != nil || n != 250 {
		t.Fatalf("CountPosts = %d, %v; want 250", n, err)
	}
	q := lastQuery(t, s)
	if q["per_page"][0] != "1" || q["_fields"][0] != "id" || q["status"][0] != "publish,future,draft,pending,private" || q["context"][0] != "edit" {
		t.Errorf("count query = %v", q)
	}
	if n, err := c.CountPosts(context.Background(), ListOptions{Statuses: []Status{StatusDraft}}); err != nil || n != 1 {
		t.Errorf("drafts = %d, %v; want 1", n, err)
	}
	if n, err := c.CountPosts(context.Background(), ListOptions{ModifiedAfter: base.Add(-3 * time.Hour)}); err != nil || n != 4 {
		t.Errorf("modified in the last 3 hours of base = %d, %v; want 4 (posts 248..250 and the edited 7)", n, err)
	}
	if got := s.Count("/wp/v2/posts"); got != 3 {
		t.Errorf("%d requests for 3 counts", got)
	}
}

// headerRewriter stands for a cache or proxy that strips or mangles a header.
type headerRewriter struct {
	name, value string // value "" deletes the header
}

func (h headerRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		resp.Header.Del(h.name)
		if h.value != "" {
			resp.Header.Set(h.name, h.value)
		}
	}
	return resp, err
}

func TestCountPostsWithoutTotal(t *testing.T) {
	for _, tc := range []struct{ value, want string }{
		{"", "no X-WP-Total header"},
		{"lots", `X-WP-Total header is not a count: "lots"`},
	} {
		s := newFake(t)
		s.SetPosts(wptest.GeneratePosts(3, base))
		c, _ := newTestClient(t, s.URL, WithHTTPClient(&http.Client{Transport: headerRewriter{"X-WP-Total", tc.value}}))
		n, err := c.CountPosts(context.Background(), ListOptions{})
		e := wpErr(t, err, KindMalformedJSON)
		if n != 0 || !errors.Is(err, ErrNoTotal) {
			t.Errorf("header %q: n %d, errors.Is(err, ErrNoTotal) %v", tc.value, n, errors.Is(err, ErrNoTotal))
		}
		msg := e.Error()
		if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "counted by listing them all") {
			t.Errorf("header %q: message %q does not say what is wrong and what to do", tc.value, msg)
		}
	}
}

func TestCensusGivesTheNewestID(t *testing.T) {
	srv := wptest.NewServer(wptest.WithCredentials("alice", "pw pw"))
	defer srv.Close()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	// The newest id is not the newest date.
	srv.SetPosts([]wptest.FakePost{
		{ID: 40, Title: "Backdated", Status: "publish", Date: base},
		{ID: 7, Title: "Newest date", Status: "publish", Date: base.Add(time.Hour)},
		{ID: 9, Title: "Draft", Status: "draft", Date: base},
	})
	c, err := NewClient(srv.URL, WithCredentials("alice", "pw pw"))
	if err != nil {
		t.Fatal(err)
	}
	total, newest, err := c.Census(context.Background(), ListOptions{})
	if err != nil || total != 3 || newest != 40 {
		t.Fatalf("Census = %d, %d, %v; want 3, 40", total, newest, err)
	}
	if n := srv.Count("/wp/v2/posts"); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}
