package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

const foundStory = "https://medium.com/@someone/ship-it-1a2b3c4d5e6f"

// linkedEnv is publishEnv whose post 11 ends with wp2medium's cross-link
// paragraph, as another machine left it, and whose post 13 only shows the
// markup in a code block.
func linkedEnv(t *testing.T) publishEnv {
	t.Helper()
	e := newPublishEnv(t, "")
	para, err := wordpress.CrossLinkMarkup(foundStory, true)
	if err != nil {
		t.Fatal(err)
	}
	date := time.Now().Add(-48 * time.Hour).UTC()
	e.wp.UpdatePost(11, func(p *wptest.FakePost) {
		p.RawContent = "<!-- wp:paragraph -->\n<p>Words.</p>\n<!-- /wp:paragraph -->\n\n" + para
		p.Content = "<p>Words.</p>\n<p class=\"wp2medium-crosslink\"><em>Also published on <a href=\"" + foundStory + "\">Medium</a>.</em></p>"
	})
	e.wp.AddPost(wptest.FakePost{ID: 13, Title: "How the cross-link looks", Status: "publish", Date: date,
		Content: `<pre class="wp-block-code"><code>&lt;p class="wp2medium-crosslink"&gt;&lt;a href="` + foundStory + `"&gt;Medium&lt;/a&gt;&lt;/p&gt;</code></pre>`})
	return e
}

func (e publishEnv) creates() int {
	return len(e.medium.RequestsTo(http.MethodPost, "/users/"+mediumtest.DefaultUserID+"/posts"))
}

// ledgerEntries is the store's ledger, as `ledger export` writes it.
func (e publishEnv) ledgerEntries(t *testing.T) map[int]store.Entry {
	t.Helper()
	out, stderr, code := e.run(t, "ledger", "export")
	if code != 0 {
		t.Fatalf("ledger export: exit %d: %s", code, stderr)
	}
	var doc struct {
		Entries []store.Entry `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("ledger export: %v\n%s", err, out)
	}
	m := map[int]store.Entry{}
	for _, en := range doc.Entries {
		m[en.PostID] = en
	}
	return m
}

// A post whose WordPress copy links its story is refused like a post
// sent from here, and the story is recorded; --force makes a second one.
func TestPublishRefusesAPostThatLinksItsStory(t *testing.T) {
	e := linkedEnv(t)
	_, stderr, code := e.run(t, "publish", "11")
	if code != exitRefused || !strings.Contains(stderr, foundStory) || !strings.Contains(stderr, "--force") || !strings.Contains(stderr, "found in the post's content") {
		t.Fatalf("publish 11: exit %d, want %d naming the story and --force: %s", code, exitRefused, stderr)
	}
	if n := e.creates(); n != 0 {
		t.Fatalf("%d creates; want none", n)
	}
	en := e.ledgerEntries(t)[11]
	if en.State != store.StateSent || en.Found != store.FoundWordPress || en.URL != foundStory || en.Route != store.RouteImport || !strings.Contains(en.Note, "cross-link paragraph") {
		t.Fatalf("entry = %+v; want sent, found-wordpress, the story, route import", en)
	}
	before := e.ledgerEntries(t)

	// Again: refused by the ledger now, and nothing new is recorded.
	if _, stderr, code := e.run(t, "publish", "11"); code != exitRefused || !strings.Contains(stderr, foundStory) {
		t.Fatalf("second publish 11: exit %d: %s", code, stderr)
	}
	if after := e.ledgerEntries(t); after[11].At != before[11].At || len(after[11].History) != 0 {
		t.Errorf("the second run changed the record: %+v", after[11])
	}

	// The code block is not a cross-link: post 13 goes.
	if _, stderr, code := e.run(t, "publish", "13"); code != 0 {
		t.Fatalf("publish 13 (markup in a code block): exit %d: %s", code, stderr)
	}
	out, stderr, code := e.run(t, "publish", "11", "--force")
	if code != 0 || e.creates() != 2 {
		t.Fatalf("publish 11 --force: exit %d, %d creates: %s", code, e.creates(), stderr)
	}
	en = e.ledgerEntries(t)[11]
	if en.Route != store.RouteAPI || strings.TrimSpace(out) != en.URL || len(en.History) != 1 || en.History[0].URL != foundStory {
		t.Errorf("after --force: %+v; want the new story, the found one in its history", en)
	}
}

func TestReconcileRecordsWhatWordPressLinks(t *testing.T) {
	e := linkedEnv(t)
	before := e.wp.Count("/wp/v2/posts")
	out, stderr, code := e.run(t, "reconcile", "--dry-run")
	if code != 0 || !strings.Contains(out, foundStory) || !strings.Contains(out, "would record") || !strings.Contains(out, "nothing was recorded") {
		t.Fatalf("reconcile --dry-run: exit %d\n%s%s", code, out, stderr)
	}
	if strings.Contains(out, "How the cross-link looks") {
		t.Errorf("the post quoting the markup was taken for a cross-posted one:\n%s", out)
	}
	// Two searches, and the first listing of the site into the store: the
	// posts the feed's stories are matched to.
	if n := e.wp.Count("/wp/v2/posts") - before; n != 3 {
		t.Errorf("the dry run made %d post requests; want 3 (two searches, one listing page)", n)
	}
	if len(e.medium.RequestsTo("GET", "/feed/*")) != 1 {
		t.Errorf("the dry run did not read the account's feed once: %v", e.medium.Requests())
	}
	if en := e.ledgerEntries(t); len(en) != 0 {
		t.Fatalf("the dry run recorded %+v", en)
	}

	out, stderr, code = e.run(t, "reconcile")
	if code != 0 || !strings.Contains(out, "Ship it") || !strings.Contains(out, "1 recorded") {
		t.Fatalf("reconcile: exit %d\n%s%s", code, out, stderr)
	}
	if en := e.ledgerEntries(t)[11]; en.Found != store.FoundWordPress || en.URL != foundStory {
		t.Fatalf("entry = %+v", en)
	}
	out, stderr, code = e.run(t, "reconcile", "--json")
	if code != 0 {
		t.Fatalf("reconcile --json: exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rows) != 1 {
		t.Fatalf("rows = %v", rows)
	}
	for _, k := range []string{"post_id", "title", "url", "source", "how", "outcome", "why"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("--json has no %q key: %v", k, rows[0])
		}
	}
	if rows[0]["post_id"] != float64(11) || rows[0]["url"] != foundStory || rows[0]["source"] != store.FoundWordPress ||
		rows[0]["how"] != wordpress.HowCrossLink || rows[0]["outcome"] != "already-recorded" {
		t.Errorf("row = %v", rows[0])
	}
	if e.creates() != 0 {
		t.Error("reconcile created a story")
	}
}

// A local record that says more stays, and the table says why.
func TestReconcileKeepsARecordThatSaysMore(t *testing.T) {
	e := linkedEnv(t)
	// Sent from here, as another story (--force over nothing: a plain send).
	e.wp.UpdatePost(11, func(p *wptest.FakePost) { p.RawContent, p.Content = "<p>Words.</p>", "<p>Words.</p>" })
	if _, stderr, code := e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	mine := e.ledgerEntries(t)[11].URL
	para, _ := wordpress.CrossLinkMarkup(foundStory, false)
	e.wp.UpdatePost(11, func(p *wptest.FakePost) { p.RawContent, p.Content = "<p>Words.</p>\n\n"+para, "<p>Words.</p>"+para })
	out, stderr, code := e.run(t, "reconcile")
	if code != 0 || !strings.Contains(out, "kept the local record") || !strings.Contains(out, mine) {
		t.Fatalf("reconcile: exit %d\n%s%s", code, out, stderr)
	}
	if en := e.ledgerEntries(t)[11]; en.URL != mine || en.Found != "" {
		t.Errorf("the local record was overwritten: %+v", en)
	}
}

func TestReconcileSaysWhenWordPressCannotBeRead(t *testing.T) {
	e := linkedEnv(t)
	e.wp.Close()
	_, stderr, code := e.run(t, "reconcile")
	if code != exitError || !strings.Contains(stderr, "WordPress") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
