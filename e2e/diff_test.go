//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// What changed since a post was sent, on the real WordPress: publish from
// the command line to the fake Medium, edit the post through the REST API,
// and diff shows the edit; mark-updated clears changed, and the next diff
// shows no change. The post is the test's own, deleted at the end.
func TestDiffShowsAnEditMadeThroughTheRESTAPI(t *testing.T) {
	pe := newPublishEnv(t)
	title := fmt.Sprintf("E2E diff %d", os.Getpid())
	content := "<!-- wp:paragraph -->\n<p>The first paragraph, as it was sent.</p>\n<!-- /wp:paragraph -->\n\n" +
		"<!-- wp:paragraph -->\n<p>A paragraph that will be rewritten, with <a href=\"https://old.example/page\">an old link</a>.</p>\n<!-- /wp:paragraph -->"
	post := createOwnPost(t, title, content, nil)
	id := fmt.Sprint(post.ID)

	if r := pe.run(t, "publish", id, "--cross-link", "--status", "draft"); r.code != 0 {
		t.Fatalf("publish: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	r := pe.run(t, "diff", id)
	if r.code != 0 || !strings.Contains(r.stdout, "No change") {
		t.Fatalf("diff right after the send (the cross-link's own edit is not a change): exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// WordPress keeps modified times in whole seconds: the edit comes a
	// second later, as a writer's would.
	time.Sleep(1100 * time.Millisecond)
	now := wpGetPost(t, post.ID)
	edited := strings.Replace(now.Content.Raw,
		`<p>A paragraph that will be rewritten, with <a href="https://old.example/page">an old link</a>.</p>`,
		`<p>A paragraph rewritten on WordPress after the send, with <a href="https://new.example/page">a new link</a>.</p>`, 1)
	if edited == now.Content.Raw {
		t.Fatalf("the paragraph to rewrite is not in the post any more:\n%s", now.Content.Raw)
	}
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/posts/"+id, map[string]any{"content": edited}, nil)
	if m := pe.listedMediumOf(t, post.ID); m == nil || !m.ChangedSince {
		t.Fatalf("list --json after the edit: %+v, want changed_since true", m)
	}

	r = runBinEnv(t, append(pe.env, "COLUMNS=100"), "--config", pe.config, "diff", id)
	if r.code != 0 {
		t.Fatalf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"- A paragraph that will be rewritten, with an old link.",
		"+ A paragraph rewritten on WordPress after the send, with a new link.",
		"  The first paragraph, as it was sent.",
		"+ https://new.example/page",
		"- https://old.example/page",
		"wp2medium mark-updated " + id,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Also published") || strings.Contains(r.stdout, "Title\n") {
		t.Errorf("diff shows what did not change (the cross-link, the title):\n%s", r.stdout)
	}

	// The app: the post's row says changed, and d shows the same edit.
	tt := startTermEnv(t, pe.env, "--config", pe.config)
	tt.waitFor("the list", func(s string) bool { return strings.Contains(header(s), " posts") })
	tt.keys("/")
	tt.typeText("e2e diff")
	tt.keys("Enter")
	tt.waitFor("the filter to show "+quote(title), func(s string) bool {
		return strings.Contains(listPane(s), "1 of ") && previewShows(s, title) && strings.Contains(s, "d what changed")
	})
	tt.keys("d")
	tt.waitFor("the diff screen with the edit", func(s string) bool {
		return strings.Contains(s, "What changed since it was sent") && strings.Contains(s, "+ A paragraph rewritten on WordPress") &&
			strings.Contains(s, "- A paragraph that will be rewritten")
	})
	tt.keys("Escape")
	time.Sleep(300 * time.Millisecond) // Escape then q would read as alt+q
	tt.keys("q")
	tt.waitExit()

	if r := pe.run(t, "mark-updated", id); r.code != 0 {
		t.Fatalf("mark-updated: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if m := pe.listedMediumOf(t, post.ID); m == nil || m.ChangedSince {
		t.Fatalf("list --json after mark-updated: %+v, want changed_since false", m)
	}
	if r := pe.run(t, "diff", id); r.code != 0 || !strings.Contains(r.stdout, "No change") {
		t.Fatalf("diff after mark-updated: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
