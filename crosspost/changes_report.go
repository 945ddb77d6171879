package crosspost

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/store"
)

// Report is the changes as plain text wrapped to width (0: unwrapped), the
// same for `wp2medium diff` and the app's diff screen: a head saying what
// is compared, then the title, tags, text (a paragraph a line, "-" for what
// Medium got, "+" for what the post makes now, every wrapped line marked),
// links and images. It is not cleaned: the caller cleans it for the
// terminal.
func (c Changes) Report(width int) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(wrapMarked("", s, width)) }
	line(fmt.Sprintf("Post %d: %s", c.Post.ID, c.Post.Title))
	e := c.Entry
	on := "On Medium"
	if e.URL != "" {
		on += ": " + e.URL
	}
	if !e.SentAt.IsZero() {
		verb := "sent"
		if e.Route == store.RouteImport {
			verb = "recorded"
		}
		on += fmt.Sprintf(" (%s %s)", verb, when(e.SentAt))
	}
	line(on)
	switch e.State {
	case store.StateUnknown, store.StateSending:
		line("The outcome of that send is unknown: resolve it before anything else.")
	}
	edited := "Edited on WordPress: " + when(c.Post.ModifiedGMT)
	if c.Changed {
		edited += ", after the version Medium has (" + when(e.ModifiedGMT) + ")"
	} else {
		edited += ", the version Medium has"
	}
	line(edited)
	if !c.Kept {
		b.WriteByte('\n')
		line("No copy of what Medium got is kept for this post (it was sent before wp2medium kept one, or recorded by hand or by an import): only the times above are known.")
		return b.String()
	}
	kept := "Compared with the copy kept at the send"
	if !e.UpdatedAt.IsZero() {
		kept = "Compared with the post as it was when the story was marked up to date (" + when(e.UpdatedAt) + ")"
	}
	line(kept + ".")
	if c.None() {
		b.WriteByte('\n')
		line("No change: what Medium got is what the post makes now.")
		return b.String()
	}
	section := func(title string) { b.WriteString("\n" + title + "\n") }
	if c.TitleWas != "" || c.TitleNow != "" {
		section("Title")
		b.WriteString(wrapMarked("- ", c.TitleWas, width) + wrapMarked("+ ", c.TitleNow, width))
	}
	if len(c.TagsAdded)+len(c.TagsRemoved) > 0 {
		section("Tags")
		marked(&b, "+ ", c.TagsAdded, width)
		marked(&b, "- ", c.TagsRemoved, width)
	}
	if len(c.Text) > 0 {
		section("Text")
		for _, h := range c.Text {
			b.WriteString(fmt.Sprintf("@@ paragraph %d @@\n", h.From))
			for _, l := range h.Lines {
				b.WriteString(wrapMarked(l.Op.String()+" ", l.Text, width))
			}
		}
	}
	if len(c.LinksAdded)+len(c.LinksRemoved) > 0 {
		section("Links")
		marked(&b, "+ ", c.LinksAdded, width)
		marked(&b, "- ", c.LinksRemoved, width)
	}
	if len(c.ImagesAdded)+len(c.ImagesRemoved) > 0 {
		section("Images")
		marked(&b, "+ ", c.ImagesAdded, width)
		marked(&b, "- ", c.ImagesRemoved, width)
	}
	return b.String()
}

func marked(b *strings.Builder, mark string, items []string, width int) {
	for _, it := range items {
		b.WriteString(wrapMarked(mark, it, width))
	}
}

// wrapMarked wraps s to width with mark before every line, so a paragraph
// reads as added or removed on each of its lines.
func wrapMarked(mark, s string, width int) string {
	if w := width - ansi.StringWidth(mark); width > 0 && w > 8 {
		s = ansi.Wrap(s, w, "")
	}
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(strings.TrimRight(mark+l, " ") + "\n")
	}
	return b.String()
}

func when(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}
