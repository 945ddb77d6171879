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
		Apply: func(config.Config) (Reconfigured, error) {
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
