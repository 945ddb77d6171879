package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// View draws the step. Text from the network is cleaned where it is drawn
// (and the root strips every sequence once more from the whole frame).
func (m *publishModel) View() string {
	st := m.common.Styles
	head := "Publish to Medium: "
	if m.mode == modePlan {
		head = "Plan for Medium: "
	}
	title := st.Header.Render(head) + truncate(m.post.Title, max(m.width-lipgloss.Width(head), 10))
	var body string
	switch m.step {
	case stepPreparing, stepPlanning:
		body = m.spinner.View() + " Preparing…"
	case stepSending:
		body = m.spinner.View() + " Sending to Medium… (the outcome is recorded whatever happens)"
	case stepAlreadySent:
		body = paragraphs(m.width,
			"This post is already on Medium: "+m.refusalURL(),
			st.Error.Render("Publishing again creates a second Medium story.")+" Medium cannot update or delete a story through its API.")
	case stepUnknown:
		body = paragraphs(m.width, append([]string{
			st.Error.Render("The last send of this post has an unknown outcome."),
			"It may or may not have reached Medium (" + termtext.CleanLine(m.refusal.Detail) + "). Look at your Medium profile and drafts, then say what you found."},
			m.feedLines()...)...)
	case stepResolveURL:
		body = paragraphs(m.width, "The URL of the story on Medium:", m.urlInput.View())
	case stepForm:
		body = m.form.View()
	case stepUnpublished:
		var ne *crosspost.NotPublicError
		why := termtext.CleanLine(m.planErr.Error())
		if errors.As(m.planErr, &ne) {
			why = upperFirst(ne.Reason()) + "."
		}
		body = paragraphs(m.width, why, "A draft lets you check it on Medium first, and publish both together.")
	case stepDraftsOnly:
		body = paragraphs(m.width, st.Error.Render(upperFirst(termtext.CleanLine(m.planErr.Error()))+"."))
	case stepSummary:
		if m.showContent {
			return lipgloss.JoinVertical(lipgloss.Left, title, st.Muted.Render("The content as Medium will receive it (v or esc: back to the summary)"), "", m.content.View())
		}
		body = m.summary.View()
	case stepPlanReview:
		body = m.planReviewView()
	case stepImagesFailed:
		body = paragraphs(m.width,
			st.Error.Render("The images could not be uploaded to Medium, so nothing was sent."),
			termtext.CleanLine(m.err.Error()),
			"Send the story without its images (captions and links stay), or cancel and fix the images first.")
	case stepDone:
		body = m.doneView()
	case stepFailed:
		head := st.Error.Render("Not published.")
		switch {
		case m.mode == modePlan:
			head = st.Error.Render("Not planned.")
		case medium.IsOutcomeUnknown(m.err):
			head = st.Error.Render("Outcome unknown: the story may or may not exist on Medium.") +
				" It is recorded as unknown, so it cannot be sent twice by accident: look at Medium, then press p on this post to say what you found."
		}
		why := termtext.Clean(m.err.Error())
		if m.mode == modePlan { // planRefusal's sentences
			why = upperFirst(strings.TrimSuffix(why, ".")) + "."
		}
		body = paragraphs(m.width, head, why)
	}
	if m.note != "" {
		body += "\n\n" + st.Muted.Render(wrapText(m.note, m.width))
	}
	return lipgloss.JoinVertical(lipgloss.Left, title, "", body)
}

// publicationLabel names the chosen publication as Medium listed it.
func (m *publishModel) publicationLabel() string { return m.publicationName(m.request.PublicationID) }

// publicationName names the publication id as Medium listed it.
func (m *publishModel) publicationName(id string) string {
	if id == "" {
		return "your profile"
	}
	for _, p := range m.pubs.listed {
		if p.ID == id {
			return termtext.CleanLine(p.Name) + " (" + termtext.CleanLine(id) + ")"
		}
	}
	return termtext.CleanLine(id)
}

func (m *publishModel) refusalURL() string {
	if m.refusal != nil && m.refusal.URL != "" {
		return termtext.CleanLine(m.refusal.URL)
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

// upperFirst capitalises an error's sentence for a screen of its own.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func (m *publishModel) summaryView() string {
	st := m.common.Styles
	r := m.plan.Submission.Request
	rows := [][2]string{
		{"Title", r.Title},
		{"Status", medium.PublishStatus(r.PublishStatus).Label()},
		{"License", r.License.Label()},
		{"Tags", orNone(strings.Join(r.Tags, ", "))},
		{"Canonical link", orNone(r.CanonicalURL)},
		{"Publication", m.publicationLabel()},
		{"Notify followers", yesNo(r.NotifyFollowers)},
		{"Date", orValue(r.PublishedAt, "when it is sent")},
		{"Cross-link", crossLinkText(m.request.Options.CrossLink, m.common.Publish.Publisher.Linker != nil)},
		{"Images", imagesText(m.plan)},
		{"Content", fmt.Sprintf("%s characters of HTML (v shows it)", thousands(len(r.Content)))},
	}
	var b strings.Builder
	b.WriteString("Exactly this will be sent:\n\n")
	for _, row := range rows {
		// Values wrap beside their label: nothing of what is sent is cut.
		b.WriteString("  " + st.Muted.Render(pad(row[0], 17)) + " " + indentWrap(termtext.ForCells(termtext.CleanLine(row[1])), m.width-2, strings.Repeat(" ", 20)) + "\n")
	}
	if m.plan.CreatesToday > 0 {
		fmt.Fprintf(&b, "\n  %s\n", st.Muted.Render(fmt.Sprintf("%d of about %d stories Medium allows a day were sent in the last 24 hours.", m.plan.CreatesToday, crosspost.DailyLimit)))
	}
	for _, w := range m.plan.Submission.Warnings {
		b.WriteString("\n" + wrapText(st.Error.Render("! ")+termtext.CleanLine(w.Message), m.width) + "\n")
	}
	return b.String()
}

func (m *publishModel) doneView() string {
	st := m.common.Styles
	e := m.result.Entry
	head := st.Status.Render("Published to Medium") + " as " + string(e.PublishStatus) + ":"
	// A long URL breaks at the edge only, never at a hyphen mid-way.
	url := ansi.Hardwrap(termtext.CleanLine(e.URL), max(m.width, 1), false)
	var notes []string
	if m.result.CrossLinkErr != nil {
		notes = append(notes, st.Error.Render("The story is recorded, but the WordPress link failed: ")+termtext.CleanLine(m.result.CrossLinkErr.Error()))
	} else {
		if e.WordPressLinked {
			notes = append(notes, st.Muted.Render("The WordPress post now ends with “Also published on Medium”."))
		}
		notes = append(notes, st.Muted.Render("Further edits on WordPress are not reflected on Medium."))
	}
	return head + "\n\n" + url + "\n\n" + paragraphs(m.width, notes...)
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
