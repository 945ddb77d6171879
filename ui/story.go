package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The story at hand: what the record says of the selected post on Medium,
// in the preview's header, and the keys that open or copy the story (O, Y).

// storyKey is what the selected post's record was read for: the post as
// listed and the ledger's version.
type storyKey struct {
	post    statusKey
	version uint64
}

// storyState is the selected post's record, read in a command, and the
// records read before at the same ledger version (seen), so moving back to
// a post shows its story at once.
type storyState struct {
	key    storyKey
	asked  storyKey
	known  bool
	entry  store.Entry
	exists bool
	seen   map[storyKey]storyReadMsg
	// drawn is what the preview's story lines were made from.
	drawn storyDrawKey
}

// storyDrawKey is everything the story lines depend on.
type storyDrawKey struct {
	key   storyKey
	known bool
	label string
	width int
}

// maxSeenStories bounds the records kept for moving back.
const maxSeenStories = 512

// storyReadMsg is the record of one post, read at one ledger version.
type storyReadMsg struct {
	key    storyKey
	entry  store.Entry
	exists bool
}

// wantStory asks for the selected post's record unless it was read (or is
// being read) for that post at the ledger's version.
func (b *browser) wantStory() tea.Cmd {
	src, ok := b.medium.src.(StoryRecords)
	post, selected := b.list.Selected()
	if !ok || !selected {
		return nil
	}
	k := storyKey{keyOf(post), b.medium.version}
	if b.story.asked == k {
		return nil
	}
	b.story.asked = k
	if seen, ok := b.story.seen[k]; ok {
		b.storyRead(seen)
		return nil
	}
	return func() tea.Msg {
		e, exists := src.Story(post)
		return storyReadMsg{key: k, entry: e, exists: exists}
	}
}

// storyRead keeps the record: for moving back, and as the selected post's
// if it is the one last asked for (an older read of the same post, at an
// older ledger version, may come back after a newer one).
func (b *browser) storyRead(msg storyReadMsg) {
	s := &b.story
	if s.seen == nil || len(s.seen) >= maxSeenStories {
		s.seen = map[storyKey]storyReadMsg{}
	}
	s.seen[msg.key] = msg
	if msg.key != s.asked {
		return
	}
	s.key, s.known, s.entry, s.exists = msg.key, true, msg.entry, msg.exists
}

// applyStory gives the preview the story lines of the selected post, as
// far as they are known.
func (b *browser) applyStory() {
	post, ok := b.list.Selected()
	if !ok || b.medium.src == nil || !b.story.known || b.story.key.post != keyOf(post) {
		b.story.drawn = storyDrawKey{}
		b.preview.SetStory(nil)
		return
	}
	k := storyDrawKey{key: b.story.key, known: true, label: b.medium.label(post), width: b.preview.width}
	if k == b.story.drawn && b.preview.story != nil {
		return // unchanged: no lines to make again on a spinner's tick
	}
	b.story.drawn = k
	b.preview.SetStory(storyLines(b.story, k.label, post, k.width, b.common.Styles))
}

// storyLines say where the post stands on Medium: its state, when and how
// it was sent, and the story's address; label is the Medium column's (for a
// post without a record: planned, due…).
func storyLines(s storyState, label string, post wordpress.Post, width int, st *Styles) []string {
	const indent = "  " // as the header's other lines
	w := max(width-len(indent)*2, 10)
	// wrapped cleans text (from the network, some of it) and wraps it.
	wrapped := func(style func(...string) string, text string) []string {
		var out []string
		for _, l := range strings.Split(wrapText(termtext.ForCells(termtext.CleanLine(text)), w), "\n") {
			out = append(out, fitLine(indent+style(truncate(l, w)), width))
		}
		return out
	}
	muted, medium := st.Muted.Render, st.Medium.Render
	if !s.exists {
		text := "Medium: not on Medium"
		switch kindOf(label) {
		case kindPlanned:
			if post.Status == wordpress.StatusPublish {
				text += " · planned: the next wp2medium sync sends it"
			} else {
				text += " · planned: wp2medium sync sends it once it is published"
			}
		case kindDue:
			text += " · due: the next wp2medium sync sends it"
		case kindFailed:
			text += " · automatic tries failed; sync tries again"
		case kindOn:
			text = "Medium: linked to a story another wp2medium sent"
		}
		return wrapped(muted, text)
	}
	e := s.entry
	var state string
	switch e.State {
	case store.StateSent:
		state = crosspost.StatusLabel(e, true, post.ModifiedGMT)
		if state == "changed" {
			st := e.PublishStatus
			if st == "" {
				st = "public"
			}
			state = string(st) + " ✓ · changed on WordPress since it was sent"
		}
	case store.StateUnknown:
		state = "outcome unknown"
	case store.StateFailed:
		state = "failed"
	case store.StateSending:
		state = "being sent"
	default:
		state = e.State.Label()
	}
	parts := []string{"Medium: " + state}
	if !e.SentAt.IsZero() {
		verb := "sent "
		if e.Route == store.RouteImport {
			verb = "recorded "
		}
		parts = append(parts, verb+e.SentAt.UTC().Format("2 Jan 2006 15:04 UTC"))
	}
	switch e.Route {
	case store.RouteAPI:
		parts = append(parts, "via the API")
	case store.RouteImport:
		parts = append(parts, "via the importer")
	}
	if e.State == store.StateUnknown {
		parts = append(parts, "p checks and resolves it")
	}
	out := wrapped(medium, strings.Join(parts, " · "))
	switch {
	case e.URL != "":
		// One line: a URL cut by wrapping is no easier to read; Y copies it.
		out = append(out, fitLine(indent+muted(truncate(termtext.CleanLine(e.URL), w)), width))
	case e.State == store.StateFailed && e.Error != "":
		out = append(out, wrapped(muted, e.Error)...)
	}
	return out
}

// storyURLCmd reads the selected post's record and does with its story's
// URL what use says (open or copy it), or says why there is none.
func storyURLCmd(src StoryRecords, post wordpress.Post, use func(url string) tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		e, ok := src.Story(post)
		switch {
		case !ok:
			return statusMsg{text: "This post is not on Medium: no story to open. p publishes it.", isErr: true}
		case e.URL == "" && e.State == store.StateUnknown:
			return statusMsg{text: "Nobody knows yet whether Medium made this story: p checks and resolves it.", isErr: true}
		case e.URL == "":
			return statusMsg{text: "The record has no story URL for this post (" + e.State.Label() + ").", isErr: true}
		}
		return use(e.URL)()
	}
}
