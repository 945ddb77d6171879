package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// NoRecordNotice is the note the app starts with when this machine's
// store has no record of the site: on a new machine, every post looks
// unsent, and a post already on Medium would be offered again as new.
// It fits 80 columns.
const NoRecordNotice = "No record of this site here: wp2medium reconcile finds its stories on Medium"

// noticeDuration is how long a start-up notice stays: longer than a status,
// since it is read before anything else.
const noticeDuration = 30 * time.Second

// noticeMsg shows a start-up notice in the status line (Options.Notice).
type noticeMsg struct{ text string }

func noticeCmd(text string) tea.Cmd {
	if text == "" {
		return nil
	}
	return func() tea.Msg { return noticeMsg{text: text} }
}

// showNotice puts the notice in the status line until noticeDuration
// passes or another status replaces it.
func (b *browser) showNotice(text string) tea.Cmd {
	b.statusID++
	b.status, b.statusErr = termtext.CleanLine(text), false
	return clearStatusAfter(b.statusID, noticeDuration)
}
