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

func (b *browser) helpKeys() helpKeys {
	k := b.common.Keys
	switch {
	case b.list.filtering:
		return helpKeys{
			short: []key.Binding{k.AcceptFilter, k.CancelFilter},
			full:  [][]key.Binding{{k.AcceptFilter, k.CancelFilter}},
		}
	case b.preview.searching():
		keep, clear := withDesc(k.AcceptFilter, "keep search"), withDesc(k.CancelFilter, "clear search")
		return helpKeys{short: []key.Binding{keep, clear}, full: [][]key.Binding{{keep, clear}}}
	case b.focus == focusPreview:
		search := withDesc(k.Filter, "search")
		return helpKeys{
			short: []key.Binding{scrollKey, search, k.NextMatch, k.Focus, k.Open, k.Copy, k.Help, k.Quit},
			full: [][]key.Binding{
				{scrollKey, pageKey, k.Top, k.Bottom},
				{search, k.NextMatch, k.PrevMatch},
				{k.FilterWP, k.FilterMedium, k.Sort, k.Clear, k.Focus, k.Reload, k.Refetch},
				{k.MarkAll, k.ClearMarks, k.Bulk},
				{k.Publish, k.Plan, k.CopyMD, k.CopyHTML},
				{k.Open, k.Copy, k.OpenStory, k.CopyStory, k.Edit, k.History, k.Diff},
				{k.Help, k.Quit},
			},
		}
	}
	return helpKeys{
		// Plan comes last: cut first in a narrow window, where "? more
		// keys" still shows it.
		short: []key.Binding{k.Up, k.Down, k.Publish, k.Diff, k.Filter, k.Clear, k.Focus, k.Open, k.Help, k.Quit, k.Plan},
		full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Filter, k.FilterWP, k.FilterMedium, k.Sort, k.Clear, k.Focus, k.Reload, k.Refetch},
			{k.Publish, k.Plan, k.Mark, k.MarkAll, k.ClearMarks, k.Bulk, k.History, k.Setup},
			{k.Open, k.Copy, k.OpenStory, k.CopyStory, k.Edit, k.CopyMD, k.CopyHTML, k.Diff},
			{k.Help, k.Quit},
		},
	}
}

// The preview scrolls with these keys (preview.Update); the bindings only
// describe them in the help.
var (
	scrollKey = key.NewBinding(key.WithKeys("up", "down", "j", "k"), key.WithHelp("↑↓/jk", "scroll"))
	pageKey   = key.NewBinding(key.WithKeys("pgup", "pgdown", " "), key.WithHelp("pgup/pgdn/space", "page"))
)

// withDesc is a binding as it reads in another pane: the same keys (as
// remapped), another description.
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// updateKeys disables the bindings that would do nothing now.
func (m *Model) updateKeys() {
	b, k := m.browse, m.common.Keys
	post, selected := b.list.Selected()
	k.Open.SetEnabled(selected)
	k.Copy.SetEnabled(selected)
	k.Filter.SetEnabled(b.list.Len() > 0)
	k.Clear.SetEnabled(b.list.Narrowed())
	k.Publish.SetEnabled(selected && m.common.Publish != nil)
	k.Plan.SetEnabled(selected && b.canPlan())
	k.Mark.SetEnabled(selected && b.canBulk() && b.focus == focusList)
	k.Bulk.SetEnabled(b.canBulk() && b.list.MarkedCount() > 0)
	k.Setup.SetEnabled(m.common.Setup != nil)
	k.History.SetEnabled(b.canShowHistory())
	_, stories := b.medium.src.(StoryRecords)
	k.OpenStory.SetEnabled(selected && stories)
	k.CopyStory.SetEnabled(selected && stories)
	k.Edit.SetEnabled(selected) // says why when the site's wp-admin is not known yet
	k.FilterWP.SetEnabled(b.list.Len() > 0)
	k.FilterMedium.SetEnabled(b.list.Len() > 0)
	k.Sort.SetEnabled(b.list.Len() > 0)
	k.MarkAll.SetEnabled(b.list.Shown() > 0 && b.canBulk())
	k.ClearMarks.SetEnabled(b.list.MarkedCount() > 0)
	k.Diff.SetEnabled(selected && b.canDiff(post))
	k.CopyMD.SetEnabled(selected && m.common.Publish != nil)
	k.CopyHTML.SetEnabled(selected && m.common.Publish != nil)
	matches := b.focus == focusPreview && b.preview.hasMatches()
	k.NextMatch.SetEnabled(matches)
	k.PrevMatch.SetEnabled(matches)
}
