package config

import (
	"maps"
	"slices"
	"strings"
)

// The [ui] section's theme values.
const (
	ThemeAuto  = "auto"  // ask the terminal for its background
	ThemeDark  = "dark"  // colours for a dark background
	ThemeLight = "light" // colours for a light background
)

// UI is how the terminal app looks and which keys it answers to.
type UI struct {
	// Theme is ThemeAuto, ThemeDark or ThemeLight.
	Theme string `toml:"theme"`
	// Mouse turns mouse reporting on (the wheel scrolls, a click selects).
	Mouse bool `toml:"mouse"`
	// Keys gives actions other keys: action name (see KeyActions) to its
	// keys, in the names Key validates. An action not listed keeps its
	// default keys; a listed one has only the keys listed.
	Keys map[string][]string `toml:"keys"`
}

// ThemeValues lists every valid ui.theme value.
func ThemeValues() []string { return []string{ThemeAuto, ThemeDark, ThemeLight} }

// checkTheme allows ThemeValues, and "" (auto) for a Config built in code.
func checkTheme(v string) *Error {
	if v == "" {
		return nil
	}
	return oneOf(ThemeValues)(v)
}

// keysField is ui.keys: a table whose entries are decoded and checked one by
// one, so a message names ui.keys.open_story rather than the whole table.
type keysField struct{}

func (keysField) reset(c *Config) { c.UI.Keys = nil }
func (keysField) want() string    { return `a table: action = "key" or action = ["key", "key"]` }
func (keysField) wantEntry() string {
	return `a key name in double quotes, or an array of them, e.g. "o" or ["o", "enter"]`
}
func (keysField) toml(c *Config) string { return "{...}" } // written as a [ui.keys] table; see tableLines
func (keysField) empty(c *Config) bool  { return len(c.UI.Keys) == 0 }
func (keysField) check(c *Config) *Error {
	return nil // checkEntries reports each entry
}

// decode takes the table itself; decodeEntry fills it.
func (keysField) decode(c *Config, v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// decodeEntry sets one action's keys; false when v is neither a string nor
// an array of strings.
func (keysField) decodeEntry(c *Config, name string, v any) bool {
	var keys []string
	switch x := v.(type) {
	case string:
		keys = []string{x}
	case []any:
		keys = []string{}
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return false
			}
			keys = append(keys, s)
		}
	default:
		return false
	}
	if c.UI.Keys == nil {
		c.UI.Keys = map[string][]string{}
	}
	c.UI.Keys[name] = keys
	return true
}

// tableLines are the entries as TOML lines, in KeyActions order (then any
// other name, sorted, so a file is written the same every time).
func (keysField) tableLines(c *Config) []string {
	names := entryOrder(c.UI.Keys)
	lines := make([]string, 0, len(names))
	for _, n := range names {
		lines = append(lines, n+" = "+keysTOML(c.UI.Keys[n]))
	}
	return lines
}

// entryOrder lists the entries' names in KeyActions order, then any other
// name, sorted.
func entryOrder(keys map[string][]string) []string {
	names := slices.Sorted(maps.Keys(keys))
	slices.SortStableFunc(names, func(a, b string) int { return actionIndex(a) - actionIndex(b) })
	return names
}

// keysTOML is one entry's value: a string for one key, else an array.
func keysTOML(keys []string) string {
	if len(keys) == 1 {
		return tomlString(keys[0])
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = tomlString(k)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// checkEntries reports every problem with ui.keys, each on its entry.
func (keysField) checkEntries(c *Config) []*Error { return checkKeys(c.UI.Keys) }

// A tableValue is a key written as a table of its own ([ui.keys]).
type tableValue interface {
	value
	wantEntry() string
	decodeEntry(c *Config, name string, v any) bool
	tableLines(c *Config) []string
	checkEntries(c *Config) []*Error
}
