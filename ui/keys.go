package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/config"
)

// KeyMap is the one keymap of the app. Bindings that do nothing in the current
// state are disabled (see Model.updateKeys) so help never lists them.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Filter   key.Binding
	Clear    key.Binding
	Focus    key.Binding
	Open     key.Binding
	Copy     key.Binding
	Reload   key.Binding
	Refetch  key.Binding
	Publish  key.Binding
	Plan     key.Binding
	Mark     key.Binding
	Bulk     key.Binding
	Setup    key.Binding
	CopyMD   key.Binding
	CopyHTML key.Binding
	Help     key.Binding
	Quit     key.Binding

	// The story at hand and the post's other pages.
	OpenStory key.Binding
	CopyStory key.Binding
	Edit      key.Binding
	History   key.Binding
	Diff      key.Binding

	// What the list shows, and the marks.
	Sort         key.Binding
	FilterWP     key.Binding
	FilterMedium key.Binding
	MarkAll      key.Binding
	ClearMarks   key.Binding

	// Search in the preview (Filter opens it while the preview has focus).
	NextMatch key.Binding
	PrevMatch key.Binding

	// Filter input
	AcceptFilter key.Binding
	CancelFilter key.Binding
}

// DefaultKeyMap returns the keys documented in the README.
func DefaultKeyMap() *KeyMap {
	return &KeyMap{
		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "f"), key.WithHelp("pgdn", "page down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Clear:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filters")),
		Focus:        key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "pane")),
		Open:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open")),
		Copy:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy URL")),
		Reload:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "sync")),
		Refetch:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refetch all")),
		Publish:      key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "publish")),
		Plan:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "plan for sync")),
		Mark:         key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "mark")),
		Bulk:         key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "publish marked")),
		Setup:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "setup")),
		CopyMD:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy for Medium (Markdown)")),
		CopyHTML:     key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "copy for Medium (HTML)")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:         key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		OpenStory:    key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open story")),
		CopyStory:    key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy story URL")),
		Edit:         key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit in wp-admin")),
		History:      key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
		Diff:         key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "what changed")),
		Sort:         key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "next order")),
		FilterWP:     key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "filter by WordPress status")),
		FilterMedium: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "filter by Medium state")),
		MarkAll:      key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "mark all shown")),
		ClearMarks:   key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "clear marks")),
		NextMatch:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/previous match")),
		PrevMatch:    key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		AcceptFilter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		CancelFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// actions maps each config.KeyActions name (the ui.keys entries) to its
// binding; the tests check that the two lists and the defaults agree.
func (k *KeyMap) actions() map[string]*key.Binding {
	return map[string]*key.Binding{
		"filter": &k.Filter, "clear_filter": &k.Clear, "switch_pane": &k.Focus,
		"open": &k.Open, "copy_url": &k.Copy, "open_story": &k.OpenStory, "copy_story": &k.CopyStory,
		"edit": &k.Edit, "history": &k.History, "diff": &k.Diff, "sync": &k.Reload, "refetch": &k.Refetch,
		"publish": &k.Publish, "plan": &k.Plan, "mark": &k.Mark, "publish_marked": &k.Bulk,
		"mark_all": &k.MarkAll, "clear_marks": &k.ClearMarks, "copy_markdown": &k.CopyMD,
		"copy_html": &k.CopyHTML, "sort": &k.Sort, "filter_wordpress": &k.FilterWP,
		"filter_medium": &k.FilterMedium, "next_match": &k.NextMatch, "previous_match": &k.PrevMatch,
		"setup": &k.Setup, "help": &k.Help, "quit": &k.Quit,
	}
}

// Remap gives actions the keys ui.keys lists (config.Load has checked them:
// known actions, key names, no key shared). An action's listed keys replace
// its defaults, and its help shows them, so the footer and the help screen
// show the keys in use.
func (k *KeyMap) Remap(keys map[string][]string) {
	bindings := k.actions()
	for name, names := range keys {
		b, ok := bindings[name]
		if !ok || len(names) == 0 {
			continue
		}
		msgs := make([]string, len(names))
		for i, n := range names {
			msgs[i] = config.KeyMsgString(n)
		}
		b.SetKeys(msgs...)
		b.SetHelp(strings.Join(names, "/"), b.Help().Desc)
	}
	// Next and previous match share one help entry.
	_, next := keys["next_match"]
	_, prev := keys["previous_match"]
	if next || prev {
		u := config.UI{Keys: keys}
		k.NextMatch.SetHelp(strings.Join(u.KeysFor("next_match"), "/")+"/"+strings.Join(u.KeysFor("previous_match"), "/"),
			k.NextMatch.Help().Desc)
	}
}

// moveTo is where a move key (up, down, page, top, bottom) takes a
// position at, in a list of n with pages of page; ok is false for any
// other key. The list, the preview and the history move with it.
func (k *KeyMap) moveTo(msg tea.KeyMsg, at, page, n int) (to int, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		return at - 1, true
	case key.Matches(msg, k.Down):
		return at + 1, true
	case key.Matches(msg, k.PageUp):
		return at - page, true
	case key.Matches(msg, k.PageDown):
		return at + page, true
	case key.Matches(msg, k.Top):
		return 0, true
	case key.Matches(msg, k.Bottom):
		return n - 1, true
	}
	return at, false
}
