package autopost

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// BenchmarkColumnLabelsAll is what the app's Medium filter reads: every
// post's label of a 100,000-post site whose record holds 1,000 stories, in
// one command (the ledger read once), against the labels of one screen of
// rows (50) read post by post, the column's usual read.
func BenchmarkColumnLabelsAll(b *testing.B) {
	const site = "https://blog.example.com"
	st, err := store.Open(filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	l := st.Ledger()
	posts := make([]wordpress.Post, 100_000)
	now := time.Now().UTC()
	for i := range posts {
		posts[i] = wordpress.Post{ID: i + 1, Status: wordpress.StatusPublish, DateGMT: now.Add(-time.Duration(i) * time.Hour),
			ModifiedGMT: now.Add(-time.Duration(i) * time.Hour), Link: fmt.Sprintf("%s/p%d/", site, i+1)}
	}
	for i := 0; i < 1000; i++ {
		if err := l.Record(store.Entry{Site: site, PostID: i*100 + 1, URL: fmt.Sprintf("https://medium.com/@a/p-%012x", i), PublishStatus: medium.StatusPublic}); err != nil {
			b.Fatal(err)
		}
	}
	col := Column{Publisher: &crosspost.Publisher{Ledger: l, SiteURL: site}, Store: st, Site: site}
	b.Run("posts=100000", func(b *testing.B) {
		for b.Loop() {
			if got := col.Labels(posts); got[0] != "public ✓" || got[1] != "—" {
				b.Fatalf("labels %q", got[:2])
			}
		}
	})
	b.Run("posts=50", func(b *testing.B) {
		for b.Loop() {
			col.Labels(posts[:50])
		}
	})
}
