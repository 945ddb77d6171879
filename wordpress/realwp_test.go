package wordpress

import (
	"context"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// A behaviour of a real WordPress 6.1 that the end-to-end tests found.

func TestPrivateTitleHasNoPrefix(t *testing.T) {
	srv := newFake(t, wptest.WithCredentials("alice", "pass word"))
	srv.SetPosts([]wptest.FakePost{{ID: 1, Title: "Salary notes", Status: "private", Date: time.Now().Add(-time.Hour)}})
	c, _ := newTestClient(t, srv.URL, WithCredentials("alice", "pass word"))
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].Title != "Salary notes" {
		t.Fatalf("posts = %+v, want the title without WordPress's \"Private: \" prefix", posts)
	}
}
