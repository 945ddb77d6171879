package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// TestMigrationFromV2KeepsTheCachedPosts opens a file as wp2medium wrote it
// before term ids were kept: the posts are still there, counted as without
// terms (so the next sync lists them again), and the store then keeps terms.
func TestMigrationFromV2KeepsTheCachedPosts(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:2] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	key := SiteKey(ledgerTestSite)
	for i := 1; i <= 3; i++ {
		if _, err := db.Exec(`INSERT INTO posts (site, id, title, status, date_gmt, modified, link, sticky, protected) VALUES (?, ?, ?, 'publish', ?, ?, ?, 0, 0)`,
			key, i, fmt.Sprintf("Old post %d", i), 1700000000+i, 1700000000+i, fmt.Sprintf("https://blog.example.com/%d/", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("INSERT INTO sync_state (site, complete, synced_at) VALUES (?, 1, 1700000100); PRAGMA user_version = 2", key); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("opening a v2 file: %v", err)
	}
	defer s.Close()
	posts, err := s.Posts(ledgerTestSite)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 3 || posts[0].Title != "Old post 3" || posts[0].TagIDs != nil || posts[0].Terms != nil {
		t.Fatalf("posts after the migration: %+v", posts)
	}
	st, err := s.SyncState(ledgerTestSite)
	if err != nil {
		t.Fatal(err)
	}
	if st.Count != 3 || st.WithoutTerms != 3 || !st.Complete {
		t.Fatalf("state after the migration: %+v", st)
	}
	p := posts[0]
	p.TagIDs, p.CategoryIDs = []int{7}, []int{1}
	if err := s.ChangePosts(ledgerTestSite, PostsChange{Put: []wordpress.Post{p}}); err != nil {
		t.Fatal(err)
	}
	if st, _ = s.SyncState(ledgerTestSite); st.WithoutTerms != 2 {
		t.Fatalf("a post stored again still counts as without terms: %+v", st)
	}
	unnamed, err := s.UnnamedTerms(ledgerTestSite)
	if err != nil || !slices.Equal(unnamed[wordpress.Tags], []int{7}) || !slices.Equal(unnamed[wordpress.Categories], []int{1}) {
		t.Fatalf("unnamed terms: %v, %v", unnamed, err)
	}
}

func TestPostsCarryTheStoredTermNames(t *testing.T) {
	s := openTestStore(t)
	d := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	put := []wordpress.Post{
		{ID: 1, Title: "One", Status: wordpress.StatusPublish, DateGMT: d, ModifiedGMT: d, TagIDs: []int{10, 11, 12}, CategoryIDs: []int{1}},
		{ID: 2, Title: "Two", Status: wordpress.StatusPublish, DateGMT: d.Add(time.Hour), ModifiedGMT: d, CategoryIDs: []int{2, 1}},
		{ID: 3, Title: "Three", Status: wordpress.StatusDraft, DateGMT: d.Add(2 * time.Hour), ModifiedGMT: d},
	}
	if err := s.ChangePosts(ledgerTestSite, PostsChange{Put: put}); err != nil {
		t.Fatal(err)
	}
	// 12 was asked for and not returned: deleted on the site.
	if err := s.SetTerms(ledgerTestSite, wordpress.Tags, []int{10, 11, 12}, []wordpress.Term{{ID: 10, Name: "go", Slug: "go"}, {ID: 11, Name: "tui\x1b]0;x\x07", Slug: "tui"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTerms(ledgerTestSite, wordpress.Categories, []int{1}, []wordpress.Term{{ID: 1, Name: "Uncategorized"}}); err != nil {
		t.Fatal(err)
	}
	posts, err := s.Posts(ledgerTestSite)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int]wordpress.Post{}
	for _, p := range posts {
		byID[p.ID] = p
	}
	one := byID[1]
	if !slices.Equal(one.TagIDs, []int{10, 11, 12}) || !slices.Equal(one.TagNames(), []string{"go", "tui"}) || !slices.Equal(one.CategoryNames(), []string{"Uncategorized"}) {
		t.Fatalf("post 1: ids %v, tags %q, categories %q", one.TagIDs, one.TagNames(), one.CategoryNames())
	}
	if two := byID[2]; !slices.Equal(two.Terms, []string{"Uncategorized"}) || !slices.Equal(two.CategoryIDs, []int{2, 1}) {
		t.Fatalf("post 2 (category 2 not named yet): %+v", two)
	}
	if three := byID[3]; three.Terms != nil || three.TagIDs != nil || three.CategoryIDs != nil {
		t.Fatalf("post 3 has no terms: %+v", three)
	}
	// The slices are capped: appending to one post's never writes into the next.
	_ = append(one.TagIDs, 99)
	_ = append(one.Terms, "x")
	if two := byID[2]; two.CategoryIDs[0] != 2 || two.Terms[0] != "Uncategorized" {
		t.Fatalf("appending to post 1's slices changed post 2: %+v", two)
	}
	unnamed, err := s.UnnamedTerms(ledgerTestSite)
	if err != nil || len(unnamed[wordpress.Tags]) != 0 || !slices.Equal(unnamed[wordpress.Categories], []int{2}) {
		t.Fatalf("unnamed: %v, %v (12 is gone, not unnamed)", unnamed, err)
	}

	// Post 1 loses its tags: prune forgets them, keeps the categories in use.
	put[0].TagIDs = nil
	if err := s.ChangePosts(ledgerTestSite, PostsChange{Put: put[:1]}); err != nil {
		t.Fatal(err)
	}
	if err := s.PruneTerms(ledgerTestSite); err != nil {
		t.Fatal(err)
	}
	known, err := s.KnownTerms(ledgerTestSite)
	if err != nil || len(known[wordpress.Tags]) != 0 || !slices.Equal(known[wordpress.Categories], []int{1, 2}) {
		t.Fatalf("known after pruning: %v, %v", known, err)
	}
}

func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
