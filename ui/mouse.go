package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// wheelStep is how far one notch of the wheel moves a pane: three rows,
// as in most terminals' own scrollback and in lazygit.
const wheelStep = 3

// headerHeight is the header's one line (headerView) above the panes.
const headerHeight = 1

// paneHit is where a cell of the screen falls in the browser's body: in
// which pane, and on which line of the pane's content (-1 on its border).
type paneHit struct {
	pane focus
	line int
}

// hitTest finds the pane under the cell (x, y), zero-based, with the
// numbers bodyLines draws with: the header's line, then each pane as a
// frame paneWidths wide whose inner height is what SetSize gave the panes.
// ok is false over the header, the footer and outside the panes.
func (b *browser) hitTest(x, y int) (hit paneHit, ok bool) {
	lw, pw := b.paneWidths(b.common.Width)
	inner := b.list.height // SetSize gives both panes the body's height less the frame
	top := headerHeight
	if y < top || y >= top+inner+2 || x < 0 {
		return paneHit{}, false
	}
	line := y - top - 1
	if line >= inner {
		line = -1 // the frame's bottom border
	}
	switch {
	case lw > 0 && x < lw:
		if x == 0 || x == lw-1 {
			line = -1
		}
		return paneHit{pane: focusList, line: line}, true
	case pw > 0 && x >= lw && x < lw+pw:
		if x == lw || x == lw+pw-1 {
			line = -1
		}
		return paneHit{pane: focusPreview, line: line}, true
	}
	return paneHit{}, false
}

// mouse handles the mouse while no screen is open: the wheel scrolls the
// pane under the pointer, whichever has focus; a left click on a post's row
// selects it and focuses the list, one on the preview focuses the preview.
// A click leaves an input it was typing into, keeping what was typed (as
// enter does). Everything else (the header, the footer, the column header,
// motion, releases) does nothing.
func (b *browser) mouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Action != tea.MouseActionPress {
		return nil
	}
	hit, ok := b.hitTest(msg.X, msg.Y)
	if !ok {
		return nil
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp, tea.MouseButtonWheelDown:
		step := wheelDelta(msg)
		if hit.pane == focusPreview {
			b.preview.scrollBy(step)
			return nil
		}
		if b.list.scrollBy(step) {
			return b.previewSelected()
		}
		return nil
	case tea.MouseButtonLeft:
		if hit.pane == focusPreview {
			b.list.leaveFilter()
			b.setFocus(focusPreview)
			return nil
		}
		si, ok := b.list.rowAt(hit.line)
		if !ok {
			return nil
		}
		b.list.leaveFilter()
		b.preview.leaveSearch()
		b.setFocus(focusList)
		b.list.restore = 0
		b.list.moveTo(si)
		return b.previewSelected()
	}
	return nil
}

// rowAt is the index in the shown order of the post drawn on line of the
// pane's content, if a post is drawn there. The rows are the last lines
// Lines draws (under the filter line and the column header), so the count
// comes from the drawing itself.
func (l *postList) rowAt(line int) (int, bool) {
	if line < 0 || len(l.shown) == 0 {
		return 0, false
	}
	rows := min(l.offset+l.rows(), len(l.shown)) - l.offset
	head := len(l.Lines()) - rows
	if line < head || line >= head+rows {
		return 0, false
	}
	return l.offset + line - head, true
}

// scrollBy moves the list's view by n rows, keeping the selection on
// screen: it moves only when its row scrolls off (moved reports that).
func (l *postList) scrollBy(n int) (moved bool) {
	if len(l.shown) == 0 {
		return false
	}
	rows := l.rows()
	l.offset = max(0, min(l.offset+n, len(l.shown)-rows))
	cursor := min(max(l.cursor, l.offset), l.offset+rows-1, len(l.shown)-1)
	moved = cursor != l.cursor
	l.cursor = cursor
	return moved
}

// leaveFilter takes the focus from the filter input, keeping its text.
func (l *postList) leaveFilter() {
	if l.filtering {
		l.filtering = false
		l.filter.Blur()
		l.clampOffset()
	}
}

// scrollBy moves the preview's text by n lines.
func (p *preview) scrollBy(n int) { p.scrollTo(p.offset + n) }

// mouse routes the mouse: to the browser while no screen is open. Over a
// screen only the wheel goes on, to scroll a screen that scrolls with
// keys; a click there does nothing, since a form's keys are its only way
// to choose. A press is a user's action like a key: it clears an error.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Action == tea.MouseActionPress {
		m.browse.clearError()
	}
	if m.screen != nil {
		if tea.MouseEvent(msg).IsWheel() {
			return m.screen.Update(msg)
		}
		return nil
	}
	return m.routeToBrowser(msg)
}

// wheelDelta is the lines one wheel event scrolls a screen by: negative
// up, 0 for anything but a vertical wheel press.
func wheelDelta(msg tea.MouseMsg) int {
	if msg.Action != tea.MouseActionPress {
		return 0
	}
	switch msg.Button {
	case tea.MouseButtonWheelUp:
		return -wheelStep
	case tea.MouseButtonWheelDown:
		return wheelStep
	}
	return 0
}
