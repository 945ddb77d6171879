package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
)

func TestDefaultIsValid(t *testing.T) {
	d := Default()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Defaults.Status != "draft" || d.Defaults.License != medium.LicenseAllRightsReserved ||
		d.Defaults.CrossLink || d.Defaults.NotifyFollowers || d.Medium.APIURL != "https://api.medium.com/v1" {
		t.Errorf("unexpected defaults: %v", d)
	}
	if got := d.Missing(); strings.Join(got, ",") != "wordpress.url,medium.token" {
		t.Errorf("Missing() = %v", got)
	}
	want := Auto{ExcludeTags: []string{"no-medium"}, DailyLimit: 10}
	if !reflect.DeepEqual(d.Auto, want) {
		t.Errorf("Default().Auto = %#v, want %#v", d.Auto, want)
	}
	// Each Default is its own: changing one's list leaves the next alone.
	d.Auto.ExcludeTags[0] = "changed"
	if Default().Auto.ExcludeTags[0] != "no-medium" {
		t.Error("Default() configs share the exclude_tags array")
	}
}

func TestValidateMessages(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Config)
		want   []string // every fragment must appear
	}{
		{"status", func(c *Config) { c.Defaults.Status = "published" },
			[]string{`defaults.status = "published" is not valid; use one of: none, public, draft, unlisted`}},
		{"empty status", func(c *Config) { c.Defaults.Status = "" },
			[]string{`defaults.status = ""`, "none, public, draft, unlisted"}},
		{"license", func(c *Config) { c.Defaults.License = "cc-by" },
			[]string{`defaults.license = "cc-by" is not valid`, "all-rights-reserved", "cc-40-by-nc-nd", "public-domain"}},
		{"wp scheme", func(c *Config) { c.WordPress.URL = "blog.example.com" },
			[]string{`wordpress.url = "blog.example.com"`, "http:// or https://", `"https://blog.example.com"`}},
		{"wp ftp", func(c *Config) { c.WordPress.URL = "ftp://blog.example.com" },
			[]string{`wordpress.url = "ftp://blog.example.com" must start with http:// or https://`}},
		{"wp no host", func(c *Config) { c.WordPress.URL = "https://" },
			[]string{`wordpress.url = "https://" has no host name`}},
		{"wp query", func(c *Config) { c.WordPress.URL = "https://b.example/?p=1" },
			[]string{`wordpress.url = "https://b.example/?p=1" must not have a query or fragment`}},
		{"wp userinfo", func(c *Config) { c.WordPress.URL = "https://alice:hunter2@b.example" },
			[]string{"wordpress.url", "must not contain a user name or password", "wordpress.app_password"}},
		{"api http", func(c *Config) { c.Medium.APIURL = "http://api.medium.com/v1" },
			[]string{`medium.api_url = "http://api.medium.com/v1" must use https`, "127.0.0.1 or localhost"}},
		{"api empty", func(c *Config) { c.Medium.APIURL = "" },
			[]string{`medium.api_url = "" is empty`, "https://api.medium.com/v1"}},
		{"api no host", func(c *Config) { c.Medium.APIURL = "/v1" },
			[]string{`medium.api_url = "/v1" has no host name`}},
		{"feed http", func(c *Config) { c.Medium.FeedURL = "http://medium.com/feed" },
			[]string{`medium.feed_url = "http://medium.com/feed" is not a feed address`, "https://medium.com/feed/@{username}"}},
		{"feed relative", func(c *Config) { c.Medium.FeedURL = "/feed/@{username}" },
			[]string{`medium.feed_url = "/feed/@{username}" is not a feed address`}},
		{"token space", func(c *Config) { c.Medium.Token = "abc def" },
			[]string{"medium.token = (hidden) contains spaces"}},
		{"publication", func(c *Config) { c.Medium.PublicationID = "my pub/x" },
			[]string{`medium.publication_id = "my pub/x" is not a publication id`}},
		{"username newline", func(c *Config) { c.WordPress.Username = "al\nice" },
			[]string{`wordpress.username = "al\nice" contains control characters`}},
		{"password newline", func(c *Config) { c.WordPress.AppPassword = "abcd\nefgh" },
			[]string{"wordpress.app_password = (hidden) contains control characters"}},
		{"since not a time", func(c *Config) { c.Auto.Since = "yesterday" },
			[]string{`auto.since = "yesterday" is not an RFC 3339 time`, `"2026-12-01T00:00:00Z"`}},
		{"since without a zone", func(c *Config) { c.Auto.Since = "2026-12-01T00:00:00" },
			[]string{`auto.since = "2026-12-01T00:00:00" is not an RFC 3339 time`, "time zone"}},
		{"since a date only", func(c *Config) { c.Auto.Since = "2026-12-01" },
			[]string{`auto.since = "2026-12-01" is not an RFC 3339 time`}},
		{"enabled without since", func(c *Config) { c.Auto.Enabled = true },
			[]string{`auto.since = "" is empty while auto.enabled is true; set auto.since to when automatic ` +
				"cross-posting starts, e.g. the current time; `wp2medium setup` sets it"}},
		{"daily limit 0", func(c *Config) { c.Auto.DailyLimit = 0 },
			[]string{"auto.daily_limit = 0 must be between 1 and 100", "Medium accepts about 10 stories a day"}},
		{"daily limit 101", func(c *Config) { c.Auto.DailyLimit = 101 },
			[]string{"auto.daily_limit = 101 must be between 1 and 100"}},
		{"daily limit negative", func(c *Config) { c.Auto.DailyLimit = -3 },
			[]string{"auto.daily_limit = -3 must be between 1 and 100"}},
		{"empty category", func(c *Config) { c.Auto.Categories = []string{"news", ""} },
			[]string{`auto.categories = ["news", ""] has an empty entry`, `["news", "go"]`}},
		{"blank tag", func(c *Config) { c.Auto.Tags = []string{"  "} },
			[]string{`auto.tags = ["  "] has an empty entry`}},
		{"tag with an escape", func(c *Config) { c.Auto.ExcludeTags = []string{"no\x1b[31m"} },
			[]string{`auto.exclude_tags = ["no\x1b[31m"] has an entry with control characters`}},
		{"tag with a C1 control", func(c *Config) { c.Auto.Tags = []string{"a\u009bb"} },
			[]string{`auto.tags = ["a\u009bb"] has an entry with control characters`}},
		{"notify command newline", func(c *Config) { c.Auto.NotifyCommand = "notify-send\nrm -rf ~" },
			[]string{`auto.notify_command = "notify-send\nrm -rf ~" contains control characters`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.modify(&c)
			err := c.Validate()
			if err == nil {
				t.Fatal("Validate accepted a bad value")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error, got %T", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message lacks %q:\n%s", w, err)
				}
			}
			for _, secret := range []string{"hunter2", "abc def", "abcd\nefgh"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("message leaks a secret: %s", err)
				}
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	for _, mod := range []func(*Config){
		func(c *Config) { c.Defaults.Status = "none" },
		func(c *Config) { c.Defaults.Status = "public" },
		func(c *Config) { c.Defaults.License = medium.LicenseCC40Zero },
		func(c *Config) { c.WordPress.URL = "http://localhost:8080/blog" },
		func(c *Config) { c.Medium.APIURL = "http://127.0.0.1:41234/v1" },
		func(c *Config) { c.Medium.APIURL = "http://localhost/v1" },
		func(c *Config) { c.Medium.APIURL = "http://[::1]:9/v1" },
		func(c *Config) { c.Medium.FeedURL = "http://127.0.0.1:41234/feed" },
		func(c *Config) { c.Medium.FeedURL = "https://example.com/rss/{username}.xml" },
		func(c *Config) { c.WordPress.AppPassword = "abcd efgh ijkl mnop qrst uvwx" },
		func(c *Config) { c.Auto.Enabled, c.Auto.Since = true, "2026-12-01T00:00:00Z" },
		func(c *Config) { c.Auto.Since = "2026-12-01T09:00:00.5+01:00" }, // set, but off
		func(c *Config) { c.Auto.DailyLimit = 1 },
		func(c *Config) { c.Auto.DailyLimit = 100 },
		func(c *Config) {
			c.Auto.Categories, c.Auto.Tags, c.Auto.ExcludeTags = []string{"News", "Café"}, []string{"go"}, nil
		},
		func(c *Config) { c.Auto.NotifyCommand = `notify-send "wp2medium"` },
	} {
		c := Default()
		mod(&c)
		if err := c.Validate(); err != nil {
			t.Errorf("rejected valid config: %v", err)
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	c := Default()
	c.Defaults.Status = "x"
	c.Defaults.License = "y"
	c.Medium.APIURL = "ftp://z"
	c.Auto.DailyLimit = 0
	c.Auto.Enabled = true
	err := c.Validate()
	for _, k := range []string{"defaults.status", "defaults.license", "medium.api_url", "auto.since", "auto.daily_limit"} {
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s not reported: %v", k, err)
		}
	}
}

func TestPublishStatus(t *testing.T) {
	d := Defaults{Status: "none"}
	if _, ok := d.PublishStatus(); ok {
		t.Error("none should mean no preselection")
	}
	d.Status = "unlisted"
	if s, ok := d.PublishStatus(); !ok || s != medium.StatusUnlisted {
		t.Errorf("got %v %v", s, ok)
	}
}

func secretConfig() Config {
	c := Default()
	c.WordPress = WordPress{URL: "https://b.example", Username: "alice", AppPassword: "abcd efgh ijkl mnop qrst uvwx"}
	c.Medium.Token = "181d415f34379af07b2c11d144dfbe35d"
	return c
}

func TestSecretsMasked(t *testing.T) {
	c := secretConfig()
	r := c.Redacted()
	if r.WordPress.AppPassword != "****uvwx" || r.Medium.Token != "****e35d" {
		t.Errorf("Redacted = %q / %q", r.WordPress.AppPassword, r.Medium.Token)
	}
	if c.Medium.Token != "181d415f34379af07b2c11d144dfbe35d" {
		t.Error("Redacted modified the original")
	}
	outputs := []string{c.String(), c.WordPress.String(), c.Medium.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
		outputs = append(outputs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, c.WordPress),
			fmt.Sprintf(verb, c.Medium), fmt.Sprintf(verb, &c), fmt.Sprintf(verb, []Config{c}))
	}
	for _, out := range outputs {
		for _, secret := range []string{"abcd efgh", "181d415f34379af07b2c11d144d"} {
			if strings.Contains(out, secret) {
				t.Errorf("secret leaked: %s", out)
			}
		}
	}
	if !strings.Contains(c.String(), `app_password = "****uvwx"`) || !strings.Contains(c.String(), `username = "alice"`) {
		t.Errorf("String() should show masked secrets and plain values:\n%s", c)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{"": "", "short": "****", "0123456789abcdef": "****cdef"} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
