package ui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
)

// A post edited on WordPress after its story was sent shows "changed"; d
// opens what changed: the edited paragraph, removed and added, and the keys
// that copy the new version; esc goes back to the list.
func TestDiffScreenShowsTheEditOfAChangedPost(t *testing.T) {
	src := newFakeSource(3)
	deps, _ := newPublishDeps(t)
	deps.Publisher.WordPress = src
	ctx := context.Background()
	post := src.details[1000]
	plan, err := deps.Publisher.Plan(ctx, crosspost.PlanRequest{Post: post, Options: crosspost.Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := deps.Publisher.Publish(ctx, plan); err != nil {
		t.Fatal(err)
	}
	edited := post
	edited.ModifiedGMT = post.ModifiedGMT.Add(time.Hour)
	edited.ContentHTML = "<p>Body of post 1, in <strong>bold</strong>.</p><h2>Section</h2><p>Text rewritten after the send.</p>"
	src.details[1000] = edited
	src.posts[0] = edited.Post

	m := New(Options{Source: src, GlamourStyle: "ascii", Publish: deps, Medium: PublisherStatuses(deps.Publisher)})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 30))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	a.waitFor("Text rewritten after the send.", "changed", "d what changed")
	a.press("d")
	a.waitFor("What changed since it was sent", "Compared with the copy kept at the send", "- More text.", "+ Text rewritten after the send.",
		"c copy new version (Markdown)", "C (HTML)", "esc/d back", "wp2medium mark-updated 1000")
	a.press("c") // the new version, for Medium's editor
	a.waitFor("Asked the terminal to copy", "as Markdown for Medium's editor")
	a.press("esc")
	a.waitFor("Post number 2 about Go")
}
