package wordpress

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestForegroundCounts(t *testing.T) {
	var f foreground
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	// With a canceled context wait says at once whether it would block.
	if err := f.wait(canceled); err != nil {
		t.Fatalf("nothing in flight, yet wait = %v", err)
	}
	end1, end2 := f.begin(), f.begin()
	end1()
	end1() // a second end of the same request must not count another out
	if f.wait(canceled) == nil {
		t.Fatal("one foreground request is still in flight, yet wait returned nil")
	}
	end2()
	if err := f.wait(canceled); err != nil {
		t.Fatalf("all ended, yet wait = %v", err)
	}
}

// slowListingSite has 60 pages that take 30 ms each and posts that take
// 150 ms to render, five pages' time: long enough for a listing that
// ignored the preview to ask for many pages meanwhile.
func slowListingSite(t *testing.T) *wptest.Server {
	t.Helper()
	s := newFake(t)
	s.SetPosts(wptest.GeneratePosts(6000, base))
	s.Fail("/wp/v2/posts", wptest.Delay(30*time.Millisecond))
	s.Fail("/wp/v2/posts/*", wptest.Delay(150*time.Millisecond))
	return s
}

func TestPreviewDuringListing(t *testing.T) {
	s := slowListingSite(t)
	const previewID = 5
	postRoute := "/wp/v2/posts/" + strconv.Itoa(previewID)
	// Page 8 is held until the preview's request has arrived, so the
	// listing cannot be over before the preview starts, however slow the
	// machine.
	previewArrived := make(chan struct{})
	s.OnRequest(func(r wptest.Request) {
		switch {
		case r.Route == postRoute:
			close(previewArrived)
		case r.Route == "/wp/v2/posts" && r.Query.Get("page") == "8":
			select {
			case <-previewArrived:
			case <-time.After(10 * time.Second):
			}
		}
	})
	c, _ := newTestClient(t, s.URL, WithWorkers(4))
	ctx := context.Background()
	if _, err := c.Site(ctx); err != nil {
		t.Fatal(err)
	}
	previewed := make(chan error, 1)
	err := c.ListPosts(ctx, ListOptions{}, func(p Page) {
		if p.Number == 3 {
			go func() {
				d, err := c.Post(ctx, previewID)
				if err == nil && d.ID != previewID {
					t.Errorf("previewed post %d, want %d", d.ID, previewID)
				}
				previewed <- err
			}()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-previewed; err != nil {
		t.Fatal(err)
	}

	// The preview is two requests, the post then its category names. In
	// between, only the pages already under way when it began may arrive:
	// one per listing worker.
	reqs := s.Requests()
	postAt, doneAt := -1, -1
	for i, r := range reqs {
		switch r.Route {
		case postRoute:
			postAt = i
		case "/wp/v2/categories":
			doneAt = i
		}
	}
	if postAt < 0 || doneAt < postAt {
		t.Fatalf("the preview's requests are missing or out of order: post at %d, categories at %d", postAt, doneAt)
	}
	during, after := 0, 0
	listingConns, previewConns := map[string]bool{}, map[string]bool{}
	for i, r := range reqs {
		switch {
		case r.Route == "/wp/v2/posts" && i > postAt && i < doneAt:
			during++
		case r.Route == "/wp/v2/posts" && i > doneAt:
			after++
		}
		switch r.Route {
		case "/wp/v2/posts":
			listingConns[r.RemoteAddr] = true
		case postRoute, "/wp/v2/categories":
			previewConns[r.RemoteAddr] = true
		}
	}
	if during > 4 {
		t.Errorf("%d pages were asked for while the preview ran; at most the 4 already under way may be", during)
	}
	if after == 0 {
		t.Error("no page was asked for after the preview: the preview waited for the listing")
	}
	for addr := range previewConns {
		if listingConns[addr] {
			t.Errorf("the preview and the listing shared the connection %s", addr)
		}
	}
}

func TestFailedPreviewReleasesTheListing(t *testing.T) {
	s := slowListingSite(t)
	c, _ := newTestClient(t, s.URL, WithWorkers(4))
	// A listing that waited for a preview forever would hang: bound it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	gone, cancelGone := context.WithCancel(ctx)
	missing, canceled := make(chan error, 1), make(chan error, 1)
	n := 0
	err := c.ListPosts(ctx, ListOptions{}, func(p Page) {
		n += len(p.Posts)
		switch p.Number {
		case 2:
			go func() { _, err := c.Post(ctx, 99999); missing <- err }() // not found
		case 4:
			go func() { _, err := c.Post(gone, 10); canceled <- err }()
			go func() {
				for s.Count("/wp/v2/posts/10") == 0 {
					time.Sleep(time.Millisecond)
				}
				cancelGone() // the user moved on while it loaded
			}()
		}
	})
	if err != nil || n != 6000 {
		t.Fatalf("listed %d posts, %v; want 6000 after a failed and a canceled preview", n, err)
	}
	wpErr(t, <-missing, KindNotFound)
	wpErr(t, <-canceled, KindCanceled)
}
