package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// The smallest window the app draws in; below it says how big to make it.
const (
	minWidth  = 30
	minHeight = 8
	// twoPaneWidth is the narrowest window that shows the list and the
	// preview side by side; narrower, one shows at a time (tab switches).
	twoPaneWidth = 70
)

// View draws the header, the panes (or the open screen) and the footer. Its
// last step strips every escape sequence but the colours the app itself
// chose: whatever the text inside came from, nothing else reaches the
// terminal.
func (m *Model) View() string {
	w, h := m.common.Width, m.common.Height
	if w == 0 {
		return ""
	}
	if w < minWidth || h < minHeight {
		return termtext.CleanStyled(tooSmall(w, h))
	}
	footer := m.footerView()
	bodyH := m.bodyHeight(footer)
	var body []string
	if m.screen != nil {
		inner := fitLines(m.screen.View(), w-4, bodyH-2)
		for i, l := range inner {
			inner[i] = " " + l + " "
		}
		body = frame(inner, w-2, bodyH-2, m.common.Styles.BorderFocused, lipgloss.RoundedBorder())
	} else {
		body = m.browse.bodyLines(w, bodyH)
	}
	return termtext.CleanStyled(m.browse.headerView(w) + "\n" + strings.Join(body, "\n") + "\n" + footer)
}

// tooSmall is the whole screen of a window too small to use.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("Make the window at least %d×%d (it is %d×%d).", minWidth, minHeight, w, h)
	lines := fitLines(wrapText(msg, w), w, h)
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return strings.Join(lines, "\n")
}

// bodyHeight is the height between the header and the footer.
func (m *Model) bodyHeight(footer string) int {
	return max(m.common.Height-1-lipgloss.Height(footer), 3)
}

// footerView is the start-up notice, if any, above footerLine.
func (m *Model) footerView() string {
	line := m.footerLine()
	if n := m.browse.noticeLine(m.common.Width); n != "" {
		return n + "\n" + line
	}
	return line
}

// footerLine is the status line, else the keys of the open screen, else
// the keys of the pane with focus.
func (m *Model) footerLine() string {
	w := m.common.Width
	if line := m.browse.statusLine(w); line != "" {
		return line
	}
	if m.screen != nil {
		return lipgloss.NewStyle().MaxWidth(w).Render(m.help.ShortHelpView(m.screen.ShortHelp()))
	}
	if line := m.browse.errorLine(w); line != "" {
		return line
	}
	// bubbles/help overflows when not even its ellipsis fits; cut it here.
	keys := m.help.ShortHelpView(m.browse.helpKeys().ShortHelp())
	if n := m.browse.list.MarkedCount(); n > 0 {
		note := m.common.Styles.Status.Render(thousands(n) + " marked")
		h := m.help
		h.Width = max(w-lipgloss.Width(note)-3, 1)
		keys = note + m.common.Styles.Muted.Render(" · ") + h.ShortHelpView(m.browse.helpKeys().ShortHelp())
	}
	return lipgloss.NewStyle().MaxWidth(w).Render(keys)
}

// errorLine says why the list on screen may be incomplete or old: the
// listing stopped, or the sync failed (the header says since when).
func (b *browser) errorLine(w int) string {
	if b.loadErr == nil || b.list.Len() == 0 {
		return ""
	}
	text := "Listing stopped: " + termtext.CleanLine(b.loadErr.Error()) + " (r retries)"
	if b.common.Posts != nil {
		text = "Could not sync: " + termtext.CleanLine(b.loadErr.Error())
	}
	return b.common.Styles.Error.Render(truncate(text, w))
}

// statusLine is the transient status or the error waiting for a key, or "".
func (b *browser) statusLine(w int) string {
	st := b.common.Styles
	switch {
	case b.status != "" && b.statusErr:
		return st.Error.Render(truncate("✗ "+b.status, w))
	case b.status != "":
		return st.Status.Render(truncate(b.status, w))
	}
	return ""
}

// paneWidths is how wide the list and the preview are, borders included;
// below twoPaneWidth only the pane with focus is shown (the other is 0).
func (b *browser) paneWidths(w int) (list, prev int) {
	if w < twoPaneWidth {
		if b.focus == focusPreview {
			return 0, w
		}
		return w, 0
	}
	// 55% up to 60 cells (a title column of 30 beside status, date and
	// Medium), 45% of a wide window; it grows with the window, never
	// jumps back.
	lw := min(max(w*9/20, min(60, w*11/20)), 110)
	return lw, w - lw
}

// SetSize gives each pane its size inside a body of w×h cells.
func (b *browser) SetSize(w, h int) tea.Cmd {
	lw, pw := b.paneWidths(w)
	if lw == 0 {
		lw = w // hidden, but sized to come back as it will be drawn
	}
	if pw == 0 {
		pw = w
	}
	b.list.SetSize(lw-2, h-2)
	return tea.Batch(b.preview.SetSize(pw-4, h-2), b.medium.want(b.list.around()))
}

// bodyLines draws the panes, each in its frame; the one with focus has a
// heavier frame, so focus shows without colour too (NO_COLOR).
func (b *browser) bodyLines(w, h int) []string {
	st := b.common.Styles
	lw, pw := b.paneWidths(w)
	border := func(f focus) (lipgloss.Style, lipgloss.Border) {
		if b.focus == f {
			return st.BorderFocused, lipgloss.ThickBorder()
		}
		return st.Border, lipgloss.RoundedBorder()
	}
	var left, right []string
	if lw > 0 {
		s, bd := border(focusList)
		left = frame(b.listLines(lw-2, h-2), lw-2, h-2, s, bd)
	}
	if pw > 0 {
		s, bd := border(focusPreview)
		right = frame(b.preview.Lines(), pw-2, h-2, s, bd)
	}
	switch {
	case left == nil:
		return right
	case right == nil:
		return left
	}
	out := make([]string, len(left))
	for i := range left {
		out[i] = left[i] + right[i]
	}
	return out
}

// listLines is the left pane's content, each line exactly w cells.
func (b *browser) listLines(w, h int) []string {
	if b.list.Len() == 0 {
		return fitLines(b.emptyListView(w), w, h)
	}
	return b.list.Lines()
}

func (b *browser) headerView(width int) string {
	st := b.common.Styles
	left := st.Header.Render("wp2medium")
	if b.site.Name != "" {
		left += st.Muted.Render(" · ") + st.HeaderSite.Render(b.site.Name)
	}
	var tab string
	if width < twoPaneWidth {
		other := "preview"
		if b.focus == focusPreview {
			other = "list"
		}
		tab = st.Muted.Render(" · tab: " + other)
	}
	var right string
	switch {
	case b.loading && b.streaming && b.total > 0:
		right = fmt.Sprintf("%s loading posts… %s of %s", b.spinner.View(), thousands(b.loaded), thousands(b.total))
	case b.loading && b.streaming:
		right = b.spinner.View() + " loading posts…"
	case b.loading:
		right = b.spinner.View() + " refreshing · " + st.Muted.Render(thousands(b.list.Len())+" posts")
	case b.loadErr != nil && b.common.Posts != nil && b.list.Len() > 0:
		// The store's list, with its age: the longest note that fits.
		notes := b.staleNotes()
		notes = append([]string{thousands(b.list.Len()) + " posts · " + notes[0]}, notes...)
		right = st.Error.Render(notes[len(notes)-1])
		for _, n := range notes {
			if lipgloss.Width(left)+1+ansi.StringWidth(n)+lipgloss.Width(tab) <= width {
				right = st.Error.Render(n)
				break
			}
		}
	case b.loadErr != nil:
		right = st.Error.Render(fmt.Sprintf("%s posts (listing failed)", thousands(b.loaded)))
	default:
		right = st.Muted.Render(b.position())
	}
	// What waits for sync comes first, and only when it fits.
	if note := b.medium.waitingNote(); note != "" {
		if with := st.Muted.Render(note+" · ") + right; lipgloss.Width(left)+1+lipgloss.Width(with+tab) <= width {
			right = with
		}
	}
	right += tab
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left+" "+right, width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// position is where the selection is in the list: "1,204 / 10,030 posts",
// and with a filter, of how many: "3 / 12 of 10,030 posts".
func (b *browser) position() string {
	n, shown := b.list.Len(), b.list.Shown()
	if n == 0 {
		return "0 posts"
	}
	at := "–"
	if _, ok := b.list.Selected(); ok {
		at = thousands(b.list.cursor + 1)
	}
	if b.list.Narrowed() {
		return at + " / " + thousands(shown) + " of " + thousands(n) + " posts"
	}
	return at + " / " + thousands(n) + " posts"
}

// emptyListView is the list pane while it has no post: loading, failed, or
// a site without posts.
func (b *browser) emptyListView(w int) string {
	st := b.common.Styles
	switch {
	case b.loadErr != nil:
		return st.Error.Render("Could not list the posts.") + "\n\n" +
			wrapText(termtext.Clean(b.loadErr.Error()), w) + "\n\n" +
			st.Muted.Render(wrapText("Press r to try again, q to quit.", w))
	case b.loading:
		return st.Muted.Render("Loading posts…")
	}
	return st.Empty.Render(wrapText("This site has no posts that these credentials can see. Press r to sync again.", w))
}

// thousands formats n with separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
