package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Every problem with [ui] is an error naming the key, the value, the key at
// fault and the fix; the line is the entry's.
func TestUIErrorsAreExact(t *testing.T) {
	actions := strings.Join(actionNames(), ", ")
	tests := []struct{ name, body, want string }{
		{"unknown action", "[ui.keys]\npublsh = \"x\"\n",
			`:2: ui.keys.publsh is not an action that has keys; did you mean "publish"? The actions are: ` + actions},
		{"unknown action, nothing close", "[ui]\ntheme = \"dark\"\n[ui.keys]\nfly = \"x\"\n",
			`:4: ui.keys.fly is not an action that has keys; use one of: ` + actions},
		{"empty list", "[ui.keys]\n\nopen = []\n",
			`:3: ui.keys.open = [] has no key; give it at least one, e.g. open = "o", or remove the line to keep its default`},
		{"capitalised name", "[ui.keys]\nopen = \"Enter\"\n",
			`:2: ui.keys.open = "Enter" has "Enter", which is not a key name; key names are lower case: did you mean "enter"?`},
		{"unknown name", "[ui.keys]\nopen = [\"o\", \"return\"]\n",
			`:2: ui.keys.open = ["o", "return"] has "return", which is not a key name; use one character ("o", "O", "/"), "space", or a key's name such as "enter", "tab", "esc", "ctrl+o", "alt+o", "f5" (the README lists them)`},
		{"control character", "[ui.keys]\nopen = \"\\u001b\"\n",
			`:2: ui.keys.open = "\x1b" has "\x1b", which is not a key name; use one character`},
		{"a space", "[ui.keys]\nmark = \" \"\n",
			`:2: ui.keys.mark = " " has " ", which is a space; write the space bar as "space"`},
		{"ctrl+c", "[ui.keys]\nquit = [\"q\", \"ctrl+c\"]\n",
			`:2: ui.keys.quit = ["q", "ctrl+c"] has "ctrl+c", which always quits; choose another key`},
		{"twice", "[ui.keys]\nopen = [\"x\", \"x\"]\n",
			`:2: ui.keys.open = ["x", "x"] has "x" twice; list each key once`},
		{"another action's default", "[ui.keys]\npublish = \"o\"\n",
			`:2: ui.keys.publish = "o" has "o", which is open's key by default; give open another key too (e.g. open = "..." under [ui.keys]), or choose another key`},
		{"two remapped actions", "[ui.keys]\npublish = \"x\"\nopen = \"x\"\n",
			`:2: ui.keys.publish = "x" has "x", which ui.keys.open has too; a key does one thing: give one of them another key`},
		{"a move", "[ui.keys]\npublish = \"j\"\n",
			`:2: ui.keys.publish = "j" has "j", which moves down in the list and the preview; the moves keep their keys: choose another key`},
		{"theme", "[ui]\ntheme = \"blue\"\n",
			`:2: ui.theme = "blue" is not valid; use one of: auto, dark, light`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.body, 0o600)
			_, _, err := LoadWithEnv(p, nil)
			if err == nil {
				t.Fatal("loaded without an error")
			}
			want := "config " + p + tt.want
			if got := err.Error(); got != want && !(strings.HasPrefix(got, want) && strings.HasSuffix(tt.want, "use one character")) {
				t.Errorf("error\n got %s\nwant %s", got, want)
			}
			var e *Error
			if !errors.As(err, &e) || !strings.HasPrefix(e.Key, "ui.") {
				t.Errorf("want an *Error on a ui key, got %#v", err)
			}
		})
	}
}

// A value of the wrong type names the entry and shows the [ui] shape.
func TestUIWrongTypes(t *testing.T) {
	tests := []struct{ body, want string }{
		{"[ui.keys]\nopen = 5\n", `:2: ui.keys.open = 5 has the wrong type (integer); expected a key name in double quotes, or an array of them, e.g. "o" or ["o", "enter"]`},
		{"[ui.keys]\nopen = [\"o\", 1]\n", `:2: ui.keys.open = [...] has the wrong type (array of mixed types); expected a key name`},
		{"[ui]\nkeys = \"o\"\n", `:2: ui.keys = "o" has the wrong type (string); expected a table: action = "key" or action = ["key", "key"]`},
		{"[ui]\nmouse = \"no\"\n", `:2: ui.mouse = "no" has the wrong type (string); expected true or false (without quotes)`},
	}
	for _, tt := range tests {
		p := writeConfig(t, tt.body, 0o600)
		_, _, err := LoadWithEnv(p, nil)
		if err == nil {
			t.Fatalf("%q loaded without an error", tt.body)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "config "+p+tt.want) || !strings.Contains(msg, "\nexpected shape:\n    [ui]\n") {
			t.Errorf("error for %q:\n got %s\nwant it to start %s and show the [ui] shape", tt.body, msg, tt.want)
		}
	}
}

// Every problem is reported at once, in the actions' order.
func TestUIKeysReportEveryProblem(t *testing.T) {
	p := writeConfig(t, "[ui.keys]\nquit = \"ctrl+c\"\nopen = []\nfly = \"x\"\n", 0o600)
	_, _, err := LoadWithEnv(p, nil)
	var keys []string
	for _, one := range err.(interface{ Unwrap() []error }).Unwrap() {
		keys = append(keys, one.(*Error).Key)
	}
	if want := []string{"ui.keys.open", "ui.keys.quit", "ui.keys.fly"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("errors on %v, want %v", keys, want)
	}
}

// Remapped keys replace the defaults: two actions may swap keys, and an
// action moved off its key frees it for another.
func TestUIKeysAccepted(t *testing.T) {
	for _, body := range []string{
		"[ui.keys]\nopen = \"p\"\npublish = \"o\"\n",
		"[ui.keys]\nopen = \"enter\"\npublish = \"o\"\n",
		"[ui.keys]\nmark = \"x\"\nhelp = [\"f1\", \"space\"]\nquit = [\"ctrl+q\", \"alt+q\", \"alt+space\", \"é\"]\n",
		"[ui]\nkeys = { open_story = \"ctrl+o\" }\n",
		"[ui]\nkeys.open_story = \"ctrl+o\"\n",
		"[ui]\ntheme = \"\"\n", // empty is auto
	} {
		p := writeConfig(t, body, 0o600)
		cfg, warns, err := LoadWithEnv(p, nil)
		if err != nil || len(warns) != 0 {
			t.Errorf("%q: err %v, warnings %v", body, err, warns)
		}
		if cfg.UI.Theme != ThemeAuto && cfg.UI.Theme != "" {
			t.Errorf("%q: theme %q", body, cfg.UI.Theme)
		}
	}
	p := writeConfig(t, "[ui.keys]\nopen = \"enter\"\npublish = \"o\"\n", 0o600)
	cfg, _, _ := LoadWithEnv(p, nil)
	if got := cfg.UI.KeysFor("publish"); !reflect.DeepEqual(got, []string{"o"}) {
		t.Errorf("KeysFor(publish) = %q, want only the remapped key", got)
	}
	if got := cfg.UI.KeysFor("switch_pane"); !reflect.DeepEqual(got, []string{"tab", "shift+tab"}) {
		t.Errorf("KeysFor(switch_pane) = %q, want its defaults", got)
	}
	if got := Default().UI; got.Theme != ThemeAuto || !got.Mouse || got.Keys != nil {
		t.Errorf("Default().UI = %#v, want auto, mouse on, no remapping", got)
	}
}

// An unknown [ui] key is a warning like any other.
func TestUnknownUIKeysWarn(t *testing.T) {
	p := writeConfig(t, "[ui]\nmose = false\ncolour = \"red\"\n", 0o600)
	_, warns, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	want := []string{
		"config " + p + `: ui.mose is not a known key and is ignored; did you mean "ui.mouse"?`,
		"config " + p + ": ui.colour is not a known key and is ignored",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings\n got %q\nwant %q", got, want)
	}
}

// The setup wizard saves a Config it loaded: [ui] comes back as it was.
func TestSaveKeepsUI(t *testing.T) {
	body := "[wordpress]\nurl = \"https://b.example\"\n[ui]\ntheme = \"light\"\nmouse = false\n[ui.keys]\npublish = [\"f5\", \"o\"]\nopen = \"enter\"\nmark = \"space\"\n"
	p := writeConfig(t, body, 0o600)
	cfg, _, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.WordPress.Username = "alice" // what the wizard changes
	cfg.WordPress.AppPassword = "abcd efgh ijkl mnop qrst uvwx"
	if err := Save(p, cfg); err != nil {
		t.Fatal(err)
	}
	got, _, err := LoadWithEnv(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := UI{Theme: ThemeLight, Mouse: false, Keys: map[string][]string{
		"publish": {"f5", "o"}, "open": {"enter"}, "mark": {"space"}}}
	if !reflect.DeepEqual(got.UI, want) {
		t.Errorf("after a save [ui] is %#v, want %#v", got.UI, want)
	}
}

func TestKeyMsgString(t *testing.T) {
	for in, want := range map[string]string{"space": " ", "alt+space": "alt+ ", "o": "o", "ctrl+o": "ctrl+o", "alt+o": "alt+o"} {
		if got := KeyMsgString(in); got != want {
			t.Errorf("KeyMsgString(%q) = %q, want %q", in, got, want)
		}
	}
}
