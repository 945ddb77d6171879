package ui

import "github.com/charmbracelet/bubbles/key"

// helpKeys is the help for whatever has focus now: the list, the preview or
// the filter input. bubbles/help skips disabled bindings.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

func (m *Model) helpKeys() helpKeys {
	k := m.common.Keys
	switch {
	case m.list.filtering:
		return helpKeys{
			short: []key.Binding{k.AcceptFilter, k.CancelFilter},
			full:  [][]key.Binding{{k.AcceptFilter, k.CancelFilter}},
		}
	case m.focus == focusPreview:
		return helpKeys{
			short: []key.Binding{scrollKey, k.Focus, k.Open, k.Copy, k.Help, k.Quit},
			full: [][]key.Binding{
				{scrollKey, pageKey},
				{k.Focus, k.Reload},
				{k.Open, k.Copy},
				{k.Help, k.Quit},
			},
		}
	}
	return helpKeys{
		short: []key.Binding{k.Up, k.Down, k.Publish, k.Filter, k.Clear, k.Focus, k.Open, k.Help, k.Quit},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Filter, k.Clear, k.Focus, k.Reload},
			{k.Publish, k.Mark, k.Bulk, k.Setup},
			{k.Open, k.Copy, k.CopyMD, k.CopyHTML},
			{k.Help, k.Quit},
		},
	}
}

// The preview scrolls with bubbles/viewport's own keys; these bindings only
// describe them in the help.
var (
	scrollKey = key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll"))
	pageKey   = key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "page"))
)

// updateKeys disables the bindings that would do nothing now.
func (m *Model) updateKeys() {
	k := m.common.Keys
	_, selected := m.list.Selected()
	k.Open.SetEnabled(selected)
	k.Copy.SetEnabled(selected)
	k.Filter.SetEnabled(m.list.Len() > 0)
	k.Clear.SetEnabled(m.list.Filtered())
	k.Publish.SetEnabled(selected && m.common.Publish != nil)
	k.Mark.SetEnabled(selected && m.canBulk())
	k.Bulk.SetEnabled(m.canBulk() && m.list.MarkedCount() > 0)
	k.Setup.SetEnabled(m.common.Setup != nil)
	k.CopyMD.SetEnabled(selected && m.common.Publish != nil)
	k.CopyHTML.SetEnabled(selected && m.common.Publish != nil)
}
