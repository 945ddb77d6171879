package config

import (
	"reflect"
	"strings"
	"testing"
)

// Every row is well-formed: unique, with a name the file can hold, and an
// environment variable or a mask only where a string can take it.
func TestKeyTableRows(t *testing.T) {
	seen := map[string]bool{}
	envs := map[string]bool{}
	for _, k := range keyTable {
		d := k.dotted()
		if seen[d] {
			t.Errorf("%s has two rows", d)
		}
		seen[d] = true
		if k.section == "" || k.name == "" || k.value == nil {
			t.Errorf("%s: section, name and value are required", d)
		}
		if normalize(k.name) != k.name {
			t.Errorf("%s: names are lower case with underscores", d)
		}
		_, isString := k.value.(stringValue)
		if (k.env != "" || k.secret || k.emptyIsDefault) && !isString {
			t.Errorf("%s: env, secret and emptyIsDefault need a string key", d)
		}
		if k.env != "" {
			if !strings.HasPrefix(k.env, "WP2MEDIUM_") || envs[k.env] {
				t.Errorf("%s: env %s must be a unique WP2MEDIUM_ variable", d, k.env)
			}
			envs[k.env] = true
		}
	}
}

// The rows and the Config structs agree: every row reaches the field whose toml
// tag is its section and name, and every tagged field has a row, so a key added on
// one side only is caught here.
func TestKeyTableMatchesConfigFields(t *testing.T) {
	fields := map[string]bool{}
	ct := reflect.TypeOf(Config{})
	for i := range ct.NumField() {
		sf := ct.Field(i)
		section := sf.Tag.Get("toml")
		if section == "" {
			continue
		}
		for j := range sf.Type.NumField() {
			if name := sf.Type.Field(j).Tag.Get("toml"); name != "" {
				fields[section+"."+name] = true
			}
		}
	}
	for _, k := range keyTable {
		if !fields[k.dotted()] {
			t.Errorf("row %s has no Config field tagged with its name", k.dotted())
		}
		delete(fields, k.dotted())

		// Change this key alone; exactly its field must change.
		c := Default()
		var sample any
		switch k.value.(type) {
		case stringValue:
			sample = "changed-" + k.name
		case flagField:
			sample = k.value.empty(&c) // the opposite of the default
		case listField:
			sample = []any{"changed-" + k.name}
		case numberField:
			sample = int64(42)
		case keysField:
			if !(keysField{}).decodeEntry(&c, "open", "x") {
				t.Fatal("ui.keys does not decode an entry")
			}
			sample = map[string]any{}
		default:
			t.Fatalf("%s: no sample for a %T", k.dotted(), k.value)
		}
		if !k.value.decode(&c, sample) {
			t.Fatalf("%s does not decode %#v", k.dotted(), sample)
		}
		if got := changedFields(Default(), c); got != k.dotted() {
			t.Errorf("decoding %s changed %q", k.dotted(), got)
		}
	}
	for f := range fields {
		t.Errorf("Config field %s has no row in keyTable", f)
	}
}

// changedFields names, as section.key from the toml tags, the fields that differ.
func changedFields(a, b Config) string {
	var changed []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		section := va.Type().Field(i).Tag.Get("toml")
		if section == "" {
			continue
		}
		sa, sb := va.Field(i), vb.Field(i)
		for j := range sa.NumField() {
			if !reflect.DeepEqual(sa.Field(j).Interface(), sb.Field(j).Interface()) {
				changed = append(changed, section+"."+sa.Type().Field(j).Tag.Get("toml"))
			}
		}
	}
	return strings.Join(changed, ",")
}

// Every key shows up, once, in each rendering the table drives.
func TestEveryKeyInEveryRendering(t *testing.T) {
	c := Default()
	for name, text := range map[string]string{"encode": encode(c), "String": c.String(), "Example": Example()} {
		for _, k := range keyTable {
			if n := countKeyLines(text, k.section, k.name); n != 1 {
				t.Errorf("%s has %s %d times:\n%s", name, k.dotted(), n, text)
			}
		}
	}
}

// countKeyLines counts the lines that set name in [section], or the
// [section.name] headers of a table.
func countKeyLines(text, section, name string) int {
	n, current := 0, ""
	for _, l := range strings.Split(text, "\n") {
		if m := sectionHeader.FindStringSubmatch(l); m != nil {
			current = m[1]
			if current == section+"."+name {
				n++
			}
		} else if current == section && strings.HasPrefix(l, name+" = ") {
			n++
		}
	}
	return n
}

// The example is a file Load reads without a warning or a wrong type. Its token is
// a placeholder ("your integration token") that fails the token's check, and is
// the only value allowed to.
func TestExampleLoads(t *testing.T) {
	p := writeConfig(t, Example(), 0o600)
	_, warns, err := LoadWithEnv(p, nil)
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, one := range list {
		if one == nil {
			continue
		}
		if e, ok := one.(*Error); !ok || e.Key != "medium.token" {
			t.Errorf("Example() does not load: %v", one)
		}
	}
}

// The file's opening comment lists every environment variable.
func TestSavedFileNamesEveryEnvVariable(t *testing.T) {
	header, _, _ := strings.Cut(encode(Default()), "\n\n")
	for _, k := range keyTable {
		if k.env != "" && !strings.Contains(header, k.env) {
			t.Errorf("the header lacks %s:\n%s", k.env, header)
		}
	}
	for _, l := range strings.Split(header, "\n") {
		if !strings.HasPrefix(l, "# ") || len(l) > headerWidth {
			t.Errorf("header line %q is not a comment of at most %d bytes", l, headerWidth)
		}
	}
}
