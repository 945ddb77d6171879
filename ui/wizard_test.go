package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// firstRunToDefaults walks a first run through steps 1 to 3 with a working
// site, sign-in and token.
func firstRunToDefaults(t *testing.T, d *wizDriver, f *wizardFixture) {
	t.Helper()
	d.expectPage(pageSite, "step 1 of 6")
	d.press(f.wp.URL, "enter")
	d.expectPage(pageWordPress, "WordPress site: Fake & Blog ("+f.wp.URL+")")
	if !d.shows(`name "wp2medium"`) || !d.shows("Users → Profile") {
		t.Fatalf("step 2 does not explain how to create an application password:\n%s", d.screenText())
	}
	d.press("enter") // sign in
	d.press(testWPUser, "enter", testWPPassword, "enter")
	d.expectPage(pageMedium, "Signed in as Alice Writer (alice)")
	if !d.shows("Security and apps → Integration tokens") || !d.shows("no longer issues new tokens") ||
		!d.shows("medium.com/p/import") {
		t.Fatalf("step 3 lacks where to find a token or the honest note:\n%s", d.screenText())
	}
	d.press("enter") // use a token
	d.press(mediumtest.DefaultToken, "enter")
	d.expectPage(pageDefaults, "Medium: @demo (Demo Writer)")
}

func TestWizardFirstRunChecksEverythingAndSaves(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	d := newWizDriver(t, f.options(config.Default()))
	firstRunToDefaults(t, d, f)

	if !d.shows("Draft (recommended") || !d.shows("All rights reserved") {
		t.Fatalf("defaults step:\n%s", d.screenText())
	}
	d.press("down", "enter")         // status: Public
	d.press("down", "down", "enter") // license: CC 4.0 BY-SA
	d.press("y", "n")                // cross-link yes, notify no
	if !d.shows("Demo Engineering (" + mediumtest.EditorPublicationID + ")") {
		t.Fatalf("publications are not offered:\n%s", d.screenText())
	}
	d.press("down", "enter") // the first publication
	d.expectPage(pageAuto, "step 5 of 6: Automatic cross-posting")
	d.press("enter") // not automatically (the default)
	d.expectPage(pageSummary, "Save to "+f.path)
	for _, want := range []string{"Fake & Blog", "alice, application password ****uvwx",
		"****4c3d @demo", "Demo Engineering", "Public", "CC 4.0 BY-SA", "Cross-link yes",
		"Automatic off: nothing is sent without a key being pressed", "mode 0600"} {
		if !d.shows(want) {
			t.Errorf("summary lacks %q:\n%s", want, d.screenText())
		}
	}
	if _, err := os.Stat(f.path); err == nil {
		t.Fatal("the file was written before Save was chosen")
	}
	d.press("enter") // Save
	if len(d.done) != 1 || !d.done[0].Saved || d.done[0].Path != f.path {
		t.Fatalf("done messages: %+v", d.done)
	}
	if d.quit {
		t.Fatal("an embedded wizard quit the program")
	}

	got := f.loadSaved(t)
	want := config.Config{
		WordPress: config.WordPress{URL: f.wp.URL, Username: testWPUser, AppPassword: testWPPassword},
		Medium:    config.Medium{Token: mediumtest.DefaultToken, APIURL: f.md.URL, FeedURL: medium.DefaultFeedURL, PublicationID: mediumtest.EditorPublicationID},
		Defaults:  config.Defaults{Status: "public", License: medium.LicenseCC40BYSA, CrossLink: true},
	}
	if got.WordPress != want.WordPress || got.Medium != want.Medium || got.Defaults != want.Defaults ||
		!reflect.DeepEqual(got.Auto, config.Default().Auto) {
		t.Fatalf("saved:\n%v\nwant:\n%v", got.Redacted(), want.Redacted())
	}
	if d.done[0].Config.Medium.Token != mediumtest.DefaultToken {
		t.Fatal("WizardDoneMsg does not carry the saved config")
	}
	raw, _ := os.ReadFile(f.path)
	for _, key := range []string{"[wordpress]", "url = ", "username = ", "app_password = ", "[medium]", "token = ",
		"api_url = ", "publication_id = ", "[defaults]", "status = \"public\"", "license = \"cc-40-by-sa\"",
		"cross_link = true", "notify_followers = false", "[auto]", "enabled = false", `since = ""`} {
		if !bytes.Contains(raw, []byte(key)) {
			t.Errorf("saved file lacks %q:\n%s", key, raw)
		}
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("file mode %04o, want 0600", st.Mode().Perm())
		}
		dir, _ := os.Stat(filepath.Dir(f.path))
		if dir.Mode().Perm() != 0o700 {
			t.Errorf("directory mode %04o, want 0700", dir.Mode().Perm())
		}
	}
	d.neverShown(testWPPassword)
	d.neverShown(mediumtest.DefaultToken)
}
