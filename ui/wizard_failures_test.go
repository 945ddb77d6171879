package ui

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestWizardSiteFailuresSayWhatToDoAndAllowARetry(t *testing.T) {
	t.Parallel()
	notWP := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><title>Not here</title></html>"))
	}))
	t.Cleanup(notWP.Close) // after the parallel subtests
	tlsSite := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSite.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	tlsSite.StartTLS()
	t.Cleanup(tlsSite.Close) // after the parallel subtests
	restOff := wptest.NewServer(wptest.WithRESTDisabled())
	t.Cleanup(restOff.Close) // after the parallel subtests
	slow := wptest.NewServer(wptest.WithLatency(2 * time.Second))
	t.Cleanup(slow.Close) // after the parallel subtests
	// Nothing listens on port 1 (a closed fake's port could be taken by a
	// parallel test's fake at once).
	const downURL = "http://127.0.0.1:1"

	cases := []struct {
		name, url, want string
		timeout         time.Duration
	}{
		{"empty", "", "the site URL is empty", 0},
		{"bad URL", "ftp://blog.example.com", "only http and https sites are supported", 0},
		{"not WordPress", notWP.URL, "no WordPress REST API found", 0},
		{"REST disabled", restOff.URL, "REST API", 0},
		{"TLS", tlsSite.URL, "secure connection", 0},
		{"server down", downURL, "cannot reach", 0},
		{"timeout", slow.URL, "in time", 300 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newWizardFixture(t, nil)
			opts := f.options(config.Default())
			if tc.timeout > 0 {
				opts.CheckTimeout = tc.timeout
			}
			d := newWizDriver(t, opts)
			d.press(tc.url, "enter")
			d.expectPage(pageSite, "✗")
			if !d.shows(tc.want) {
				t.Fatalf("want %q in:\n%s", tc.want, d.screenText())
			}
			// The typed address stays for fixing; replace it and go on.
			d.press("ctrl+u", f.wp.URL, "enter")
			d.expectPage(pageWordPress, "WordPress site: Fake & Blog")
			if d.shows("✗") {
				t.Fatalf("the old failure is still shown:\n%s", d.screenText())
			}
			if _, err := os.Stat(f.path); err == nil {
				t.Fatal("a failed check wrote the config")
			}
		})
	}
}

func TestWizardWrongPasswordIsRefusedThenFixed(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	d := newWizDriver(t, f.options(config.Default()))
	d.press(f.wp.URL, "enter", "enter")
	const wrong = "wrong-password-1234"
	d.press(testWPUser, "enter", wrong, "enter")
	d.expectPage(pageWordPress, "WordPress refused the credentials")
	if !d.shows("Application Passwords") {
		t.Fatalf("no advice:\n%s", d.screenText())
	}
	// The retry starts at the username, not at the sign-in choice.
	d.press("enter", "ctrl+u", testWPPassword, "enter")
	d.expectPage(pageMedium, "Signed in as Alice Writer")
	d.neverShown(wrong)
	d.neverShown(testWPPassword)
}

func TestWizardEmptyPasswordIsRefusedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	d := newWizDriver(t, f.options(config.Default()))
	d.press(f.wp.URL, "enter", "enter")
	before := f.wp.Count("wp/v2/users/me")
	d.press(testWPUser, "enter", "enter")
	d.expectPage(pageWordPress, "the application password is empty")
	if f.wp.Count("wp/v2/users/me") != before {
		t.Fatal("an empty password was sent to WordPress")
	}
}

func TestWizardSkippingSignInAndTokenSavesNoSecrets(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	d := newWizDriver(t, f.options(config.Default()))
	d.press(f.wp.URL, "enter", "down", "enter")
	d.expectPage(pageMedium, "Not signed in: only public posts are visible; no cross-link on the WordPress side")
	d.press("down", "enter")
	d.expectPage(pageDefaults, "No Medium token: posts go through Medium's importer")
	if !d.shows("the WordPress side is off without sign-in") {
		t.Fatalf("cross-link does not say the WordPress side is off:\n%s", d.screenText())
	}
	d.press("enter", "enter", "enter", "enter")
	d.expectPage(pageAuto, "Without a Medium token nothing can be sent automatically")
	d.press("enter")
	d.expectPage(pageSummary, "skipped: only public posts are visible")
	if d.shows("Publication") {
		t.Fatalf("a publication is offered without a token:\n%s", d.screenText())
	}
	d.press("enter")
	got := f.loadSaved(t)
	if got.WordPress.Username != "" || got.WordPress.AppPassword != "" || got.Medium.Token != "" {
		t.Fatalf("skipped secrets were saved: %v", got)
	}
	if got.WordPress.URL != f.wp.URL || got.Defaults.Status != "draft" {
		t.Fatalf("saved %v", got)
	}
}

func TestWizardTokenFailures(t *testing.T) {
	t.Parallel()
	t.Run("invalid token 6003", func(t *testing.T) {
		f := newWizardFixture(t, nil)
		d := newWizDriver(t, f.options(config.Default()))
		d.press(f.wp.URL, "enter", "down", "enter", "enter")
		d.press("not-a-real-token", "enter")
		d.expectPage(pageMedium, "code 6003")
		if !d.shows("The token is invalid or was revoked") || !d.shows(medium.ImportURL) {
			t.Fatalf("no advice:\n%s", d.screenText())
		}
		d.neverShown("not-a-real-token")
		// Going back to the choice, a user without a working token skips.
		d.press("shift+tab", "down", "enter")
		d.expectPage(pageDefaults, "No Medium token")
	})
	t.Run("Medium down", func(t *testing.T) {
		f := newWizardFixture(t, nil)
		opts := f.options(config.Default())
		// Nothing listens on port 1. (Closing the fake instead would free a
		// port that a parallel test's fake may take at once.)
		opts.Config.Medium.APIURL = "http://127.0.0.1:1"
		d := newWizDriver(t, opts)
		d.press(f.wp.URL, "enter", "down", "enter", "enter")
		d.press(mediumtest.DefaultToken, "enter")
		d.expectPage(pageMedium, "connection")
		d.neverShown(mediumtest.DefaultToken)
	})
}

func TestWizardMissingScopeOffersATypedPublicationID(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil, mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeListPublications))
	d := newWizDriver(t, f.options(config.Default()))
	d.press(f.wp.URL, "enter", "down", "enter", "enter", mediumtest.DefaultToken, "enter")
	d.expectPage(pageDefaults, "Medium error 6002")
	d.press("enter", "enter", "enter", "enter")
	d.expectPage(pageDefaults, "Publication id")
	d.press("has space", "enter")
	d.expectPage(pageDefaults, "letters and digits only")
	d.press("ctrl+u", "a1b2c3d4e5f6", "enter", "enter")
	d.expectPage(pageSummary, "a1b2c3d4e5f6")
	d.press("enter")
	if got := f.loadSaved(t); got.Medium.PublicationID != "a1b2c3d4e5f6" {
		t.Fatalf("publication_id = %q", got.Medium.PublicationID)
	}
}

func TestWizardSaveFailureIsShownAndNothingIsReported(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	blocker := f.path + ".blocker"
	if err := os.MkdirAll(blocker[:len(blocker)-len("/config.toml.blocker")], 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := f.options(config.Default())
	opts.Path = blocker + "/config.toml" // its directory is a file
	d := newWizDriver(t, opts)
	d.press(f.wp.URL, "enter", "down", "enter", "down", "enter", "enter", "enter", "enter", "enter", "enter")
	d.expectPage(pageSummary, "")
	d.press("enter")
	d.expectPage(pageSummary, "✗ Not saved:")
	if len(d.done) != 0 {
		t.Fatalf("a failed save reported done: %+v", d.done)
	}
	d.press("down", "down", "enter") // quit without saving
	if len(d.done) != 1 || d.done[0].Saved {
		t.Fatalf("done: %+v", d.done)
	}
}
