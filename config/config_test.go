package config

import (
	"errors"
	"fmt"
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
		{"token space", func(c *Config) { c.Medium.Token = "abc def" },
			[]string{"medium.token = (hidden) contains spaces"}},
		{"publication", func(c *Config) { c.Medium.PublicationID = "my pub/x" },
			[]string{`medium.publication_id = "my pub/x" is not a publication id`}},
		{"username newline", func(c *Config) { c.WordPress.Username = "al\nice" },
			[]string{`wordpress.username = "al\nice" contains control characters`}},
		{"password newline", func(c *Config) { c.WordPress.AppPassword = "abcd\nefgh" },
			[]string{"wordpress.app_password = (hidden) contains control characters"}},
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
		func(c *Config) { c.WordPress.AppPassword = "abcd efgh ijkl mnop qrst uvwx" },
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
	err := c.Validate()
	for _, k := range []string{"defaults.status", "defaults.license", "medium.api_url"} {
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
