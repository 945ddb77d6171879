package config

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KeyAction is an action of the app's browser (the list and the preview)
// that ui.keys may give other keys. The names are a contract, like the keys
// in keyTable; ui.KeyMap binds each one (its tests check that the defaults
// here are the keymap's).
type KeyAction struct {
	Name string   // the ui.keys entry, e.g. "open_story"
	Keys []string // its default keys, as Key names them
}

// keyActions are the remappable actions. All are active in the browser at
// the same time, so no two may share a key. The filter input's keys (enter,
// esc), the other screens' keys and ctrl+c (always quit) are not remappable.
var keyActions = []KeyAction{
	{"filter", []string{"/"}},
	{"clear_filter", []string{"esc"}},
	{"switch_pane", []string{"tab", "shift+tab"}},
	{"open", []string{"o"}},
	{"copy_url", []string{"y"}},
	{"open_story", []string{"O"}},
	{"copy_story", []string{"Y"}},
	{"edit", []string{"e"}},
	{"history", []string{"h"}},
	{"diff", []string{"d"}},
	{"sync", []string{"r"}},
	{"refetch", []string{"R"}},
	{"publish", []string{"p"}},
	{"plan", []string{"a"}},
	{"mark", []string{"space"}},
	{"publish_marked", []string{"P"}},
	{"mark_all", []string{"A"}},
	{"clear_marks", []string{"U"}},
	{"copy_markdown", []string{"c"}},
	{"copy_html", []string{"C"}},
	{"sort", []string{"S"}},
	{"filter_wordpress", []string{"w"}},
	{"filter_medium", []string{"m"}},
	{"next_match", []string{"n"}},
	{"previous_match", []string{"N"}},
	{"setup", []string{"s"}},
	{"help", []string{"?"}},
	{"quit", []string{"q"}},
}

// fixedKeys are the browser's moves, which keep their keys (the preview
// scrolls with them too): listed so that no action takes one. The preview's
// space (page down) is not listed: it works only where mark does not.
var fixedKeys = []KeyAction{
	{"up", []string{"up", "k"}},
	{"down", []string{"down", "j"}},
	{"page up", []string{"pgup", "b"}},
	{"page down", []string{"pgdown", "f"}},
	{"top", []string{"g", "home"}},
	{"bottom", []string{"G", "end"}},
}

// KeyActions lists the remappable actions with their default keys, in the
// README's order.
func KeyActions() []KeyAction {
	out := make([]KeyAction, len(keyActions))
	for i, a := range keyActions {
		out[i] = KeyAction{Name: a.Name, Keys: slices.Clone(a.Keys)}
	}
	return out
}

// KeysFor is the keys action has with this config: the ones ui.keys lists,
// else its defaults.
func (u UI) KeysFor(action string) []string {
	if k, ok := u.Keys[action]; ok {
		return slices.Clone(k)
	}
	if i := actionIndex(action); i < len(keyActions) {
		return slices.Clone(keyActions[i].Keys)
	}
	return nil
}

func actionIndex(name string) int {
	if i := slices.IndexFunc(keyActions, func(a KeyAction) bool { return a.Name == name }); i >= 0 {
		return i
	}
	return len(keyActions)
}

// namedKeys are the keys with names, as Bubble Tea's tea.KeyMsg.String()
// gives them (ui's tests check the list against Bubble Tea's), except that
// the space bar is "space" here (Bubble Tea says " "). ctrl+c is left out:
// it always quits. ctrl+i, ctrl+m and ctrl+[ are tab, enter and esc.
var namedKeys = func() []string {
	k := []string{"space", "enter", "tab", "shift+tab", "esc", "backspace", "delete", "insert",
		"up", "down", "left", "right", "home", "end", "pgup", "pgdown"}
	for _, mod := range []string{"ctrl+", "shift+", "ctrl+shift+"} {
		for _, n := range []string{"up", "down", "left", "right", "home", "end"} {
			k = append(k, mod+n)
		}
	}
	k = append(k, "ctrl+pgup", "ctrl+pgdown", "ctrl+@", `ctrl+\`, "ctrl+]", "ctrl+^", "ctrl+_")
	for r := 'a'; r <= 'z'; r++ {
		if r != 'c' && r != 'i' && r != 'm' {
			k = append(k, "ctrl+"+string(r))
		}
	}
	for i := 1; i <= 20; i++ {
		k = append(k, fmt.Sprintf("f%d", i))
	}
	return k
}()

// KeyNames lists the named keys ui.keys accepts, besides single characters
// and alt+ before either.
func KeyNames() []string { return slices.Clone(namedKeys) }

// KeyMsgString is a ui.keys key name as tea.KeyMsg.String() gives it, for
// key.WithKeys: "space" is " ".
func KeyMsgString(name string) string {
	if rest, ok := strings.CutPrefix(name, "alt+"); ok {
		return "alt+" + KeyMsgString(rest)
	}
	if name == "space" {
		return " "
	}
	return name
}

// checkKeyName says what is wrong with a key name ("is not a key name"),
// "" when it is one.
func checkKeyName(name string) (problem, fix string) {
	base := strings.TrimPrefix(name, "alt+")
	switch {
	case name == "ctrl+c":
		return "always quits", "choose another key"
	case base == " ":
		return "is a space", `write the space bar as "space"`
	case utf8.RuneCountInString(base) == 1:
		if r, _ := utf8.DecodeRuneInString(base); unicode.IsPrint(r) {
			return "", ""
		}
	case slices.Contains(namedKeys, base):
		return "", ""
	}
	fix = `use one character ("o", "O", "/"), "space", or a key's name such as "enter", "tab", "esc", "ctrl+o", "alt+o", "f5" (the README lists them)`
	if low := strings.ToLower(name); low != name {
		if p, _ := checkKeyName(low); p == "" {
			fix = fmt.Sprintf("key names are lower case: did you mean %q?", low)
		}
	}
	return "is not a key name", fix
}

// checkKeys reports every problem with ui.keys, each on its entry, in
// KeyActions order: an unknown action, an empty list, a key that is not a
// key name or is listed twice, and a key another action has too. A remapped
// action's keys replace its defaults, so an action that still has the key
// by default must be given another key as well.
func checkKeys(keys map[string][]string) []*Error {
	var errs []*Error
	for _, action := range entryOrder(keys) {
		list := keys[action]
		e := &Error{Key: "ui.keys." + action, Value: keysShown(list)}
		switch {
		case actionIndex(action) == len(keyActions):
			e.Value = ""
			e.Problem = "is not an action that has keys"
			e.Fix = "use one of: " + strings.Join(actionNames(), ", ")
			if s := closest(action, actionNames()); s != "" {
				e.Fix = fmt.Sprintf("did you mean %q? The actions are: %s", s, strings.Join(actionNames(), ", "))
			}
		case len(list) == 0:
			e.Value = "[]"
			e.Problem = "has no key"
			e.Fix = fmt.Sprintf("give it at least one, e.g. %s = %s, or remove the line to keep its default", action, keysTOML(keyActions[actionIndex(action)].Keys))
		default:
			e = checkEntryKeys(keys, action, e)
		}
		if e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}

// checkEntryKeys checks one known action's keys: names, repeats and clashes.
func checkEntryKeys(keys map[string][]string, action string, e *Error) *Error {
	list := keys[action]
	for i, k := range list {
		if p, fix := checkKeyName(k); p != "" {
			e.Problem, e.Fix = fmt.Sprintf("has %s, which %s", quote(k), p), fix
			return e
		}
		if slices.Contains(list[:i], k) {
			e.Problem, e.Fix = fmt.Sprintf("has %s twice", quote(k)), "list each key once"
			return e
		}
	}
	for _, k := range list {
		for _, f := range fixedKeys {
			if slices.Contains(f.Keys, k) {
				e.Problem = fmt.Sprintf("has %s, which moves %s in the list and the preview", quote(k), f.Name)
				e.Fix = "the moves keep their keys: choose another key"
				return e
			}
		}
		for _, other := range keyActions {
			if other.Name == action {
				continue
			}
			mapped, remapped := keys[other.Name]
			switch {
			case remapped && slices.Contains(mapped, k) && actionIndex(other.Name) < actionIndex(action):
				e.Problem = fmt.Sprintf("has %s, which ui.keys.%s has too", quote(k), other.Name)
				e.Fix = "a key does one thing: give one of them another key"
				return e
			case !remapped && slices.Contains(other.Keys, k):
				e.Problem = fmt.Sprintf("has %s, which is %s's key by default", quote(k), other.Name)
				e.Fix = fmt.Sprintf("give %s another key too (e.g. %s = \"...\" under [ui.keys]), or choose another key", other.Name, other.Name)
				return e
			}
		}
	}
	return nil
}

// keysShown is an entry's value for a message, each key quoted so that a
// control character cannot reach the terminal.
func keysShown(keys []string) string {
	if len(keys) == 1 {
		return quote(keys[0])
	}
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = quote(k)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func actionNames() []string {
	n := make([]string, len(keyActions))
	for i, a := range keyActions {
		n[i] = a.Name
	}
	return n
}
