package cli

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// The setup wizard saves the settings it asks about; the [ui] section,
// which it does not ask about, comes back as the user wrote it.
func TestSetupKeepsTheUISection(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path, before := existingSetup(t, wp, md)
	ui := "[ui]\ntheme = \"light\"\nmouse = false\n\n[ui.keys]\npublish = [\"f5\", \"o\"]\nopen = \"enter\"\n"
	body := strings.Replace(string(before), "[ui]\n", "", 1) // the saved file's own, default [ui] section
	body = body[:strings.Index(body, "# How the terminal app looks")] + ui
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}

	// Turn cross_link on, keep everything else, save.
	lines := make([]string, 13)
	lines[8] = "y"
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, lines)
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	cfg, _, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := config.UI{Theme: "light", Mouse: false, Keys: map[string][]string{"publish": {"f5", "o"}, "open": {"enter"}}}
	if !cfg.Defaults.CrossLink || !reflect.DeepEqual(cfg.UI, want) {
		after, _ := os.ReadFile(path)
		t.Errorf("after setup: cross_link %t, [ui] %#v, want true and %#v; the file:\n%s", cfg.Defaults.CrossLink, cfg.UI, want, after)
	}
}
