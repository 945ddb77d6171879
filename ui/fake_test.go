package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// fakeSource is an in-memory PostSource: pages of posts, details on demand,
// and a count of detail fetches so tests can see what was (not) requested.
type fakeSource struct {
	mu       sync.Mutex
	site     wordpress.Site
	posts    []wordpress.Post
	details  map[int]wordpress.PostDetail
	perPage  int
	listErr  error
	postErr  error
	fetches  map[int]int
	gate     chan struct{} // when set, pages after the first wait for it
	postGate chan struct{} // when set, Post waits for it
}

func newFakeSource(n int) *fakeSource {
	f := &fakeSource{
		site:    wordpress.Site{Name: "Field Notes", URL: "https://blog.example.com"},
		details: map[int]wordpress.PostDetail{},
		perPage: 100,
		fetches: map[int]int{},
	}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	statuses := []wordpress.Status{wordpress.StatusPublish, wordpress.StatusDraft, wordpress.StatusFuture, wordpress.StatusPrivate, wordpress.StatusPending}
	for i := 0; i < n; i++ {
		p := wordpress.Post{
			ID:          1000 + i,
			Title:       fmt.Sprintf("Post number %d about Go", i+1),
			Status:      statuses[i%len(statuses)],
			DateGMT:     base.Add(-time.Duration(i) * time.Hour),
			ModifiedGMT: base.Add(-time.Duration(i) * time.Hour),
			Link:        fmt.Sprintf("https://blog.example.com/post-%d/", i+1),
		}
		f.posts = append(f.posts, p)
		f.details[p.ID] = wordpress.PostDetail{
			Post:        p,
			ContentHTML: fmt.Sprintf("<p>Body of post %d, in <strong>bold</strong>.</p><h2>Section</h2><p>More text.</p>", i+1),
			Tags:        []string{"go", "testing"},
		}
	}
	return f
}

func (f *fakeSource) Site(context.Context) (wordpress.Site, error) { return f.site, nil }

func (f *fakeSource) ListPosts(ctx context.Context, _ wordpress.ListOptions, onPage func(wordpress.Page)) error {
	if f.listErr != nil {
		return f.listErr
	}
	total := len(f.posts)
	pages := (total + f.perPage - 1) / f.perPage
	for n := 1; n <= pages; n++ {
		if n > 1 && f.gate != nil {
			select {
			case <-f.gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		end := min(n*f.perPage, total)
		onPage(wordpress.Page{Number: n, Posts: f.posts[(n-1)*f.perPage : end], Loaded: end, Total: total, TotalPages: pages})
	}
	return nil
}

func (f *fakeSource) Post(ctx context.Context, id int) (wordpress.PostDetail, error) {
	if f.postGate != nil {
		select {
		case <-f.postGate:
		case <-ctx.Done():
			return wordpress.PostDetail{}, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fetches[id]++
	if f.postErr != nil {
		return wordpress.PostDetail{}, f.postErr
	}
	d, ok := f.details[id]
	if !ok {
		return d, fmt.Errorf("post %d not found", id)
	}
	return d, nil
}

func (f *fakeSource) fetchCount(id int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fetches[id]
}

func wordpressPage(f *fakeSource, i int) wordpress.Page {
	return wordpress.Page{Number: 1, Posts: f.posts[i : i+1], Loaded: 1, Total: len(f.posts), TotalPages: 1}
}
