package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// wizDriver feeds a Wizard keys and the messages of its commands, the way a
// Bubble Tea program would, and records what matters to the tests: every
// screen drawn, the WizardDoneMsgs sent and whether the program was quit.
type wizDriver struct {
	t       *testing.T
	w       *Wizard
	screens []string
	done    []WizardDoneMsg
	quit    bool
	// leaveBusy returns from run while a check runs, once its command has
	// started, instead of waiting for its result.
	leaveBusy bool
}

var cmdSliceType = reflect.TypeOf([]tea.Cmd(nil))

func newWizDriver(t *testing.T, opts WizardOptions) *wizDriver {
	t.Helper()
	d := &wizDriver{t: t, w: NewWizard(opts)}
	d.run(d.w.Init())
	d.update(tea.WindowSizeMsg{Width: 100, Height: 40})
	return d
}

func (d *wizDriver) update(msg tea.Msg) {
	d.t.Helper()
	next, cmd := d.w.Update(msg)
	d.w = next.(*Wizard)
	d.screens = append(d.screens, ansi.Strip(d.w.View()))
	d.run(cmd)
}

// run executes cmd and every command that follows from it, concurrently as a
// program does. Cursor blinks and spinner ticks are not fed back (they would
// never end). It returns when nothing is left, or when only timers remain:
// no message for 150ms while the wizard is idle. While a check or a save
// runs, it waits for it.
func (d *wizDriver) run(cmd tea.Cmd) {
	d.t.Helper()
	results := make(chan tea.Msg, 1024)
	outstanding := 0
	launch := func(c tea.Cmd) {
		if c == nil {
			return
		}
		outstanding++
		go func() { results <- c() }()
	}
	launch(cmd)
	for outstanding > 0 {
		wait := 150 * time.Millisecond
		if d.w.busy != "" && !d.leaveBusy {
			wait = 15 * time.Second
		}
		var msg tea.Msg
		select {
		case msg = <-results:
			outstanding--
		case <-time.After(wait):
			if d.w.busy != "" && !d.leaveBusy {
				d.t.Fatalf("a check is still running after %s: %q", wait, d.w.busy)
			}
			return
		}
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
			for _, c := range v.Convert(cmdSliceType).Interface().([]tea.Cmd) {
				launch(c)
			}
			continue
		}
		switch m := msg.(type) {
		case cursor.BlinkMsg, spinner.TickMsg:
			continue
		case tea.QuitMsg:
			d.quit = true
			continue
		case WizardDoneMsg:
			d.done = append(d.done, m)
			continue
		}
		if fmt.Sprintf("%T", msg) == "cursor.initialBlinkMsg" {
			continue
		}
		next, c := d.w.Update(msg)
		d.w = next.(*Wizard)
		d.screens = append(d.screens, ansi.Strip(d.w.View()))
		launch(c)
	}
}

// press sends keys: names such as "enter", "esc", "down", "shift+tab",
// "ctrl+c", "ctrl+u", or any other text, typed at once.
func (d *wizDriver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "shift+tab":
			msg = tea.KeyMsg{Type: tea.KeyShiftTab}
		case "ctrl+c":
			msg = tea.KeyMsg{Type: tea.KeyCtrlC}
		case "ctrl+u":
			msg = tea.KeyMsg{Type: tea.KeyCtrlU}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		d.update(msg)
	}
}

func (d *wizDriver) screenText() string { return ansi.Strip(d.w.View()) }

// shows reports whether the screen has text, whitespace and line breaks
// aside (the wizard wraps to the terminal's width).
func (d *wizDriver) shows(text string) bool {
	return strings.Contains(flat(d.screenText()), flat(text))
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// expectPage fails unless the wizard shows page p with text on the screen.
func (d *wizDriver) expectPage(p wizardPage, text string) {
	d.t.Helper()
	if d.w.page != p || d.w.busy != "" {
		d.t.Fatalf("want page %q idle, got page %q busy=%q; screen:\n%s", p, d.w.page, d.w.busy, d.screenText())
	}
	if text != "" && !d.shows(text) {
		d.t.Fatalf("page %q: screen lacks %q:\n%s", p, text, d.screenText())
	}
}

// neverShown fails if any screen drawn so far contains secret.
func (d *wizDriver) neverShown(secret string) {
	d.t.Helper()
	for i, s := range d.screens {
		if strings.Contains(s, secret) {
			d.t.Fatalf("screen %d shows a secret in full:\n%s", i, s)
		}
	}
}

// The fakes' accounts.
const (
	testWPUser     = "alice"
	testWPPassword = "abcd efgh ijkl mnop qrst uvwx"
)

type wizardFixture struct {
	wp   *wptest.Server
	md   *mediumtest.Server
	path string
}

func newWizardFixture(t *testing.T, wpOpts []wptest.Option, mdOpts ...mediumtest.Option) *wizardFixture {
	t.Helper()
	wpOpts = append([]wptest.Option{
		wptest.WithSite("Fake &amp; Blog", "tagline"),
		wptest.WithCredentials(testWPUser, testWPPassword),
		wptest.WithUser(wptest.FakeUser{ID: 7, Name: "Alice Writer", Slug: "alice"}),
	}, wpOpts...)
	f := &wizardFixture{
		wp:   wptest.NewServer(wpOpts...),
		md:   mediumtest.NewServer(mdOpts...),
		path: filepath.Join(t.TempDir(), "wp2medium", "config.toml"),
	}
	t.Cleanup(f.wp.Close)
	t.Cleanup(f.md.Close)
	return f
}

// options are the wizard's options against the fakes, from cfg.
func (f *wizardFixture) options(cfg config.Config) WizardOptions {
	if cfg.Medium.APIURL == "" || cfg.Medium.APIURL == config.DefaultMediumAPIURL {
		cfg.Medium.APIURL = f.md.URL
	}
	return WizardOptions{
		Config:       cfg,
		Path:         f.path,
		NewWordPress: WordPressCheckerFactory(wordpress.WithTimeout(3 * time.Second)),
		NewMedium:    MediumCheckerFactory(medium.WithRetry(0, nil)),
		CheckTimeout: 5 * time.Second,
	}
}

// writeConfig saves cfg at the fixture's path and returns the file's bytes.
func (f *wizardFixture) writeConfig(t *testing.T, cfg config.Config) []byte {
	t.Helper()
	if cfg.Medium.APIURL == config.DefaultMediumAPIURL {
		cfg.Medium.APIURL = f.md.URL
	}
	if err := config.Save(f.path, cfg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loadSaved reads the saved file back as the app would (no environment).
func (f *wizardFixture) loadSaved(t *testing.T) config.Config {
	t.Helper()
	cfg, _, err := config.LoadWithEnv(f.path, nil)
	if err != nil {
		t.Fatalf("loading the saved config: %v", err)
	}
	return cfg
}
