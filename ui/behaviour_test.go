package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// resize sends a window size and runs what it starts.
func resize(t *testing.T, m *Model, w, h int) *Model {
	t.Helper()
	next, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return drive(t, next.(*Model), cmd)
}

// assertFits fails unless the frame is exactly h lines of at most w cells.
func assertFits(t *testing.T, what string, m *Model, w, h int) {
	t.Helper()
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if len(lines) != h {
		t.Errorf("%s at %dx%d: %d lines, want %d", what, w, h, len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("%s at %dx%d: line %d is %d cells wide: %q", what, w, h, i, lw, l)
		}
	}
}

var sizes = [][2]int{{1, 1}, {5, 3}, {20, 6}, {29, 7}, {30, 8}, {34, 10}, {50, 16}, {69, 20}, {70, 20}, {80, 24}, {120, 40}, {200, 50}}

// No screen panics or overflows at any size, on start or on a resize.
func TestEveryScreenFitsEverySize(t *testing.T) {
	screens := map[string]func(t *testing.T) *Model{
		"list": func(t *testing.T) *Model { return start(t, newFakeSource(40), 100, 30) },
		"help": func(t *testing.T) *Model { return press(t, start(t, newFakeSource(40), 100, 30), "?") },
		"filter": func(t *testing.T) *Model {
			return press(t, start(t, newFakeSource(40), 100, 30), "/", "n", "u", "m")
		},
		"preview focused": func(t *testing.T) *Model { return press(t, start(t, newFakeSource(40), 100, 30), "tab") },
		"publish form": func(t *testing.T) *Model {
			deps, _ := newPublishDeps(t)
			return press(t, startPublishing(t, newFakeSource(3), deps), "p")
		},
		"summary": func(t *testing.T) *Model {
			deps, _ := newPublishDeps(t)
			m := press(t, startPublishing(t, newFakeSource(3), deps), "p")
			return pressUntil(t, m, "enter", 12, atStep(stepSummary))
		},
		"bulk summary": func(t *testing.T) *Model {
			deps, _ := newPublishDeps(t)
			m := press(t, startPublishing(t, newFakeSource(6), deps), " ", " ", "P")
			return pressUntil(t, m, "enter", 12, func(m *Model) bool { return bulkScreen(m) != nil && bulkScreen(m).step == bulkSummary })
		},
		"importer": func(t *testing.T) *Model {
			useFakeDesktop(t)
			return press(t, startPublishing(t, newFakeSource(3), tokenlessDeps(t)), "p")
		},
		"setup": func(t *testing.T) *Model {
			f := newWizardFixture(t, nil)
			setup := &SetupDeps{Wizard: func() WizardOptions { return f.options(config.Default()) },
				Apply: func(config.Config, SavedView) (Reconfigured, error) { return Reconfigured{}, nil }}
			m := New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Setup: setup})
			m = drive(t, m, m.Init())
			return press(t, resize(t, m, 100, 30), "s")
		},
	}
	for name, open := range screens {
		t.Run(name, func(t *testing.T) {
			m := open(t)
			for _, s := range sizes {
				m = resize(t, m, s[0], s[1])
				assertFits(t, name, m, s[0], s[1])
			}
			// Back up from the smallest, as a user dragging the window does.
			for i := len(sizes) - 1; i >= 0; i-- {
				m = resize(t, m, sizes[i][0], sizes[i][1])
				assertFits(t, name, m, sizes[i][0], sizes[i][1])
			}
		})
	}
}

func TestTooSmallSaysHowBig(t *testing.T) {
	m := start(t, newFakeSource(3), 29, 7)
	if s := screenText(m); !strings.Contains(s, "Make the window at least 30×8") {
		t.Fatalf("a 29x7 window should say how big to make it:\n%s", s)
	}
}

// Below 70 columns one pane shows at a time; tab switches.
func TestNarrowShowsOnePane(t *testing.T) {
	m := start(t, newFakeSource(5), 60, 20)
	s := screenText(m)
	if !strings.Contains(s, "Post number 2 about Go") || strings.Contains(s, "More text.") {
		t.Fatalf("at 60 columns the list alone should show:\n%s", s)
	}
	m = press(t, m, "tab")
	if s := screenText(m); strings.Contains(s, "Post number 2 about Go") || !strings.Contains(s, "More text.") {
		t.Fatalf("tab should show the preview alone:\n%s", s)
	}
}

// Without colour (NO_COLOR, the tests' ASCII profile) the pane with focus
// still shows: its frame is heavier.
func TestFocusShowsWithoutColour(t *testing.T) {
	m := start(t, newFakeSource(5), 100, 20)
	rows := strings.Split(screenText(m), "\n")
	if !strings.HasPrefix(rows[1], "┏") || !strings.Contains(rows[1], "┓╭") {
		t.Fatalf("the list has focus: its frame should be heavy, the preview's light:\n%s", rows[1])
	}
	m = press(t, m, "tab")
	rows = strings.Split(screenText(m), "\n")
	if !strings.HasPrefix(rows[1], "╭") || !strings.Contains(rows[1], "╮┏") {
		t.Fatalf("after tab the preview's frame should be the heavy one:\n%s", rows[1])
	}
}

// Space scrolls the preview when it has focus; it marks a post only in the list.
func TestSpaceScrollsTheFocusedPreview(t *testing.T) {
	deps, _ := newPublishDeps(t)
	src := newFakeSource(3)
	d := src.details[1000]
	for i := 0; i < 80; i++ {
		d.ContentHTML += fmt.Sprintf("<p>Paragraph %d.</p>", i)
	}
	src.details[1000] = d
	m := startPublishing(t, src, deps)
	m = press(t, m, "tab", " ")
	if m.browse.preview.offset == 0 {
		t.Fatal("space in the focused preview did not scroll it")
	}
	if n := m.browse.list.MarkedCount(); n != 0 {
		t.Fatalf("space in the preview marked %d posts", n)
	}
	m = press(t, m, "tab", " ")
	if n := m.browse.list.MarkedCount(); n != 1 {
		t.Fatalf("space in the list should mark the post (%d marked)", n)
	}
}

// r reloads and keeps the post that was selected, and the marks.
func TestReloadKeepsTheSelection(t *testing.T) {
	deps, _ := newPublishDeps(t)
	m := startPublishing(t, newFakeSource(250), deps)
	m = press(t, m, " ", "j", "j")
	for i := 0; i < 140; i++ {
		m = press(t, m, "j")
	}
	before, _ := m.browse.list.Selected()
	m = press(t, m, "r")
	after, ok := m.browse.list.Selected()
	if !ok || after.ID != before.ID {
		t.Fatalf("after r the selection is post %d, want %d (page 2 of the listing)", after.ID, before.ID)
	}
	if !strings.Contains(screenText(m), before.Title) {
		t.Fatalf("the selected post is not on screen:\n%s", screenText(m))
	}
	if m.browse.list.MarkedCount() != 1 {
		t.Fatalf("r lost the marks (%d)", m.browse.list.MarkedCount())
	}
}

// A tab in a code block is expanded before the line is measured: the frame
// stays whole.
func TestTabsKeepTheFrame(t *testing.T) {
	src := newFakeSource(2)
	d := src.details[1000]
	d.ContentHTML = "<p>Code:</p><pre class=\"wp-block-code\"><code>func main() {\n\tif x {\n\t\treturn\n\t}\n}</code></pre>"
	src.details[1000] = d
	m := start(t, src, 100, 24)
	assertFits(t, "a post with tabs", m, 100, 24)
	if s := screenText(m); !strings.Contains(s, "        if x {") {
		t.Fatalf("the tab should become spaces to the next stop:\n%s", s)
	}
}

// At 80 columns every key of the full help is shown, none cut off; ? and
// esc close it, and the footer says so.
func TestHelpFitsAt80Columns(t *testing.T) {
	deps, _ := newPublishDeps(t)
	m := startPublishing(t, newFakeSource(5), deps)
	m = resize(t, m, 80, 24)
	m = press(t, m, "?")
	s := screenText(m)
	for _, group := range m.browse.helpKeys().FullHelp() {
		for _, b := range group {
			if b.Enabled() && b.Help().Key != "?" && !strings.Contains(s, b.Help().Desc) {
				t.Errorf("the help at 80x24 lacks %q (%s):\n%s", b.Help().Desc, b.Help().Key, s)
			}
		}
	}
	if !strings.Contains(s, "close help") {
		t.Errorf("the footer should say how to close the help:\n%s", s)
	}
	for _, k := range []string{"?", "esc"} {
		if m2 := press(t, m, k); m2.screen != nil {
			t.Errorf("%s did not close the help", k)
		}
	}
}

// A joined emoji is shown whole in the list.
func TestJoinedEmojiStayWhole(t *testing.T) {
	src := newFakeSource(2)
	src.posts[0].Title = "Coding 👩\u200d💻 all day"
	m := start(t, src, 120, 20)
	if s := screenText(m); !strings.Contains(s, "Coding 👩\u200d💻 all day") {
		t.Fatalf("the emoji is not whole in the list:\n%s", s)
	}
	assertFits(t, "a joined emoji", m, 120, 20)
}

// What the app draws holds no escape sequence but its own colours, whatever
// the post's title, tags and content carry, raw or entity-encoded.
func TestHostilePostNeverDrivesTheTerminal(t *testing.T) {
	deps, _ := newPublishDeps(t)
	src := newFakeSource(2)
	hostile := "x\x1b]0;PWNED-TITLE\x07 \x1b[8;5;5t \u009b7;7;7t \x1b#8 \x1b(0 \u202eevil"
	src.posts[0].Title = hostile
	src.site.Name = "Site " + hostile
	d := src.details[1000]
	d.Post = src.posts[0]
	d.Tags = []string{"tag\x1b]52;c;cHduZWQ=\x07"}
	// Raw, entity-encoded, and written about ("&amp;#27;", which the Markdown
	// renderer would decode a second time).
	d.ContentHTML = "<p>a&#27;]0;PWNED-TITLE&#7;b &#x1b;[8;5;5t &#27;#8 &#x202e;c &amp;#27;[2J &amp;#x1b;[5;41mBLINK &amp;#27;[8m</p>"
	src.details[1000] = d
	m := startPublishing(t, src, deps)
	frames := []string{m.View()}
	m = press(t, m, "p")
	m = pressUntil(t, m, "enter", 12, atStep(stepSummary))
	frames = append(frames, m.View())
	m = press(t, m, "v")
	frames = append(frames, m.View())
	// The tests draw without colour (TestMain), so the app's own frame holds
	// no escape at all: any would be the post's.
	for i, f := range frames {
		rest := f
		if j := strings.IndexFunc(rest, func(r rune) bool {
			return r == 0x1b || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || r == 0x07
		}); j >= 0 {
			t.Errorf("frame %d holds %q at %d: %q", i, rest[j:j+1], j, rest[max(0, j-20):min(len(rest), j+20)])
		}
		for _, gone := range []string{"PWNED-TITLE", "8;5;5t", "7;7;7t", "cHduZWQ="} {
			if i == 0 && !strings.Contains(ansi.Strip(f), "&#x1b;[5;41mBLINK") && strings.Contains(f, "BLINK") {
				t.Errorf("the post's text about an escape code is not shown as written")
			}
			if strings.Contains(f, gone) {
				t.Errorf("frame %d shows the parameters of a sequence (%q)", i, gone)
			}
		}
	}
}

// An image that cannot be uploaded stops the send before anything is made,
// and the app offers to send the story without it.
func TestImageUploadFailureOffersWithoutImages(t *testing.T) {
	deps, srv := newPublishDeps(t, mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeUploadImage))
	src := newFakeSource(2)
	d := src.details[1000]
	d.ContentHTML = `<p>Look:</p><figure><img src="http://127.0.0.1:1/cat.png" alt="a cat"><figcaption>My cat</figcaption></figure>`
	src.details[1000] = d
	m := startPublishing(t, src, deps)
	m = press(t, m, "p")
	m = pressUntil(t, m, "enter", 12, atStep(stepSummary))
	m = press(t, m, "s")
	if !atStep(stepImagesFailed)(m) || !strings.Contains(screenText(m), "without the images") {
		t.Fatalf("a failed upload should offer to send without the images:\n%s", screenText(m))
	}
	if s := screenText(m); strings.Count(s, "uploading the image") > 1 {
		t.Errorf("the message repeats itself:\n%s", s)
	}
	if len(srv.Posts()) != 0 {
		t.Fatal("a story was made although its images failed")
	}
	m = press(t, m, "w")
	if !atStep(stepSummary)(m) || !strings.Contains(screenText(m), "left out") {
		t.Fatalf("w should plan the story without images:\n%s", screenText(m))
	}
	m = press(t, m, "s")
	if !atStep(stepDone)(m) || len(srv.Posts()) != 1 || strings.Contains(srv.Posts()[0].Sent.Content, "<img") {
		t.Fatalf("sent without images: %d stories\n%s", len(srv.Posts()), screenText(m))
	}
}

// The importer says first when Medium cannot reach the site, instead of
// sending the user to an importer that will fail.
func TestImporterSaysWhenMediumCannotReachTheSite(t *testing.T) {
	desk := useFakeDesktop(t)
	src := newFakeSource(2)
	src.posts[0].Link = "http://127.0.0.1:8089/a-post/"
	d := src.details[1000]
	d.Post = src.posts[0]
	src.details[1000] = d
	m := startPublishing(t, src, tokenlessDeps(t), desk)
	m = press(t, m, "p")
	s := screenText(m)
	if !strings.Contains(s, "Medium cannot reach 127.0.0.1:8089") || len(desk.opened) != 0 {
		t.Fatalf("the importer opened (%v) without saying Medium cannot reach the site:\n%s", desk.opened, s)
	}
	for _, k := range []string{"c copy for Medium", "y open the importer anyway", "esc cancel"} {
		if !strings.Contains(s, k) {
			t.Errorf("the footer lacks %q:\n%s", k, s)
		}
	}
	m = press(t, m, "y")
	if len(desk.opened) != 1 || !strings.Contains(desk.opened[0], "url=http%3A%2F%2F127.0.0.1%3A8089%2Fa-post%2F") {
		t.Fatalf("y should open the importer with the post filled in: %v", desk.opened)
	}
}

// A result for a screen that was closed never lands in the next one: the
// form of post 2 is not filled with post 1.
func TestStaleScreenResultsAreDropped(t *testing.T) {
	deps, _ := newPublishDeps(t)
	src := newFakeSource(3)
	m := startPublishing(t, src, deps)
	first := press(t, m, "p")
	stale := preparePublishCmd(first.common, publishScreen(first).id, 1000, nil)()
	m = press(t, first, "esc", "j", "p")
	next, _ := m.Update(stale)
	m = next.(*Model)
	if p := publishScreen(m); p == nil || p.detail.ID != 1001 {
		t.Fatalf("the form shows post %d, want 1001", p.detail.ID)
	}
	if p := publishScreen(m); p.post.ID != 1001 || !strings.Contains(screenText(m), "Post number 2") {
		t.Fatalf("the screen is not post 2's:\n%s", screenText(m))
	}
}

// What a screen copies never replaces it: the importer stays open at 80
// columns although its link does not fit the status line, and the footer
// keeps the screen's keys once the note is gone.
func TestCopyingNeverReplacesTheScreen(t *testing.T) {
	desk := useFakeDesktop(t)
	src := newFakeSource(2)
	src.posts[0].Link = "https://blog.example.com/2025/06/01/post-number-one-about-go-and-much-more-than-that/"
	d := src.details[1000]
	d.Post = src.posts[0]
	src.details[1000] = d
	m := startPublishing(t, src, tokenlessDeps(t), desk)
	m = resize(t, m, 80, 24)
	m = press(t, m, "p")
	if _, ok := m.screen.(*importModel); !ok {
		t.Fatalf("the importer was replaced by %T:\n%s", m.screen, screenText(m))
	}
	if c := desk.copied(); len(c) != 1 || c[0] != src.posts[0].Link {
		t.Fatalf("copied %q, want the link", c)
	}
	// The publish form too: a copy started before p lands in the status line.
	deps, _ := newPublishDeps(t)
	m = startPublishing(t, newFakeSource(2), deps, desk)
	copyCmd := copyForMediumCmd(m.common, src.posts[0], false)
	m = press(t, m, "p")
	next, _ := m.Update(copyCmd())
	m = next.(*Model)
	if _, ok := m.screen.(*publishModel); !ok {
		t.Fatalf("the form was replaced by %T", m.screen)
	}
}

// Keys typed right after p reach the form, not the list.
func TestKeysAfterPReachTheForm(t *testing.T) {
	deps, _ := newPublishDeps(t)
	m := startPublishing(t, newFakeSource(3), deps)
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("pj")}) // read together, as a fast typist's
	m = drive(t, next.(*Model), cmd)
	if p, _ := m.browse.list.Selected(); p.ID != 1000 {
		t.Fatalf("the j after p moved the list to post %d", p.ID)
	}
	if publishScreen(m) == nil {
		t.Fatal("p did not open the form")
	}
}
