package ui

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	// Goldens and assertions are on plain text: no colour, whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// drive runs cmd, and the commands its messages return, the way Bubble Tea
// does: concurrently, each message into Update as it arrives. Animation and
// status timers are dropped; it returns once no message came for a while.
func drive(t *testing.T, m *Model, cmd tea.Cmd) *Model {
	t.Helper()
	msgs := make(chan tea.Msg, 256)
	pending := 0
	launch := func(c tea.Cmd) {
		if c != nil {
			pending++
			go func() { msgs <- c() }()
		}
	}
	launch(cmd)
	for steps := 0; pending > 0; steps++ {
		if steps > 20000 {
			t.Fatal("drive: too many messages; a command loops")
		}
		var msg tea.Msg
		select {
		case msg = <-msgs:
			pending--
		case <-time.After(600 * time.Millisecond):
			return m // only timers are left
		}
		switch msg := msg.(type) {
		case nil, spinner.TickMsg, clearStatusMsg, cursor.BlinkMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				launch(c)
			}
		default:
			if v := reflect.ValueOf(msg); v.Type().String() == "tea.sequenceMsg" {
				for i := 0; i < v.Len(); i++ {
					launch(v.Index(i).Interface().(tea.Cmd))
				}
				continue
			}
			next, c := m.Update(msg)
			m = next.(*Model)
			launch(c)
		}
	}
	return m
}

func start(t *testing.T, src *fakeSource, w, h int) *Model {
	t.Helper()
	m := New(Options{Source: src, GlamourStyle: "ascii"})
	m = drive(t, m, m.Init())
	next, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return drive(t, next.(*Model), cmd)
}

func press(t *testing.T, m *Model, keys ...string) *Model {
	t.Helper()
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "pgdown":
			msg = tea.KeyMsg{Type: tea.KeyPgDown}
		case "ctrl+c":
			msg = tea.KeyMsg{Type: tea.KeyCtrlC}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		next, cmd := m.Update(msg)
		m = drive(t, next.(*Model), cmd)
	}
	return m
}

func screenText(m *Model) string { return ansi.Strip(m.View()) }

func TestListShowsPostsTotalAndFirstPreview(t *testing.T) {
	src := newFakeSource(250)
	m := start(t, src, 120, 40)
	s := screenText(m)
	for _, want := range []string{"Field Notes", "1 / 250 posts", "Post number 1 about Go", "Post number 2 about Go", "Body of post 1", "published", "draft"} {
		if !strings.Contains(s, want) {
			t.Errorf("screen lacks %q:\n%s", want, s)
		}
	}
	if m.browse.list.Len() != 250 {
		t.Errorf("loaded %d posts, want 250", m.browse.list.Len())
	}
}

func TestMovingDownPreviewsNextPostAndCachesRenders(t *testing.T) {
	src := newFakeSource(10)
	m := start(t, src, 120, 40)
	m = press(t, m, "down")
	if s := screenText(m); !strings.Contains(s, "Body of post 2") {
		t.Fatalf("after ↓ the preview should show post 2:\n%s", s)
	}
	m = press(t, m, "up")
	if s := screenText(m); !strings.Contains(s, "Body of post 1") {
		t.Fatalf("after ↑ the preview should show post 1 again:\n%s", s)
	}
	if n := src.fetchCount(1000); n != 1 {
		t.Errorf("post 1 was fetched %d times; a cached render should not fetch again", n)
	}
}

func TestStalePreviewIsDropped(t *testing.T) {
	src := newFakeSource(10)
	m := start(t, src, 120, 40)
	// Select post 2, then post 3, without letting anything run.
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyDown})
	m = next.(*Model)
	staleSeq := m.browse.preview.seq
	next, _ = m.Update(tea.KeyMsg{Type: tea.KeyDown})
	m = next.(*Model)
	// The render for post 2 arrives late.
	next, _ = m.Update(previewRenderedMsg{seq: staleSeq, post: src.posts[1], detail: src.details[1001], width: m.browse.preview.width, lines: []string{"POST TWO RENDER"}})
	m = next.(*Model)
	if s := screenText(m); strings.Contains(s, "POST TWO RENDER") {
		t.Fatalf("a stale render replaced the preview of post 3:\n%s", s)
	}
	if !m.browse.preview.loading || m.browse.preview.post.ID != 1002 {
		t.Fatalf("preview should still be loading post 3, got post %d loading=%v", m.browse.preview.post.ID, m.browse.preview.loading)
	}
}

func TestFilterByTitle(t *testing.T) {
	src := newFakeSource(150)
	m := start(t, src, 120, 40)
	m = press(t, m, "/", "n", "u", "m", "b", "e", "r", " ", "1", "4", "2")
	if m.browse.list.Shown() != 1 {
		t.Fatalf("filter 'number 142' shows %d posts, want 1", m.browse.list.Shown())
	}
	// q is text while the filter has focus, not quit.
	m = press(t, m, "q")
	if got := m.browse.list.filter.Value(); got != "number 142q" {
		t.Fatalf("filter value = %q, want the q typed into it", got)
	}
	m = press(t, m, "esc")
	if m.browse.list.Shown() != 150 || m.browse.list.filtering {
		t.Fatalf("esc should cancel the filter: shown=%d filtering=%v", m.browse.list.Shown(), m.browse.list.filtering)
	}
	m = press(t, m, "/", "1", "3", "enter")
	if m.browse.list.filtering || !m.browse.list.Filtered() {
		t.Fatalf("enter should keep the filter and leave the input")
	}
	s := screenText(m)
	if !strings.Contains(s, "Post number 13 about Go") || strings.Contains(s, "Post number 2 about Go") {
		t.Fatalf("filtered list wrong:\n%s", s)
	}
	if p, _ := m.browse.list.Selected(); !strings.Contains(p.Title, "13") {
		t.Fatalf("selection %q is not among the filtered posts", p.Title)
	}
}

func TestQuitKeys(t *testing.T) {
	src := newFakeSource(3)
	m := start(t, src, 80, 24)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd == nil {
		t.Fatal("q returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q should quit")
	}
	m = press(t, m, "/")
	_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c should quit even while filtering")
	}
}

func TestListErrorShowsAdviceAndRetryWorks(t *testing.T) {
	src := newFakeSource(5)
	src.listErr = errors.New("wrong username or application password\x1b]0;pwned\x07: create one under Users > Profile")
	m := start(t, src, 100, 30)
	s := m.View()
	if strings.Contains(s, "\x1b]0;") {
		t.Fatal("an escape sequence from the error reached the screen")
	}
	plain := ansi.Strip(s)
	for _, want := range []string{"Could not list the posts", "wrong username or application password", "Press r to try again"} {
		if !strings.Contains(plain, want) {
			t.Errorf("error screen lacks %q:\n%s", want, plain)
		}
	}
	src.listErr = nil
	m = press(t, m, "r")
	if m.browse.list.Len() != 5 || !strings.Contains(screenText(m), "Post number 1 about Go") {
		t.Fatalf("r should reload and show the posts:\n%s", screenText(m))
	}
}

func TestEmptySite(t *testing.T) {
	m := start(t, newFakeSource(0), 100, 30)
	if s := screenText(m); !strings.Contains(s, "no posts") {
		t.Fatalf("an empty site should say so:\n%s", s)
	}
}

func TestPreviewErrorIsShown(t *testing.T) {
	src := newFakeSource(3)
	src.postErr = errors.New("the site answered with an HTML page where JSON was expected")
	m := start(t, src, 100, 30)
	if s := screenText(m); !strings.Contains(s, "Could not show this post") || !strings.Contains(s, "HTML page") {
		t.Fatalf("preview error not shown:\n%s", s)
	}
}

func TestScreenFitsEverySize(t *testing.T) {
	src := newFakeSource(300)
	m := start(t, src, 120, 40)
	for _, size := range [][2]int{{80, 24}, {250, 70}, {60, 20}, {200, 50}, {80, 24}} {
		next, cmd := m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		m = drive(t, next.(*Model), cmd)
		for _, v := range []*Model{m, press(t, m, "?")} {
			lines := strings.Split(screenText(v), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d: %d lines, want %d", size[0], size[1], len(lines), size[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, l)
				}
			}
		}
	}
}

func TestHelpFollowsFocusAndState(t *testing.T) {
	src := newFakeSource(20)
	m := start(t, src, 160, 40)
	s := screenText(m)
	if !strings.Contains(s, "filter") || strings.Contains(s, "clear filter") {
		t.Errorf("list help should offer the filter but not clearing it:\n%s", s)
	}
	m = press(t, m, "tab")
	if s := screenText(m); !strings.Contains(s, "scroll") {
		t.Errorf("preview focus should show scroll help:\n%s", s)
	}
	m = press(t, m, "tab", "?")
	if s := screenText(m); !strings.Contains(s, "page down") || !strings.Contains(s, "bottom") {
		t.Errorf("? should show the full help:\n%s", s)
	}
}

func TestPagesBeforeReloadAreDropped(t *testing.T) {
	src := newFakeSource(3)
	m := start(t, src, 100, 30)
	next, _ := m.Update(pageLoadedMsg{gen: m.browse.gen - 1, page: wordpressPage(src, 0)})
	m = next.(*Model)
	if m.browse.list.Len() != 3 {
		t.Fatalf("a page from an older load was appended: %d posts", m.browse.list.Len())
	}
}

func TestPasswordProtectedPostSaysSo(t *testing.T) {
	src := newFakeSource(1)
	d := src.details[1000]
	d.Protected, d.ContentHTML = true, ""
	src.details[1000] = d
	m := start(t, src, 120, 30)
	if s := screenText(m); !strings.Contains(s, "password-protected") {
		t.Fatalf("a protected post should say so:\n%s", s)
	}
}

func TestKeysReadTogetherAreEachAPress(t *testing.T) {
	m := start(t, newFakeSource(10), 100, 30)
	next, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	m = drive(t, next.(*Model), cmd)
	if p, _ := m.browse.list.Selected(); p.ID != 1003 {
		t.Fatalf("after \"jjj\" the cursor is on post %d, want the fourth post (1003)", p.ID)
	}
}

func TestPreviewScrollsWhenFocused(t *testing.T) {
	src := newFakeSource(2)
	d := src.details[1000]
	for i := 0; i < 60; i++ {
		d.ContentHTML += fmt.Sprintf("<p>Paragraph %d.</p>", i)
	}
	src.details[1000] = d
	m := start(t, src, 100, 24)
	if s := screenText(m); strings.Contains(s, "Paragraph 40.") {
		t.Fatalf("paragraph 40 should be below the fold:\n%s", s)
	}
	m = press(t, m, "tab", "j")
	if m.browse.preview.offset != 1 {
		t.Fatalf("j in the focused preview: offset %d, want 1", m.browse.preview.offset)
	}
	if p, _ := m.browse.list.Selected(); p.ID != 1000 {
		t.Fatal("j moved the list although the preview has focus")
	}
	m = press(t, m, "G")
	if s := screenText(m); !strings.Contains(s, "Paragraph 59.") || strings.Contains(s, "Body of post 1,") {
		t.Fatalf("G should show the end of the post:\n%s", s)
	}
	m = press(t, m, "g")
	if m.browse.preview.offset != 0 {
		t.Fatalf("g: offset %d", m.browse.preview.offset)
	}
}
