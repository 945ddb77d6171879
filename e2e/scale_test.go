//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// wpTotal asks WordPress itself (not the app) how many posts a listing has.
func wpTotal(t *testing.T, authenticated bool) int {
	t.Helper()
	url := wpURL + "/wp-json/wp/v2/posts?per_page=1&_fields=id"
	if authenticated {
		url += "&context=edit&status=publish,future,draft,pending,private"
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authenticated {
		req.SetBasicAuth(wpUser, wpAppPass)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	n, err := strconv.Atoi(resp.Header.Get("X-WP-Total"))
	if resp.StatusCode != http.StatusOK || err != nil {
		t.Fatalf("GET %s: %s, X-WP-Total %q", url, resp.Status, resp.Header.Get("X-WP-Total"))
	}
	return n
}

func TestScaleListing(t *testing.T) {
	if scalePosts == 0 {
		t.Fatal("E2E_SCALE_POSTS is not set: run scripts/wordpress-env.sh seed-scale 5000 and export E2E_SCALE_POSTS=5000 (scripts/test.sh does)")
	}
	for _, authenticated := range []bool{true, false} {
		t.Run(fmt.Sprintf("authenticated=%v", authenticated), func(t *testing.T) {
			visibleSeeded := 0
			for _, sp := range seed.Posts {
				if authenticated || sp.VisibleAnonymously {
					visibleSeeded++
				}
			}
			want := scalePosts + visibleSeeded
			if got := wpTotal(t, authenticated); got != want {
				t.Fatalf("WordPress says X-WP-Total %d, the seed makes %d (%d scale + %d seeded): is the site seeded as the runner says?",
					got, want, scalePosts, visibleSeeded)
			}
			posts := siteListing(t, authenticated)
			if len(posts) != want {
				t.Errorf("list --json returned %d posts, want %d", len(posts), want)
			}
			seen := map[int]bool{}
			scaleSeen := map[string]int{}
			ties := 0
			var prev time.Time
			for i, p := range posts {
				if seen[p.ID] {
					t.Errorf("post %d listed twice", p.ID)
				}
				seen[p.ID] = true
				if scaleTitleRE.MatchString(p.Title) {
					scaleSeen[p.Title]++
				}
				d, err := time.Parse(time.RFC3339, p.DateGMT)
				if err != nil {
					t.Fatalf("post %d: date %q", p.ID, p.DateGMT)
				}
				if i > 0 && d.After(prev) {
					t.Errorf("not newest first: post %d (%s) after %d (%s)", p.ID, p.DateGMT, posts[i-1].ID, posts[i-1].DateGMT)
				}
				if i > 0 && d.Equal(prev) {
					ties++
				}
				prev = d
			}
			for i := 1; i <= scalePosts; i++ {
				if title := fmt.Sprintf("Scale post %d", i); scaleSeen[title] != 1 {
					t.Errorf("%q listed %d times, want once", title, scaleSeen[title])
				}
			}
			t.Logf("%d posts, newest first, none repeated, %d equal dates next to each other", len(posts), ties)
		})
	}
}
