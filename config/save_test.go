package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/wp2medium/wp2medium/internal/atomicfile"
	"github.com/wp2medium/wp2medium/medium"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	full := Config{
		WordPress: WordPress{URL: "https://blog.example.com/sub", Username: `ali"ce\`, AppPassword: "abcd efgh ijkl mnop qrst uvwx"},
		Medium:    Medium{Token: "tok\u00e9n", APIURL: "http://127.0.0.1:1234/v1", FeedURL: "http://127.0.0.1:1234/feed", PublicationID: "b45573563f5a"},
		Defaults:  Defaults{Status: "none", License: medium.LicensePublicDomain, CrossLink: true, NotifyFollowers: true},
		Auto: Auto{Enabled: true, Since: "2026-12-01T09:30:00+01:00",
			Categories: []string{"News", `quo"te\slash`, "Café & Bar"}, Tags: []string{"go"},
			ExcludeTags: []string{"no-medium", "private draft"}, DailyLimit: 100,
			NotifyCommand: `notify-send "wp2medium" 'sent'`},
		UI: UI{Theme: ThemeDark, Mouse: false, Keys: map[string][]string{
			"open": {"o", "enter"}, "publish": {"ctrl+p"}, "mark": {"x", "space"}, "quit": {"ctrl+q", "alt+q", "é"}}},
	}
	// Every list empty: [] must stay empty, not come back as the default.
	empty := Default()
	empty.Auto.ExcludeTags = nil
	empty.Auto.DailyLimit = 1
	for name, c := range map[string]Config{"full": full, "default": Default(), "empty lists": empty} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "cfg", "config.toml")
			if err := Save(p, c); err != nil {
				t.Fatal(err)
			}
			got, warns, err := LoadWithEnv(p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 0 {
				t.Errorf("warnings on a saved file: %v", warns)
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("round trip changed the config:\n got %#v\nwant %#v", got.Redacted(), c.Redacted())
			}
		})
	}
}

// The saved file explains the [auto] section the way the example in issue 10
// does: the same keys, in order, each with its comment.
func TestSavedFileExplainsTheAutoSection(t *testing.T) {
	c := Default()
	c.Auto.Enable(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	_, section, _ := strings.Cut(encode(c), "\n[auto]\n")
	for _, want := range []string{
		"# What `wp2medium sync` and `wp2medium watch` send to Medium without a key being pressed.\n" +
			"enabled = true  # nothing is sent automatically until the user turns it on\n",
		`since = "2026-12-01T00:00:00Z"  # only posts first published after this; set by setup when enabled` + "\n",
		"categories = []  # empty = any category (names or slugs)\n",
		"tags = []  # empty = any tag\n",
		`exclude_tags = ["no-medium"]  # a post with any of these is never sent automatically` + "\n",
		"daily_limit = 10  # stories per rolling 24 hours, counting every route (Medium's limit)\n",
		`notify_command = ""  # optional: a command run after each automatic send` + "\n",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the [auto] section lacks %q:\n%s", want, section)
		}
	}
}

func TestTOMLStringEscapes(t *testing.T) {
	for _, in := range []string{"a\tb\"c\\d\x01e\x7f\U0001F600", "line1\nline2\r\f\b", `C:\path\"q"`, ""} {
		var out struct{ V string }
		if _, err := toml.Decode("V = "+tomlString(in), &out); err != nil {
			t.Fatalf("tomlString(%q) = %s is not valid TOML: %v", in, tomlString(in), err)
		}
		if out.V != in {
			t.Errorf("got %q, want %q", out.V, in)
		}
	}
}

func TestSaveModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "wp2medium")
	p := filepath.Join(dir, "config.toml")
	if err := Save(p, secretConfig()); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", st.Mode().Perm())
	}
	dst, _ := os.Stat(dir)
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", dst.Mode().Perm())
	}
	// Overwriting a loose file tightens it.
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, secretConfig()); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("after overwrite mode %v, want 0600", st.Mode().Perm())
	}
	assertNoTempFiles(t, dir)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

func TestSaveFailureKeepsOriginal(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := Save(p, secretConfig()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p)
	c := secretConfig()
	c.WordPress.Username = "changed"

	// A write failure half-way (full disk) must leave the old file and no temp file.
	saveWriter.Hook = func(s atomicfile.Step) error {
		if s == atomicfile.StepTempWritten {
			return errors.New("no space left on device")
		}
		return nil
	}
	err := Save(p, c)
	saveWriter.Hook = nil
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("want the write error, got %v", err)
	}
	assertUnchanged(t, p, before)
	assertNoTempFiles(t, dir)

	// A directory we may not write to (only meaningful when not root).
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		err = Save(p, c)
		_ = os.Chmod(dir, 0o700)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "permission") {
			t.Fatalf("want a permission *Error naming the file, got %v", err)
		}
		assertUnchanged(t, p, before)
		assertNoTempFiles(t, dir)
	}
}

func assertUnchanged(t *testing.T, p string, before []byte) {
	t.Helper()
	after, err := os.ReadFile(p)
	if err != nil || string(after) != string(before) {
		t.Errorf("original file changed by a failed save (err %v)", err)
	}
}

func TestSaveFailureRemovesTemp(t *testing.T) {
	// The target is a directory, so the final rename fails after the temp file exists.
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "keep"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, Default()); err == nil {
		t.Fatal("Save over a non-empty directory succeeded")
	}
	assertNoTempFiles(t, dir)
	if _, err := os.Stat(filepath.Join(p, "keep")); err != nil {
		t.Error("existing content damaged")
	}
}

func TestSaveRejectsInvalid(t *testing.T) {
	c := Default()
	c.Defaults.Status = "published"
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(p, c); err == nil || !strings.Contains(err.Error(), "defaults.status") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Error("invalid config was written")
	}
}

func TestSaveFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.toml")
	link := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	if err := Save(link, secretConfig()); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("symlink replaced by a file")
	}
	if b, _ := os.ReadFile(real); !strings.Contains(string(b), `username = "alice"`) {
		t.Errorf("target not written: %s", b)
	}
}

// An existing wp2medium directory that others may read is made private when a
// secret is saved into it; the directories above it are not wp2medium's to change.
func TestSaveTightensTheWp2mediumDirectoryOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	xdgHome := filepath.Join(t.TempDir(), "xdg")
	appDir := filepath.Join(xdgHome, "wp2medium")
	if err := os.MkdirAll(appDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{xdgHome, appDir} {
		if err := os.Chmod(d, 0o755); err != nil { // whatever the umask
			t.Fatal(err)
		}
	}
	p, err := PathWithEnv("", mapEnv(map[string]string{"XDG_CONFIG_HOME": xdgHome}))
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, secretConfig()); err != nil {
		t.Fatal(err)
	}
	if m := dirMode(t, appDir); m != 0o700 {
		t.Errorf("wp2medium directory mode %04o, want 0700", m)
	}
	if m := dirMode(t, xdgHome); m != 0o755 {
		t.Errorf("XDG_CONFIG_HOME mode changed to %04o, want 0755 kept", m)
	}

	// --config into a directory that is not wp2medium's own ($HOME, say).
	home := filepath.Join(t.TempDir(), "home")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Save(filepath.Join(home, "wp2medium.toml"), secretConfig()); err != nil {
		t.Fatal(err)
	}
	if m := dirMode(t, home); m != 0o755 {
		t.Errorf("--config's directory mode changed to %04o, want 0755 kept", m)
	}
}

func dirMode(t *testing.T, dir string) os.FileMode {
	t.Helper()
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}
