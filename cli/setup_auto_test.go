package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// loadAuto reads the [auto] section of the file setup saved, as sync would.
func loadAuto(t *testing.T, path string) config.Auto {
	t.Helper()
	cfg, _, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Fatalf("the saved config does not load: %v", err)
	}
	return cfg.Auto
}

func TestSetupTurnsOnAutomaticCrossPosting(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithSite("My Blog", ""), wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	path := filepath.Join(t.TempDir(), "config.toml")

	start := time.Now()
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, []string{
		wp.URL, "1", setupUser, setupPass,
		"2",            // no Medium token: nothing goes to the real Medium
		"", "", "", "", // defaults
		"y",              // cross-post automatically
		"News, releases", // only these categories
		"",               // any tag
		"",               // exclude the default, no-medium
		"3",              // at most 3 a day
		"1",              // Save
	}, "--accessible")
	end := time.Now()
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	if !strings.Contains(out, "Step 5 of 6: Automatic cross-posting") ||
		!strings.Contains(out, "Automatic: on for posts first published from now on, at most 3 a day") ||
		!strings.HasSuffix(out, "Saved settings to "+path+"\n") {
		t.Fatalf("output:\n%s", out)
	}

	a := loadAuto(t, path)
	want := config.Auto{Enabled: true, Since: a.Since, Categories: []string{"News", "releases"},
		ExcludeTags: []string{"no-medium"}, DailyLimit: 3}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", a, want)
	}
	since, err := time.Parse(time.RFC3339, a.Since)
	if err != nil || a.Since != config.FormatSince(since) {
		t.Fatalf("auto.since = %q is not RFC 3339 in UTC to the second (%v)", a.Since, err)
	}
	if since.Before(start.Truncate(time.Second)) || since.After(end) {
		t.Fatalf("auto.since = %s, want the time setup ran: between %s and %s", a.Since,
			start.UTC().Format(time.RFC3339Nano), end.UTC().Format(time.RFC3339Nano))
	}
}

// existingAutoSetup is existingSetup with automatic cross-posting on since
// a fixed time.
func existingAutoSetup(t *testing.T, wp *wptest.Server, md *mediumtest.Server) (string, []byte, config.Auto) {
	t.Helper()
	path, _ := existingSetup(t, wp, md)
	cfg, _, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Auto = config.Auto{Enabled: true, Since: "2026-11-01T08:00:00Z", Categories: []string{"News"},
		Tags: []string{"go", "rust"}, ExcludeTags: []string{"no-medium"}, DailyLimit: 4, NotifyCommand: "notify-send wp2medium"}
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b, cfg.Auto
}

// Enter on every question of a re-run keeps auto on with its since: a later
// since would skip the posts published in between.
func TestSetupRerunKeepsAutomaticCrossPostingAsItWas(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path, before, _ := existingAutoSetup(t, wp, md)

	// site, sign-in, username, password, token choice, token, four defaults,
	// publication, automatic, its four rules, Save.
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, make([]string, 17))
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	if !strings.Contains(out, "It is on for posts first published after 2026-11-01T08:00:00Z") {
		t.Errorf("the step does not say since when auto is on:\n%s", out)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatalf("keeping every answer changed the file:\n%s\nwas:\n%s", after, before)
	}
}

// Answering no turns auto off and leaves its rules and since in the file.
func TestSetupRerunTurnsAutomaticCrossPostingOff(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path, _, was := existingAutoSetup(t, wp, md)

	lines := append(make([]string, 11), "n", "1")
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, lines)
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	want := was
	want.Enabled = false
	if got := loadAuto(t, path); !reflect.DeepEqual(got, want) {
		t.Fatalf("saved auto:\n%#v\nwant:\n%#v", got, want)
	}
}
