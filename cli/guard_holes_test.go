package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// copyOf11 adds post 14, a duplicate of post 11 (Duplicate Post, a copied
// block): its content carries 11's cross-link paragraph.
func copyOf11(t *testing.T, e publishEnv) {
	t.Helper()
	var raw, content string
	e.wp.UpdatePost(11, func(p *wptest.FakePost) { raw, content = p.RawContent, p.Content })
	e.wp.AddPost(wptest.FakePost{ID: 14, Title: "Ship it (copy)", Status: "publish", Date: time.Now().Add(-24 * time.Hour).UTC(),
		RawContent: raw, Content: content})
}

// A copy of a post carries that post's story: it is not recorded for the
// copy, and the copy publishes as any unsent post.
func TestPublishACopyOfALinkedPost(t *testing.T) {
	e := linkedEnv(t)
	copyOf11(t, e)
	if _, stderr, code := e.run(t, "publish", "11"); code != exitRefused {
		t.Fatalf("publish 11: exit %d: %s", code, stderr)
	}
	if _, stderr, code := e.run(t, "publish", "14"); code != 0 || e.creates() != 1 {
		t.Fatalf("publish 14 (a copy of 11): exit %d, %d creates; want it sent: %s", code, e.creates(), stderr)
	}
	en := e.ledgerEntries(t)
	if en[14].URL == foundStory || en[14].Route != store.RouteAPI || en[11].URL != foundStory {
		t.Errorf("records: 11 %+v; 14 %+v", en[11], en[14])
	}
}

// Reconcile: one story found for two posts in one run records neither.
func TestReconcileACopiedCrossLink(t *testing.T) {
	e := linkedEnv(t)
	copyOf11(t, e)
	out, stderr, code := e.run(t, "reconcile")
	if code != 0 || strings.Count(out, "same story for post") != 2 {
		t.Fatalf("reconcile: exit %d; want both posts said not recorded:\n%s%s", code, out, stderr)
	}
	if en := e.ledgerEntries(t); len(en) != 0 {
		t.Fatalf("recorded %+v; want neither", en)
	}
}

// The marker or the footer with a link that is not a story address says
// the post is on Medium all the same: refused, nothing recorded.
func TestPublishRefusesAMarkerWithoutAStory(t *testing.T) {
	for name, content := range map[string]string{
		"marker linking a profile": `<p>Words.</p><p class="wp2medium-crosslink"><em>Also published on <a href="https://medium.com/@someone">Medium</a>.</em></p>`,
		"footer over http":         `<p>Words.</p><hr><p><em>Also published on <a href="http://medium.com/@someone/ship-it-1a2b3c4d5e6f">Medium</a>.</em></p>`,
		"marker linking the site":  `<p>Words.</p><p class="wp2medium-crosslink"><em>Also published on <a href="SITE/ship-it-1a2b3c4d5e6f">Medium</a>.</em></p>`,
	} {
		t.Run(name, func(t *testing.T) {
			e := newPublishEnv(t, "")
			content = strings.ReplaceAll(content, "SITE", e.wp.URL)
			e.wp.UpdatePost(11, func(p *wptest.FakePost) { p.RawContent, p.Content = content, content })
			_, stderr, code := e.run(t, "publish", "11")
			if code != exitRefused || !strings.Contains(stderr, "not a Medium story address") || !strings.Contains(stderr, "wp2medium record 11") {
				t.Fatalf("publish 11: exit %d, want %d: %s", code, exitRefused, stderr)
			}
			if e.creates() != 0 || len(e.ledgerEntries(t)) != 0 {
				t.Fatalf("%d creates, ledger %+v; want none", e.creates(), e.ledgerEntries(t))
			}
			if _, stderr, code := e.run(t, "publish", "11", "--force"); code != 0 || e.creates() != 1 {
				t.Fatalf("--force: exit %d: %s", code, stderr)
			}
		})
	}
}

// import is guarded as publish is: a linked post on an empty store.
func TestImportRefusesAPostThatLinksItsStory(t *testing.T) {
	e := linkedEnv(t)
	out, stderr, code := e.run(t, "import", "11")
	if code != exitRefused || strings.Contains(out, "Import") || !strings.Contains(stderr, foundStory) {
		t.Fatalf("import 11: exit %d, want %d:\n%s%s", code, exitRefused, out, stderr)
	}
	if en := e.ledgerEntries(t)[11]; en.URL != foundStory || en.Found != store.FoundWordPress {
		t.Errorf("entry %+v; want the found story recorded", en)
	}
}

// --force on an empty store keeps the found story in the record's history.
func TestForceKeepsTheFoundStory(t *testing.T) {
	e := linkedEnv(t)
	if _, stderr, code := e.run(t, "publish", "11", "--force"); code != 0 || e.creates() != 1 {
		t.Fatalf("publish 11 --force: exit %d: %s", code, stderr)
	}
	en := e.ledgerEntries(t)[11]
	if en.Route != store.RouteAPI || len(en.History) != 1 || en.History[0].URL != foundStory || en.History[0].Found != store.FoundWordPress {
		t.Errorf("entry %+v; want the new story with the found one in its history", en)
	}
}

// A dry run refuses as publish does and writes nothing.
func TestDryRunGuardWritesNothing(t *testing.T) {
	e := linkedEnv(t)
	_, stderr, code := e.run(t, "publish", "11", "--dry-run")
	if code != exitRefused || !strings.Contains(stderr, foundStory) {
		t.Fatalf("publish 11 --dry-run: exit %d: %s", code, stderr)
	}
	if en := e.ledgerEntries(t); len(en) != 0 {
		t.Fatalf("the dry run recorded %+v", en)
	}
}
