package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

func runAccessible(t *testing.T, opts WizardOptions, lines ...string) (WizardDoneMsg, string, error) {
	t.Helper()
	var out bytes.Buffer
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l + "\n")
	}
	res, err := NewWizard(opts).RunAccessible(context.Background(), &out, strings.NewReader(in.String()))
	return res, out.String(), err
}

func TestWizardAccessibleRunsEveryStepAsPlainPrompts(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	res, out, err := runAccessible(t, f.options(config.Default()),
		"ftp://nope", // refused: not http(s)
		f.wp.URL,     // retried
		"1", testWPUser, testWPPassword,
		"1", mediumtest.DefaultToken,
		"2", "", "y", "n", // Public, default license, cross-link, no notification
		"2", // Demo Engineering
		"n", // not automatically
		"1", // Save
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"Step 1 of 6: Your WordPress site", "✗ invalid site URL", "Try again.",
		"✓ Found Fake & Blog at " + f.wp.URL, "Users → Profile", "✓ Signed in as Alice Writer (alice)",
		"no longer issues new tokens", "✓ Medium: @demo (Demo Writer)",
		"Step 5 of 6: Automatic cross-posting", "Step 6 of 6: Check and save", "Automatic: off", "Medium token: ****4c3d  @demo", "Publication: Demo Engineering",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, testWPPassword) || strings.Contains(out, mediumtest.DefaultToken) {
		t.Fatalf("a secret was printed:\n%s", out)
	}
	if !res.Saved || res.Path != f.path {
		t.Fatalf("result %+v", res)
	}
	got := f.loadSaved(t)
	if got.Defaults.Status != "public" || !got.Defaults.CrossLink || got.Defaults.NotifyFollowers ||
		got.Medium.PublicationID != mediumtest.EditorPublicationID || got.WordPress.AppPassword != testWPPassword {
		t.Fatalf("saved %v", got)
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestWizardAccessibleEndOfInputCancelsWithoutSaving(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	before := f.writeConfig(t, existingConfig(f))
	for n := 0; n <= 12; n++ {
		// Pressing Enter n times keeps every answer; then the input ends.
		lines := make([]string, n)
		res, out, err := runAccessible(t, f.options(f.loadSaved(t)), lines...)
		if !errors.Is(err, ErrWizardInputEnded) || res.Saved {
			t.Fatalf("after %d answers: err=%v saved=%v\n%s", n, err, res.Saved, out)
		}
		after, _ := os.ReadFile(f.path)
		if !bytes.Equal(before, after) {
			t.Fatalf("after %d answers the file changed", n)
		}
	}
	// With one more Enter (Save) the same answers save, unchanged.
	res, out, err := runAccessible(t, f.options(f.loadSaved(t)), make([]string, 13)...)
	if err != nil || !res.Saved {
		t.Fatalf("err=%v saved=%v\n%s", err, res.Saved, out)
	}
	if after, _ := os.ReadFile(f.path); !bytes.Equal(before, after) {
		t.Fatalf("keeping every answer changed the file:\n%s", after)
	}
}

func TestWizardAccessibleQuitWithoutSaving(t *testing.T) {
	t.Parallel()
	f := newWizardFixture(t, nil)
	res, out, err := runAccessible(t, f.options(config.Default()), f.wp.URL, "2", "2", "", "", "", "", "", "3")
	if err != nil || res.Saved {
		t.Fatalf("err=%v saved=%v\n%s", err, res.Saved, out)
	}
	if _, err := os.Stat(f.path); err == nil {
		t.Fatal("quitting wrote the config")
	}
}
