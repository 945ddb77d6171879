//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// One store, many processes: the app stays open while three CLI processes
// publish and list against the same store at once; nothing fails, nothing
// is lost, two processes racing on one post make one story, and the app's
// Medium column shows what the others recorded without a restart.
func TestStoreSharedByTheAppAndTheCLI(t *testing.T) {
	pe := newPublishEnv(t)
	id := os.Getpid()
	content := "<!-- wp:paragraph -->\n<p>Published by the shared-store test.</p>\n<!-- /wp:paragraph -->"
	titles := []string{fmt.Sprintf("E2E shared A %d", id), fmt.Sprintf("E2E shared B %d", id), fmt.Sprintf("E2E shared C %d", id)}
	var posts []wpPost
	for _, title := range titles {
		posts = append(posts, createOwnPost(t, title, content, nil))
	}
	total := wpTotal(t, true)

	tt := startTermEnv(t, pe.env, "--config", pe.config)
	want := thousands(total) + " posts"
	tt.waitFor("the list with "+want, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(header(s)), want) })
	for _, title := range titles {
		if row := listRow(tt.screen(), title); !strings.Contains(row, "—") {
			t.Fatalf("before any send, the row of %q is %q", title, row)
		}
	}

	// While the app runs: publish A, publish B, list, and two processes
	// publishing C at the same moment.
	type run struct {
		name string
		args []string
		res  result
	}
	runs := []*run{
		{name: "publish A", args: []string{"publish", fmt.Sprint(posts[0].ID)}},
		{name: "publish B", args: []string{"publish", fmt.Sprint(posts[1].ID)}},
		{name: "list", args: []string{"list", "--json"}},
		{name: "publish C (1)", args: []string{"publish", fmt.Sprint(posts[2].ID)}},
		{name: "publish C (2)", args: []string{"publish", fmt.Sprint(posts[2].ID)}},
	}
	var wg sync.WaitGroup
	for _, r := range runs {
		wg.Go(func() { r.res = pe.run(t, r.args...) })
	}
	wg.Wait()
	for _, r := range runs[:3] {
		if r.res.code != 0 {
			t.Errorf("%s beside the app: exit %d\nstderr: %s", r.name, r.res.code, r.res.stderr)
		}
	}
	c1, c2 := runs[3].res, runs[4].res
	if (c1.code == 0) == (c2.code == 0) || c1.code+c2.code != 3 { // 3: refused
		t.Errorf("two processes publishing C: exits %d and %d, want one 0 and one %d\n%s\n%s", c1.code, c2.code, 3, c1.stderr, c2.stderr)
	}
	for _, title := range titles {
		pe.created(t, title) // exactly one story each
	}
	if n := len(pe.srv.Posts()); n != 3 {
		t.Errorf("the fake Medium has %d stories, want 3", n)
	}
	if listed := decodeListing(t, runs[2].res.stdout); len(listed) != total {
		t.Errorf("list beside the app listed %d posts, want %d", len(listed), total)
	}

	// The app shows the others' sends, without a restart.
	tt.waitFor("the three posts shown as draft ✓", func(s string) bool {
		for _, title := range titles {
			if !strings.Contains(listRow(s, title), "draft ✓") {
				return false
			}
		}
		return true
	})
	tt.keys("q")
	tt.waitExit()

	// Nothing lost: the store's export holds the three stories with their URLs.
	backup := filepath.Join(t.TempDir(), "ledger.json")
	if r := pe.run(t, "ledger", "export", backup); r.code != 0 {
		t.Fatalf("ledger export: exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Entries []struct {
			PostID int    `json:"post_id"`
			State  string `json:"state"`
			URL    string `json:"url"`
		} `json:"entries"`
	}
	b, _ := os.ReadFile(backup)
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for _, e := range doc.Entries {
		if e.State == "sent" && e.URL != "" {
			got[e.PostID] = e.URL
		}
	}
	for i, p := range posts {
		if story := pe.created(t, titles[i]); got[p.ID] != story.URL {
			t.Errorf("post %d: the store records %q, Medium has %q", p.ID, got[p.ID], story.URL)
		}
	}
}
