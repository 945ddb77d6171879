package wordpress

import (
	"context"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// BenchmarkListPosts10000 lists 10,000 posts (list fields only, 100 pages)
// from the in-process fake over loopback with the default 4 workers. The
// fake's own JSON encoding runs in the same process, so the figure is a
// lower bound on what the client alone could do.
func BenchmarkListPosts10000(b *testing.B) {
	s := wptest.NewServer(wptest.WithCredentials(testUser, testPass))
	defer s.Close()
	s.SetPosts(wptest.GeneratePosts(10000, base))
	c, _ := newTestClient(b, s.URL, WithCredentials(testUser, testPass))
	ctx := context.Background()
	if _, err := c.Site(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		n = 0
		err := c.ListPosts(ctx, ListOptions{}, func(p Page) { n += len(p.Posts) })
		if err != nil {
			b.Fatal(err)
		}
	}
	if n != 10000 {
		b.Fatalf("listed %d posts", n)
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkPreviewDuringListing measures Post (ns/op) while a listing of
// slow pages runs, on a fake site that, like PHP's built-in server here,
// answers 4 requests at once; idle-ns/op is the same preview with nothing
// else running, and x-idle their ratio. A page takes 20 ms; a post 5 ms and
// its featured image look-up 2 ms, a second round trip.
func BenchmarkPreviewDuringListing(b *testing.B) {
	s := wptest.NewServer(wptest.WithCredentials(testUser, testPass), wptest.WithMaxWorkers(4))
	defer s.Close()
	posts := wptest.GeneratePosts(10000, base)
	for i := range posts {
		posts[i].FeaturedMedia = 7
	}
	s.SetPosts(posts)
	s.AddMedia(wptest.FakeMedia{ID: 7, SourceURL: "/wp-content/uploads/a.jpg"})
	s.Fail("/wp/v2/posts", wptest.Delay(20*time.Millisecond))
	s.Fail("/wp/v2/posts/*", wptest.Delay(5*time.Millisecond))
	s.Fail("/wp/v2/media/*", wptest.Delay(2*time.Millisecond))
	c, _ := newTestClient(b, s.URL, WithCredentials(testUser, testPass))
	ctx := context.Background()
	preview := func(i int) {
		if _, err := c.Post(ctx, 1+i%len(posts)); err != nil {
			b.Fatal(err)
		}
	}
	const idleRuns = 20
	start := time.Now()
	for i := range idleRuns {
		preview(i)
	}
	idle := time.Since(start) / idleRuns

	listCtx, stop := context.WithCancel(ctx)
	listed := make(chan struct{})
	go func() {
		defer close(listed)
		for listCtx.Err() == nil {
			_ = c.ListPosts(listCtx, ListOptions{}, func(Page) {})
		}
	}()
	for s.Count("/wp/v2/posts") < 2 {
		time.Sleep(time.Millisecond) // the listing is under way
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		preview(i)
		i++
	}
	b.StopTimer()
	stop()
	<-listed
	during := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(idle.Nanoseconds()), "idle-ns/op")
	b.ReportMetric(float64(during)/float64(idle), "x-idle")
}
