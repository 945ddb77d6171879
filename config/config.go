// Package config loads and saves wp2medium's settings: a TOML file (by default
// $XDG_CONFIG_HOME/wp2medium/config.toml) whose secrets may instead come from
// WP2MEDIUM_* environment variables.
//
// The key names are a user-facing contract; Example returns a complete file with
// every key. Each key is defined once, as a row of keyTable in keys.go.
package config

import (
	"errors"
	"net"
	"net/url"
	"strings"

	"github.com/wp2medium/wp2medium/medium"
)

// DefaultMediumAPIURL is Medium's API base URL, used when medium.api_url is empty.
const DefaultMediumAPIURL = "https://api.medium.com/v1"

// StatusNone is the defaults.status value meaning "no preselected status: ask each time".
const StatusNone = "none"

// Config is the whole settings file.
type Config struct {
	WordPress WordPress `toml:"wordpress"`
	Medium    Medium    `toml:"medium"`
	Defaults  Defaults  `toml:"defaults"`
	Auto      Auto      `toml:"auto"`
	UI        UI        `toml:"ui"`

	// overrides records which keys Load took from the environment, so the UI can say so
	// and a caller does not write an environment secret into the file by accident.
	overrides []Override
}

// WordPress holds how to reach and authenticate to the WordPress site.
type WordPress struct {
	URL         string `toml:"url"`
	Username    string `toml:"username"`
	AppPassword string `toml:"app_password"`
}

// Medium holds how to reach and authenticate to Medium.
type Medium struct {
	Token  string `toml:"token"`
	APIURL string `toml:"api_url"`
	// FeedURL is the account's public feed: a template with {username}
	// (medium.DefaultFeedURL), or a base "/@username" is added to.
	FeedURL       string `toml:"feed_url"`
	PublicationID string `toml:"publication_id"`
}

// Defaults are the values preselected in the cross-post form.
type Defaults struct {
	// Status is StatusNone or a medium.PublishStatus wire value.
	Status          string         `toml:"status"`
	License         medium.License `toml:"license"`
	CrossLink       bool           `toml:"cross_link"`
	NotifyFollowers bool           `toml:"notify_followers"`
}

// Auto is automatic cross-posting (wp2medium sync and watch): which posts
// are sent without anyone pressing a key. The key names are a contract.
type Auto struct {
	// Enabled turns the rules on; off, sync sends only posts with a plan.
	Enabled bool `toml:"enabled"`
	// Since is an RFC 3339 time: only posts first published after it are
	// picked by the rules. Setup sets it to the moment auto is turned on.
	Since string `toml:"since"`
	// Categories and Tags, when not empty, pick only posts with one of them
	// (names or slugs, case-insensitive); ExcludeTags are never sent
	// automatically.
	Categories  []string `toml:"categories"`
	Tags        []string `toml:"tags"`
	ExcludeTags []string `toml:"exclude_tags"`
	// DailyLimit is how many stories may be created in a rolling 24 hours,
	// counting every route (Medium accepts about 10).
	DailyLimit int `toml:"daily_limit"`
	// NotifyCommand, when set, is run after each automatic send with the
	// result in its environment.
	NotifyCommand string `toml:"notify_command"`
}

// Override says that a key's value came from an environment variable.
type Override struct {
	Key string // e.g. "medium.token"
	Env string // e.g. "WP2MEDIUM_MEDIUM_TOKEN"
}

// Overrides lists the keys whose values Load took from the environment, in key order.
func (c Config) Overrides() []Override {
	return append([]Override(nil), c.overrides...)
}

// Default is the configuration used for keys the file leaves out.
func Default() Config {
	var c Config
	for _, k := range keyTable {
		k.value.reset(&c)
	}
	return c
}

// PublishStatus returns the preselected Medium status, and false when defaults.status is "none".
func (d Defaults) PublishStatus() (medium.PublishStatus, bool) {
	if d.Status == StatusNone {
		return "", false
	}
	return medium.PublishStatus(d.Status), true
}

// StatusValues lists every valid defaults.status value, for messages and forms.
func StatusValues() []string {
	v := []string{StatusNone}
	for _, s := range []medium.PublishStatus{medium.StatusPublic, medium.StatusDraft, medium.StatusUnlisted} {
		v = append(v, string(s))
	}
	return v
}

// Missing lists the keys that are empty but needed to work: wordpress.url to list posts and
// medium.token to publish. Validate does not require them so that a first run can start
// from an empty file and fill them in.
func (c Config) Missing() []string {
	var m []string
	for _, k := range keyTable {
		if k.needed && k.value.empty(&c) {
			m = append(m, k.dotted())
		}
	}
	return m
}

// Validate checks every value and returns all problems at once (joined with errors.Join),
// each an *Error naming the key, the value and what is allowed.
func (c Config) Validate() error {
	var errs []error
	for _, k := range keyTable {
		if t, ok := k.value.(tableValue); ok {
			for _, e := range t.checkEntries(&c) {
				errs = append(errs, e)
			}
			continue
		}
		e := k.value.check(&c)
		if e == nil && k.requires != nil {
			e = k.requires(&c)
		}
		if e != nil {
			e.Key = k.dotted()
			if k.secret {
				e.Value = hidden
			}
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}

// hidden stands for a secret's value in messages, which may be shown or logged.
const hidden = "(hidden)"

// The checks below are keyTable's validators: each returns nil for an allowed value
// and otherwise the problem and the fix (and the Value only to show it otherwise, as
// a URL without its password). Validate adds the key and the value, hidden for a
// secret, so a check need not know which key it checks.

func checkWordPressURL(v string) *Error {
	if v == "" {
		return nil
	}
	e := &Error{Fix: `use the site's address with http:// or https://, e.g. "https://blog.example.com"`}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		e.Problem = "is not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		e.Problem = "must start with http:// or https://"
	case u.Host == "" || u.Hostname() == "":
		e.Problem = "has no host name"
	case u.User != nil:
		e.Problem = "must not contain a user name or password"
		e.Value = quote(u.Redacted())
		e.Fix = "remove them from the URL and set wordpress.username and wordpress.app_password instead"
	case u.RawQuery != "" || u.Fragment != "":
		e.Problem = "must not have a query or fragment"
	default:
		return nil
	}
	return e
}

func checkMediumAPIURL(v string) *Error {
	e := &Error{Fix: "leave it empty to use " + DefaultMediumAPIURL + " (plain http is allowed only for 127.0.0.1 or localhost)"}
	u, err := url.Parse(v)
	switch {
	case v == "":
		e.Problem = "is empty"
	case err != nil:
		e.Problem = "is not a URL"
	case u.Host == "" || u.Hostname() == "":
		e.Problem = "has no host name"
	case u.User != nil:
		e.Problem = "must not contain a user name or password"
		e.Value = quote(u.Redacted())
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	default:
		e.Problem = "must use https"
	}
	return e
}

// checkFeedURL accepts what medium.FeedURL can build an address from.
func checkFeedURL(v string) *Error {
	if _, err := medium.FeedURL(v, "username"); err != nil {
		return &Error{Problem: "is not a feed address (an absolute https URL; plain http only for 127.0.0.1 or localhost)",
			Fix: "leave it empty to use " + medium.DefaultFeedURL + ", or give a URL with {username} in it"}
	}
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkToken is the token's own check: a pasted token often brings a space or a line
// break along.
func checkToken(v string) *Error {
	if v == "" {
		return nil
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return &Error{Problem: "contains spaces or control characters",
			Fix: "paste only the integration token from Medium's settings, without quotes or line breaks"}
	}
	return nil
}

func checkPublicationID(v string) *Error {
	if v == "" {
		return nil
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == '/' || r == '?' || r == '#' || r == 0x7f }) {
		return &Error{Problem: "is not a publication id",
			Fix: "use the id from Medium's /me/publications list (letters and digits), or leave it empty to post to your profile"}
	}
	return nil
}

func checkNoControl(v string) *Error {
	if !strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return nil
	}
	return &Error{Problem: "contains control characters",
		Fix: "remove line breaks and tabs from the value"}
}
