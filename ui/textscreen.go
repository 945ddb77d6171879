package ui

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// textScreen shows a text to read or select by hand: what was sent to the
// clipboard, which the terminal may have ignored.
type textScreen struct {
	common *Common
	title  string
	note   string
	text   string
	width  int
	view   viewport.Model
}

func newTextScreen(c *Common, title, note, text string) *textScreen {
	return &textScreen{common: c, title: title, note: note, text: termtext.Clean(text), view: viewport.New(0, 0)}
}

func (s *textScreen) Init() tea.Cmd { return nil }

func (s *textScreen) SetSize(w, h int) {
	s.width = w
	s.view.Width = w
	s.view.Height = max(h-lipgloss.Height(s.head()), 1)
	s.view.SetContent(wrapText(s.text, w))
}

func (s *textScreen) head() string {
	st := s.common.Styles
	return st.Header.Render(s.title) + "\n\n" + st.Muted.Render(wrapText(s.note, s.width)) + "\n\n"
}

var closeTextKey = key.NewBinding(key.WithKeys("esc", "q", "enter"), key.WithHelp("esc", "back"))

func (s *textScreen) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(tea.MouseMsg); ok { // the wheel scrolls the text
		var cmd tea.Cmd
		s.view, cmd = s.view.Update(m)
		return cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		if key.Matches(k, closeTextKey) {
			return closeScreen
		}
		var cmd tea.Cmd
		s.view, cmd = s.view.Update(k)
		return cmd
	}
	return nil
}

func (s *textScreen) View() string { return s.head() + s.view.View() }

func (s *textScreen) ShortHelp() []key.Binding  { return []key.Binding{scrollKey, closeTextKey} }
func (s *textScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }
