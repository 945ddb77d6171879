package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// SetupDeps lets the app run the setup wizard ('s') and switch to what it
// saved without a restart.
type SetupDeps struct {
	// Wizard prepares the wizard from the config file. It reads the disk, so
	// the app calls it in a command.
	Wizard func() WizardOptions
	// Apply builds the app's clients from a saved config. leaving is the
	// list's view as the wizard found it: the view of the site being left,
	// when the settings name another.
	Apply func(cfg config.Config, leaving SavedView) (Reconfigured, error)
}

// Reconfigured is what the app runs on after the settings changed.
type Reconfigured struct {
	Source PostSource
	// Posts, Cached and CachedState: see Options (Apply runs in a command,
	// so it may read the store).
	Posts       PostCache
	Cached      []wordpress.Post
	CachedState store.SyncState
	Medium      MediumStatuses
	Publish     *PublishDeps
	// View, when not nil, is the view saved for the site the settings now
	// name (another than before); nil keeps the view on screen.
	View *SavedView
}

type setupReadyMsg struct{ opts WizardOptions }

type reconfiguredMsg struct {
	r      Reconfigured
	cached listData // r.Cached, prepared in the command
	path   string
	err    error
}

func startSetupCmd(s *SetupDeps) tea.Cmd {
	return func() tea.Msg { return setupReadyMsg{opts: s.Wizard()} }
}

// setupScreen is the wizard inside the app: it closes when the wizard sends
// WizardDoneMsg, and the saved settings are applied.
type setupScreen struct {
	common *Common
	w      *Wizard
	view   SavedView // the list's, as the wizard opened: see SetupDeps.Apply
}

func newSetupScreen(c *Common, opts WizardOptions, view SavedView) *setupScreen {
	opts.Styles = c.Styles
	opts.Standalone = false
	return &setupScreen{common: c, w: NewWizard(opts), view: view}
}

func (s *setupScreen) Init() tea.Cmd    { return s.w.Init() }
func (s *setupScreen) View() string     { return s.w.View() }
func (s *setupScreen) SetSize(w, h int) { s.w.SetSize(w, h) }
func (s *setupScreen) Update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(WizardDoneMsg); ok {
		if !done.Saved {
			return tea.Batch(closeScreen, func() tea.Msg { return statusMsg{text: "Setup cancelled: the settings are unchanged."} })
		}
		apply, view := s.common.Setup.Apply, s.view
		return tea.Batch(closeScreen, func() tea.Msg {
			r, err := apply(done.Config, view)
			return reconfiguredMsg{r: r, cached: preparePosts(r.Cached), path: done.Path, err: err}
		})
	}
	_, cmd := s.w.Update(msg)
	return cmd
}

var (
	leaveSetupKey = hint("esc", "leave the setup")
	quitAppKey    = hint("ctrl+c", "quit")
)

func (s *setupScreen) ShortHelp() []key.Binding  { return []key.Binding{leaveSetupKey, quitAppKey} }
func (s *setupScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// reconfigured switches the app to the clients of the saved settings.
func (m *Model) reconfigured(msg reconfiguredMsg) tea.Cmd {
	if msg.err != nil {
		return func() tea.Msg {
			return statusMsg{text: "Saved to " + msg.path + ", but it cannot be used: " + msg.err.Error(), isErr: true}
		}
	}
	return tea.Batch(m.browse.reconfigure(msg.r, msg.cached), func() tea.Msg { return statusMsg{text: "Settings saved to " + msg.path} })
}
