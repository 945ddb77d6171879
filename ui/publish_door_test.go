package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// These tests start where the user starts, the running program (teatest)
// with keys pressed one at a time, and check what leaves: the body of the
// request the fake Medium received.

// keyMsg is the message a terminal sends for a key name.
func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// app is the real program under teatest, on a fake WordPress and a fake
// Medium.
type app struct {
	t  *testing.T
	tm *teatest.TestModel
}

func startApp(t *testing.T, src *fakeSource, deps *PublishDeps, w, h int) *app {
	t.Helper()
	deps.Publisher.WordPress = src
	m := New(Options{Source: src, GlamourStyle: "ascii", Publish: deps, Medium: PublisherStatuses(deps.Publisher)})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	a.waitFor("Body of post 1")
	return a
}

// press sends keys one at a time, waiting a little after each as a typist
// would, so the program has read it.
func (a *app) press(keys ...string) {
	for _, k := range keys {
		a.tm.Send(keyMsg(k))
		time.Sleep(15 * time.Millisecond)
	}
}

// field presses keys on the form's focused field, then waits for the focus
// to reach the field titled next (huh draws the focused field with a bar):
// huh moves the focus in a command of its own, and a key sent before it has
// moved lands in the field before.
func (a *app) field(next string, keys ...string) {
	a.t.Helper()
	a.press(keys...)
	a.waitFor("┃ " + next)
}

// holdEnter presses enter as a key held down repeats it, until the texts show.
func (a *app) holdEnter(texts ...string) {
	a.t.Helper()
	done := make(chan struct{})
	go func() {
		for i := 0; i < 60; i++ {
			select {
			case <-done:
				return
			case <-time.After(30 * time.Millisecond):
				a.tm.Send(keyMsg("enter"))
			}
		}
	}()
	a.waitFor(texts...)
	close(done)
}

func (a *app) typeText(s string) {
	for _, r := range s {
		a.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		time.Sleep(5 * time.Millisecond)
	}
}

// waitFor waits until the terminal has shown every text (ANSI stripped,
// runs of spaces folded, since long lines wrap and pad).
func (a *app) waitFor(texts ...string) {
	a.t.Helper()
	teatest.WaitFor(a.t, a.tm.Output(), func(b []byte) bool {
		s := strings.Join(strings.Fields(ansi.Strip(string(b))), " ")
		for _, want := range texts {
			if !strings.Contains(s, want) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// sent is the one create-post body the fake Medium received, and where.
func sentBody(t *testing.T, srv *mediumtest.Server) (medium.CreatePostRequest, string) {
	t.Helper()
	var creates []mediumtest.Request
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/posts") {
			creates = append(creates, r)
		}
	}
	if len(creates) != 1 {
		t.Fatalf("the fake Medium received %d creates, want 1", len(creates))
	}
	var body medium.CreatePostRequest
	if err := json.Unmarshal(creates[0].Body, &body); err != nil {
		t.Fatalf("the create's body is not JSON: %v\n%s", err, creates[0].Body)
	}
	return body, creates[0].Path
}

func waitForCreates(t *testing.T, srv *mediumtest.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.Posts()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("the fake Medium has %d stories after 10 s, want %d", len(srv.Posts()), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Every field of the form, set away from its default, reaches Medium.
func TestPublishFormEveryChoiceReachesMedium(t *testing.T) {
	deps, srv := newPublishDeps(t)
	a := startApp(t, newFakeSource(3), deps, 120, 40)

	a.press("p")
	a.waitFor("┃ Medium status", "Draft: check it on Medium first")
	a.field("License", "down", "enter")                       // Public
	a.field("Publication", "down", "enter")                   // CC 4.0 BY
	a.field("Notify your Medium followers?", "down", "enter") // the publication where the user is an editor
	a.field("Keep the post's original date?", "y")            // notify followers
	a.field("Tags (Medium uses 3)", "y")                      // keep the post's date
	a.field("Other tags", "down", "space", "enter")           // unpick "testing", keep "go"
	a.typeText("terminals, tui")
	a.field("Cross-link?", "enter")
	a.press("y") // cross-link
	a.waitFor("Exactly this will be sent", "Public", "CC 4.0 BY", "go, terminals, tui", "Demo Engineering", "2025-06-01")

	a.press("enter", "y") // neither sends
	time.Sleep(200 * time.Millisecond)
	if n := len(srv.Posts()); n != 0 {
		t.Fatalf("enter or y on the summary sent %d stories", n)
	}
	a.press("s")
	a.waitFor("Published to Medium")
	waitForCreates(t, srv, 1)

	body, path := sentBody(t, srv)
	if path != "/publications/"+mediumtest.EditorPublicationID+"/posts" {
		t.Errorf("sent to %s, want the chosen publication", path)
	}
	if body.PublishStatus != medium.StatusPublic || body.License != medium.LicenseCC40BY || !body.NotifyFollowers {
		t.Errorf("status %q license %q notify %v: the form's choices did not reach Medium", body.PublishStatus, body.License, body.NotifyFollowers)
	}
	if strings.Join(body.Tags, ",") != "go,terminals,tui" {
		t.Errorf("tags %q, want the picked tag and the typed ones", body.Tags)
	}
	if !strings.HasPrefix(body.PublishedAt, "2025-06-01T12:00:00") {
		t.Errorf("publishedAt %q, want the post's date kept", body.PublishedAt)
	}
	if !strings.Contains(body.Content, "Originally published at") {
		t.Errorf("cross-link chosen but the content has no footer:\n%s", body.Content)
	}
}

// The defaults of the config are what the form starts from, and a form left
// as it is sends exactly them.
func TestPublishFormDefaultsReachMedium(t *testing.T) {
	deps, srv := newPublishDeps(t)
	deps.Defaults.Status = string(medium.StatusUnlisted)
	deps.Defaults.License = medium.LicensePublicDomain
	deps.Defaults.NotifyFollowers = true
	a := startApp(t, newFakeSource(3), deps, 100, 30)
	a.press("p")
	a.waitFor("┃ Medium status")
	a.holdEnter("Exactly this will be sent", "Unlisted", "Public domain")
	a.press("enter", "enter", "enter") // still held down on the summary
	time.Sleep(300 * time.Millisecond)
	if n := len(srv.Posts()); n != 0 {
		t.Fatalf("holding enter through the form sent %d stories", n)
	}
	a.press("s")
	waitForCreates(t, srv, 1)
	body, path := sentBody(t, srv)
	if path != "/users/"+mediumtest.DefaultUserID+"/posts" || body.PublishStatus != medium.StatusUnlisted ||
		body.License != medium.LicensePublicDomain || !body.NotifyFollowers || body.PublishedAt != "" {
		t.Errorf("sent %s %+v, want the config's defaults", path, body)
	}
}

// A writer in a publication may send drafts only: the same rule as the
// command line, decided by the Publisher, and the user consents to the draft.
func TestPublishWriterPublicationNeedsConsentToDraft(t *testing.T) {
	deps, srv := newPublishDeps(t)
	deps.Defaults.Status = string(medium.StatusPublic)
	a := startApp(t, newFakeSource(3), deps, 120, 40)
	a.press("p")
	a.waitFor("┃ Medium status")
	a.field("License", "enter")                                       // Public (the default)
	a.field("Publication", "enter")                                   // the license
	a.field("Notify your Medium followers?", "down", "down", "enter") // the publication where the user is a writer
	a.field("Keep the post's original date?", "enter")
	a.field("Tags (Medium uses 3)", "enter")
	a.field("Other tags", "enter")
	a.field("Cross-link?", "enter")
	a.press("enter")
	a.waitFor("drafts only")
	if n := len(srv.Posts()); n != 0 {
		t.Fatalf("sent %d stories before the user chose", n)
	}
	a.press("d")
	a.waitFor("Exactly this will be sent", "Draft")
	a.press("s")
	waitForCreates(t, srv, 1)
	body, path := sentBody(t, srv)
	if path != "/publications/"+mediumtest.WriterPublicationID+"/posts" || body.PublishStatus != medium.StatusDraft {
		t.Errorf("sent %s as %q, want a draft to the writer's publication", path, body.PublishStatus)
	}
}

// The bulk form's choices reach Medium for every marked post, each with its
// own tags; a post already on Medium is listed as skipped, with why.
func TestBulkFormChoicesReachMedium(t *testing.T) {
	deps, srv := newPublishDeps(t)
	src := newFakeSource(4)
	a := startApp(t, src, deps, 120, 40)
	// Post 3 is already on Medium.
	a.press("j", "j", "p")
	a.waitFor("┃ Medium status")
	a.holdEnter("Exactly this will be sent")
	a.press("s")
	a.waitFor("Published to Medium")
	a.press("enter")
	waitForCreates(t, srv, 1)

	a.press("g", "space", "space", "space") // mark posts 1, 2 and 3
	a.press("P")
	a.waitFor("Publish 3 marked posts", "┃ Medium status")
	a.field("License", "enter")                       // Draft: post 2 is a draft on WordPress too
	a.field("Publication", "down", "down", "enter")   // CC 4.0 BY-SA
	a.field("Notify your Medium followers?", "enter") // the profile
	a.field("Keep the post's original date?", "y")    // notify
	a.field("Cross-link?", "n")                       // no date
	a.press("y")                                      // cross-link
	a.waitFor("To send (2)", "Skipped (1)", "Post number 3 about Go", "already on Medium")
	a.press("s")
	a.waitFor("2 sent")
	waitForCreates(t, srv, 3)

	for _, p := range srv.Posts()[1:] {
		b := p.Sent
		if b.PublishStatus != medium.StatusDraft || b.License != medium.LicenseCC40BYSA || !b.NotifyFollowers ||
			!strings.Contains(b.Content, "Originally published at") || strings.Join(b.Tags, ",") != "go,testing" {
			t.Errorf("%q sent as %+v, want the bulk form's choices and its own tags", b.Title, b)
		}
	}
}
