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

// clearNoticeMsg ends the notice shown with id.
type clearNoticeMsg struct{ id int }

// showNotice shows the notice on a line of its own above the footer (the
// keys and the statuses stay visible) until noticeDuration passes.
func (b *browser) showNotice(text string) tea.Cmd {
	b.noticeID++
	b.notice = termtext.CleanLine(text)
	id := b.noticeID
	return tea.Tick(noticeDuration, func(time.Time) tea.Msg { return clearNoticeMsg{id: id} })
}

// noticeLine is the notice, cut to w cells, or "".
func (b *browser) noticeLine(w int) string {
	if b.notice == "" {
		return ""
	}
	return b.common.Styles.Status.Render(truncate(b.notice, w))
}
