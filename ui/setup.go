package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/wordpress"
)

// SetupDeps lets the app run the setup wizard ('s') and switch to what it
// saved without a restart.
type SetupDeps struct {
	// Wizard prepares the wizard from the config file. It reads the disk, so
	// the app calls it in a command.
	Wizard func() WizardOptions
	// Apply builds the app's clients from a saved config.
	Apply func(cfg config.Config) (Reconfigured, error)
}

// Reconfigured is what the app runs on after the settings changed.
type Reconfigured struct {
	Source  PostSource
	Medium  MediumStatuses
	Publish *PublishDeps
}

type setupReadyMsg struct{ opts WizardOptions }

type reconfiguredMsg struct {
	r    Reconfigured
	path string
	err  error
}

func startSetupCmd(s *SetupDeps) tea.Cmd {
	return func() tea.Msg { return setupReadyMsg{opts: s.Wizard()} }
}

func applySetupCmd(s *SetupDeps, done WizardDoneMsg) tea.Cmd {
	return func() tea.Msg {
		r, err := s.Apply(done.Config)
		return reconfiguredMsg{r: r, path: done.Path, err: err}
	}
}

// setupMsg handles the wizard's life cycle in the root model.
func (m *Model) setupMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case setupReadyMsg:
		opts := msg.opts
		opts.Styles = m.common.Styles
		w := NewWizard(opts)
		w.SetSize(m.common.Width-4, m.bodyHeight()-2)
		m.wizard = &w
		return w.Init(), true
	case WizardDoneMsg:
		m.wizard = nil
		if !msg.Saved {
			return func() tea.Msg { return statusMsg{text: "Setup cancelled: the settings are unchanged."} }, true
		}
		return applySetupCmd(m.common.Setup, msg), true
	case reconfiguredMsg:
		if msg.err != nil {
			return func() tea.Msg {
				return statusMsg{text: "Saved to " + msg.path + ", but it cannot be used: " + msg.err.Error(), isErr: true}
			}, true
		}
		m.common.Source = msg.r.Source
		m.common.Medium = msg.r.Medium
		if m.common.Medium == nil {
			m.common.Medium = noMediumStatuses{}
		}
		m.common.Publish = msg.r.Publish
		m.site = wordpress.Site{}
		return tea.Batch(m.reload(), func() tea.Msg { return statusMsg{text: "Settings saved to " + msg.path} }), true
	}
	if m.wizard != nil {
		next, cmd := m.wizard.Update(msg)
		w := next.(Wizard)
		m.wizard = &w
		return cmd, true
	}
	return nil, false
}
