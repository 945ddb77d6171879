package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// fakeWordPressChecker answers the wizard's WordPress checks from fields, so
// a golden screen does not show a test server's random port.
type fakeWordPressChecker struct {
	url      string
	site     wordpress.Site
	user     wordpress.User
	siteErr  error
	loginErr error
}

func (f fakeWordPressChecker) SiteURL() string { return f.url }
func (f fakeWordPressChecker) Site(context.Context) (wordpress.Site, error) {
	return f.site, f.siteErr
}
func (f fakeWordPressChecker) Me(context.Context) (wordpress.User, error) { return f.user, f.loginErr }

type fakeMediumChecker struct {
	user    medium.User
	pubs    []medium.Publication
	meErr   error
	pubsErr error
}

func (f fakeMediumChecker) Me(context.Context) (medium.User, error) { return f.user, f.meErr }
func (f fakeMediumChecker) Publications(context.Context, string) ([]medium.Publication, error) {
	return f.pubs, f.pubsErr
}

func fakeCheckerOptions(wp fakeWordPressChecker, md fakeMediumChecker) WizardOptions {
	return WizardOptions{
		Config: config.Default(),
		Path:   "/home/alice/.config/wp2medium/config.toml",
		NewWordPress: func(string, string, string) (WordPressChecker, error) {
			return wp, nil
		},
		NewMedium: func(string, string) MediumChecker { return md },
	}
}

func exampleCheckers() (fakeWordPressChecker, fakeMediumChecker) {
	return fakeWordPressChecker{
			url:  "https://blog.example.com",
			site: wordpress.Site{Name: "Example Blog"},
			user: wordpress.User{ID: 3, Name: "Alice Writer", Slug: "alice"},
		}, fakeMediumChecker{
			user: medium.User{ID: "u1", Username: "alice", Name: "Alice W."},
			pubs: []medium.Publication{{ID: "p123", Name: "Field Notes"}},
		}
}

func TestWizardSummaryGolden80x24(t *testing.T) {
	t.Parallel()
	wp, md := exampleCheckers()
	d := newWizDriver(t, fakeCheckerOptions(wp, md))
	d.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.press("blog.example.com", "enter")
	d.press("enter", "alice", "enter", "abcd efgh ijkl mnop qrst uvwx", "enter")
	d.press("enter", "integration-token-0123456789", "enter")
	d.press("enter", "enter", "n", "y", "down", "enter", "enter")
	d.expectPage(pageSummary, "Field Notes (p123)")
	golden.RequireEqual(t, []byte(d.screenText()))
}

// TestWizardRunsInARealProgram runs the standalone wizard in a Bubble Tea
// program (teatest), as `wp2medium setup` does, through to the saved file.
func TestWizardRunsInARealProgram(t *testing.T) {
	t.Parallel()
	wp, md := exampleCheckers()
	opts := fakeCheckerOptions(wp, md)
	opts.Path = filepath.Join(t.TempDir(), "config.toml")
	opts.Standalone = true
	tm := teatest.NewTestModel(t, NewWizard(opts), teatest.WithInitialTermSize(80, 24))
	t.Cleanup(func() { _ = tm.Quit() })
	step := func(wait string, keys ...tea.KeyMsg) {
		t.Helper()
		for _, k := range keys {
			tm.Send(k)
		}
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(ansi.Strip(string(b)), wait)
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	enter := tea.KeyMsg{Type: tea.KeyEnter}
	text := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	// Each key waits for its effect: huh moves the focus in a command, and
	// keys sent before it arrives would land in the previous field.
	step("step 1 of 6")
	step("step 2 of 6", text("blog.example.com"), enter)
	step("┃ WordPress username", enter)
	step("┃ Application password", text("alice"), enter)
	step("step 3 of 6", text("abcd efgh ijkl mnop qrst uvwx"), enter)
	step("┃ Integration token", enter)
	step("step 4 of 6", text("integration-token-0123456789"), enter)
	step("┃ License", enter)
	step("┃ Cross-link", enter)
	step("┃ Notify", enter)
	step("┃ Publication", enter)
	step("step 5 of 6", enter)
	step("step 6 of 6", enter)
	tm.Send(enter)
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Wizard)
	res, ok := final.Done()
	if !ok || !res.Saved {
		t.Fatalf("Done() = %+v, %v", res, ok)
	}
	if got, err := os.ReadFile(opts.Path); err != nil || !strings.Contains(string(got), `url = "https://blog.example.com"`) {
		t.Fatalf("saved file: %v\n%s", err, got)
	}
}
