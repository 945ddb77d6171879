//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// xdgHome is an empty home of its own: data (the store), config and state.
func xdgHome(t *testing.T) []string {
	t.Helper()
	return []string{"XDG_DATA_HOME=" + t.TempDir(), "XDG_CONFIG_HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir()}
}

// reconciled is one row of `reconcile --json`.
type reconciled struct {
	PostID  int    `json:"post_id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Source  string `json:"source"`
	How     string `json:"how"`
	Outcome string `json:"outcome"`
	Why     string `json:"why"`
}

func (pe *publishEnv) reconcile(t *testing.T, args ...string) ([]reconciled, result) {
	t.Helper()
	r := pe.run(t, append([]string{"reconcile", "--json"}, args...)...)
	var rows []reconciled
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("reconcile --json %v: exit %d, not JSON: %v\nstdout: %.800s\nstderr: %s", args, r.code, err, r.stdout, r.stderr)
	}
	return rows, r
}

func rowOf(rows []reconciled, id int) *reconciled {
	for i := range rows {
		if rows[i].PostID == id {
			return &rows[i]
		}
	}
	return nil
}

// Three machines that share only WordPress (and the Medium account): the
// first publishes with cross-link; the second is refused (exit 3, the
// story named); the third, empty, finds the story with reconcile. Medium
// gets one create in all.
func TestNewMachineFindsTheStoryOnWordPress(t *testing.T) {
	first := newPublishEnv(t)
	first.env = xdgHome(t)
	first.config = first.configFor(t, wpURL)
	title := fmt.Sprintf("E2E new machine %d", os.Getpid())
	// Classic content: no block comment, so the marker is only in the
	// paragraph's class attribute, and the search must find it there.
	post := createOwnPost(t, title, "Written in the classic editor.\n\nA second paragraph.", nil)
	id := fmt.Sprint(post.ID)
	if r := first.run(t, "publish", id, "--cross-link"); r.code != 0 {
		t.Fatalf("first machine: publish: exit %d\n%s", r.code, r.stderr)
	}
	story := first.created(t, title)
	linked := checkCrossLinked(t, post.ID, story.URL)
	if strings.Contains(linked.Content.Raw, "<!-- wp:") {
		t.Fatalf("the post became block content; the attribute check needs classic content:\n%s", linked.Content.Raw)
	}
	// WordPress's search (a LIKE on post_content) matches text inside an
	// HTML attribute: the marker class.
	var hits []struct {
		ID int `json:"id"`
	}
	wpDo(t, http.MethodGet, "/wp-json/wp/v2/posts?status=any&_fields=id&per_page=100&search="+url.QueryEscape("wp2medium-crosslink"), nil, &hits)
	if !containsID(hits, post.ID) {
		t.Fatalf("search=wp2medium-crosslink does not find post %d: %v", post.ID, hits)
	}

	second := &publishEnv{srv: first.srv, env: xdgHome(t), siteName: first.siteName}
	second.config = second.configFor(t, wpURL)
	r := second.run(t, "publish", id)
	if r.code != 3 || !strings.Contains(r.stderr, story.URL) || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("second machine: publish: exit %d, want 3 naming %s\n%s", r.code, story.URL, r.stderr)
	}

	third := &publishEnv{srv: first.srv, env: xdgHome(t), siteName: first.siteName}
	third.config = third.configFor(t, wpURL)
	rows, r := third.reconcile(t, "--dry-run")
	if row := rowOf(rows, post.ID); r.code != 0 || row == nil || row.URL != story.URL || row.Outcome != "would-record" {
		t.Fatalf("third machine: reconcile --dry-run: exit %d, row %+v\n%s", r.code, row, r.stderr)
	}
	if r := third.run(t, "history", "--json"); strings.Contains(r.stdout, story.URL) {
		t.Fatalf("the dry run recorded the story:\n%s", r.stdout)
	}
	rows, r = third.reconcile(t)
	row := rowOf(rows, post.ID)
	if r.code != 0 || row == nil || row.URL != story.URL || row.Outcome != "recorded" || row.Source != "found-wordpress" || row.How != "the cross-link paragraph" || row.Title != title {
		t.Fatalf("third machine: reconcile: exit %d, row %+v\n%s", r.code, row, r.stderr)
	}
	if r := third.run(t, "publish", id); r.code != 3 || !strings.Contains(r.stderr, story.URL) {
		t.Fatalf("third machine after reconcile: publish: exit %d\n%s", r.code, r.stderr)
	}
	if n := first.creates(); n != 1 {
		t.Fatalf("the fake Medium got %d creates; want exactly 1", n)
	}
	t.Logf("reconcile on %s found %d post(s) with a story link", wpURL, len(rows))
	for _, row := range rows {
		t.Logf("  post %d %q: %s (%s) %s %s", row.PostID, row.Title, row.URL, row.How, row.Outcome, row.Why)
	}
}

func containsID(hits []struct {
	ID int `json:"id"`
}, id int) bool {
	for _, h := range hits {
		if h.ID == id {
			return true
		}
	}
	return false
}

// The seeded site, with one cross-linked post published by this test:
// what `reconcile --dry-run` finds, and how many requests it takes (the
// PHP server logs one connection per request: it has no keep-alive).
func TestReconcileOnTheSeededSite(t *testing.T) {
	pe := newPublishEnv(t)
	pe.env = xdgHome(t)
	pe.config = pe.configFor(t, wpURL)
	title := fmt.Sprintf("E2E reconcile seeded %d", os.Getpid())
	post := createOwnPost(t, title, autoContent, nil)
	if r := pe.run(t, "publish", fmt.Sprint(post.ID), "--cross-link"); r.code != 0 {
		t.Fatalf("publish: exit %d\n%s", r.code, r.stderr)
	}
	story := pe.created(t, title)
	fresh := &publishEnv{srv: pe.srv, env: xdgHome(t), siteName: pe.siteName}
	fresh.config = fresh.configFor(t, wpURL)
	logPath := os.Getenv("WP_ENV_DIR") + "/php-server.log"
	before := acceptedIn(t, logPath)
	rows, r := fresh.reconcile(t, "--dry-run")
	after := acceptedIn(t, logPath)
	if r.code != 0 || len(rows) != 1 || rows[0].PostID != post.ID || rows[0].URL != story.URL {
		t.Fatalf("reconcile --dry-run: exit %d, rows %+v; want the one cross-linked post\n%s", r.code, rows, r.stderr)
	}
	if before >= 0 {
		t.Logf("reconcile --dry-run on the seeded site: %d request(s) to WordPress", after-before)
	}
	out := fresh.run(t, "reconcile", "--dry-run")
	t.Logf("reconcile --dry-run:\n%s", out.stdout)
}

// acceptedIn counts the connections the PHP server logged, -1 without a
// log to read (WP_ENV_DIR unset).
func acceptedIn(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	return strings.Count(string(b), " Accepted")
}
