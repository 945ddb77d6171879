package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/wp2medium/wp2medium/medium"
)

// keyTable is the only list of the settings. Load (decoding and the environment
// overrides), Default, Validate, Missing, the file Save writes, the masked String,
// the "did you mean" suggestions and Example all read it, so they cannot disagree.
//
// Adding a key is one row here plus its field in the Config structs. A new section
// is rows with a new section name plus its struct in Config; sections appear in
// files in the order of their first row, keys in the order of their rows.
var keyTable = []keySpec{
	{section: "wordpress", name: "url", env: "WP2MEDIUM_WP_URL", needed: true,
		value:   text(func(c *Config) *string { return &c.WordPress.URL }, "", checkWordPressURL),
		example: `"https://blog.example.com"`},
	{section: "wordpress", name: "username", env: "WP2MEDIUM_WP_USERNAME",
		value:   text(func(c *Config) *string { return &c.WordPress.Username }, "", checkNoControl),
		example: `"alice"`},
	{section: "wordpress", name: "app_password", env: "WP2MEDIUM_WP_APP_PASSWORD", secret: true,
		value:   text(func(c *Config) *string { return &c.WordPress.AppPassword }, "", checkNoControl),
		help:    "An application password (Users > Profile > Application Passwords), not your login password.",
		example: `"abcd efgh ijkl mnop qrst uvwx"`},

	{section: "medium", name: "token", env: "WP2MEDIUM_MEDIUM_TOKEN", secret: true, needed: true,
		value:   text(func(c *Config) *string { return &c.Medium.Token }, "", checkToken),
		help:    "An integration token from Medium's Settings > Security and apps.",
		example: `"your integration token"`},
	{section: "medium", name: "api_url", env: "WP2MEDIUM_MEDIUM_API_URL", emptyIsDefault: true,
		value:       text(func(c *Config) *string { return &c.Medium.APIURL }, DefaultMediumAPIURL, checkMediumAPIURL),
		exampleNote: "optional"},
	{section: "medium", name: "feed_url", env: "WP2MEDIUM_MEDIUM_FEED_URL", emptyIsDefault: true,
		value:       text(func(c *Config) *string { return &c.Medium.FeedURL }, medium.DefaultFeedURL, checkFeedURL),
		note:        "the public feed resolve --check and reconcile read; {username} is yours on Medium (without it, /@username is added)",
		exampleNote: "optional"},
	{section: "medium", name: "publication_id",
		value:       text(func(c *Config) *string { return &c.Medium.PublicationID }, "", checkPublicationID),
		help:        "Empty posts to your profile; otherwise the id of a publication you may write to.",
		exampleNote: "optional"},

	{section: "defaults", name: "status",
		value: text(func(c *Config) *string { return &c.Defaults.Status }, string(medium.StatusDraft), oneOf(StatusValues)),
		note:  strings.Join(StatusValues(), " | ")},
	{section: "defaults", name: "license",
		value:       text(func(c *Config) *medium.License { return &c.Defaults.License }, medium.LicenseAllRightsReserved, oneOf(licenseValues)),
		exampleNote: "or cc-40-by, public-domain, ..."},
	{section: "defaults", name: "cross_link",
		value: flag(func(c *Config) *bool { return &c.Defaults.CrossLink }, false)},
	{section: "defaults", name: "notify_followers",
		value: flag(func(c *Config) *bool { return &c.Defaults.NotifyFollowers }, false)},

	{section: "auto", name: "enabled",
		value: flag(func(c *Config) *bool { return &c.Auto.Enabled }, false),
		help:  "What `wp2medium sync` and `wp2medium watch` send to Medium without a key being pressed.",
		note:  "nothing is sent automatically until the user turns it on"},
	{section: "auto", name: "since",
		value:    sinceText(func(c *Config) *string { return &c.Auto.Since }),
		requires: checkEnabledHasSince,
		note:     "only posts first published after this; set by setup when enabled",
		example:  `"2026-12-01T00:00:00Z"`},
	{section: "auto", name: "categories",
		value: list(func(c *Config) *[]string { return &c.Auto.Categories }, nil),
		note:  "empty = any category (names or slugs)"},
	{section: "auto", name: "tags",
		value: list(func(c *Config) *[]string { return &c.Auto.Tags }, nil),
		note:  "empty = any tag"},
	{section: "auto", name: "exclude_tags",
		value: list(func(c *Config) *[]string { return &c.Auto.ExcludeTags }, []string{DefaultExcludeTag}),
		note:  "a post with any of these is never sent automatically"},
	{section: "auto", name: "daily_limit",
		value: number(func(c *Config) *int { return &c.Auto.DailyLimit }, DefaultDailyLimit, checkDailyLimit),
		note:  "stories per rolling 24 hours, counting every route (Medium's limit)"},
	{section: "auto", name: "notify_command",
		value:       text(func(c *Config) *string { return &c.Auto.NotifyCommand }, "", checkNoControl),
		note:        "optional: a command run after each automatic send",
		exampleNote: `optional: a command run after each automatic send, e.g. "notify-send wp2medium"`},

	{section: "ui", name: "theme", emptyIsDefault: true,
		value: text(func(c *Config) *string { return &c.UI.Theme }, ThemeAuto, checkTheme),
		help:  "How the terminal app looks and which keys it answers to.",
		note:  "auto (ask the terminal) | dark | light"},
	{section: "ui", name: "mouse",
		value: flag(func(c *Config) *bool { return &c.UI.Mouse }, true),
		note:  "false: the app leaves the mouse to the terminal (as --no-mouse does)"},
	{section: "ui", name: "keys", value: keysField{},
		help:    `Other keys for the app's actions: action = "key" or ["key", "key"]; the README lists them.`,
		example: "open_story = \"ctrl+o\"\npublish = [\"p\", \"f5\"]"},
}

// keySpec describes one setting: one row of keyTable.
type keySpec struct {
	section string // the TOML table, e.g. "wordpress"
	name    string // the key in it, e.g. "app_password"
	value   value  // where it lives in Config, its TOML type, default and allowed values

	env            string // environment variable that overrides the file, if any (string keys only)
	secret         bool   // masked by String and Redacted, "(hidden)" in errors (string keys only)
	needed         bool   // needed to work, though the file may leave it empty: Missing lists it
	emptyIsDefault bool   // an empty string in the file means the default

	// requires is a check that reads other keys too, reported on this one;
	// Validate runs it when the value's own check passes.
	requires func(c *Config) *Error

	help        string // comment line above the key in the file Save writes
	note        string // comment after the value, in the file Save writes and in Example
	example     string // the TOML value Example shows; empty shows the default (a table's: its lines)
	exampleNote string // comment after the value in Example, instead of note
}

// dotted is the key as messages name it, e.g. "medium.token".
func (k keySpec) dotted() string { return k.section + "." + k.name }

// lookup finds the row of section.name.
func lookup(section, name string) (keySpec, bool) {
	for _, k := range keyTable {
		if k.section == section && k.name == name {
			return k, true
		}
	}
	return keySpec{}, false
}

// sectionOrder lists the sections in file order.
var sectionOrder = func() []string {
	var s []string
	for _, k := range keyTable {
		if !slices.Contains(s, k.section) {
			s = append(s, k.section)
		}
	}
	return s
}()

// knownKeys lists each section's key names in file order, for the suggestions.
var knownKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, k := range keyTable {
		m[k.section] = append(m[k.section], k.name)
	}
	return m
}()

// A value is how a key's setting is kept in a Config: its TOML type, default and
// check. text, flag, list (an array of strings) and number (an integer) make
// one; another TOML type is one more implementation.
type value interface {
	// reset sets the default.
	reset(c *Config)
	// decode sets the value from the decoded file; false when v has the wrong type.
	decode(c *Config, v any) bool
	// want is the expected type, for the wrong-type message.
	want() string
	// toml is the value as a TOML literal.
	toml(c *Config) string
	// empty reports the zero value.
	empty(c *Config) bool
	// check returns nil when the value is allowed, else an *Error whose Key
	// Validate fills in.
	check(c *Config) *Error
}

// A stringValue is a value held as a string: the only kind an environment
// variable can set or a mask can hide.
type stringValue interface {
	value
	get(c *Config) string
	set(c *Config, s string)
}

// text is a string key. validate, if not nil, returns nil for an allowed value and
// otherwise an *Error with Problem and Fix (and Value, to show something other
// than the value itself).
func text[T ~string](field func(*Config) *T, def T, validate func(string) *Error) value {
	return textField[T]{field: field, def: def, validate: validate}
}

type textField[T ~string] struct {
	field    func(*Config) *T
	def      T
	validate func(string) *Error
}

func (t textField[T]) reset(c *Config)         { *t.field(c) = t.def }
func (t textField[T]) want() string            { return "a string" }
func (t textField[T]) get(c *Config) string    { return string(*t.field(c)) }
func (t textField[T]) set(c *Config, s string) { *t.field(c) = T(s) }
func (t textField[T]) toml(c *Config) string   { return tomlString(t.get(c)) }
func (t textField[T]) empty(c *Config) bool    { return t.get(c) == "" }
func (t textField[T]) decode(c *Config, v any) bool {
	s, ok := v.(string)
	if ok {
		t.set(c, s)
	}
	return ok
}

func (t textField[T]) check(c *Config) *Error {
	if t.validate == nil {
		return nil
	}
	v := t.get(c)
	e := t.validate(v)
	if e != nil && e.Value == "" {
		e.Value = quote(v)
	}
	return e
}

// flag is a boolean key.
func flag(field func(*Config) *bool, def bool) value { return flagField{field: field, def: def} }

type flagField struct {
	field func(*Config) *bool
	def   bool
}

func (f flagField) reset(c *Config)        { *f.field(c) = f.def }
func (f flagField) want() string           { return "true or false (without quotes)" }
func (f flagField) toml(c *Config) string  { return fmt.Sprint(*f.field(c)) }
func (f flagField) empty(c *Config) bool   { return !*f.field(c) }
func (f flagField) check(c *Config) *Error { return nil }
func (f flagField) decode(c *Config, v any) bool {
	b, ok := v.(bool)
	if ok {
		*f.field(c) = b
	}
	return ok
}

// list is an array-of-strings key. Its entries must be non-blank names
// without control characters; an empty array is kept as nil, so a file
// that says [] loads as the Config it was saved from.
func list(field func(*Config) *[]string, def []string) value {
	return listField{field: field, def: def}
}

type listField struct {
	field func(*Config) *[]string
	def   []string
}

func (l listField) reset(c *Config) { *l.field(c) = slices.Clone(l.def) }
func (l listField) want() string    { return `an array of strings, e.g. ["news", "go"]` }
func (l listField) empty(c *Config) bool {
	return len(*l.field(c)) == 0
}

func (l listField) toml(c *Config) string {
	items := make([]string, len(*l.field(c)))
	for i, s := range *l.field(c) {
		items[i] = tomlString(s)
	}
	return "[" + strings.Join(items, ", ") + "]"
}

func (l listField) decode(c *Config, v any) bool {
	arr, ok := v.([]any)
	if !ok {
		return false
	}
	var out []string
	for _, e := range arr {
		s, ok := e.(string)
		if !ok {
			return false
		}
		out = append(out, s)
	}
	*l.field(c) = out
	return true
}

func (l listField) check(c *Config) *Error {
	items := *l.field(c)
	for _, s := range items {
		problem := ""
		switch {
		case strings.TrimSpace(s) == "":
			problem = "has an empty entry"
		case strings.ContainsFunc(s, unicode.IsControl):
			problem = "has an entry with control characters"
		default:
			continue
		}
		shown := make([]string, len(items))
		for i, s := range items {
			shown[i] = quote(s)
		}
		return &Error{Value: "[" + strings.Join(shown, ", ") + "]", Problem: problem,
			Fix: `list names or slugs as strings, e.g. ["news", "go"], or [] for none`}
	}
	return nil
}

// number is an integer key. validate, if not nil, returns nil for an allowed
// value and otherwise an *Error with Problem and Fix.
func number(field func(*Config) *int, def int, validate func(int) *Error) value {
	return numberField{field: field, def: def, validate: validate}
}

type numberField struct {
	field    func(*Config) *int
	def      int
	validate func(int) *Error
}

func (n numberField) reset(c *Config)       { *n.field(c) = n.def }
func (n numberField) want() string          { return "a whole number (without quotes)" }
func (n numberField) toml(c *Config) string { return strconv.Itoa(*n.field(c)) }
func (n numberField) empty(c *Config) bool  { return *n.field(c) == 0 }
func (n numberField) decode(c *Config, v any) bool {
	i, ok := v.(int64)
	if ok {
		// Where int is 32 bits, a larger number still fails the check
		// rather than wrapping around into the allowed range.
		*n.field(c) = int(max(min(i, math.MaxInt), math.MinInt))
	}
	return ok
}

func (n numberField) check(c *Config) *Error {
	if n.validate == nil {
		return nil
	}
	v := *n.field(c)
	e := n.validate(v)
	if e != nil && e.Value == "" {
		e.Value = strconv.Itoa(v)
	}
	return e
}

// oneOf allows only the listed values.
func oneOf(values func() []string) func(string) *Error {
	return func(v string) *Error {
		if slices.Contains(values(), v) {
			return nil
		}
		return &Error{Problem: "is not valid", Fix: "use one of: " + strings.Join(values(), ", ")}
	}
}

func licenseValues() []string {
	v := make([]string, len(medium.Licenses))
	for i, l := range medium.Licenses {
		v[i] = string(l)
	}
	return v
}
