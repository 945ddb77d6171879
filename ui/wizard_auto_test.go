package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/config"
)

// autoClock is the wizard's clock in these tests: not UTC and not on a
// second, so the saved since shows both are normalised.
func autoClock() time.Time {
	return time.Date(2026, 12, 5, 11, 30, 15, 750_000_000, time.FixedZone("CET", 3600))
}

const autoClockSince = "2026-12-05T10:30:15Z"

// enabledConfig is an earlier setup with automatic cross-posting on.
func enabledConfig(f *wizardFixture) config.Config {
	c := existingConfig(f)
	c.Auto = config.Auto{Enabled: true, Since: "2026-11-01T08:00:00Z",
		Categories: []string{"Tips, Tricks"}, ExcludeTags: []string{"no-medium"}, DailyLimit: 3}
	return c
}

func TestWizardTurnsAutomaticCrossPostingOnWithItsRules(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	opts := f.options(config.Default())
	opts.Now = autoClock
	d := newWizDriver(t, opts)
	firstRunToDefaults(t, d, f)
	d.press("enter", "enter", "enter", "enter", "enter") // the defaults and the publication as offered
	d.expectPage(pageAuto, "step 5 of 6: Automatic cross-posting")
	for _, want := range []string{"Only posts first published from now on", "about 10 stories a day",
		"Cross-post new posts automatically?"} {
		if !d.shows(want) {
			t.Fatalf("the auto step lacks %q:\n%s", want, d.screenText())
		}
	}
	if d.shows("Only posts in these categories") {
		t.Fatalf("the rules are asked for before auto is turned on:\n%s", d.screenText())
	}
	d.press("y")
	d.expectPage(pageAuto, "Only posts in these categories")
	d.press("News, releases ,", "enter", "go", "enter")
	if !d.shows("> no-medium") {
		t.Fatalf("the excluded tags are not pre-filled with the default:\n%s", d.screenText())
	}
	d.press(", private", "enter")
	for _, bad := range []string{"0", "101", "ten"} {
		d.press("ctrl+u", bad, "enter")
		d.expectPage(pageAuto, "a whole number from 1 to 100")
	}
	d.press("ctrl+u", "5", "enter")
	d.expectPage(pageSummary, "Automatic on for posts first published from now on, at most 5 a day")
	if !d.shows("Which posts in News, releases; tagged go; never tagged no-medium, private") {
		t.Fatalf("the summary does not show the rules:\n%s", d.screenText())
	}
	d.press("enter") // Save

	want := config.Auto{Enabled: true, Since: autoClockSince, Categories: []string{"News", "releases"},
		Tags: []string{"go"}, ExcludeTags: []string{"no-medium", "private"}, DailyLimit: 5}
	if got := f.loadSaved(t).Auto; !reflect.DeepEqual(got, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", got, want)
	}
	if len(d.done) != 1 || !reflect.DeepEqual(d.done[0].Config.Auto, want) {
		t.Fatalf("WizardDoneMsg does not carry the saved [auto]: %+v", d.done)
	}
	raw, _ := os.ReadFile(f.path)
	if !bytes.Contains(raw, []byte("enabled = true")) || !bytes.Contains(raw, []byte(`since = "`+autoClockSince+`"`)) {
		t.Fatalf("saved file:\n%s", raw)
	}
}

// Re-running setup with auto on and keeping every answer keeps since (a
// later since would skip the posts published in between) and the file.
func TestWizardRerunKeepsAutoSinceAndRules(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	before := f.writeConfig(t, enabledConfig(f))
	opts := f.options(f.loadSaved(t))
	opts.Now = autoClock
	d := newWizDriver(t, opts)
	d.press("enter", "enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageDefaults, "")
	d.press("enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageAuto, "It is on for posts first published after 2026-11-01T08:00:00Z; keeping it on keeps that time.")
	d.press("enter") // still on
	d.expectPage(pageAuto, "> Tips, Tricks")
	d.press("enter", "enter", "enter", "enter")
	d.expectPage(pageSummary, "Automatic on for posts first published after 2026-11-01T08:00:00Z, at most 3 a day")
	if !d.shows("in Tips, Tricks; any tag; never tagged no-medium") {
		t.Fatalf("summary:\n%s", d.screenText())
	}
	d.press("enter")
	after, _ := os.ReadFile(f.path)
	if !bytes.Equal(before, after) {
		t.Fatalf("keeping everything changed the file:\n%s\nwas:\n%s", after, before)
	}
}

// Turning auto off changes enabled alone: the rules and since stay in the
// file for the day it is turned back on (with a new since then).
func TestWizardTurningAutoOffKeepsItsRules(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	f.writeConfig(t, enabledConfig(f))
	opts := f.options(f.loadSaved(t))
	opts.Now = autoClock
	d := newWizDriver(t, opts)
	d.press("enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageAuto, "")
	d.press("n")
	d.expectPage(pageSummary, "Automatic off")
	d.press("enter")
	want := enabledConfig(f).Auto
	want.Enabled = false
	if got := f.loadSaved(t).Auto; !reflect.DeepEqual(got, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", got, want)
	}

	// Back on: a new since, the kept rules pre-filled.
	opts = f.options(f.loadSaved(t))
	opts.Now = autoClock
	d = newWizDriver(t, opts)
	d.press("enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
	d.press("y", "enter", "enter", "enter", "enter")
	d.expectPage(pageSummary, "from now on, at most 3 a day")
	d.press("enter")
	want.Enabled, want.Since = true, autoClockSince
	if got := f.loadSaved(t).Auto; !reflect.DeepEqual(got, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", got, want)
	}
}

func TestWizardAccessibleAsksForTheAutoRules(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	opts := f.options(config.Default())
	opts.Now = autoClock
	res, out, err := runAccessible(t, opts,
		f.wp.URL, "2", "2", "", "", "", "", // no sign-in, no token, the defaults
		"y",        // automatically
		"News, Go", // categories
		"",         // any tag
		"-",        // nothing excluded
		"500", "4", // refused, then a limit
		"1", // Save
	)
	if err != nil || !res.Saved {
		t.Fatalf("err=%v saved=%v\n%s", err, res.Saved, out)
	}
	for _, want := range []string{"Step 5 of 6: Automatic cross-posting", "Only posts first published from now on",
		"a lone - empties one", "Without a Medium token nothing can be sent automatically",
		"a whole number from 1 to 100", "Automatic: on for posts first published from now on, at most 4 a day",
		"Which posts: in News, Go; any tag; none excluded"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	want := config.Auto{Enabled: true, Since: autoClockSince, Categories: []string{"News", "Go"}, DailyLimit: 4}
	if got := f.loadSaved(t).Auto; !reflect.DeepEqual(got, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", got, want)
	}
	if t.Failed() {
		t.Log(out)
	}
}

// sync refuses to send with the status "Ask each time": turning auto on with
// it says so, on the step and in the summary.
func TestWizardWarnsThatAutoNeedsAStatus(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	res, out, err := runAccessible(t, f.options(config.Default()),
		f.wp.URL, "2", "2", "4", "", "", "", // no sign-in, no token, status: Ask each time
		"y", "", "", "", "", // automatically, the rules as offered
		"1", // Save
	)
	if err != nil || !res.Saved {
		t.Fatalf("err=%v saved=%v\n%s", err, res.Saved, out)
	}
	for _, want := range []string{
		"their status is Ask each time: sync sends nothing until it is Draft, Public or Unlisted; Change something",
		"Note: automatic sends use the defaults of step 4",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := f.loadSaved(t); got.Defaults.Status != config.StatusNone || !got.Auto.Enabled {
		t.Fatalf("saved %v", got)
	}
}

func TestParseListIfChanged(t *testing.T) {
	was := []string{"Tips, Tricks", "Go"}
	for typed, want := range map[string][]string{
		"Tips, Tricks, Go":   was, // as pre-filled: kept, not split
		"Tips, Go":           {"Tips", "Go"},
		" a ,, b ,":          {"a", "b"},
		"":                   nil,
		" - ":                nil,
		"-, x":               {"-", "x"},
		"Café & Bar, naïve ": {"Café & Bar", "naïve"},
	} {
		if got := parseListIfChanged(typed, was); !reflect.DeepEqual(got, want) {
			t.Errorf("parseListIfChanged(%q) = %#v, want %#v", typed, got, want)
		}
	}
}

func TestWizardAutoGolden80x24(t *testing.T) {
	t.Parallel()
	wp, md := exampleCheckers()
	d := newWizDriver(t, fakeCheckerOptions(wp, md))
	d.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.press("blog.example.com", "enter")
	d.press("enter", "alice", "enter", "abcd efgh ijkl mnop qrst uvwx", "enter")
	d.press("enter", "integration-token-0123456789", "enter")
	d.press("enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageAuto, "")
	d.press("y", "News")
	golden.RequireEqual(t, []byte(d.screenText()))
}

// TestWizardTurnsAutoOnInARealProgram runs the standalone wizard in a Bubble
// Tea program, as `wp2medium setup` does, with the real clock: the saved
// since is the moment of the run, in UTC, to the second.
func TestWizardTurnsAutoOnInARealProgram(t *testing.T) {
	t.Parallel()
	wp, md := exampleCheckers()
	opts := fakeCheckerOptions(wp, md)
	opts.Path = filepath.Join(t.TempDir(), "config.toml")
	opts.Standalone = true
	start := time.Now()
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
	step("┃ Only posts in these categories", text("y"))
	step("┃ Only posts with these tags", text("News"), enter)
	step("┃ Never posts with these tags", enter)
	step("┃ Stories a day at most", enter)
	step("step 6 of 6", tea.KeyMsg{Type: tea.KeyCtrlU}, text("2"), enter)
	tm.Send(enter)
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Wizard)
	end := time.Now()
	if res, ok := final.Done(); !ok || !res.Saved {
		t.Fatalf("Done() = %+v, %v", res, ok)
	}
	cfg, _, err := config.LoadWithEnv(opts.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Auto
	if !a.Enabled || !reflect.DeepEqual(a.Categories, []string{"News"}) || a.Tags != nil ||
		!reflect.DeepEqual(a.ExcludeTags, []string{"no-medium"}) || a.DailyLimit != 2 {
		t.Fatalf("saved auto %#v", a)
	}
	assertSinceBetween(t, a.Since, start, end)
}

// assertSinceBetween checks that since was set by a clock read between start
// and end: RFC 3339 in UTC, to the second.
func assertSinceBetween(t *testing.T, since string, start, end time.Time) {
	t.Helper()
	got, err := time.Parse(time.RFC3339, since)
	if err != nil || !strings.HasSuffix(since, "Z") || strings.Contains(since, ".") {
		t.Fatalf("since = %q, want RFC 3339 in UTC to the second (%v)", since, err)
	}
	if got.Before(start.Truncate(time.Second)) || got.After(end) {
		t.Fatalf("since = %s, want between %s and %s", since, start.UTC().Format(time.RFC3339Nano), end.UTC().Format(time.RFC3339Nano))
	}
}
