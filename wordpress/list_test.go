package wordpress

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// mixedPosts has one post of every status, a protected and a sticky one.
func mixedPosts() []wptest.FakePost {
	d := func(h int) time.Time { return base.Add(-time.Duration(h) * time.Hour) }
	return []wptest.FakePost{
		{ID: 1, Title: "Published", Status: "publish", Date: d(1), Sticky: true},
		{ID: 2, Title: "Draft", Status: "draft", Date: d(2)},
		{ID: 3, Title: "Scheduled", Status: "future", Date: d(-48)},
		{ID: 4, Title: "Pending", Status: "pending", Date: d(4)},
		{ID: 5, Title: "Private", Status: "private", Date: d(5)},
		{ID: 6, Title: "Protected", Status: "publish", Date: d(6), Password: "pw", Content: "<p>secret</p>"},
		{ID: 7, Title: "Trashed", Status: "trash", Date: d(7)},
	}
}

func ids(posts []Post) []int {
	out := make([]int, len(posts))
	for i, p := range posts {
		out[i] = p.ID
	}
	return out
}

func TestListAnonymousOnlyPublished(t *testing.T) {
	s := newFake(t)
	s.SetPosts(mixedPosts())
	c, _ := newTestClient(t, s.URL)
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(posts); !slices.Equal(got, []int{1, 6}) {
		t.Fatalf("ids = %v, want [1 6]", got)
	}
	if !posts[0].Sticky || posts[0].Protected || !posts[1].Protected {
		t.Errorf("sticky/protected wrong: %+v", posts)
	}
	q := s.Requests()[len(s.Requests())-1].Query
	if q.Get("status") != "publish" || q.Has("context") {
		t.Errorf("anonymous query = %v", q)
	}
}

func TestListAuthenticatedAllStatuses(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.SetPosts(mixedPosts())
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first; the scheduled post is in the future; trash is never listed.
	if got := ids(posts); !slices.Equal(got, []int{3, 1, 2, 4, 5, 6}) {
		t.Fatalf("ids = %v", got)
	}
	want := []Status{StatusFuture, StatusPublish, StatusDraft, StatusPending, StatusPrivate, StatusPublish}
	for i, p := range posts {
		if p.Status != want[i] {
			t.Errorf("post %d status %q, want %q", p.ID, p.Status, want[i])
		}
		if p.DateGMT.IsZero() || p.ModifiedGMT.IsZero() || p.Link == "" {
			t.Errorf("post %d lacks dates or link: %+v", p.ID, p)
		}
	}
	q := s.Requests()[len(s.Requests())-1].Query
	if q.Get("context") != "edit" || q.Get("per_page") != "100" || q.Get("orderby") != "date" || q.Get("order") != "desc" {
		t.Errorf("query = %v", q)
	}
	if q.Get("_fields") != listFields || strings.Contains(strings.ReplaceAll(q.Get("_fields"), "content.protected", ""), "content") {
		t.Errorf("_fields = %q asks for content", q.Get("_fields"))
	}

	only, err := c.ListAllPosts(context.Background(), ListOptions{Statuses: []Status{StatusDraft, StatusPending}})
	if err != nil || !slices.Equal(ids(only), []int{2, 4}) {
		t.Errorf("drafts and pending: %v, %v", ids(only), err)
	}
}

func TestListFieldsAreListFieldsOnly(t *testing.T) {
	// The fake honours _fields: a listing must never carry content.
	s := newFake(t)
	s.SetPosts([]wptest.FakePost{{ID: 1, Title: "T", Status: "publish", Date: base, Content: "<p>BODY</p>", Excerpt: "<p>EXCERPT</p>"}})
	c, _ := newTestClient(t, s.URL)
	var raw []map[string]any
	root, _ := c.apiRoot(context.Background())
	if _, err := c.getJSON(context.Background(), endpoint(root, "wp/v2/posts", c.listQuery(ListOptions{})), &raw); err != nil {
		t.Fatal(err)
	}
	content, _ := raw[0]["content"].(map[string]any)
	if _, ok := raw[0]["excerpt"]; ok || len(content) != 1 || content["protected"] != false {
		t.Errorf("listing answer carries more than the list fields: %v", raw[0])
	}
}

func TestListPagesInOrderWithWorkers(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(1050, base))
	// Page 2 is slow, so pages 3.. arrive before it and must wait.
	s.Fail("/wp/v2/posts", wptest.Failure{Page: 2, Delay: 150 * time.Millisecond})
	c, _ := newTestClient(t, s.URL, WithWorkers(4))
	var pages []Page
	var inCallback atomic.Int32
	err := c.ListPosts(context.Background(), ListOptions{}, func(p Page) {
		if inCallback.Add(1) != 1 {
			t.Error("onPage called concurrently")
		}
		pages = append(pages, p)
		inCallback.Add(-1)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 11 {
		t.Fatalf("%d pages delivered, want 11", len(pages))
	}
	prev := time.Now()
	loaded := 0
	for i, p := range pages {
		if p.Number != i+1 || p.Total != 1050 || p.TotalPages != 11 {
			t.Errorf("page %d: number %d total %d pages %d", i+1, p.Number, p.Total, p.TotalPages)
		}
		loaded += len(p.Posts)
		if p.Loaded != loaded {
			t.Errorf("page %d: Loaded %d, want %d", p.Number, p.Loaded, loaded)
		}
		for _, post := range p.Posts {
			if post.DateGMT.After(prev) {
				t.Fatalf("post %d out of date order", post.ID)
			}
			prev = post.DateGMT
		}
	}
	if loaded != 1050 {
		t.Errorf("loaded %d posts", loaded)
	}
}

func TestListDeliversFirstPageBeforeOthersFinish(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(300, base))
	firstSeen := make(chan struct{})
	var page2WaitedForPage1 atomic.Bool
	s.OnRequest(func(r wptest.Request) {
		if r.Route == "/wp/v2/posts" && r.Query.Get("page") == "2" {
			select {
			case <-firstSeen:
				page2WaitedForPage1.Store(true)
			case <-time.After(3 * time.Second):
			}
		}
	})
	c, _ := newTestClient(t, s.URL)
	err := c.ListPosts(context.Background(), ListOptions{}, func(p Page) {
		if p.Number == 1 {
			close(firstSeen)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !page2WaitedForPage1.Load() {
		t.Error("page 1 was not delivered while page 2 was still being fetched")
	}
}

func TestListDeduplicatesShiftedPages(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(250, base))
	var added atomic.Bool
	s.OnRequest(func(r wptest.Request) {
		// A post is published while the listing runs: every later page shifts by one.
		if r.Route == "/wp/v2/posts" && r.Query.Get("page") == "2" && !added.Swap(true) {
			s.AddPost(wptest.FakePost{ID: 999, Title: "Brand new", Status: "publish", Date: base.Add(time.Hour)})
		}
	})
	c, _ := newTestClient(t, s.URL, WithWorkers(1))
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range posts {
		if seen[p.ID] {
			t.Fatalf("post %d delivered twice", p.ID)
		}
		seen[p.ID] = true
	}
	for id := 1; id <= 250; id++ {
		if !seen[id] {
			t.Errorf("post %d missing", id)
		}
	}
}

func TestListPagePastEndIsTheEnd(t *testing.T) {
	t.Run("posts deleted during the listing", func(t *testing.T) {
		s := newFake(t)
		s.SetPosts(wptest.GeneratePosts(250, base))
		s.OnRequest(func(r wptest.Request) {
			if r.Route == "/wp/v2/posts" && r.Query.Get("page") == "2" {
				for id := 1; id <= 100; id++ {
					s.DeletePost(id)
				}
			}
		})
		c, _ := newTestClient(t, s.URL, WithWorkers(1))
		posts, err := c.ListAllPosts(context.Background(), ListOptions{})
		if err != nil {
			t.Fatalf("a page past the end must end the listing, not fail it: %v", err)
		}
		if len(posts) != 150 {
			t.Errorf("%d posts, want 150", len(posts))
		}
	})
	t.Run("exact multiple of per_page", func(t *testing.T) {
		s := newFake(t)
		s.SetPosts(wptest.GeneratePosts(200, base))
		c, _ := newTestClient(t, s.URL)
		posts, err := c.ListAllPosts(context.Background(), ListOptions{})
		if err != nil || len(posts) != 200 {
			t.Fatalf("%d posts, %v", len(posts), err)
		}
	})
	t.Run("empty site", func(t *testing.T) {
		s := newFake(t)
		c, _ := newTestClient(t, s.URL)
		calls := 0
		err := c.ListPosts(context.Background(), ListOptions{}, func(p Page) {
			calls++
			if len(p.Posts) != 0 || p.Total != 0 {
				t.Errorf("page = %+v", p)
			}
		})
		if err != nil || calls != 1 {
			t.Fatalf("calls %d, err %v", calls, err)
		}
	})
}

func TestListPerPageOption(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(25, base))
	c, _ := newTestClient(t, s.URL)
	var numbers []int
	err := c.ListPosts(context.Background(), ListOptions{PerPage: 10}, func(p Page) { numbers = append(numbers, p.Number) })
	if err != nil || !slices.Equal(numbers, []int{1, 2, 3}) {
		t.Fatalf("pages %v, err %v", numbers, err)
	}
	// Out of range falls back to 100 rather than earning a 400.
	if _, err := c.ListAllPosts(context.Background(), ListOptions{PerPage: 500}); err != nil {
		t.Fatal(err)
	}
}

func TestListStopsOnFirstError(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(1000, base))
	s.Fail("/wp/v2/posts", wptest.Failure{Page: 3, Status: 500, Body: `{"code":"db_error","message":"Database gone","data":{"status":500}}`})
	c, _ := newTestClient(t, s.URL, WithWorkers(2))
	var numbers []int
	err := c.ListPosts(context.Background(), ListOptions{}, func(p Page) { numbers = append(numbers, p.Number) })
	if e := wpErr(t, err, KindServer); e.Code != "db_error" {
		t.Errorf("code = %q", e.Code)
	}
	if len(numbers) > 2 || (len(numbers) > 0 && numbers[0] != 1) {
		t.Errorf("delivered pages %v; nothing from page 3 on may be delivered", numbers)
	}
}

func TestListCanceledMidway(t *testing.T) {
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(1000, base))
	s.Fail("/wp/v2/posts", wptest.Failure{Page: 5, Delay: 2 * time.Second})
	c, _ := newTestClient(t, s.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	err := c.ListPosts(ctx, ListOptions{}, func(p Page) {
		if p.Number == 1 {
			cancel()
		}
	})
	wpErr(t, err, KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false: %v", err)
	}
	if time.Since(start) > time.Second {
		t.Errorf("cancel took %v; workers were not stopped", time.Since(start))
	}
}

func TestListRetriesHonourRetryAfter(t *testing.T) {
	cases := []struct {
		name       string
		failure    wptest.Failure
		wantWaits  []time.Duration
		wantTotals int
	}{
		{"429 seconds", wptest.RetryAfter(http.StatusTooManyRequests, "2", 2), []time.Duration{2 * time.Second, 2 * time.Second}, 3},
		{"503 capped", wptest.RetryAfter(http.StatusServiceUnavailable, "3600", 1), []time.Duration{10 * time.Second}, 2},
		{"502 backoff", wptest.Failure{Status: http.StatusBadGateway, Body: "bad gateway", Times: 3},
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			s.SetPosts(wptest.GeneratePosts(5, base))
			s.Fail("/wp/v2/posts", tc.failure)
			c, log := newTestClient(t, s.URL)
			posts, err := c.ListAllPosts(context.Background(), ListOptions{})
			if err != nil || len(posts) != 5 {
				t.Fatalf("%d posts, %v", len(posts), err)
			}
			if got := log.all(); !slices.Equal(got, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tc.wantWaits)
			}
			if n := s.Count("/wp/v2/posts"); n != tc.wantTotals {
				t.Errorf("%d requests, want %d", n, tc.wantTotals)
			}
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	c, _ := newTestClient(t, "example.com")
	h := http.Header{"Retry-After": {time.Now().Add(5 * time.Second).UTC().Format(http.TimeFormat)}}
	if w := c.retryWait(h, 0); w < 3*time.Second || w > 5*time.Second {
		t.Errorf("wait for an HTTP date 5s ahead = %v", w)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	s := newFake(t)
	s.Fail("/wp/v2/posts", wptest.RetryAfter(http.StatusTooManyRequests, "1", 0))
	c, log := newTestClient(t, s.URL)
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	wpErr(t, err, KindRateLimited)
	if n := s.Count("/wp/v2/posts"); n != 4 || len(log.all()) != 3 {
		t.Errorf("%d requests, %d waits; want 4 and 3", n, len(log.all()))
	}
}

func TestTitlesAreCleaned(t *testing.T) {
	cases := []struct{ rendered, want string }{
		{"It&#8217;s here", "It’s here"},
		{"Tom &amp; Jerry", "Tom & Jerry"},
		{"Notes on <em>every</em> morning", "Notes on every morning"},
		{"Using &lt;br&gt; in HTML", "Using <br> in HTML"},
		{"\x1b[31mRed\x1b[0m alert", "Red alert"},
		{"Enc&#27;[2Jcleared", "Enccleared"}, // an escape hidden in an entity
		{"Title\x1b]0;pwned\x07", "Title"},
		{"Two\nlines\t here", "Two lines here"},
		{"👩🏽‍💻 שלום", "👩🏽‍💻 שלום"},
		{"", "(no title)"},
		{"  <span> </span> ", "(no title)"},
	}
	posts := make([]wptest.FakePost, len(cases))
	for i, c := range cases {
		posts[i] = wptest.FakePost{ID: i + 1, Title: c.rendered, Status: "publish", Date: base.Add(-time.Duration(i) * time.Minute)}
	}
	s := newFake(t)
	s.SetPosts(posts)
	c, _ := newTestClient(t, s.URL)
	got, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range got {
		if p.Title != cases[i].want {
			t.Errorf("title %q -> %q, want %q", cases[i].rendered, p.Title, cases[i].want)
		}
	}
}
