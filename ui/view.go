package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// View draws the header, the two panes and the footer.
func (m Model) View() string {
	w, h := m.common.Width, m.common.Height
	if w == 0 {
		return ""
	}
	st := m.common.Styles
	footer := m.footerView()
	bodyH := max(h-1-lipgloss.Height(footer), 3)
	var body []string
	if screen, ok := m.screenView(); ok {
		inner := fitLines(screen, w-4, bodyH-2)
		for i, l := range inner {
			inner[i] = " " + l + " "
		}
		body = frame(inner, w-2, bodyH-2, st.BorderFocused)
	} else {
		lw := listWidth(w)
		listBorder, prevBorder := st.BorderFocused, st.Border
		if m.focus == focusPreview {
			listBorder, prevBorder = st.Border, st.BorderFocused
		}
		left := frame(m.listLines(lw-2, bodyH-2), lw-2, bodyH-2, listBorder)
		right := frame(m.preview.Lines(), w-lw-2, bodyH-2, prevBorder)
		body = make([]string, len(left))
		for i := range left {
			body[i] = left[i] + right[i]
		}
	}
	return m.headerView() + "\n" + strings.Join(body, "\n") + "\n" + footer
}

// listLines is the left pane's content, each line exactly w cells.
func (m Model) listLines(w, h int) []string {
	if m.list.Len() == 0 {
		return fitLines(m.emptyListView(w), w, h)
	}
	return m.list.Lines()
}

// screenView is the publish or bulk screen when one is open.
func (m Model) screenView() (string, bool) {
	switch {
	case m.screen != nil:
		return m.screen.View(), true
	case m.wizard != nil:
		return m.wizard.View(), true
	}
	return "", false
}

func (m Model) headerView() string {
	st := m.common.Styles
	left := st.Header.Render("wp2medium")
	if m.site.Name != "" {
		left += st.Muted.Render(" · ") + st.HeaderSite.Render(m.site.Name)
	}
	var right string
	switch {
	case m.loading && m.total > 0:
		right = fmt.Sprintf("%s loading posts… %s of %s", m.spinner.View(), thousands(m.loaded), thousands(m.total))
	case m.loading:
		right = m.spinner.View() + " loading posts…"
	case m.loadErr != nil:
		right = st.Error.Render(fmt.Sprintf("%s posts (listing failed)", thousands(m.loaded)))
	default:
		right = st.Muted.Render(thousands(m.list.Len()) + " posts")
	}
	gap := m.common.Width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left+" "+right, m.common.Width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// emptyListView is the list pane while it has no post: loading, failed, or
// a site without posts.
func (m Model) emptyListView(w int) string {
	st := m.common.Styles
	switch {
	case m.loadErr != nil:
		return st.Error.Render("Could not list the posts.") + "\n\n" +
			wrapText(termtext.Clean(m.loadErr.Error()), w) + "\n\n" +
			st.Muted.Render("Press r to try again, q to quit.")
	case m.loading:
		return st.Muted.Render("Loading posts…")
	}
	return st.Empty.Render(wordWrap("This site has no posts that these credentials can see. Press r to reload.", w))
}

func (m Model) footerView() string {
	st := m.common.Styles
	switch {
	case m.status != "" && m.statusErr:
		return st.Error.Render(truncate("✗ "+m.status, m.common.Width))
	case m.status != "":
		return st.Status.Render(truncate(m.status, m.common.Width))
	case m.loadErr != nil && m.list.Len() > 0:
		return st.Error.Render(truncate("Listing stopped: "+termtext.CleanLine(m.loadErr.Error())+" (r retries)", m.common.Width))
	case m.screen != nil:
		return truncate(keyHints(st, m.screen.hints()...), m.common.Width)
	case m.wizard != nil:
		return st.Muted.Render(truncate("esc leaves the setup • ctrl+c quits", m.common.Width))
	}
	// bubbles/help overflows when not even its ellipsis fits; cut it here.
	return lipgloss.NewStyle().MaxWidth(m.common.Width).Render(m.help.View(m.helpKeys()))
}

// keyHints renders "key", "action" pairs as a help line.
func keyHints(st *Styles, pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		part := st.Muted.Render(pairs[i+1])
		if pairs[i] != "" {
			part = st.Header.UnsetBold().Render(pairs[i]) + " " + part
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, st.Muted.Render(" • "))
}
