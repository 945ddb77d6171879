// Package ui is the terminal app: the post list, the preview and, later, the
// publish form. The root Model only routes; each pane lives in its own file.
package ui

import (
	"context"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

type focus int

const (
	focusList focus = iota
	focusPreview
)

// statusDuration is how long a transient status line stays.
const statusDuration = 4 * time.Second

// Options configures the app.
type Options struct {
	Source PostSource
	// Medium fills the Medium column; nil shows "—" for every post.
	Medium MediumStatuses
	// GlamourStyle is "dark", "light" or "notty"; pick it before the program
	// starts (lipgloss.HasDarkBackground) so rendering never queries the terminal.
	GlamourStyle string
	// Publish enables publishing; nil without a Medium token.
	Publish *PublishDeps
	// Setup enables the setup wizard ('s'); nil in the demo.
	Setup *SetupDeps
}

// Model is the root of the app.
type Model struct {
	common  *Common
	list    postList
	preview preview
	help    help.Model
	spinner spinner.Model
	focus   focus

	site       wordpress.Site
	gen        int // bumped on every (re)load; older pages are dropped
	cancelLoad context.CancelFunc
	loading    bool
	loaded     int
	total      int
	loadErr    error

	status    string
	statusErr bool
	statusID  int

	// screen is the publish, bulk or import screen while one is open.
	screen screenModel
	wizard *Wizard

	initCmd tea.Cmd
}

// New builds the app. Nothing runs until Init.
func New(opts Options) Model {
	c := &Common{
		Styles:       DefaultStyles(),
		Keys:         DefaultKeyMap(),
		Source:       opts.Source,
		Medium:       opts.Medium,
		GlamourStyle: opts.GlamourStyle,
		Publish:      opts.Publish,
		Setup:        opts.Setup,
	}
	if c.Medium == nil {
		c.Medium = noMediumStatuses{}
	}
	m := Model{
		common:  c,
		list:    newPostList(c),
		preview: newPreview(c),
		help:    help.New(),
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)),
	}
	m.help.Styles.ShortKey = c.Styles.Header.UnsetBold()
	m.help.Styles.FullKey = c.Styles.Header.UnsetBold()
	m.initCmd = m.reload()
	return m
}

// Init discovers the site and starts the listing (prepared by New, since
// Init cannot change the model).
func (m Model) Init() tea.Cmd { return m.initCmd }

// reload lists the posts and the site afresh.
func (m *Model) reload() tea.Cmd {
	load := m.startLoad()
	return tea.Batch(load, loadSiteCmd(m.common.Source, m.gen))
}

// startLoad cancels any listing in flight and starts a new one.
func (m *Model) startLoad() tea.Cmd {
	if m.cancelLoad != nil {
		m.cancelLoad()
	}
	m.gen++
	ctx, cancel := context.WithTimeout(context.Background(), listTimeout)
	m.cancelLoad = cancel
	m.loading, m.loaded, m.total, m.loadErr = true, 0, 0, nil
	m.list.Reset()
	m.preview.Clear()
	return tea.Batch(loadPostsCmd(ctx, m.common.Source, m.gen), m.spinner.Tick)
}

// Update routes messages: ctrl+c and the window size here, keys to the pane
// with focus, async results to the pane that asked for them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.common.Width, m.common.Height = msg.Width, msg.Height
		cmds = append(cmds, m.layout())

	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			m.quit()
			return m, tea.Quit
		}
		if m.wizard != nil { // the wizard reads every key whole (a paste, a password)
			cmd, _ := m.setupMsg(msg)
			cmds = append(cmds, cmd)
			break
		}
		// Keys typed faster than they are read arrive as one message ("jj");
		// each is a keypress of its own. A paste stays whole.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			for _, r := range msg.Runes {
				cmds = append(cmds, m.handleKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			break
		}
		cmds = append(cmds, m.handleKey(msg))

	case siteLoadedMsg:
		if msg.gen == m.gen {
			m.site = msg.site
			m.common.SiteName = termtext.CleanLine(m.site.Name)
			m.site.Name = termtext.ForCells(m.common.SiteName)
		}

	case pageLoadedMsg:
		if msg.gen != m.gen {
			break
		}
		hadSelection := m.list.Len() > 0
		m.list.Append(msg.page.Posts)
		m.loaded, m.total = m.list.Len(), msg.page.Total
		if !hadSelection {
			if p, ok := m.list.Selected(); ok {
				cmds = append(cmds, m.preview.Show(p))
			}
		}
		cmds = append(cmds, waitForPage(msg.next, msg.gen))

	case loadDoneMsg:
		if msg.gen != m.gen {
			break
		}
		m.loading = false
		m.loadErr = msg.err
		if msg.err == nil {
			m.total = m.list.Len()
		}

	case previewDueMsg:
		cmds = append(cmds, m.preview.Due(msg))

	case previewRenderedMsg:
		m.preview.Rendered(msg)

	case statusMsg:
		m.statusID++
		m.status, m.statusErr = termtext.CleanLine(msg.text), msg.isErr
		if !msg.isErr {
			cmds = append(cmds, clearStatusAfter(m.statusID, statusDuration))
		}

	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status = ""
		}

	case spinner.TickMsg:
		// The spinner runs only while a listing does; startLoad restarts it.
		if m.loading {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			cmds = append(cmds, cmd)
		}
		if m.wizard != nil {
			cmd, _ := m.setupMsg(msg)
			cmds = append(cmds, cmd)
		}
		cmds = append(cmds, m.updateScreens(msg))

	default:
		if cmd, ok := m.setupMsg(msg); ok {
			cmds = append(cmds, cmd)
			break
		}
		cmds = append(cmds, m.updateScreens(msg))
	}
	m.updateKeys()
	return m, tea.Batch(cmds...)
}

// updateScreens gives a message to the open screen, if any, and closes it
// once the user has left it.
func (m *Model) updateScreens(msg tea.Msg) tea.Cmd {
	if m.screen == nil {
		return nil
	}
	cmd := m.screen.updateScreen(msg)
	if m.screen.finished() {
		if b, ok := m.screen.(*bulkModel); ok && b.sent > 0 {
			m.list.ClearMarks()
		}
		m.screen = nil
	}
	return cmd
}

// openScreen shows s over the list.
func (m *Model) openScreen(s screenModel) {
	s.SetSize(m.common.Width-4, m.bodyHeight()-2)
	m.screen = s
}

func (m *Model) quit() {
	if m.cancelLoad != nil {
		m.cancelLoad()
	}
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.common.Keys
	// An error stays until the next key.
	if m.statusErr {
		m.status, m.statusErr = "", false
	}
	if m.screen != nil {
		return m.updateScreens(msg)
	}
	if m.list.filtering {
		return m.updateList(msg)
	}
	switch {
	case key.Matches(msg, k.Publish):
		p, ok := m.list.Selected()
		if !ok || m.common.Publish == nil {
			return nil
		}
		if !m.common.Publish.Publisher.CanUseAPI() {
			im, cmd := newImportModel(m.common, p)
			m.openScreen(&im)
			return cmd
		}
		pm, cmd := newPublishModel(m.common, p)
		m.openScreen(&pm)
		return cmd
	case key.Matches(msg, k.Mark):
		if m.canBulk() {
			m.list.ToggleMark()
			m.list.moveTo(m.list.cursor + 1)
			return m.previewSelected()
		}
		return nil
	case key.Matches(msg, k.CopyMD), key.Matches(msg, k.CopyHTML):
		if p, ok := m.list.Selected(); ok && m.common.Publish != nil {
			return copyForMediumCmd(m.common, p, key.Matches(msg, k.CopyHTML))
		}
		return nil
	case key.Matches(msg, k.Setup):
		if m.common.Setup != nil {
			return startSetupCmd(m.common.Setup)
		}
		return nil
	case key.Matches(msg, k.Bulk):
		if posts := m.list.Marked(); len(posts) > 0 && m.canBulk() {
			bm, cmd := newBulkModel(m.common, posts)
			m.openScreen(&bm)
			return cmd
		}
		return nil
	case key.Matches(msg, k.Quit):
		m.quit()
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		return m.layout()
	case key.Matches(msg, k.Focus):
		if m.focus == focusList {
			m.focus = focusPreview
		} else {
			m.focus = focusList
		}
		m.list.focused = m.focus == focusList
		m.preview.focused = m.focus == focusPreview
		return nil
	case key.Matches(msg, k.Reload):
		return m.reload()
	case key.Matches(msg, k.Open):
		if p, ok := m.list.Selected(); ok && p.Link != "" {
			return openURLCmd(p.Link)
		}
		return nil
	case key.Matches(msg, k.Copy):
		if p, ok := m.list.Selected(); ok && p.Link != "" {
			return copyURLCmd(p.Link)
		}
		return nil
	}
	if m.focus == focusPreview {
		return m.preview.Update(msg)
	}
	return m.updateList(msg)
}

func (m *Model) updateList(msg tea.KeyMsg) tea.Cmd {
	wasFiltering := m.list.filtering
	cmd, moved := m.list.Update(msg)
	var cmds = []tea.Cmd{cmd}
	if wasFiltering != m.list.filtering || m.list.Filtered() {
		cmds = append(cmds, m.layout())
	}
	if moved {
		cmds = append(cmds, m.previewSelected())
	}
	return tea.Batch(cmds...)
}

// previewSelected shows the selected post in the preview pane.
func (m *Model) previewSelected() tea.Cmd {
	if p, ok := m.list.Selected(); ok {
		if p.ID != m.preview.post.ID || !m.preview.has {
			return m.preview.Show(p)
		}
		return nil
	}
	m.preview.Clear()
	return nil
}

// canBulk: marking and bulk publishing need the API (a token).
func (m *Model) canBulk() bool {
	return m.common.Publish != nil && m.common.Publish.Publisher.CanUseAPI()
}

// bodyHeight is the height between the header and the footer.
func (m *Model) bodyHeight() int {
	return max(m.common.Height-1-lipgloss.Height(m.footerView()), 3)
}

// listWidth is the outer width of the list pane for a terminal width.
func listWidth(w int) int {
	lw := w * 9 / 20
	if w < 100 {
		lw = w * 11 / 20
	}
	return max(min(lw, 110), min(w, 30))
}

// layout gives each pane its size after a resize or a change in the footer.
func (m *Model) layout() tea.Cmd {
	w := m.common.Width
	if w == 0 {
		return nil
	}
	m.help.Width = w
	bodyH := m.bodyHeight()
	lw := listWidth(w)
	pw := w - lw
	m.list.SetSize(lw-2, bodyH-2)
	if m.screen != nil {
		m.screen.SetSize(w-4, bodyH-2)
	}
	if m.wizard != nil {
		m.wizard.SetSize(w-4, bodyH-2)
	}
	return m.preview.SetSize(pw-4, bodyH-2)
}

// thousands formats n with thin separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
