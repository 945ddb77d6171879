//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// listIn runs `list --json ARGS` with the store in dataHome and fails on a
// non-zero exit.
func listIn(t *testing.T, dataHome, cfg string, args ...string) []listedPost {
	t.Helper()
	r := runBinEnv(t, []string{"XDG_DATA_HOME=" + dataHome}, append([]string{"--config", cfg, "list", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("list --json %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return decodeListing(t, r.stdout)
}

// fullFetch is what a first listing, from an empty store, returns.
func fullFetch(t *testing.T, cfg string) []listedPost {
	t.Helper()
	return listIn(t, t.TempDir(), cfg)
}

// sameListing compares two listings as sets of posts with every field.
func sameListing(t *testing.T, what string, got, want []listedPost) {
	t.Helper()
	norm := func(ps []listedPost) []string {
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s|%q|%q", p.ID, p.Title, p.Status, p.DateGMT, p.ModifiedGMT, p.Link, p.Medium, p.Tags, p.Categories)
		}
		sort.Strings(out)
		return out
	}
	g, w := norm(got), norm(want)
	if reflect.DeepEqual(g, w) {
		return
	}
	have := map[string]bool{}
	for _, s := range w {
		have[s] = true
	}
	var extra, missing []string
	for _, s := range g {
		if !have[s] {
			extra = append(extra, s)
		}
		delete(have, s)
	}
	for s := range have {
		missing = append(missing, s)
	}
	t.Fatalf("%s: the stored list (%d posts) is not a full fetch (%d posts)\nonly in the store: %.5q\nonly in the fetch: %.5q", what, len(got), len(want), extra, missing)
}

// wpSQL runs one statement on the site's database (the runner's MariaDB).
func wpSQL(t *testing.T, query string) {
	t.Helper()
	sock := filepath.Join(os.Getenv("WP_ENV_DIR"), "mysqld.sock")
	db := seed.DBName
	if db == "" { // a site seeded before seed.json named it
		db = "wp2medium"
	}
	out, err := exec.Command("mariadb", "--no-defaults", "--socket="+sock, "-u", "root", db, "-e", query).CombinedOutput()
	if err != nil {
		t.Fatalf("SQL %q: %v\n%s", query, err, out)
	}
}

// The list from the store, brought up to date by deltas, equals a full
// fetch after every kind of change a real WordPress can go through.
func TestListFollowsTheSite(t *testing.T) {
	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	home := t.TempDir()
	id := os.Getpid()
	content := "<!-- wp:paragraph -->\n<p>Changed by the list-sync test.</p>\n<!-- /wp:paragraph -->"
	edited := createOwnPost(t, fmt.Sprintf("E2E sync edited %d", id), content, nil)
	unpublished := createOwnPost(t, fmt.Sprintf("E2E sync unpublished %d", id), content, nil)
	trashed := createOwnPost(t, fmt.Sprintf("E2E sync trashed %d", id), content, nil)
	var deleted wpPost // deleted by the test itself, not at cleanup
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/posts", map[string]any{"title": fmt.Sprintf("E2E sync deleted %d", id), "content": content, "status": "publish", "excerpt": ownPostMarker}, &deleted)
	restored := createOwnPost(t, fmt.Sprintf("E2E sync restored %d", id), content, nil)

	first := listIn(t, home, cfg)
	sameListing(t, "the first listing", first, fullFetch(t, cfg))
	if len(first) != wpTotal(t, true) {
		t.Fatalf("the first listing has %d posts, WordPress says %d", len(first), wpTotal(t, true))
	}

	// Edits, a status change, trash, a deletion and a new post, through
	// the REST API as an editor would make them.
	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", edited.ID), map[string]any{"title": "E2E sync edited, again"}, nil)
	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", unpublished.ID), map[string]any{"status": "draft"}, nil)
	wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d", trashed.ID), nil, nil) // to the trash
	wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d?force=true", deleted.ID), nil, nil)
	createOwnPost(t, fmt.Sprintf("E2E sync new %d", id), content, nil)
	sameListing(t, "after edits, unpublishing, trash, a deletion and a new post", listIn(t, home, cfg), fullFetch(t, cfg))

	// A post restored from an old backup: its modified time goes back, so
	// only the check (every id and modified time) can see it.
	wpSQL(t, fmt.Sprintf("UPDATE wp_posts SET post_title = 'E2E sync restored from a backup %d', post_modified = '2011-01-01 00:00:00', post_modified_gmt = '2011-01-01 00:00:00' WHERE ID = %d", id, restored.ID))
	sameListing(t, "after a modified time went back (list --check)", listIn(t, home, cfg, "--check"), fullFetch(t, cfg))

	// --offline answers from the store (cli's unit tests show it asks
	// nothing, with the site stopped).
	r := runBinEnv(t, []string{"XDG_DATA_HOME=" + home}, "--config", cfg, "list", "--json", "--offline")
	if r.code != 0 {
		t.Fatalf("list --offline: exit %d: %s", r.code, r.stderr)
	}
	sameListing(t, "list --offline", decodeListing(t, r.stdout), fullFetch(t, cfg))
	if !strings.Contains(r.stderr, "From the store: synced") {
		t.Errorf("list --offline does not say when the list was synced: %q", r.stderr)
	}
}
