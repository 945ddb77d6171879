package wordpress

import (
	"context"
	"testing"

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
