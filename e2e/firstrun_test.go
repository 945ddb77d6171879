//go:build e2e

package e2e

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// The first run: the real binary on an empty config directory starts the
// setup wizard (huh forms), which these tests drive through tmux against
// the real WordPress.

// firstRunTerm starts the app with empty config and data directories and
// returns the terminal and the config directory.
func firstRunTerm(t *testing.T) (*tmuxTerm, string) {
	t.Helper()
	configHome := t.TempDir()
	tt := startTermEnv(t, []string{"XDG_CONFIG_HOME=" + configHome, "XDG_DATA_HOME=" + t.TempDir()})
	return tt, configHome
}

// focused reports whether the field titled title has the focus.
func focused(screen, title string) bool {
	return strings.HasPrefix(focusedField(screen), title)
}

// focusedField is the first row of the focused huh field, its title: huh's
// theme draws a thick left border on the focused field's rows only. Rows
// inside a box (the app's publish form) start with the box's border.
func focusedField(screen string) string {
	for _, row := range rows(screen) {
		if f, ok := strings.CutPrefix(strings.TrimLeft(row, " │"), "┃ "); ok {
			return strings.TrimRight(f, " │")
		}
	}
	return ""
}

// formField sends a huh field's keys and waits for the focus to move on
// (huh moves it in a command of its own, so a key sent before would land in
// the same field), or for the publish form's summary. It returns the screen.
func (tt *tmuxTerm) formField(keys ...string) string {
	tt.t.Helper()
	before := focusedField(tt.screen())
	tt.keys(keys...)
	return tt.waitFor("the focus to leave "+quote(before), func(s string) bool {
		f := focusedField(s)
		return strings.Contains(s, "Exactly this will be sent") || f != "" && f != before
	})
}

// waitField waits for step n of the wizard with the field titled title
// focused. huh moves the focus in a command, so keys sent before the focus
// has moved would land in the previous field.
func (tt *tmuxTerm) waitField(step int, title string) string {
	tt.t.Helper()
	return tt.waitFor(fmt.Sprintf("step %d with %q focused", step, title), func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("step %d of 6", step)) && focused(s, title)
	})
}

// typeSecret types s like typeText, but a failure never shows it.
func (tt *tmuxTerm) typeSecret(s string) {
	tt.t.Helper()
	if out, err := exec.Command("tmux", "-u", "-L", tt.socket, "send-keys", "-t", sessionName, "-l", s).CombinedOutput(); err != nil {
		tt.t.Fatalf("tmux send-keys (a secret): %v\n%s", err, strings.ReplaceAll(string(out), s, "[secret]"))
	}
}

// signIn walks steps 1 and 2: the site's address, then the username with a
// wrong application password first, which must be refused, then the right one.
// It returns when step 3 shows.
func signIn(t *testing.T, tt *tmuxTerm, siteName string) {
	t.Helper()
	tt.waitField(1, "Site address")
	tt.typeText(wpURL)
	tt.keys("Enter")

	s := tt.waitField(2, "Sign in to WordPress?")
	if want := "WordPress site: " + siteName; !strings.Contains(s, want) {
		t.Errorf("step 2 does not confirm the site found (%q)", want)
	}
	tt.keys("Enter") // sign in (the default)
	tt.waitField(2, "WordPress username")
	tt.typeText(wpUser)
	tt.keys("Enter")
	tt.waitField(2, "Application password")
	const wrong = "abcd EFGH ijkl MNOP qrst UVWX"
	tt.typeText(wrong)
	tt.keys("Enter")

	// The same step again, the refusal above the form, the username kept.
	s = tt.waitFor("the wrong application password to be refused", func(s string) bool {
		return strings.Contains(s, "✗ ") && focused(s, "WordPress username")
	})
	if !strings.Contains(s, "step 2 of 6") {
		t.Fatalf("after the refusal the wizard is not on step 2")
	}
	refusal := paneText(s, 0, termWidth)
	if !strings.Contains(refusal, "application password") {
		t.Errorf("the refusal does not mention the application password; screen:\n%s", s)
	}
	if strings.Contains(s, wrong) || strings.Contains(s, "EFGH") {
		t.Errorf("the typed password is shown in clear; screen:\n%s", s)
	}
	if !strings.Contains(s, "> "+wpUser) {
		t.Errorf("the username %q was not kept for the retry; screen:\n%s", wpUser, s)
	}
	tt.keys("Enter") // keep the username
	tt.waitField(2, "Application password")
	tt.keys("C-u") // the wrong password is still in the field
	tt.typeSecret(wpAppPass)
	tt.keys("Enter")

	s = tt.waitField(3, "Use a Medium integration token?")
	if !strings.Contains(s, "Signed in as "+wpUser) {
		t.Errorf("step 3 does not say who signed in; screen:\n%s", s)
	}
	if strings.Contains(s, wpAppPass) {
		t.Errorf("the application password is shown in clear")
	}
}

// TestFirstRunWizard runs wp2medium for the first time: setup wizard, then
// the list of the site it set up, then a clean exit.
func TestFirstRunWizard(t *testing.T) {
	siteName := wpSiteName(t)
	total, anonymous := wpTotal(t, true), wpTotal(t, false)
	if total == anonymous {
		t.Fatalf("the site lists %d posts with and without credentials: the total could not tell whether the app signed in", total)
	}
	tt, configHome := firstRunTerm(t)
	signIn(t, tt, siteName)

	// Step 3: no token. The wizard's medium.api_url is the real Medium's on a
	// first run, so no token is typed: nothing may reach the real Medium.
	tt.keys("Down")
	tt.waitFor("the no-token choice to be selected", func(s string) bool {
		return strings.Contains(s, "┃ > No token")
	})
	tt.keys("Enter")

	// Step 4: the defaults as offered.
	for _, title := range []string{"Status on Medium", "License", "Cross-link the two copies?", "Notify your Medium followers?"} {
		tt.waitField(4, title)
		tt.keys("Enter")
	}
	// Step 5: not automatically (the default).
	tt.waitField(5, "Cross-post new posts automatically?")
	tt.keys("Enter")

	s := tt.waitField(6, "Save these settings?")
	summary := paneText(s, 0, termWidth)
	for _, want := range []string{
		"Sign-in " + wpUser + ", application password ****",
		"Medium token none: posts go through medium.com/p/import",
		"Status Draft",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q; screen:\n%s", want, s)
		}
	}
	if strings.Contains(s, wpAppPass) {
		t.Errorf("the summary shows the application password in clear")
	}
	tt.keys("Enter") // save

	// The app starts on the site just set up, signed in: the total counts
	// the posts only an editor sees.
	want := thousands(total) + " posts"
	tt.waitFor("the list of "+siteName+" with "+want, func(s string) bool {
		h := strings.TrimSpace(header(s))
		return strings.HasPrefix(h, "wp2medium · "+siteName) && strings.HasSuffix(h, want)
	})

	checkSavedConfig(t, filepath.Join(configHome, "wp2medium", "config.toml"))

	tt.keys("q")
	tt.waitExit()
}

// checkSavedConfig checks the file the wizard wrote: mode 0600 in a 0700
// directory, the site and credentials typed, no token.
func checkSavedConfig(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("the wizard saved no config file: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, perm)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("%s has mode %o, want 700", filepath.Dir(path), perm)
	}
	var cfg struct {
		WordPress struct {
			URL         string `toml:"url"`
			Username    string `toml:"username"`
			AppPassword string `toml:"app_password"`
		} `toml:"wordpress"`
		Medium struct {
			Token string `toml:"token"`
		} `toml:"medium"`
	}
	if _, err := toml.DecodeFile(path, &cfg); err != nil {
		t.Fatalf("the saved config is not valid TOML: %v", err)
	}
	if strings.TrimRight(cfg.WordPress.URL, "/") != strings.TrimRight(wpURL, "/") {
		t.Errorf("wordpress.url = %q, want %q", cfg.WordPress.URL, wpURL)
	}
	if cfg.WordPress.Username != wpUser {
		t.Errorf("wordpress.username = %q, want %q", cfg.WordPress.Username, wpUser)
	}
	// Compared, never printed.
	if cfg.WordPress.AppPassword != wpAppPass {
		t.Errorf("wordpress.app_password is not the application password typed last (%d characters saved, want %d)",
			len(cfg.WordPress.AppPassword), len(wpAppPass))
	}
	if cfg.Medium.Token != "" {
		t.Errorf("medium.token is set (%d characters) although no token was given", len(cfg.Medium.Token))
	}
}

// TestFirstRunWizardCancelled: Esc on the wizard's first step, and on its
// third after both live checks passed, ends the program with a failure,
// says nothing was saved, and leaves the config directory empty.
func TestFirstRunWizardCancelled(t *testing.T) {
	siteName := wpSiteName(t)
	for _, step := range []int{1, 3} {
		t.Run(fmt.Sprintf("step %d", step), func(t *testing.T) {
			tt, configHome := firstRunTerm(t)
			if step == 1 {
				tt.waitField(1, "Site address")
			} else {
				signIn(t, tt, siteName)
			}
			tt.keys("Escape")
			s := tt.waitExitStatus(1)
			if !strings.Contains(s, "nothing was saved") {
				t.Errorf("the app did not say that nothing was saved; screen:\n%s", s)
			}
			_, err := os.Stat(filepath.Join(configHome, "wp2medium", "config.toml"))
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a config file exists after Esc (stat: %v)", err)
			}
			left, err := os.ReadDir(configHome)
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 0 {
				t.Errorf("the config directory is not empty after Esc: %v", left)
			}
		})
	}
}
