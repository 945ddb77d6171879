//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// TestDeltaSyncPrimitives checks, on the real WordPress, what a delta sync
// relies on: ModifiedAfter returns exactly the posts modified after the
// instant (exclusive), Stamps and CountPosts agree with WordPress's own
// count, and a trashed post drops out of every listing with the statuses
// the app asks for. It only changes posts it creates, and deletes them.
func TestDeltaSyncPrimitives(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := wordpress.NewClient(wpURL, wordpress.WithCredentials(wpUser, wpAppPass))
	if err != nil {
		t.Fatal(err)
	}
	kept := createOwnPost(t, fmt.Sprintf("E2E delta kept %d", time.Now().UnixNano()), "<p>kept</p>", nil)
	trashed := createOwnPost(t, fmt.Sprintf("E2E delta trashed %d", time.Now().UnixNano()), "<p>trashed</p>", nil)
	// modified_gmt has whole seconds: let the edit land in a later second
	// than the creations, so "after the creations" has an answer.
	time.Sleep(1100 * time.Millisecond)
	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", kept.ID), map[string]any{"content": "<p>kept, edited</p>"}, nil)
	modified := wpTime(t, wpGetPost(t, kept.ID).ModifiedGMT)

	count, err := c.CountPosts(ctx, wordpress.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := wpTotal(t, true); count != want {
		t.Errorf("CountPosts = %d, WordPress's X-WP-Total = %d", count, want)
	}
	stamps, total, err := c.Stamps(ctx, wordpress.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if total != count || len(stamps) != count {
		t.Errorf("Stamps: %d stamps, total %d; CountPosts %d", len(stamps), total, count)
	}
	byID := map[int]time.Time{}
	for _, s := range stamps {
		byID[s.ID] = s.ModifiedGMT
	}
	if !byID[kept.ID].Equal(modified) {
		t.Errorf("Stamps has post %d modified %v, WordPress says %v", kept.ID, byID[kept.ID], modified)
	}

	// The delta from one second before the edit is exactly the posts the
	// full pass says were modified after that second (the edited one, and
	// seeded posts dated in the future, whose modified time is their date).
	after := modified.Add(-time.Second)
	delta, err := c.ListAllPosts(ctx, wordpress.ListOptions{ModifiedAfter: after})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []int
	for id, m := range byID {
		if m.After(after) {
			want = append(want, id)
		}
	}
	for _, p := range delta {
		got = append(got, p.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) || !slices.Contains(got, kept.ID) || slices.Contains(got, trashed.ID) {
		t.Errorf("ModifiedAfter %s: ids %v, want %v (with %d, the edited post, without %d)", after.Format(time.RFC3339), got, want, kept.ID, trashed.ID)
	}
	// Exclusive: from the very second of the edit, the edited post is out.
	delta, err = c.ListAllPosts(ctx, wordpress.ListOptions{ModifiedAfter: modified})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range delta {
		if p.ID == kept.ID {
			t.Errorf("ModifiedAfter %s lists post %d, modified at that very second", modified.Format(time.RFC3339), kept.ID)
		}
	}

	// Trash one: every listing with the app's statuses drops it.
	wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d", trashed.ID), nil, nil)
	if p := wpGetPost(t, trashed.ID); p.Status != "trash" {
		t.Fatalf("post %d is %q after DELETE without force, want trash", trashed.ID, p.Status)
	}
	if n, err := c.CountPosts(ctx, wordpress.ListOptions{}); err != nil || n != count-1 {
		t.Errorf("CountPosts after trashing one = %d, %v; want %d", n, err, count-1)
	}
	both, err := c.ListAllPosts(ctx, wordpress.ListOptions{Include: []int{kept.ID, trashed.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(both) != 1 || both[0].ID != kept.ID {
		t.Errorf("Include [%d %d] after trashing %d: %v", kept.ID, trashed.ID, trashed.ID, both)
	}
	stamps, _, err = c.Stamps(ctx, wordpress.ListOptions{Include: []int{kept.ID, trashed.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if len(stamps) != 1 || stamps[0].ID != kept.ID || !stamps[0].ModifiedGMT.Equal(modified) {
		t.Errorf("Stamps of [%d %d] after trashing %d: %v", kept.ID, trashed.ID, trashed.ID, stamps)
	}
}

// wpTime reads a REST GMT date ("2024-03-02T10:00:00").
func wpTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return v
}
