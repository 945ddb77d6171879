package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// helpScreen is every key of the pane that had focus, in columns that wrap
// to the window's width, so no key is ever cut off. ? or esc closes it.
type helpScreen struct {
	common *Common
	keys   help.KeyMap
	width  int
	height int
	offset int
	laid   []string // the layout for width, made by SetSize
}

func newHelpScreen(c *Common, keys help.KeyMap) *helpScreen {
	return &helpScreen{common: c, keys: keys}
}

func (s *helpScreen) Init() tea.Cmd { return nil }

func (s *helpScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.laid = s.layout()
	s.scroll(0)
}

var (
	closeHelpKey  = key.NewBinding(key.WithKeys("?", "esc", "q"), key.WithHelp("? / esc", "close help"))
	scrollHelpKey = key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "scroll"))
)

func (s *helpScreen) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.MouseMsg); ok {
		s.scroll(wheelDelta(msg))
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, closeHelpKey, s.common.Keys.Help): // the help key, remapped or not
			return closeScreen
		case key.Matches(msg, s.common.Keys.Up):
			s.scroll(-1)
		case key.Matches(msg, s.common.Keys.Down):
			s.scroll(1)
		}
	}
	return nil
}

// layout packs the key columns into rows as wide as the screen allows.
func (s *helpScreen) layout() []string {
	st := s.common.Styles
	var blocks []string
	for _, group := range s.keys.FullHelp() {
		var rows []string
		keyW := 0
		for _, b := range group {
			if b.Enabled() {
				keyW = max(keyW, lipgloss.Width(b.Help().Key))
			}
		}
		for _, b := range group {
			if !b.Enabled() || b.Help() == s.common.Keys.Help.Help() {
				continue // the help key is this screen's own: the footer says what it does here
			}
			row := st.Header.UnsetBold().Render(pad(b.Help().Key, keyW)) + " " + st.Muted.Render(b.Help().Desc)
			if lipgloss.Width(row) > s.width { // a narrow window: wrap, never cut
				row = wrapText(row, s.width)
			}
			rows = append(rows, row)
		}
		if len(rows) > 0 {
			blocks = append(blocks, strings.Join(rows, "\n"))
		}
	}
	// Pack the columns into rows of columns as wide as the window allows.
	var out []string
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
			out = append(out, "")
			row, rowW = nil, 0
		}
	}
	for _, b := range blocks {
		w := lipgloss.Width(b) + 4
		if rowW > 0 && rowW+w > s.width {
			flush()
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(b))
		rowW += w
	}
	flush()
	return append([]string{st.Header.Render("Keys"), ""}, out...)
}

func (s *helpScreen) scroll(by int) {
	s.offset = max(0, min(s.offset+by, len(s.laid)-s.height))
}

func (s *helpScreen) View() string {
	end := min(s.offset+s.height, len(s.laid))
	return strings.Join(s.laid[min(s.offset, end):end], "\n")
}

func (s *helpScreen) ShortHelp() []key.Binding {
	closeKey := closeHelpKey // says the help key in use
	closeKey.SetHelp(s.common.Keys.Help.Help().Key+" / esc", closeKey.Help().Desc)
	return []key.Binding{closeKey, scrollHelpKey}
}
func (s *helpScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
