//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
)

// A draft planned in the terminal app (a, the publish form in plan mode)
// goes to Medium with the plan's status once it is published on WordPress,
// by `wp2medium sync` in another process; the app itself sends nothing.
func TestPlanADraftInTheTerminalApp(t *testing.T) {
	pe := newPublishEnv(t) // [auto] off: only plans are sent
	title := fmt.Sprintf("E2E plan in app %d", os.Getpid())
	post := createOwnPost(t, title, autoContent, map[string]any{"status": "draft"})
	total := wpTotal(t, true)

	tt := startTermEnv(t, pe.env, "--config", pe.config)
	want := thousands(total) + " posts"
	tt.waitFor("the list with "+want, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(header(s)), want) })
	tt.keys("/")
	tt.typeText("plan in app")
	tt.keys("Enter")
	tt.waitFor("the filter to show "+quote(title)+" and its preview", func(s string) bool {
		return strings.Contains(listPane(s), "1 of "+thousands(total)) && previewShows(s, title)
	})

	tt.keys("a")
	tt.waitFor("the plan form", func(s string) bool {
		return strings.Contains(s, "Plan: sent by wp2medium sync when published") && focused(s, "Medium status")
	})
	tt.formField("Down", "Down", "Enter") // Unlisted
	tt.formField("Enter")                 // the license
	tt.formField("Enter")                 // the profile
	tt.formField("Enter")                 // no notification
	tt.formField("Enter")                 // not the post's date
	tt.formField("Enter")                 // no other tags (the post has none)
	tt.keys("Enter")                      // cross-link, the config's default
	s := tt.waitFor("the plan's review", func(s string) bool { return strings.Contains(s, "This plan will be saved") })
	review := paneText(s, 0, termWidth)
	for _, w := range []string{"Status Unlisted", "Publication your profile", "it is a draft now", "Nothing is sent to Medium now"} {
		if !strings.Contains(review, w) {
			t.Errorf("the review lacks %q; screen:\n%s", w, s)
		}
	}
	tt.keys("s")
	tt.waitFor("planned on its row and 1 waiting in the header", func(s string) bool {
		// The position follows the note: the filter shows 1 of the posts.
		return strings.Contains(listRow(s, title), "planned") && strings.Contains(header(s), "1 waiting for sync · 1 / 1 of "+want)
	})
	tt.keys("q")
	tt.waitExit()
	if pe.creates() != 0 {
		t.Fatalf("the app sent %d creates to Medium while planning", pe.creates())
	}

	// Another process reads the plan the app saved.
	if r := pe.run(t, "plan", "--list"); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprint(post.ID)) || !strings.Contains(r.stdout, "unlisted") {
		t.Fatalf("plan --list: exit %d, does not show the app's plan:\n%s%s", r.code, r.stdout, r.stderr)
	}
	rep, r := pe.sync(t)
	if r.code != 0 || len(idsOf(rep.Sent, post)) != 0 || pe.creates() != 0 {
		t.Fatalf("sync while it is a draft: exit %d, sent %v, %d creates; want nothing", r.code, idsOf(rep.Sent, post), pe.creates())
	}

	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", post.ID), map[string]any{"status": "publish"}, nil)
	published := wpGetPost(t, post.ID)
	rep, r = pe.sync(t)
	if r.code != 0 || fmt.Sprint(idsOf(rep.Sent, post)) != fmt.Sprint([]int{post.ID}) || pe.creates() != 1 {
		t.Fatalf("sync once published: exit %d, sent %v, %d creates; want [%d] and one create\n%s", r.code, idsOf(rep.Sent, post), pe.creates(), post.ID, r.stderr)
	}
	if body := pe.lastCreate(t); body.PublishStatus != medium.StatusUnlisted || body.Title != title || body.CanonicalURL != published.Link {
		t.Errorf("Medium received %q %q (canonical %q); want the plan's unlisted story of %q at %s", body.Title, body.PublishStatus, body.CanonicalURL, title, published.Link)
	}
	if r := pe.run(t, "plan", "--list"); strings.Contains(r.stdout, fmt.Sprint(post.ID)) {
		t.Errorf("the plan is still listed after it was sent:\n%s", r.stdout)
	}
}
