package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/config"
)

// config's list of remappable actions and this keymap agree: every action
// has a binding, every binding listed is an action, and the defaults config
// checks clashes against are the keymap's.
func TestKeyActionsAreTheKeymap(t *testing.T) {
	bindings := DefaultKeyMap().actions()
	for _, a := range config.KeyActions() {
		b, ok := bindings[a.Name]
		if !ok {
			t.Errorf("config's action %s has no binding", a.Name)
			continue
		}
		want := make([]string, len(a.Keys))
		for i, k := range a.Keys {
			want[i] = config.KeyMsgString(k)
		}
		if !reflect.DeepEqual(b.Keys(), want) {
			t.Errorf("%s: the keymap binds %q, config says its defaults are %q", a.Name, b.Keys(), want)
		}
		delete(bindings, a.Name)
	}
	for name := range bindings {
		t.Errorf("binding %s is not one of config's actions", name)
	}
}

// The key names config accepts are the ones Bubble Tea produces
// (tea.KeyMsg.String()), space spelled "space", ctrl+c left to quit.
func TestKeyNamesAreBubbleTeas(t *testing.T) {
	var tea_ []string
	for k := tea.KeyType(-200); k < 200; k++ {
		switch n := k.String(); n {
		case "", "runes", "ctrl+c":
		case " ":
			tea_ = append(tea_, "space")
		default:
			tea_ = append(tea_, n)
		}
	}
	names := config.KeyNames()
	slices.Sort(tea_)
	slices.Sort(names)
	if !reflect.DeepEqual(tea_, names) {
		t.Errorf("config's key names\n%q\nBubble Tea's\n%q", names, tea_)
	}
}

// Remapped keys replace the defaults, and the help text follows.
func TestRemapReplacesKeysAndHelp(t *testing.T) {
	k := DefaultKeyMap()
	k.Remap(map[string][]string{"mark": {"x", "space"}, "previous_match": {"["}})
	if got := k.Mark.Keys(); !reflect.DeepEqual(got, []string{"x", " "}) {
		t.Errorf("mark's keys = %q", got)
	}
	if got := k.Mark.Help(); got.Key != "x/space" || got.Desc != "mark" {
		t.Errorf("mark's help = %+v", got)
	}
	if got := k.NextMatch.Help().Key; got != "n/[" {
		t.Errorf("the match keys' help = %q, want n/[", got)
	}
	if got := k.Publish.Keys(); !reflect.DeepEqual(got, []string{"p"}) {
		t.Errorf("publish, not remapped, has %q", got)
	}
}

// The app started with ui.keys answers to the new keys, not the old ones,
// and its footer and help screen show the new keys.
func TestRemappedKeysInTheRunningApp(t *testing.T) {
	remap := map[string][]string{"copy_url": {"x", "ctrl+y"}, "help": {"f1"}}
	copied := "Asked the terminal to copy the post's URL"

	// The old keys do nothing (driven step by step, so "nothing" is certain).
	m := New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Keys: remap})
	m = drive(t, m, m.Init())
	next, cmd := m.Update(tea.WindowSizeMsg{Width: 160, Height: 30})
	m = press(t, drive(t, next.(*Model), cmd), "y", "?")
	if s := screenText(m); strings.Contains(s, copied) || strings.Contains(s, "close help") {
		t.Fatalf("the old keys y and ? still work:\n%s", s)
	}

	// The new ones work in the running program.
	tm := teatest.NewTestModel(t, New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Keys: remap}),
		teatest.WithInitialTermSize(160, 30))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	a.waitFor("Body of post 1", "f1 more keys")
	tm.Send(tea.KeyMsg{Type: tea.KeyF1})
	a.waitFor("f1 / esc close help", "x/ctrl+y copy URL")
	tm.Send(tea.KeyMsg{Type: tea.KeyF1}) // the help key closes its screen too
	a.waitFor("f1 more keys")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlY})
	a.waitFor(copied + " (OSC 52): https://blog.example.com/post-1/")
	a.press("down", "x")
	a.waitFor(copied + " (OSC 52): https://blog.example.com/post-2/")
}
