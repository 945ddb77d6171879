package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// wizardMaxWidth keeps the wizard's lines readable on wide terminals.
const wizardMaxWidth = 100

// wizardCancelKey is the wizard's own binding; huh's fields bring the rest.
var wizardCancelKey = key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "cancel"))

// View draws the header, what the checks found so far, the page's
// explanation, the last failure, then the form (or the spinner of a running
// check) and the keys.
func (w *Wizard) View() string {
	if w.done != nil {
		if w.opts.Standalone {
			return "" // the command prints the outcome after the program ends
		}
		return w.doneLine()
	}
	top, bottom := w.chrome()
	body := w.form.View()
	if w.busy != "" {
		text := w.busy
		if text == "saving" {
			text = "Saving " + w.opts.Path + "…"
		}
		body = w.spinner.View() + " " + w.opts.Styles.Muted.Render(termtext.CleanLine(text))
	}
	view := top + body + bottom
	if w.height > 0 {
		if lines := strings.Split(view, "\n"); len(lines) > w.height {
			view = strings.Join(lines[:w.height], "\n")
		}
	}
	return view
}

// chrome is everything around the form: the part above it and below it.
func (w *Wizard) chrome() (top, bottom string) {
	s := w.opts.Styles
	width := w.textWidth()
	var b strings.Builder
	b.WriteString(s.Header.Render("wp2medium setup"))
	if w.page < pageDone {
		b.WriteString(s.Muted.Render(fmt.Sprintf("  step %d of %d: %s", int(w.page)+1, wizardSteps, w.page)))
	}
	b.WriteString("\n\n")
	if w.page != pageSummary {
		if lines := w.progressLines(); len(lines) > 0 {
			for _, l := range lines {
				b.WriteString(wrapText(l, width) + "\n")
			}
			b.WriteString("\n")
		}
		b.WriteString(s.Muted.Render(wrapText(strings.Join(w.intro(w.page), " "), width)) + "\n\n")
	} else {
		b.WriteString(s.Muted.Render(wrapText(strings.Join(w.intro(w.page), " "), width)) + "\n\n")
		b.WriteString(w.summaryView(width) + "\n\n")
	}
	if w.failure != "" {
		b.WriteString(s.Error.Render(wrapText("✗ "+w.failure, width)) + "\n\n")
	}
	top = b.String()

	h := help.New()
	h.Styles.ShortKey = s.Muted.Bold(true)
	h.Styles.ShortDesc = s.Muted
	h.Styles.ShortSeparator = s.Muted
	keys := []key.Binding{wizardCancelKey}
	if w.busy == "" {
		keys = append(w.form.KeyBinds(), keys...)
	}
	bottom = "\n\n" + h.ShortHelpView(keys)
	return top, bottom
}

func (w *Wizard) textWidth() int {
	if w.width <= 0 {
		return 80
	}
	return min(w.width, wizardMaxWidth)
}

// progressLines say what the checks of the earlier pages found.
func (w *Wizard) progressLines() []string {
	st, s := w.st, w.opts.Styles
	ok := s.Status.Render("✓ ")
	skipped := s.Muted.Render("– ")
	var lines []string
	if w.page > pageSite && st.site != nil {
		lines = append(lines, ok+"WordPress site: "+st.site.name+" ("+st.site.url+")")
	}
	if w.page > pageWordPress {
		if st.wpMode == choiceSignIn && st.wpUser != nil {
			lines = append(lines, ok+"Signed in as "+userLabel(st.wpUser.Name, st.wpUser.Slug))
		} else {
			lines = append(lines, skipped+"Not signed in: only public posts are visible; no cross-link on the WordPress side")
		}
	}
	if w.page > pageMedium {
		if st.mediumMode == choiceToken && st.token != nil {
			lines = append(lines, ok+"Medium: @"+st.token.user.Username+nameSuffix(st.token.user.Name))
		} else {
			lines = append(lines, skipped+"No Medium token: posts go through Medium's importer")
		}
	}
	return lines
}

func userLabel(name, slug string) string {
	if name == "" {
		return slug
	}
	if slug == "" || slug == name {
		return name
	}
	return name + " (" + slug + ")"
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}

// summaryRows is the summary as label/value pairs, secrets masked. The
// accessible mode prints the same rows.
func (w *Wizard) summaryRows() [][2]string {
	st := w.st
	c := w.result()
	site := c.WordPress.URL
	if st.site != nil {
		site = st.site.name + "  " + st.site.url
	}
	rows := [][2]string{{"Site", site}}
	if st.wpMode == choiceSignIn {
		rows = append(rows, [2]string{"Sign-in", termtext.CleanLine(c.WordPress.Username) +
			", application password " + config.Mask(c.WordPress.AppPassword)})
	} else {
		rows = append(rows, [2]string{"Sign-in", "skipped: only public posts are visible; no cross-link on WordPress"})
	}
	if st.mediumMode == choiceToken {
		tok := config.Mask(c.Medium.Token)
		if st.token != nil {
			tok += "  @" + st.token.user.Username
		}
		rows = append(rows, [2]string{"Medium token", tok}, [2]string{"Publication", w.publicationLabel(c.Medium.PublicationID)})
	} else {
		rows = append(rows, [2]string{"Medium token", "none: posts go through " + strings.TrimPrefix(medium.ImportURL, "https://")})
	}
	status := "Ask each time"
	if ps, ok := c.Defaults.PublishStatus(); ok {
		status = ps.Label()
	}
	rows = append(rows,
		[2]string{"Status", status},
		[2]string{"License", c.Defaults.License.Label()},
		[2]string{"Cross-link", yesNo(c.Defaults.CrossLink)},
		[2]string{"Notify followers", yesNo(c.Defaults.NotifyFollowers)},
	)
	rows = append(rows, w.autoSummaryRows(c.Auto)...)
	rows = append(rows, [2]string{"File", w.opts.Path + " (mode 0600)"})
	for _, o := range w.opts.EnvOverrides {
		rows = append(rows, [2]string{"Note", o.Env + " is set and overrides " + o.Key + " while it is"})
	}
	return rows
}

func (w *Wizard) publicationLabel(id string) string {
	if id == "" {
		return "none: your profile"
	}
	if w.st.token != nil {
		for _, p := range w.st.token.pubs {
			if p.ID == id {
				return p.Name + " (" + id + ")"
			}
		}
	}
	return termtext.CleanLine(id)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (w *Wizard) summaryView(width int) string {
	s := w.opts.Styles
	const labelWidth = 18
	valueWidth := max(width-labelWidth, 20)
	var lines []string
	for _, r := range w.summaryRows() {
		value := wrapText(r[1], valueWidth)
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top, s.Muted.Width(labelWidth).Render(r[0]), value))
	}
	return strings.Join(lines, "\n")
}

func (w *Wizard) doneLine() string {
	s := w.opts.Styles
	if w.done.Saved {
		return s.Status.Render("✓ Settings saved to " + w.done.Path + " (mode 0600).")
	}
	return s.Muted.Render("Setup cancelled: nothing was saved.")
}

func wizardLines(s string) int { return strings.Count(s, "\n") + 1 }
