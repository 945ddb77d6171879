package ui

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// The plan key (a) at the door: the real program on a store file, the fake
// WordPress and a fake Medium, wired as cli/env.go wires them; what the
// plan saves is read back from the file by a second store, as `wp2medium
// sync` in another process would read it.

// planFixture is a store fixture whose newest post (250) is a draft with
// tags, with a publisher and the store's plans.
type planFixture struct {
	*storeFixture
	deps   *PublishDeps
	medium *mediumtest.Server
}

func newPlanFixture(t *testing.T) *planFixture {
	t.Helper()
	f := newStoreFixture(t)
	f.wp.AddTag(5, "go")
	f.wp.AddTag(6, "testing")
	f.wp.UpdatePost(storeSitePosts, func(p *wptest.FakePost) { p.Status, p.Tags = "draft", []int{5, 6} })
	f.syncOnce(t)
	deps, srv := newPublishDeps(t)
	deps.Publisher.Ledger, deps.Publisher.WordPress, deps.Publisher.SiteURL = f.store.Ledger(), f.client, f.wp.URL
	deps.Plans = autopost.SitePlans{Store: f.store, Site: f.wp.URL}
	return &planFixture{storeFixture: f, deps: deps, medium: srv}
}

// start runs the app as cli/app.go does, with autopost's Medium column
// ([auto] off: only plans wait).
func (f *planFixture) start(t *testing.T) *app {
	t.Helper()
	cached, state, err := f.syncer.Cached()
	if err != nil {
		t.Fatal(err)
	}
	col := autopost.Column{Publisher: f.deps.Publisher, Store: f.store, Site: f.wp.URL}
	m := New(Options{Source: f.client, Posts: f.syncer, Cached: cached, CachedState: state, Medium: col, Publish: f.deps, GlamourStyle: "ascii"})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	a.waitFor("Fake Blog", "250 posts")
	return a
}

// plansOnDisk opens the store file again, as another process would, and
// reads the site's plans.
func (f *planFixture) plansOnDisk(t *testing.T) []store.Plan {
	t.Helper()
	other, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	plans, err := other.Plans(f.wp.URL)
	if err != nil {
		t.Fatal(err)
	}
	return plans
}

// noCreates fails if the fake Medium received any POST (a story or an image).
func (f *planFixture) noCreates(t *testing.T) {
	t.Helper()
	for _, r := range f.medium.Requests() {
		if r.Method == http.MethodPost {
			t.Errorf("the fake Medium received %s %s: a plan sends nothing", r.Method, r.Path)
		}
	}
}

// A draft is planned with the form's choices: they are in the store file,
// Medium receives nothing, the row says planned and the header counts it;
// a on it again shows the plan, and x removes it.
func TestPlanKeySavesTheFormAsThePostsPlan(t *testing.T) {
	f := newPlanFixture(t)
	a := f.start(t)
	a.waitFor("Body of generated post 250.")

	a.press("a")
	a.waitFor("Plan for Medium: "+title(storeSitePosts), planFormTitle, "┃ Medium status")
	a.field("License", "down", "down", "enter")               // Unlisted
	a.field("Publication", "down", "enter")                   // CC 4.0 BY
	a.field("Notify your Medium followers?", "down", "enter") // the publication where the user is an editor
	a.field("Keep the post's original date?", "y")            // notify followers
	a.field("Tags (Medium uses 3)", "n")                      // not the post's date
	a.field("Other tags", "down", "space", "enter")           // unpick "testing", keep "go"
	a.typeText("terminals")
	a.field("Cross-link?", "enter")
	a.press("y") // cross-link
	a.waitFor("This plan will be saved", "Nothing is sent to Medium now", "it is a draft now",
		"Status Unlisted", "License CC 4.0 BY", "Tags go, terminals", "Publication Demo Engineering", "Notify followers yes")

	a.press("enter", "y") // neither saves
	a.waitFor("Press s to save the plan")
	if plans := f.plansOnDisk(t); len(plans) != 0 {
		t.Fatalf("enter or y on the review saved %+v", plans)
	}
	a.press("s")
	a.waitFor("Planned (unlisted, once published): "+title(storeSitePosts), "planned ┃", "1 waiting for sync · 1 / 250 posts")

	plans := f.plansOnDisk(t)
	if len(plans) != 1 || plans[0].PostID != storeSitePosts || plans[0].Source != store.PlanByUser {
		t.Fatalf("the store file holds %+v, want the user's plan of post %d", plans, storeSitePosts)
	}
	want := store.PlanOptions{Status: medium.StatusUnlisted, License: medium.LicenseCC40BY, CrossLink: true, NotifyFollowers: true,
		Tags: []string{"go", "terminals"}, PublicationID: mediumtest.EditorPublicationID}
	if got := plans[0].Options; got.Status != want.Status || got.License != want.License || got.CrossLink != want.CrossLink ||
		got.NotifyFollowers != want.NotifyFollowers || !slices.Equal(got.Tags, want.Tags) || got.PublicationID != want.PublicationID || got.KeepDate {
		t.Errorf("saved %+v, want the form's choices %+v", got, want)
	}
	f.noCreates(t)

	a.press("a")
	a.waitFor("This post has a plan, saved", "x remove the plan")
	a.press("x")
	a.waitFor("Plan removed: " + title(storeSitePosts))
	if plans := f.plansOnDisk(t); len(plans) != 0 {
		t.Errorf("after x the store file still holds %+v", plans)
	}
	// The column and the header follow at once (the root reads the
	// ledger's version as the screen closes): no poll to wait for.
	time.Sleep(300 * time.Millisecond)
	s := screenText(a.finalModel())
	if row := rowOf(s, title(storeSitePosts)); strings.Contains(row, "planned") || strings.Contains(s, "waiting for sync") {
		t.Errorf("after the plan was removed, the row is %q and the header %q", row, strings.SplitN(s, "\n", 2)[0])
	}
	f.noCreates(t)
}

// rowOf is the screen's row holding text.
func rowOf(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// A plan made in another process (`wp2medium plan` for a scheduled post)
// shows in the column and the header within the poll; a on it shows the
// plan, and the form starts from its choices.
func TestPlanFromAnotherProcessShowsAndPrefillsTheForm(t *testing.T) {
	f := newPlanFixture(t)
	live := time.Now().Add(48 * time.Hour)
	f.wp.UpdatePost(storeSitePosts-1, func(p *wptest.FakePost) { p.Status, p.Date = "future", live })
	f.syncOnce(t)
	a := f.start(t)
	a.waitFor("Body of generated post 249.")

	other, err := store.Open(f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = other.SetPlan(store.Plan{Site: f.wp.URL, PostID: storeSitePosts - 1, Source: store.PlanByUser, CreatedAt: time.Now(),
		Options: store.PlanOptions{Status: medium.StatusPublic, License: medium.LicenseCC40BYSA, Tags: []string{"alpha"}}})
	if err != nil {
		t.Fatal(err)
	}
	a.waitFor(title(storeSitePosts-1)+" sched", "planned ┃", "1 waiting for sync")

	a.press("a") // the scheduled post is the newest: selected
	a.waitFor("This post has a plan, saved", "scheduled for "+live.Local().Format("2006-01-02 15:04")+").",
		"Status Public", "License CC 4.0 BY-SA", "Tags alpha", "e change the options")
	a.press("e")
	a.waitFor("┃ Medium status", "┃ > Public", "> CC 4.0 BY-SA")
	f.noCreates(t)
}

// A post already on Medium is refused, as `wp2medium plan` refuses it: a
// plan for it would never be sent.
func TestPlanKeyRefusesAPostOnMedium(t *testing.T) {
	f := newPlanFixture(t)
	err := f.store.Ledger().Record(store.Entry{Site: f.wp.URL, PostID: storeSitePosts - 1, URL: "https://medium.com/@demo/generated-0123456789ab"})
	if err != nil {
		t.Fatal(err)
	}
	a := f.start(t)
	a.waitFor("Body of generated post 250.")
	a.press("j", "a")
	a.waitFor("Not planned.", "This post is already on Medium: https://medium.com/@demo/generated-0123456789ab.", "never makes a second")
	if plans := f.plansOnDisk(t); len(plans) != 0 {
		t.Errorf("a post on Medium was planned: %+v", plans)
	}
	f.noCreates(t)
}
