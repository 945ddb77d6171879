//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// What the tests read and write on the real WordPress, through its REST API
// with the application password: the oracle the app is checked against.

// wpPost is the part of a post (context=edit) the tests look at.
type wpPost struct {
	ID            int    `json:"id"`
	Link          string `json:"link"`
	Status        string `json:"status"`
	ModifiedGMT   string `json:"modified_gmt"`
	FeaturedMedia int    `json:"featured_media"`
	Tags          []int  `json:"tags"`
	Categories    []int  `json:"categories"`
	Title         struct {
		Raw string `json:"raw"`
	} `json:"title"`
	Content struct {
		Raw string `json:"raw"`
	} `json:"content"`
	Excerpt struct {
		Raw string `json:"raw"`
	} `json:"excerpt"`
}

var wpHTTP = &http.Client{Timeout: 30 * time.Second}

// wpDo sends a REST request as the e2e user and decodes a 2xx answer into out
// (when not nil). Any other answer fails the test. Messages never hold the
// password: it only travels in the Authorization header.
func wpDo(t testing.TB, method, path string, body, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, wpURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(wpUser, wpAppPass)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := wpHTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %s: %.500s", method, path, resp.Status, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v: %.300s", method, path, err, raw)
		}
	}
}

// wpGetPost reads a post as its editor sees it (content.raw).
func wpGetPost(t testing.TB, id int) wpPost {
	t.Helper()
	var p wpPost
	wpDo(t, http.MethodGet, fmt.Sprintf("/wp-json/wp/v2/posts/%d?context=edit", id), nil, &p)
	return p
}

// wpSiteName is the site's name as WordPress's REST root gives it.
func wpSiteName(t testing.TB) string {
	t.Helper()
	var root struct {
		Name string `json:"name"`
	}
	wpDo(t, http.MethodGet, "/wp-json/", nil, &root)
	if root.Name == "" {
		t.Fatal("the REST root has no site name")
	}
	return root.Name
}

// ownPostMarker is the excerpt of every post the tests create, so posts left
// behind by an interrupted run can be found and removed: the listing tests
// allow no post that is neither seeded nor a scale post.
const ownPostMarker = "wp2medium-e2e-own-post"

var sweepOnce sync.Once

// sweepOwnPosts deletes posts an earlier, interrupted run created (the
// corpus test alone makes over a hundred: a page at a time until none).
func sweepOwnPosts(t testing.TB) {
	t.Helper()
	for {
		var found []wpPost
		wpDo(t, http.MethodGet, "/wp-json/wp/v2/posts?context=edit&per_page=100&status=publish,future,draft,pending,private&search="+ownPostMarker, nil, &found)
		deleted := 0
		for _, p := range found {
			if strings.TrimSpace(p.Excerpt.Raw) == ownPostMarker {
				wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d?force=true", p.ID), nil, nil)
				deleted++
			}
		}
		if deleted == 0 || len(found) < 100 {
			return
		}
	}
}

// createOwnPost publishes a post on the real site for a test that changes
// posts (publishing adds "Also published on Medium" to the WordPress post),
// so no seeded post another test compares is touched. It is deleted for
// good when the test ends. extra sets more REST fields (featured_media,
// tags, ...).
func createOwnPost(t *testing.T, title, content string, extra map[string]any) wpPost {
	t.Helper()
	sweepOnce.Do(func() { sweepOwnPosts(t) })
	body := map[string]any{"title": title, "content": content, "status": "publish", "excerpt": ownPostMarker}
	for k, v := range extra {
		body[k] = v
	}
	var p wpPost
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/posts", body, &p)
	if p.ID == 0 || p.Link == "" {
		t.Fatalf("creating %q: no id or link in the answer: %+v", title, p)
	}
	t.Cleanup(func() {
		wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d?force=true", p.ID), nil, nil)
	})
	return wpGetPost(t, p.ID)
}
