package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress"
)

// existingConfig is a complete earlier setup against the fixture's fakes,
// with [auto] as a first setup leaves it (the defaults).
func existingConfig(f *wizardFixture) config.Config {
	c := config.Default()
	c.WordPress = config.WordPress{URL: f.wp.URL, Username: testWPUser, AppPassword: testWPPassword}
	c.Medium.Token, c.Medium.APIURL, c.Medium.PublicationID = mediumtest.DefaultToken, f.md.URL, mediumtest.WriterPublicationID
	c.Defaults = config.Defaults{Status: "unlisted", License: medium.LicenseCC40Zero, CrossLink: true, NotifyFollowers: true}
	return c
}

func TestWizardEscOrCtrlCAtAnyStepLeavesTheFileUntouched(t *testing.T) {
	t.Parallel()
	// Each path leads to a different step; then the key cancels.
	steps := []struct {
		name string
		keys []string
		page wizardPage
	}{
		{"site", nil, pageSite},
		{"sign-in choice", []string{"enter"}, pageWordPress},
		{"username", []string{"enter", "enter"}, pageWordPress},
		{"password typed", []string{"enter", "enter", "enter", "new-password-typed"}, pageWordPress},
		{"token choice", []string{"enter", "enter", "enter", "enter"}, pageMedium},
		{"token typed", []string{"enter", "enter", "enter", "enter", "enter", "new-token"}, pageMedium},
		{"defaults", []string{"enter", "enter", "enter", "enter", "enter", "enter", "down"}, pageDefaults},
		{"publication", []string{"enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter"}, pageDefaults},
		{"auto", []string{"enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter"}, pageAuto},
		{"summary", []string{"enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter", "enter"}, pageSummary},
	}
	for _, step := range steps {
		for _, cancel := range []string{"esc", "ctrl+c"} {
			t.Run(step.name+" "+cancel, func(t *testing.T) {
				t.Parallel()
				f := newWizardFixture(t, nil)
				before := f.writeConfig(t, existingConfig(f))
				d := newWizDriver(t, f.options(f.loadSaved(t)))
				d.press(step.keys...)
				d.expectPage(step.page, "")
				d.press(cancel)
				after, err := os.ReadFile(f.path)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(before, after) {
					t.Fatalf("the file changed:\n%s", after)
				}
				if len(d.done) != 1 || d.done[0].Saved {
					t.Fatalf("done: %+v", d.done)
				}
				if d.done[0].Config.WordPress != existingConfig(f).WordPress {
					t.Fatal("a cancelled wizard reports a config other than the one it was given")
				}
				if d.quit {
					t.Fatal("an embedded wizard quit the program")
				}
			})
		}
	}
}

func TestWizardEscDuringACheckCancelsItAndDropsItsResult(t *testing.T) {
	t.Parallel()
	cancelled := make(chan struct{})
	opts := WizardOptions{
		Config: config.Default(),
		Path:   filepath.Join(t.TempDir(), "config.toml"),
		NewWordPress: func(string, string, string) (WordPressChecker, error) {
			return hangingChecker{cancelled: cancelled}, nil
		},
	}
	d := newWizDriver(t, opts)
	d.leaveBusy = true
	d.press("blog.example.com", "enter")
	if d.w.busy == "" || !d.shows("Looking for WordPress at blog.example.com") {
		t.Fatalf("the check is not shown running:\n%s", d.screenText())
	}
	id, seq := d.w.id, d.w.seq
	d.press("esc")
	select {
	case <-cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("Esc did not cancel the running check")
	}
	if len(d.done) != 1 || d.done[0].Saved {
		t.Fatalf("done: %+v", d.done)
	}
	// The check's answer arrives late: it must change nothing.
	d.update(wizardCheckedMsg{id: id, seq: seq, page: pageSite, site: siteResult{url: "https://x", name: "X"}})
	if d.w.page != pageSite || d.w.st.site != nil || len(d.done) != 1 {
		t.Fatal("a check finishing after Esc moved the wizard on")
	}
	if _, err := os.Stat(opts.Path); err == nil {
		t.Fatal("a cancelled wizard wrote the config")
	}
}

func TestWizardDropsResultsOfOtherWizardsAndOldChecks(t *testing.T) {
	t.Parallel()
	wp, md := exampleCheckers()
	d := newWizDriver(t, fakeCheckerOptions(wp, md))
	d.update(wizardCheckedMsg{id: d.w.id + 1000, seq: d.w.seq, page: pageSite, site: siteResult{url: "https://x"}})
	d.update(wizardCheckedMsg{id: d.w.id, seq: d.w.seq - 1, page: pageSite, site: siteResult{url: "https://x"}})
	d.expectPage(pageSite, "")
	if d.w.st.site != nil {
		t.Fatal("a stale result was recorded")
	}
}

// hangingChecker's Site waits until its context ends, and says so.
type hangingChecker struct{ cancelled chan struct{} }

func (h hangingChecker) SiteURL() string { return "https://blog.example.com" }
func (h hangingChecker) Site(ctx context.Context) (wordpress.Site, error) {
	<-ctx.Done()
	close(h.cancelled)
	return wordpress.Site{}, ctx.Err()
}
func (h hangingChecker) Me(context.Context) (wordpress.User, error) { return wordpress.User{}, nil }

func TestWizardRerunPrefillsEverythingAndKeepsSecrets(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	before := f.writeConfig(t, existingConfig(f))
	d := newWizDriver(t, f.options(f.loadSaved(t)))
	if !d.shows(f.wp.URL) {
		t.Fatalf("the site address is not pre-filled:\n%s", d.screenText())
	}
	d.press("enter", "enter")
	d.expectPage(pageWordPress, "Leave the password empty to keep the current one (****uvwx)")
	if !d.shows("> " + testWPUser) {
		t.Fatalf("the username is not pre-filled:\n%s", d.screenText())
	}
	d.press("enter", "enter") // username kept, password left empty
	d.expectPage(pageMedium, "Signed in as Alice Writer")
	d.press("enter")
	d.expectPage(pageMedium, "leave empty to keep the current one")
	d.press("enter")
	d.expectPage(pageDefaults, "Medium: @demo")
	d.press("enter", "enter", "enter", "enter", "enter") // every default and the publication kept
	d.expectPage(pageAuto, "Cross-post new posts automatically?")
	d.press("enter") // still off
	d.expectPage(pageSummary, "Unlisted")
	for _, want := range []string{"****uvwx", "****4c3d", "Demo Letters (" + mediumtest.WriterPublicationID + ")",
		"CC copyright waiver", "Cross-link yes", "Notify followers yes"} {
		if !d.shows(want) {
			t.Errorf("summary lacks %q:\n%s", want, d.screenText())
		}
	}
	d.press("enter")
	after, _ := os.ReadFile(f.path)
	if !bytes.Equal(before, after) {
		t.Fatalf("re-running and keeping everything changed the file:\n%s\nwas:\n%s", after, before)
	}
	d.neverShown(testWPPassword)
	d.neverShown(mediumtest.DefaultToken)
}

func TestWizardRerunReplacesATokenWhenOneIsTyped(t *testing.T) {
	t.Parallel()
	const newToken = "second-token-9f8e7d6c5b4a"
	f := newWizardFixture(t, nil, mediumtest.WithUser(newToken, medium.User{ID: "u2", Username: "bob", Name: "Bob"}))
	f.writeConfig(t, existingConfig(f))
	d := newWizDriver(t, f.options(f.loadSaved(t)))
	d.press("enter", "enter", "enter", "enter", "enter", newToken, "enter")
	d.expectPage(pageDefaults, "Medium: @bob")
	d.press("enter", "enter", "enter", "enter", "enter", "enter", "enter")
	if got := f.loadSaved(t); got.Medium.Token != newToken || got.WordPress.AppPassword != testWPPassword {
		t.Fatalf("saved %v", got)
	}
	d.neverShown(newToken)
}

func TestWizardSummaryNamesEnvironmentOverrides(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	opts := f.options(config.Default())
	opts.EnvOverrides = []config.Override{{Key: "medium.token", Env: "WP2MEDIUM_MEDIUM_TOKEN"}}
	d := newWizDriver(t, opts)
	d.press(f.wp.URL, "enter", "down", "enter", "down", "enter", "enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageSummary, "WP2MEDIUM_MEDIUM_TOKEN is set and overrides medium.token")
}

func TestWizardStandaloneQuitsTheProgram(t *testing.T) {
	t.Parallel()
	for _, save := range []bool{false, true} {
		f := newWizardFixture(t, nil)
		opts := f.options(config.Default())
		opts.Standalone = true
		d := newWizDriver(t, opts)
		if save {
			d.press(f.wp.URL, "enter", "down", "enter", "down", "enter", "enter", "enter", "enter", "enter", "enter", "enter")
		} else {
			d.press("esc")
		}
		if !d.quit || len(d.done) != 0 {
			t.Fatalf("save=%v: quit=%v done=%v", save, d.quit, d.done)
		}
		res, ok := d.w.Done()
		if !ok || res.Saved != save {
			t.Fatalf("save=%v: Done() = %+v, %v", save, res, ok)
		}
		if _, err := os.Stat(f.path); (err == nil) != save {
			t.Fatalf("save=%v: file exists = %v", save, err == nil)
		}
	}
}
