package ui

import (
	"sync/atomic"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// screen is a full-width overlay over the list: publishing one post, the
// bulk publish, the importer route, the setup wizard, the keys. Every one
// has pointer receivers, so what a form writes into the screen's fields is
// what the screen sends. While one is open it gets every key but ctrl+c and
// every message the root does not handle itself; it closes by returning
// closeScreen. The root never asks a screen whether it is done, nor what
// kind of screen it is.
type screen interface {
	// Init starts the screen's first work (a fetch, a form), once it is
	// shown and sized.
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// help.KeyMap is the keys that work now, for the footer.
	help.KeyMap
}

// closeScreenMsg closes the open screen: the list is shown again.
type closeScreenMsg struct{}

func closeScreen() tea.Msg { return closeScreenMsg{} }

// screenIDs tags what a screen's commands send back, so that a result
// arriving after its screen closed is dropped by the next screen instead of
// being taken for its own.
var screenIDs atomic.Int64

func nextScreenID() int { return int(screenIDs.Add(1)) }

// hint describes a key of a screen step for its footer; the step's Update
// matches the key itself.
func hint(keyName, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keyName), key.WithHelp(keyName, desc))
}
