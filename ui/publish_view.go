package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// View draws the step. Every text from the network is already cleaned: titles
// by the wordpress client, errors here.
func (m publishModel) View() string {
	st := m.common.Styles
	title := st.Header.Render("Publish to Medium: ") + truncate(m.post.Title, max(m.width-20, 10))
	var body string
	switch m.step {
	case stepPreparing, stepPlanning:
		body = m.spinner.View() + " Preparing…"
	case stepSending:
		body = m.spinner.View() + " Sending to Medium… (the outcome is recorded whatever happens)"
	case stepAlreadySent:
		body = paragraphs(m.width,
			fmt.Sprintf("This post is already on Medium: %s", m.entryURL()),
			st.Error.Render("Publishing again creates a second Medium story.")+" Medium cannot update or delete a story through its API.")
	case stepUnknown:
		body = paragraphs(m.width,
			st.Error.Render("The last send of this post has an unknown outcome."),
			"It may or may not have reached Medium ("+termtext.CleanLine(m.entry.Error)+"). Look at your Medium profile and drafts, then say what you found.")
	case stepResolveURL:
		body = paragraphs(m.width, "The URL of the story on Medium:", m.urlInput.View())
	case stepForm:
		body = m.form.View()
	case stepUnpublished:
		body = paragraphs(m.width,
			fmt.Sprintf("The post is %s on WordPress, so its link does not work yet.", m.detail.Status.Label()),
			"A "+m.choice.Status+" Medium story would point readers at a page that does not exist. A draft lets you publish both together.")
	case stepSummary:
		if m.showContent {
			return lipgloss.JoinVertical(lipgloss.Left, title, st.Muted.Render("The content as Medium will receive it (v or esc: back to the summary)"), "", m.content.View())
		}
		body = m.summaryView()
	case stepImagesFailed:
		body = paragraphs(m.width,
			st.Error.Render("The images could not be uploaded."),
			termtext.Clean(m.err.Error()),
			"Medium cannot fetch images from this site itself (it is not reachable from the internet), and this token may not upload them.")
	case stepDone:
		body = m.doneView()
	case stepFailed:
		head := st.Error.Render("Not published.")
		if medium.IsOutcomeUnknown(m.err) {
			head = st.Error.Render("Outcome unknown: the story may or may not exist on Medium.") +
				" It is recorded as unknown, so it cannot be sent twice by accident: look at Medium, then press p on this post to say what you found."
		}
		body = paragraphs(m.width, head, termtext.Clean(m.err.Error()))
	}
	return lipgloss.JoinVertical(lipgloss.Left, title, "", body)
}

func (m publishModel) entryURL() string {
	if m.entry.URL != "" {
		return m.entry.URL
	}
	return "(no URL recorded)"
}

// paragraphs wraps each text to width and separates them by a blank line.
func paragraphs(width int, ps ...string) string {
	var out []string
	for _, p := range ps {
		out = append(out, wrapText(p, width))
	}
	return strings.Join(out, "\n\n")
}

// hints are the keys of the step, as "key", "action" pairs, for the footer.
func (m publishModel) hints() []string {
	switch m.step {
	case stepAlreadySent:
		return []string{"y", "create a second story", "esc", "cancel"}
	case stepUnknown:
		return []string{"m", "it is on Medium (paste its URL)", "n", "it is not: allow sending again", "esc", "back"}
	case stepResolveURL:
		return []string{"enter", "record it", "esc", "back"}
	case stepForm:
		return []string{"esc", "cancel"}
	case stepUnpublished:
		return []string{"y", "send as " + m.choice.Status + " anyway", "n", "change the options", "esc", "cancel"}
	case stepSummary:
		if m.showContent {
			return []string{"↑/↓", "scroll", "v", "back to the summary"}
		}
		return []string{"enter", "publish", "v", "view content", "e", "edit", "esc", "cancel"}
	case stepImagesFailed:
		return []string{"c", "continue without images", "esc", "cancel"}
	case stepDone:
		if m.result.CrossLinkErr != nil {
			return []string{"o", "open", "y", "copy URL", "l", "retry the WordPress link", "enter", "back"}
		}
		return []string{"o", "open", "y", "copy URL", "enter", "back"}
	case stepFailed:
		return []string{"enter", "back to the list"}
	}
	return []string{"esc", "cancel"}
}

func (m publishModel) summaryView() string {
	st := m.common.Styles
	r := m.plan.Submission.Request
	rows := [][2]string{
		{"Title", r.Title},
		{"Status", medium.PublishStatus(r.PublishStatus).Label()},
		{"License", r.License.Label()},
		{"Tags", orNone(strings.Join(r.Tags, ", "))},
		{"Canonical link", orNone(r.CanonicalURL)},
		{"Publication", orValue(m.request.PublicationID, "your profile")},
		{"Notify followers", yesNo(r.NotifyFollowers)},
		{"Date", orValue(r.PublishedAt, "when it is sent")},
		{"Cross-link", crossLinkText(m.request.Options.CrossLink, m.common.Publish.Publisher.WordPress != nil)},
		{"Images", imagesText(m.plan)},
		{"Content", fmt.Sprintf("%s characters of HTML (v shows it)", thousands(len(r.Content)))},
	}
	var b strings.Builder
	b.WriteString("Exactly this will be sent:\n\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "  %s %s\n", st.Muted.Render(pad(row[0], 17)), truncate(row[1], max(m.width-21, 10)))
	}
	if m.plan.CreatesToday > 0 {
		fmt.Fprintf(&b, "\n  %s\n", st.Muted.Render(fmt.Sprintf("%d of about %d stories Medium allows a day were sent in the last 24 hours.", m.plan.CreatesToday, crosspost.DailyLimit)))
	}
	for _, w := range m.plan.Submission.Warnings {
		b.WriteString("\n" + wrapText(st.Error.Render("! ")+w.Message, m.width))
	}
	return b.String()
}

func (m publishModel) doneView() string {
	st := m.common.Styles
	e := m.result.Entry
	lines := []string{st.Status.Render("Published to Medium") + " as " + string(e.PublishStatus) + ":", e.URL}
	if m.result.CrossLinkErr != nil {
		lines = append(lines, st.Error.Render("The story is recorded, but the WordPress link failed: ")+termtext.CleanLine(m.result.CrossLinkErr.Error()))
	} else {
		if e.WordPressLinked {
			lines = append(lines, st.Muted.Render("The WordPress post now ends with “Also published on Medium”."))
		}
		lines = append(lines, st.Muted.Render("Further edits on WordPress are not reflected on Medium."))
	}
	return paragraphs(m.width, lines...)
}

func orNone(s string) string { return orValue(s, "none") }

func orValue(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func crossLinkText(on, canEditWP bool) string {
	switch {
	case !on:
		return "no"
	case canEditWP:
		return "“Originally published at …” on Medium; “Also published on Medium” on WordPress"
	}
	return "“Originally published at …” on Medium (no application password: WordPress is not edited)"
}

func imagesText(p crosspost.Plan) string {
	n := len(p.Submission.Images)
	switch {
	case p.Request.WithoutImages:
		return "left out"
	case n == 0:
		return "none"
	case p.UploadImages:
		return fmt.Sprintf("%d, uploaded to Medium first", n)
	}
	return fmt.Sprintf("%d, fetched by Medium from the site", n)
}
