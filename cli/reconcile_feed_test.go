package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/store"
)

// A new machine (an empty data directory) finds a public story that left
// no trace on WordPress (no cross-link) in Medium's public feed, by its
// title, and then refuses to send the post again.
func TestReconcileFindsAPublicStoryInTheFeed(t *testing.T) {
	e := newPublishEnv(t, "")
	story, stderr, code := e.run(t, "publish", "11", "--status", "public")
	story = strings.TrimSpace(story)
	if code != 0 || story == "" {
		t.Fatalf("publish 11: exit %d: %s", code, stderr)
	}
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // the new machine

	out, stderr, code := e.run(t, "reconcile", "--json")
	var rows []reconcileRow
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil {
		t.Fatalf("reconcile --json: exit %d\n%s%s", code, out, stderr)
	}
	if len(rows) != 1 || rows[0].PostID != 11 || rows[0].URL != story || rows[0].Source != store.FoundFeed || rows[0].How != "title" || rows[0].Outcome != "recorded" ||
		rows[0].Title != "Ship it" {
		t.Fatalf("reconcile found %+v; want post 11's story %s from the feed, by title, recorded", rows, story)
	}
	en := e.ledgerEntries(t)[11]
	if en.URL != story || en.Found != store.FoundFeed || en.Route != store.RouteImport {
		t.Errorf("the record after reconcile: %+v", en)
	}
	_, stderr, code = e.run(t, "publish", "11", "--status", "public")
	if code != 3 || e.creates() != 1 || !strings.Contains(stderr, story) {
		t.Errorf("publish from the new machine: exit %d, %d creates: %s", code, e.creates(), stderr)
	}
}

// Without a token the account, and so its feed, is unknown: reconcile says
// it skipped the feed, and what WordPress links is still found.
func TestReconcileWithoutATokenSkipsTheFeed(t *testing.T) {
	e := linkedEnv(t)
	cfg := writeConfig(t, e.wp.URL, "alice", "abcd efgh")
	out, stderr, code := run(t, "--config", cfg, "reconcile")
	if code != 0 || !strings.Contains(out, foundStory) || !strings.Contains(stderr, "Medium's public feed skipped: without a Medium token") ||
		!strings.Contains(stderr, "set medium.token, or look at your Medium profile and record a story with wp2medium record ID URL") {
		t.Fatalf("reconcile without a token: exit %d\n%s%s", code, out, stderr)
	}
	if n := len(e.medium.Requests()); n != 0 {
		t.Errorf("Medium received %d requests without a token", n)
	}
}
