package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/config"
)

func TestSetupKeyOpensTheWizardAndEscKeepsTheApp(t *testing.T) {
	f := newWizardFixture(t, nil)
	applied := 0
	setup := &SetupDeps{
		Wizard: func() WizardOptions { return f.options(config.Default()) },
		Apply: func(config.Config, SavedView) (Reconfigured, error) {
			applied++
			return Reconfigured{}, nil
		},
	}
	m := New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Setup: setup})
	m = drive(t, m, m.Init())
	m = drive(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: 100, Height: 30} })
	m = press(t, m, "s")
	if setupOpen(m) == nil || !strings.Contains(screenText(m), "Your WordPress site") {
		t.Fatalf("s should open the wizard:\n%s", screenText(m))
	}
	// Keys go to the wizard: q is text in its URL field, not quit.
	m = press(t, m, "q")
	if setupOpen(m) == nil {
		t.Fatal("q closed the wizard")
	}
	m = press(t, m, "esc")
	if setupOpen(m) != nil || applied != 0 {
		t.Fatalf("esc should close the wizard without applying anything (applied %d)", applied)
	}
	if s := screenText(m); !strings.Contains(s, "settings are unchanged") || !strings.Contains(s, "Post number 1 about Go") {
		t.Fatalf("back in the app with a note:\n%s", s)
	}
}

func setupOpen(m *Model) *setupScreen { s, _ := m.screen.(*setupScreen); return s }

// Settings that name another site give Apply the view being left, and the
// list takes the new site's saved view.
func TestSetupOnAnotherSiteSwitchesTheView(t *testing.T) {
	f := newWizardFixture(t, nil)
	var leaving SavedView
	setup := &SetupDeps{
		Wizard: func() WizardOptions { return f.options(config.Default()) },
		Apply: func(_ config.Config, v SavedView) (Reconfigured, error) {
			leaving = v
			return Reconfigured{Source: newFakeSource(4), View: &SavedView{Order: "title"}}, nil
		},
	}
	m := New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Setup: setup})
	m = drive(t, m, m.Init())
	m = drive(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: 100, Height: 30} })
	m = press(t, m, "S", "j")
	m = press(t, m, "s")
	if setupOpen(m) == nil {
		t.Fatalf("s should open the wizard:\n%s", screenText(m))
	}
	m = drive(t, m, func() tea.Msg { return WizardDoneMsg{Saved: true, Config: config.Default(), Path: "/x/config.toml"} })
	if leaving.Order != "modified" || leaving.Selected == 0 {
		t.Errorf("Apply was given the view %+v, want the order by last edit with the second row", leaving)
	}
	if got := m.SavedView(); got.Order != "title" {
		t.Errorf("after the switch the view is %+v, want the new site's (by title)", got)
	}
	if s := screenText(m); !strings.Contains(s, "by title") {
		t.Errorf("the list does not say the new site's order:\n%s", s)
	}
}
