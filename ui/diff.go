package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// diffScreen is what changed in a post since its story was sent (d): what
// Medium got against what the post makes now, as `wp2medium diff` prints
// it. Medium's API cannot edit a story, so the writer redoes the edit in
// Medium's editor; c and C copy the new version for it.
type diffScreen struct {
	common *Common
	id     int // tags this screen's comparison
	post   wordpress.Post
	width  int
	height int

	loaded  bool
	err     error
	changes crosspost.Changes
	view    viewport.Model
}

func newDiffScreen(c *Common, post wordpress.Post) *diffScreen {
	return &diffScreen{common: c, id: nextScreenID(), post: post, view: viewport.New(0, 0)}
}

// diffLoadedMsg is the comparison made for screen id.
type diffLoadedMsg struct {
	id      int
	changes crosspost.Changes
	err     error
}

// compareCmd fetches the post and compares it with what Medium got.
func compareCmd(src PostSource, pub *crosspost.Publisher, postID, id int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		detail, err := src.Post(ctx, postID)
		if err != nil {
			return diffLoadedMsg{id: id, err: err}
		}
		c, err := pub.Changes(ctx, detail)
		return diffLoadedMsg{id: id, changes: c, err: err}
	}
}

func (s *diffScreen) Init() tea.Cmd {
	return compareCmd(s.common.Source, s.common.Publish.Publisher, s.post.ID, s.id)
}

func (s *diffScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.view.Width = w
	s.view.Height = max(h-lipgloss.Height(s.head()), 1)
	s.view.SetContent(s.body())
}

func (s *diffScreen) head() string {
	st := s.common.Styles
	return st.Header.Render("What changed since it was sent") + "\n\n"
}

// body is the report, cleaned for the terminal line by line and coloured
// by its marks (which stay, so it reads without colour too).
func (s *diffScreen) body() string {
	st := s.common.Styles
	switch {
	case !s.loaded:
		return st.Muted.Render(fmt.Sprintf("Comparing post %d with what Medium got…", s.post.ID))
	case s.err != nil:
		return st.Error.Render(wrapText(termtext.CleanLine(s.err.Error()), s.width))
	}
	report := s.changes.Report(s.width)
	if !s.changes.None() || s.changes.Changed {
		report += "\n" + wrapText("Medium's API cannot edit a story: make the change in Medium's editor (c and C copy the post as Markdown or HTML), then run: wp2medium mark-updated "+fmt.Sprint(s.post.ID), s.width)
	}
	lines := strings.Split(strings.TrimRight(report, "\n"), "\n")
	for i, l := range lines {
		l = termtext.CleanLine(l)
		switch {
		case strings.HasPrefix(l, "+ "):
			l = st.DiffAdded.Render(l)
		case strings.HasPrefix(l, "- "):
			l = st.DiffRemoved.Render(l)
		case strings.HasPrefix(l, "@@ "):
			l = st.Muted.Render(l)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

var closeDiffKey = key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "back")) // and the Diff key

func (s *diffScreen) Update(msg tea.Msg) tea.Cmd {
	k := s.common.Keys
	switch msg := msg.(type) {
	case diffLoadedMsg:
		if msg.id == s.id {
			s.loaded, s.changes, s.err = true, msg.changes, msg.err
			s.SetSize(s.width, s.height)
		}
	case tea.MouseMsg: // the wheel scrolls the report
		var cmd tea.Cmd
		s.view, cmd = s.view.Update(msg)
		return cmd
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, closeDiffKey), key.Matches(msg, k.Diff):
			return closeScreen
		case key.Matches(msg, k.CopyMD), key.Matches(msg, k.CopyHTML):
			return s.copyNow(key.Matches(msg, k.CopyHTML))
		}
		var cmd tea.Cmd
		s.view, cmd = s.view.Update(msg)
		return cmd
	}
	return nil
}

func (s *diffScreen) View() string { return s.head() + s.view.View() }

func (s *diffScreen) ShortHelp() []key.Binding {
	k := s.common.Keys
	return []key.Binding{scrollKey, withDesc(k.CopyMD, "copy new version (Markdown)"), withDesc(k.CopyHTML, "(HTML)"),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/"+k.Diff.Help().Key, "back"))}
}

func (s *diffScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// canDiff: the post's label says it changed since its story was sent,
// and the app can read the record. (`wp2medium diff` compares any sent
// post; the key shows only where there is something to see.)
func (b *browser) canDiff(post wordpress.Post) bool {
	return b.common.Publish != nil && kindOf(b.medium.label(post)) == kindChanged
}

// copyNow copies the diff's "now" version: what the transform makes of the
// post with the choices its story was sent with (footer, options), the
// same text the report compares. Before the report is loaded, or when it
// failed, it copies as the browser's c and C do.
func (s *diffScreen) copyNow(asHTML bool) tea.Cmd {
	if !s.loaded || s.err != nil || s.changes.Now.Request.Content == "" {
		return copyForMediumCmd(s.common, s.post, asHTML)
	}
	term, title, link, text := s.common.Terminal, s.post.Title, s.post.Link, s.changes.Now.Request.Content
	return func() tea.Msg {
		kind := "HTML"
		if !asHTML {
			md, err := crosspost.ToMarkdown(text, link)
			if err != nil {
				return statusMsg{text: "Could not copy: " + err.Error(), isErr: true}
			}
			text, kind = md, "Markdown"
		}
		return copyCmd(term, fmt.Sprintf("%q as %s for Medium's editor", title, kind), text)()
	}
}
