package ui

import tea "github.com/charmbracelet/bubbletea"

// screenModel is a full-width screen over the list: publishing one post, the bulk
// publish, the importer route. While one is open it gets every key but
// ctrl+c, and the root model closes it once it is finished.
type screenModel interface {
	updateScreen(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	finished() bool
	// hints are the keys that work now, as "key", "action" pairs.
	hints() []string
}

func (m *publishModel) updateScreen(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

func (m *publishModel) finished() bool { return m.done }

func (m *bulkModel) updateScreen(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

func (m *bulkModel) finished() bool { return m.done }

func (m *importModel) updateScreen(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

func (m *importModel) finished() bool { return m.done }
