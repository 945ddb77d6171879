package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

func mapEnv(m map[string]string) LookupEnv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func writeConfig(t *testing.T, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask may have narrowed it
		t.Fatal(err)
	}
	return p
}

const fullFile = `[wordpress]
url = "https://blog.example.com"
username = "alice"
app_password = "abcd efgh ijkl mnop qrst uvwx"
[medium]
token = "2a9f0c3be1d44b7e8f6a5c4d3b2a1f0e9"
api_url = "https://api.medium.com/v1"
feed_url = "https://medium.com/feed/@{username}"
publication_id = "b45573563f5a"
[defaults]
status = "unlisted"
license = "cc-40-by-sa"
cross_link = true
notify_followers = true
[auto]
enabled = true
since = "2026-12-01T00:00:00Z"
categories = ["News", "releases"]
tags = []
exclude_tags = ["no-medium", "draft-only"]
daily_limit = 5
notify_command = "notify-send wp2medium"
[ui]
theme = "light"
mouse = false
[ui.keys]
open_story = "ctrl+o"
publish = ["f5", "alt+p"]
open = ["enter", "o"]
`

func TestLoadFullFile(t *testing.T) {
	p := writeConfig(t, fullFile, 0o600)
	cfg, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("unexpected warnings: %v", warns)
	}
	want := Config{
		WordPress: WordPress{URL: "https://blog.example.com", Username: "alice", AppPassword: "abcd efgh ijkl mnop qrst uvwx"},
		Medium:    Medium{Token: "2a9f0c3be1d44b7e8f6a5c4d3b2a1f0e9", APIURL: "https://api.medium.com/v1", FeedURL: medium.DefaultFeedURL, PublicationID: "b45573563f5a"},
		Defaults:  Defaults{Status: "unlisted", License: medium.LicenseCC40BYSA, CrossLink: true, NotifyFollowers: true},
		Auto: Auto{Enabled: true, Since: "2026-12-01T00:00:00Z", Categories: []string{"News", "releases"},
			ExcludeTags: []string{"no-medium", "draft-only"}, DailyLimit: 5, NotifyCommand: "notify-send wp2medium"},
		UI: UI{Theme: "light", Mouse: false, Keys: map[string][]string{
			"open_story": {"ctrl+o"}, "publish": {"f5", "alt+p"}, "open": {"enter", "o"}}},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got\n%#v\nwant\n%#v", cfg.Redacted(), want.Redacted())
	}
	if got := cfg.Auto.SinceTime(); !got.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("SinceTime() = %v", got)
	}
}

func TestLoadPartialFileKeepsDefaults(t *testing.T) {
	p := writeConfig(t, "[wordpress]\nurl = \"https://b.example\"\n[medium]\napi_url = \"\"\n", 0o600)
	cfg, _, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if cfg.Defaults != d.Defaults || cfg.Medium.APIURL != DefaultMediumAPIURL || cfg.WordPress.URL != "https://b.example" ||
		!reflect.DeepEqual(cfg.Auto, d.Auto) {
		t.Errorf("defaults not kept: %v", cfg)
	}
	// A partial [auto] keeps the defaults of the keys it leaves out.
	p = writeConfig(t, "[auto]\ntags = [\"go\"]\n", 0o600)
	cfg, _, err = LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := d.Auto
	want.Tags = []string{"go"}
	if !reflect.DeepEqual(cfg.Auto, want) {
		t.Errorf("auto = %#v, want %#v", cfg.Auto, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope", "config.toml")
	cfg, _, err := LoadWithEnv(p, mapEnv(map[string]string{"WP2MEDIUM_MEDIUM_TOKEN": "tok123"}))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
	if !strings.Contains(err.Error(), p) {
		t.Errorf("error does not name the path: %v", err)
	}
	if cfg.Defaults != Default().Defaults || cfg.Medium.Token != "tok123" {
		t.Errorf("missing file should give defaults plus env, got %v", cfg)
	}
	if _, err := os.Stat(filepath.Dir(p)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load created the directory")
	}
}

func TestLoadMissingFileBadEnvIsFatal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	_, _, err := LoadWithEnv(p, mapEnv(map[string]string{"WP2MEDIUM_MEDIUM_API_URL": "http://evil.example"}))
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want a validation error, got %v", err)
	}
	if !strings.Contains(err.Error(), "WP2MEDIUM_MEDIUM_API_URL") {
		t.Errorf("error should name the variable: %v", err)
	}
}

func TestEnvOverridesWin(t *testing.T) {
	p := writeConfig(t, fullFile, 0o600)
	env := mapEnv(map[string]string{
		"WP2MEDIUM_WP_URL":          "https://other.example",
		"WP2MEDIUM_WP_USERNAME":     "bob",
		"WP2MEDIUM_WP_APP_PASSWORD": "zzzz yyyy",
		"WP2MEDIUM_MEDIUM_TOKEN":    "envtoken",
		"WP2MEDIUM_MEDIUM_API_URL":  "http://127.0.0.1:8080/v1",
		"WP2MEDIUM_UNRELATED":       "x",
	})
	cfg, _, err := LoadWithEnv(p, env)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cfg.WordPress.URL, cfg.WordPress.Username, cfg.WordPress.AppPassword, cfg.Medium.Token, cfg.Medium.APIURL}
	want := []string{"https://other.example", "bob", "zzzz yyyy", "envtoken", "http://127.0.0.1:8080/v1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	if cfg.Medium.PublicationID != "b45573563f5a" {
		t.Errorf("file value lost: %q", cfg.Medium.PublicationID)
	}
	ov := cfg.Overrides()
	if len(ov) != 5 || ov[3] != (Override{Key: "medium.token", Env: "WP2MEDIUM_MEDIUM_TOKEN"}) {
		t.Errorf("overrides = %v", ov)
	}
}

func TestEmptyEnvValueIgnored(t *testing.T) {
	p := writeConfig(t, fullFile, 0o600)
	cfg, _, err := LoadWithEnv(p, mapEnv(map[string]string{"WP2MEDIUM_MEDIUM_TOKEN": ""}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Medium.Token != "2a9f0c3be1d44b7e8f6a5c4d3b2a1f0e9" || len(cfg.Overrides()) != 0 {
		t.Errorf("empty env var replaced the file value")
	}
}

func TestLoadUsesProcessEnv(t *testing.T) {
	t.Setenv("WP2MEDIUM_WP_USERNAME", "carol")
	p := writeConfig(t, fullFile, 0o600)
	cfg, _, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WordPress.Username != "carol" {
		t.Errorf("username = %q, want carol from the environment", cfg.WordPress.Username)
	}
}

func TestSyntaxErrorShowsPositionAndShape(t *testing.T) {
	p := writeConfig(t, "[wordpress]\nurl = \"https://b.example\"\n\n[defaults]\nstatus = draft\n", 0o600)
	_, _, err := LoadWithEnv(p, nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error, got %T %v", err, err)
	}
	if e.Line != 5 || e.Column == 0 {
		t.Errorf("line/column = %d/%d, want line 5", e.Line, e.Column)
	}
	msg := err.Error()
	for _, want := range []string{p + ":5:", "not valid TOML", `status = "draft"`, "[defaults]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "[wordpress]") {
		t.Errorf("should show only the [defaults] shape:\n%s", msg)
	}
}

func TestWrongTypes(t *testing.T) {
	tests := []struct {
		body, key, value, want string
		line                   int
	}{
		{"[defaults]\ncross_link = \"yes\"\n", "defaults.cross_link", `"yes"`, "true or false", 2},
		{"[defaults]\n\nnotify_followers = 1\n", "defaults.notify_followers", "1", "true or false", 3},
		{"[wordpress]\nurl = 42\n", "wordpress.url", "42", "a string", 2},
		{"[defaults]\nlicense = true\n", "defaults.license", "true", "a string", 2},
		{"[medium]\ntoken = 12345\n", "medium.token", "(hidden)", "a string", 2},
		{"wordpress = \"https://x\"\n", "wordpress", "", "[wordpress] header", 1},
		{"[auto]\nenabled = \"yes\"\n", "auto.enabled", `"yes"`, "true or false", 2},
		{"[auto]\ncategories = \"news\"\n", "auto.categories", `"news" has the wrong type (string)`, `expected an array of strings, e.g. ["news", "go"]`, 2},
		{"[auto]\ntags = [\"go\", 1]\n", "auto.tags", "wrong type (array of mixed types)", "an array of strings", 2},
		{"[auto]\nexclude_tags = [1, 2]\n", "auto.exclude_tags", "wrong type (array of integers)", "an array of strings", 2},
		{"[auto]\ntags = [[\"go\"]]\n", "auto.tags", "wrong type (array of arrays)", "an array of strings", 2},
		{"[auto]\ntags = [{name = \"go\"}]\n", "auto.tags", "wrong type (array of tables)", "an array of strings", 2},
		{"[auto]\ndaily_limit = \"10\"\n", "auto.daily_limit", `"10" has the wrong type (string)`, "a whole number (without quotes)", 2},
		{"[auto]\ndaily_limit = 9.5\n", "auto.daily_limit", "9.5 has the wrong type (float)", "a whole number", 2},
		{"[auto]\n\nsince = 2026-12-01T00:00:00Z\n", "auto.since", "wrong type (date/time)",
			`expected an RFC 3339 time in double quotes, e.g. "2026-12-01T00:00:00Z"`, 3},
		{"[auto]\nnotify_command = [\"notify-send\"]\n", "auto.notify_command", "wrong type (array of strings)", "a string", 2},
		{"auto = true\n", "auto", "", "[auto] header", 1},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			p := writeConfig(t, tt.body, 0o600)
			_, _, err := LoadWithEnv(p, nil)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error, got %v", err)
			}
			msg := err.Error()
			section, _, _ := strings.Cut(tt.key, ".")
			for _, w := range []string{tt.key, tt.value, tt.want, "expected shape:\n    [" + section + "]"} {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q: %s", w, msg)
				}
			}
			if e.Line != tt.line {
				t.Errorf("line = %d, want %d", e.Line, tt.line)
			}
		})
	}
	p := writeConfig(t, "[medium]\ntoken = 12345\n", 0o600)
	if _, _, err := LoadWithEnv(p, nil); strings.Contains(err.Error(), "12345") {
		t.Errorf("secret leaked in type error: %v", err)
	}
}

func TestUnknownKeysWarn(t *testing.T) {
	body := `token = "x"
[wordpress]
url = "https://b.example"
app-password = "secret"
usrname = "alice"
[medium]
url = "https://api.medium.com/v1"
[defaults]
colour = "blue"
[mediumm]
token = "t"
`
	p := writeConfig(t, body, 0o600)
	_, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(warns))
	for i, w := range warns {
		got[i] = w.String()
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`token is not a known key and is ignored; did you mean "medium.token" (under [medium])?`,
		`wordpress.app-password is not a known key and is ignored; did you mean "wordpress.app_password"?`,
		`wordpress.usrname is not a known key and is ignored; did you mean "wordpress.username"?`,
		`medium.url is not a known key and is ignored; did you mean "medium.api_url"?`,
		`defaults.colour is not a known key and is ignored`,
		`[mediumm] is not a known section and is ignored; did you mean [medium]?`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, all)
		}
	}
	if len(warns) != 6 {
		t.Errorf("got %d warnings, want 6:\n%s", len(warns), all)
	}
	if strings.Contains(got[4], "did you mean") {
		t.Errorf("colour should have no suggestion: %s", got[4])
	}
}

func TestUnknownAutoKeysSuggestTheIntendedOne(t *testing.T) {
	body := `daily_limit = 3
[auto]
enable = true
exclude-tags = ["no-medium"]
daily_limt = 5
categorys = ["news"]
since_time = "2026-12-01T00:00:00Z"
[autos]
tags = ["go"]
`
	p := writeConfig(t, body, 0o600)
	_, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`daily_limit is not a known key and is ignored; did you mean "auto.daily_limit" (under [auto])?`,
		`auto.enable is not a known key and is ignored; did you mean "auto.enabled"?`,
		`auto.exclude-tags is not a known key and is ignored; did you mean "auto.exclude_tags"?`,
		`auto.daily_limt is not a known key and is ignored; did you mean "auto.daily_limit"?`,
		`auto.categorys is not a known key and is ignored; did you mean "auto.categories"?`,
		`auto.since_time is not a known key and is ignored`,
		`[autos] is not a known section and is ignored; did you mean [auto]?`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q; got:\n%s", want, all)
		}
	}
	if len(warns) != 7 {
		t.Errorf("got %d warnings, want 7:\n%s", len(warns), all)
	}
}

func TestInvalidAutoValuesInFileNameTheLine(t *testing.T) {
	tests := []struct{ body, want string }{
		{"[auto]\nsince = \"1 December\"\n",
			`:2: auto.since = "1 December" is not an RFC 3339 time; write the date, the time and the time zone`},
		{"[auto]\n# Medium's limit\ndaily_limit = 0\n",
			":3: auto.daily_limit = 0 must be between 1 and 100; Medium accepts about 10 stories a day"},
		{"[auto]\ndaily_limit = 5000000000\n", ":2: auto.daily_limit = 5000000000 must be between 1 and 100"},
		{"[auto]\nenabled = true\nsince = \"\"\n", `:3: auto.since = "" is empty while auto.enabled is true`},
		{"[auto]\ntags = [\"go\", \"\"]\n", `:2: auto.tags = ["go", ""] has an empty entry`},
	}
	for _, tt := range tests {
		p := writeConfig(t, tt.body, 0o600)
		_, _, err := LoadWithEnv(p, nil)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), "config "+p+tt.want) {
			t.Errorf("%q: got %v\nwant it to contain %s", tt.body, err, tt.want)
		}
	}
	// Turned on with no since at all: the error is on auto.since, and it
	// says how to fix it.
	p := writeConfig(t, "[auto]\nenabled = true\n", 0o600)
	_, _, err := LoadWithEnv(p, nil)
	if err == nil || !strings.Contains(err.Error(), "auto.since") || !strings.Contains(err.Error(), "`wp2medium setup` sets it") {
		t.Errorf("enabled without since: %v", err)
	}
}

func TestPermissionsWarning(t *testing.T) {
	p := writeConfig(t, fullFile, 0o644)
	_, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "chmod 600 "+p) {
		t.Errorf("want one chmod warning, got %v", warns)
	}
	// No secret in the file: nothing to protect.
	p = writeConfig(t, "[wordpress]\nurl = \"https://b.example\"\n", 0o644)
	if _, warns, _ = LoadWithEnv(p, mapEnv(map[string]string{"WP2MEDIUM_MEDIUM_TOKEN": "t"})); len(warns) != 0 {
		t.Errorf("secret from env should not trigger a file warning: %v", warns)
	}
	p = writeConfig(t, fullFile, 0o600)
	if _, warns, _ = LoadWithEnv(p, nil); len(warns) != 0 {
		t.Errorf("0600 file warned: %v", warns)
	}
}

func TestPlainHTTPWarning(t *testing.T) {
	p := writeConfig(t, "[wordpress]\nurl = \"http://blog.example.com\"\napp_password = \"x\"\n", 0o600)
	_, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "unencrypted") {
		t.Errorf("want http warning, got %v", warns)
	}
	p = writeConfig(t, "[wordpress]\nurl = \"http://localhost:8080\"\napp_password = \"x\"\n", 0o600)
	if _, warns, _ = LoadWithEnv(p, nil); len(warns) != 0 {
		t.Errorf("localhost should not warn: %v", warns)
	}
}

func TestInvalidValueInFileNamesLine(t *testing.T) {
	p := writeConfig(t, "[defaults]\n# comment\nstatus = \"published\"\n", 0o600)
	_, _, err := LoadWithEnv(p, nil)
	want := "config " + p + ":3: defaults.status = \"published\" is not valid; use one of: none, public, draft, unlisted"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestUnreadableFile(t *testing.T) {
	// A directory where the file should be: unreadable even for root.
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadWithEnv(p, nil)
	if err == nil || errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), p+": cannot be read") {
		t.Errorf("got %v", err)
	}
}
