package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// LookupEnv reads an environment variable; os.LookupEnv in production, a map in tests.
type LookupEnv func(key string) (string, bool)

// Load reads the file at path, applies the WP2MEDIUM_* environment overrides and
// validates the result.
//
// A missing file is not fatal: Load returns Default() with the environment applied and
// an error for which errors.Is(err, fs.ErrNotExist) holds, so a caller can start a first
// run. Any other error is an *Error (or several joined) naming the key and the fix.
// Warnings report unknown keys and a secrets file readable by others.
func Load(path string) (Config, []Warning, error) {
	return LoadWithEnv(path, os.LookupEnv)
}

// LoadWithEnv is Load with an injectable environment. A nil env applies no overrides:
// use it to load the file for editing, so environment secrets are not saved into it.
// Empty environment values are ignored, as if unset.
func LoadWithEnv(path string, env LookupEnv) (Config, []Warning, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		cfg := Default()
		cfg.applyEnv(env)
		if verr := cfg.validateAt(path, ""); verr != nil {
			return cfg, nil, verr
		}
		return cfg, nil, &Error{Path: path, Problem: "does not exist",
			Fix:     "create it (the example below is the shape), pass --config, or set WP2MEDIUM_CONFIG",
			Example: Example(), Err: err}
	}
	if err != nil {
		return Default(), nil, &Error{Path: path, Problem: "cannot be read",
			Fix: "check that it is a file you may read (" + errText(err) + ")", Err: err}
	}
	return parse(path, string(data), env, fileMode(path))
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// fileMode returns the permission bits, or 0 when unknown (never warn then).
func fileMode(path string) fs.FileMode {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Mode().Perm()
}

// parse decodes into a generic map first and fills Config by hand so that a wrong type or
// an unknown key is reported with its key, line and expected type instead of the TOML
// library's reflection message.
func parse(path, data string, env LookupEnv, mode fs.FileMode) (Config, []Warning, error) {
	cfg := Default()
	raw := map[string]any{}
	md, err := toml.Decode(data, &raw)
	if err != nil {
		return cfg, nil, syntaxError(path, data, err)
	}

	var warns []Warning
	var errs []error
	for _, k := range md.Keys() {
		switch len(k) {
		case 1:
			if _, ok := knownKeys[k[0]]; ok {
				if _, isTable := raw[k[0]].(map[string]any); !isTable {
					errs = append(errs, &Error{Path: path, Line: keyLine(data, "", k[0]), Key: k[0],
						Problem: "must be a section", Fix: "write it as a [" + k[0] + "] header",
						Example: exampleSection(k[0])})
				}
				continue
			}
			warns = append(warns, unknownTopLevel(path, k[0], raw[k[0]]))
		case 2:
			section, key := k[0], k[1]
			if _, ok := knownKeys[section]; !ok {
				continue // reported once for the section
			}
			table, _ := raw[section].(map[string]any)
			spec, ok := lookup(section, key)
			if !ok {
				msg := "is not a known key and is ignored"
				if s := suggestKey(section, key); s != "" {
					msg += fmt.Sprintf("; did you mean %q?", s)
				}
				warns = append(warns, Warning{Path: path, Key: section + "." + key, Message: msg})
				continue
			}
			if _, isTable := spec.value.(tableValue); isTable {
				if _, ok := table[key].(map[string]any); ok {
					continue // its entries come next in md.Keys
				}
			}
			if v := table[key]; !spec.value.decode(&cfg, v) {
				e := typeError(spec, v)
				e.Path, e.Line = path, keyLine(data, section, key)
				errs = append(errs, e)
			}
		case 3:
			spec, ok := lookup(k[0], k[1])
			t, isTable := spec.value.(tableValue)
			if !ok || !isTable {
				continue // reported for the key that is not a table
			}
			section, _ := raw[k[0]].(map[string]any)
			entries, _ := section[k[1]].(map[string]any)
			if v := entries[k[2]]; !t.decodeEntry(&cfg, k[2], v) {
				errs = append(errs, &Error{Path: path, Line: lineOf(data, k.String()), Key: k.String(),
					Value: tomlValue(v), Problem: fmt.Sprintf("has the wrong type (%s)", tomlType(v)),
					Fix: "expected " + t.wantEntry(), Example: exampleSection(k[0])})
			}
		}
	}
	if len(errs) > 0 {
		return cfg, warns, errors.Join(errs...)
	}
	for _, k := range keyTable {
		if k.emptyIsDefault && k.value.empty(&cfg) {
			k.value.reset(&cfg)
		}
	}
	hasFileSecret := cfg.hasSecret()
	cfg.applyEnv(env)
	if err := cfg.validateAt(path, data); err != nil {
		return cfg, warns, err
	}
	if hasFileSecret && mode&0o077 != 0 && runtime.GOOS != "windows" {
		warns = append(warns, Warning{Path: path, Message: fmt.Sprintf(
			"holds a secret but other users may read it (mode %04o); run: chmod 600 %s", mode, path)})
	}
	if w, ok := plainHTTPWarning(path, cfg); ok {
		warns = append(warns, w)
	}
	return cfg, warns, nil
}

func unknownTopLevel(path, key string, v any) Warning {
	if _, isTable := v.(map[string]any); isTable {
		msg := "is not a known section and is ignored"
		if s := closest(key, sectionOrder); s != "" {
			msg += fmt.Sprintf("; did you mean [%s]?", s)
		} else {
			msg += "; the sections are [" + strings.Join(sectionOrder, "], [") + "]"
		}
		return Warning{Path: path, Key: "[" + key + "]", Message: msg}
	}
	msg := "is not a known key and is ignored"
	if s := suggestAnywhere(key); s != "" {
		sec, _, _ := strings.Cut(s, ".")
		msg += fmt.Sprintf("; did you mean %q (under [%s])?", s, sec)
	}
	return Warning{Path: path, Key: key, Message: msg}
}

func typeError(k keySpec, v any) *Error {
	shown := tomlValue(v)
	if k.secret {
		shown = hidden
	}
	return &Error{Key: k.dotted(), Value: shown, Problem: fmt.Sprintf("has the wrong type (%s)", tomlType(v)),
		Fix: "expected " + k.value.want(), Example: exampleSection(k.section)}
}

func tomlType(v any) string {
	switch x := v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "float"
	case map[string]any:
		return "table"
	case []map[string]any:
		return "array of tables"
	case []any:
		return arrayType(x)
	}
	return "date/time"
}

// arrayType names what an array holds, so ["news", 1] is not reported as
// just "array" to someone asked for an array of strings.
func arrayType(items []any) string {
	if len(items) == 0 {
		return "array"
	}
	kind := func(v any) string {
		switch t := tomlType(v); {
		case strings.HasPrefix(t, "array"):
			return "arrays"
		case t == "date/time":
			return "dates/times"
		default:
			return t + "s"
		}
	}
	first := kind(items[0])
	for _, e := range items[1:] {
		if kind(e) != first {
			return "array of mixed types"
		}
	}
	return "array of " + first
}

func tomlValue(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case map[string]any:
		return "{...}"
	case []any, []map[string]any:
		return "[...]"
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

var sectionHeader = regexp.MustCompile(`^\s*\[\s*"?([^\]"]+?)"?\s*\]`)

// keyLine finds the line of section.key (or a top-level key when section is ""), 0 when
// not found; TOML's decoded map keeps no positions.
func keyLine(data, section, key string) int {
	current := ""
	for i, line := range strings.Split(data, "\n") {
		if m := sectionHeader.FindStringSubmatch(line); m != nil {
			current = strings.TrimSpace(m[1])
			continue
		}
		t := strings.TrimSpace(line)
		for _, form := range []struct{ sec, name string }{{section, key}, {"", section + "." + key}} {
			if current != form.sec {
				continue
			}
			for _, n := range []string{form.name, `"` + form.name + `"`} {
				if rest, ok := strings.CutPrefix(t, n); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
					return i + 1
				}
			}
		}
	}
	return 0
}

// lineOf finds the line of a dotted key, written under any of its tables
// ([ui.keys] open = ..., [ui] keys.open = ...) or in full at the top.
func lineOf(data, dotted string) int {
	for i := strings.Index(dotted, "."); i >= 0; {
		if n := keyLine(data, dotted[:i], dotted[i+1:]); n > 0 {
			return n
		}
		j := strings.Index(dotted[i+1:], ".")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return 0
}

// syntaxError turns a TOML parse error into an *Error with line, column and the shape of
// the section it happened in.
func syntaxError(path, data string, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Path: path, Problem: "is not valid TOML: " + err.Error(), Example: Example(), Err: err}
	}
	e := &Error{Path: path, Line: pe.Position.Line, Column: pe.Position.Col,
		Problem: "is not valid TOML: " + pe.Message,
		Fix:     `strings need double quotes, booleans are true or false, and each section starts with a [name] header`,
		Err:     err}
	section := ""
	for i, line := range strings.Split(data, "\n") {
		if i >= pe.Position.Line {
			break
		}
		if m := sectionHeader.FindStringSubmatch(line); m != nil {
			section = strings.TrimSpace(m[1])
		}
	}
	if slices.Contains(sectionOrder, section) {
		e.Example = exampleSection(section)
	} else {
		e.Example = Example()
	}
	return e
}

// applyEnv lets the environment win over the file.
func (c *Config) applyEnv(env LookupEnv) {
	c.overrides = nil
	if env == nil {
		return
	}
	for _, k := range keyTable {
		if k.env == "" {
			continue
		}
		v, ok := env(k.env)
		if !ok || v == "" {
			continue
		}
		k.value.(stringValue).set(c, v)
		c.overrides = append(c.overrides, Override{Key: k.dotted(), Env: k.env})
	}
}

// hasSecret reports whether any secret is set.
func (c *Config) hasSecret() bool {
	for _, k := range keyTable {
		if k.secret && !k.value.empty(c) {
			return true
		}
	}
	return false
}

// validateAt runs Validate and points each error at the file line or the environment
// variable the value came from.
func (c Config) validateAt(path, data string) error {
	err := c.Validate()
	if err == nil {
		return nil
	}
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, one := range list {
		var e *Error
		if !errors.As(one, &e) {
			continue
		}
		e.Path = path
		for _, o := range c.overrides {
			if o.Key == e.Key {
				e.Env = o.Env
			}
		}
		if e.Env == "" && data != "" {
			e.Line = lineOf(data, e.Key)
		}
	}
	return err
}

func plainHTTPWarning(path string, c Config) (Warning, bool) {
	u, err := url.Parse(c.WordPress.URL)
	if c.WordPress.AppPassword == "" || err != nil || u.Scheme != "http" || isLoopback(u.Hostname()) {
		return Warning{}, false
	}
	return Warning{Path: path, Key: "wordpress.url", Message: "uses http://, so the application password " +
		"travels unencrypted; use https:// if the site supports it"}, true
}
