package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// previewMarkdown is the post's body as Markdown for the preview; a
// password-protected post whose content WordPress withheld says so instead.
func previewMarkdown(d wordpress.PostDetail) (string, error) {
	if d.Protected && strings.TrimSpace(d.ContentHTML) == "" {
		return "> 🔒 **This post is password-protected.** WordPress shows its content only to a user\n" +
			"> who may edit it. Configure an application password for such a user to preview it here.\n", nil
	}
	body, err := crosspost.ToPreview(d.ContentHTML, d.Link)
	if err != nil {
		return "", fmt.Errorf("converting the post to Markdown: %w", err)
	}
	if strings.TrimSpace(body) == "" {
		body = "*This post has no content.*"
	}
	return body, nil
}

// previewHeader is what WordPress knows of the post, above its body. It is
// drawn with lipgloss rather than glamour so the link and the tags are cut,
// not wrapped at odd places.
func previewHeader(d wordpress.PostDetail, width int, st *Styles) string {
	const indent = "  " // glamour's document margin, so header and body align
	w := max(width-len(indent)*2, 10)
	var lines []string
	for _, l := range strings.Split(wrapText(termtext.ForCells(termtext.CleanLine(d.Title)), w), "\n") {
		lines = append(lines, indent+st.Header.Render(l))
	}
	meta := []string{d.Status.Label(), d.DateGMT.Format("2 Jan 2006 15:04 UTC")}
	if d.Sticky {
		meta = append(meta, "sticky")
	}
	lines = append(lines, indent+st.Muted.Render(truncate(strings.Join(meta, " · "), w)))
	if d.Link != "" {
		lines = append(lines, indent+st.Muted.Render(truncate(d.Link, w)))
	}
	var terms []string
	seen := map[string]bool{}
	for _, n := range append(append([]string{}, d.Categories...), d.Tags...) {
		n = termtext.ForCells(termtext.CleanLine(n))
		if k := strings.ToLower(n); !seen[k] {
			seen[k] = true
			terms = append(terms, "#"+n)
		}
	}
	if len(terms) > 0 {
		for _, l := range strings.Split(wrapText(strings.Join(terms, " "), w), "\n") {
			lines = append(lines, indent+st.Muted.Render(l))
		}
	}
	lines = append(lines, indent+st.Muted.Render(strings.Repeat("─", w)))
	return strings.Join(lines, "\n")
}

// renderPost renders a post at the given width; head is the number of
// header lines above the header's rule. Glamour is slow for long posts
// (tens of milliseconds), so this only ever runs inside a tea.Cmd.
func renderPost(d wordpress.PostDetail, width int, style string, st *Styles) (text string, head int, err error) {
	md, err := previewMarkdown(d)
	if err != nil {
		return "", 0, err
	}
	body, err := renderMarkdown(termtext.ForCells(md), width, style)
	if err != nil {
		return "", 0, err
	}
	header := previewHeader(d, width, st)
	return header + "\n" + body, strings.Count(header, "\n"), nil
}

// renderMarkdown renders Markdown for a pane width cells wide. Glamour's
// lines come out one cell narrower than the wrap width asked for, and a
// list item can overflow by one, so asking for width+1 fills the pane
// without cutting a character off.
func renderMarkdown(md string, width int, style string) (string, error) {
	if style == "" {
		style = "notty"
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style),
		glamour.WithWordWrap(max(width+1, 10)),
		glamour.WithColorProfile(lipgloss.ColorProfile()),
	)
	if err != nil {
		return "", err
	}
	out, err := r.Render(md)
	if err != nil {
		return "", fmt.Errorf("rendering the preview: %w", err)
	}
	// Glamour decodes entities in the Markdown ("&#27;" written in the
	// post's text): keep its colours, and nothing else that drives the
	// terminal.
	return strings.Trim(termtext.CleanStyled(out), "\n"), nil
}
