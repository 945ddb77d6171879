// Package ui is the terminal app: the post list beside a preview of the
// selected post (browser.go, postlist.go, preview.go), and the screens that
// open over them (screen.go): publishing one post, the bulk publish, the
// importer route, the setup wizard, the keys. The root Model only routes.
package ui

import (
	"io"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// statusDuration is how long a transient status line stays.
const statusDuration = 4 * time.Second

// Options configures the app.
type Options struct {
	Source PostSource
	// Posts is the local store's list of the site (a *sitesync.Syncer): the
	// app starts on Cached, syncs it in the background, and r and R sync
	// again. nil lists the site in full at every start and reload.
	Posts PostCache
	// Cached and CachedState are what Posts.Cached returned, read before
	// the program starts so the first frame shows the whole list.
	Cached      []wordpress.Post
	CachedState store.SyncState
	// Medium fills the Medium column; nil shows "—" for every post.
	Medium MediumStatuses
	// GlamourStyle is "dark", "light" or "notty"; pick it before the program
	// starts (lipgloss.HasDarkBackground) so rendering never queries the terminal.
	GlamourStyle string
	// Publish enables publishing; nil without a Medium token.
	Publish *PublishDeps
	// Setup enables the setup wizard ('s'); nil in the demo.
	Setup *SetupDeps
	// Keys is ui.keys: other keys for the actions, as config.Load checked
	// them (KeyMap.Remap). nil keeps the defaults.
	Keys map[string][]string
	// Terminal is what the program draws on (give the same one to
	// tea.WithOutput): the clipboard requests go through it. nil discards
	// them.
	Terminal io.Writer
	// Now is the clock (tests fix it); nil is time.Now.
	Now func() time.Time
	// Notice, when not empty, is shown in the status line at start
	// (NoRecordNotice).
	Notice string
	// SavedView is the list's filters, order and selection as the last run
	// left them (Model.SavedView); the zero value is the site's order,
	// unfiltered, from the top.
	SavedView SavedView
}

// Model is the root of the app. It handles ctrl+c, the window size and which
// screen is open, and routes everything else: keys to the open screen or
// else to the browser, results to whoever asked for them.
type Model struct {
	common  *Common
	browse  *browser
	screen  screen // nil: the browser is shown
	help    help.Model
	initCmd tea.Cmd
}

// New builds the app. Nothing runs until Init.
func New(opts Options) *Model {
	c := &Common{
		Styles:       DefaultStyles(),
		Keys:         DefaultKeyMap(),
		Source:       opts.Source,
		Posts:        opts.Posts,
		GlamourStyle: opts.GlamourStyle,
		Publish:      opts.Publish,
		Setup:        opts.Setup,
		Terminal:     opts.Terminal,
	}
	if c.Terminal == nil {
		c.Terminal = io.Discard
	}
	c.Keys.Remap(opts.Keys)
	m := &Model{common: c, browse: newBrowser(c, opts.Medium), help: help.New()}
	if opts.Now != nil {
		m.browse.now, m.browse.list.now = opts.Now, opts.Now
	}
	m.help.Styles.ShortKey = c.Styles.Header.UnsetBold()
	m.help.Styles.FullKey = c.Styles.Header.UnsetBold()
	m.browse.list.view = listViewOf(opts.SavedView)
	if opts.Posts != nil {
		m.browse.showCached(preparePosts(opts.Cached), opts.CachedState, opts.SavedView.Selected)
	}
	m.initCmd = tea.Batch(m.browse.reload(sitesync.Auto), m.browse.medium.startPoll(), noticeCmd(opts.Notice))
	return m
}

// Init discovers the site and starts the sync (or the listing).
func (m *Model) Init() tea.Cmd { return m.initCmd }

// Update routes one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.Width, m.common.Height = msg.Width, msg.Height
		return m, m.layout()

	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			m.browse.quit()
			return m, tea.Quit
		}
		m.browse.clearError()
		if m.screen != nil {
			return m, m.screen.Update(msg) // a screen takes a paste or "jj" whole
		}
		// Keys typed faster than they are read arrive as one message ("pj"):
		// each is a keypress of its own, and once one opens a screen the
		// rest are the screen's. A paste stays whole.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
				if m.screen != nil {
					cmds = append(cmds, m.screen.Update(k))
				} else {
					cmds = append(cmds, m.routeToBrowser(k))
				}
			}
			return m, tea.Batch(cmds...)
		}
		return m, m.routeToBrowser(msg)

	case tea.MouseMsg:
		return m, m.mouse(msg)

	case closeScreenMsg:
		m.screen = nil
		m.updateKeys()
		// What the screen did may have changed the ledger: the column
		// should not wait for the next poll to say so.
		return m, tea.Batch(m.layout(), m.browse.medium.checkVersion(false))

	case copiedMsg:
		return m, m.opened(m.browse.copied(msg, m.screen != nil))

	case setupReadyMsg:
		if m.screen != nil {
			return m, nil // another screen opened meanwhile
		}
		return m, m.show(newSetupScreen(m.common, msg.opts, m.browse.list.savedView()))

	case reconfiguredMsg:
		return m, m.reconfigured(msg)

	}
	// Everything else is a result someone asked for: the browser's pages and
	// previews, the open screen's fetches and form events, the spinners'
	// ticks. Each ignores what is not its own.
	cmds := []tea.Cmd{m.routeToBrowser(msg)}
	if m.screen != nil {
		cmds = append(cmds, m.screen.Update(msg))
	}
	return m, tea.Batch(cmds...)
}

// routeToBrowser gives the browser a message.
func (m *Model) routeToBrowser(msg tea.Msg) tea.Cmd { return m.opened(m.browse.Update(msg)) }

// opened follows what the browser did: the screen it asked for is shown at
// once (keys typed right after p belong to the form, not the list), unless
// another is open already.
func (m *Model) opened(cmd tea.Cmd) tea.Cmd {
	if s := m.browse.takeOpening(); s != nil && m.screen == nil {
		cmd = tea.Batch(cmd, m.show(s))
	}
	m.updateKeys()
	return cmd
}

// show opens s over the browser.
func (m *Model) show(s screen) tea.Cmd {
	m.screen = s
	return tea.Batch(m.layout(), s.Init())
}

// layout gives the browser and the open screen their sizes.
func (m *Model) layout() tea.Cmd {
	w := m.common.Width
	if w == 0 {
		return nil
	}
	m.help.Width = w
	bodyH := m.bodyHeight(m.footerView())
	if m.screen != nil {
		m.screen.SetSize(w-4, bodyH-2)
	}
	return m.browse.SetSize(w, bodyH)
}
