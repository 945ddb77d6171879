package ui

import (
	"context"
	"errors"
	"net/url"

	"github.com/wp2medium/wp2medium/store"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

type importStep int

const (
	importChecking    importStep = iota // is it on Medium already?
	importAlreadySent                   // the post is on Medium: a second story needs a yes
	importNotPublic                     // the importer can fetch only a public post
	importUnreachable                   // Medium cannot reach the site
	importPaste                         // the steps, and the field for the new story's URL
	importStatus                        // public, draft or unlisted?
	importDone
	importFailed
)

// importModel is the route for writers without a Medium token: Medium's own
// importer (medium.com/p/import) copies the public post, and the user pastes
// the new story's URL back so the ledger records it like any other.
type importModel struct {
	common *Common
	id     int
	width  int
	height int
	step   importStep

	post    wordpress.Post
	detail  wordpress.PostDetail // fetched by Init: the record keeps its guid
	refusal *store.StateError
	second  bool
	url     string
	input   textinput.Model
	result  store.Entry
	err     error
}

type (
	importCheckedMsg struct {
		screen int
		detail wordpress.PostDetail
		check  error
	}
	importRecordedMsg struct {
		screen int
		entry  store.Entry
		err    error
	}
)

// The importer screen's keys.
var (
	importAgainKey  = hint("y", "import it again")
	anywayKey       = hint("y", "open the importer anyway")
	copyMDKey       = hint("c", "copy for Medium's editor (Markdown)")
	copyHTMLKey     = hint("C", "… (HTML)")
	recordURLKey    = hint("enter", "record the story")
	openImporterKey = hint("ctrl+o", "open the importer")
	copyLinkKey     = hint("ctrl+y", "copy the post's link")
	statusKeys      = []key.Binding{hint("p", "public"), hint("d", "draft"), hint("u", "unlisted")}
)

// newStoryURLInput is the field where the user pastes a story's Medium URL
// (after the importer, or to resolve an unknown outcome).
func newStoryURLInput() textinput.Model {
	in := textinput.New()
	in.Placeholder = "https://medium.com/@you/title-1a2b3c4d5e6f"
	in.CharLimit = 500
	in.Cursor.SetMode(cursor.CursorStatic) // as the filter: no redraws twice a second
	return in
}

func newImportScreen(c *Common, post wordpress.Post) *importModel {
	return &importModel{common: c, id: nextScreenID(), post: post, input: newStoryURLInput()}
}

// Init checks the record first: a post on Medium already is not imported
// again without a yes.
func (m *importModel) Init() tea.Cmd {
	src, pub, id, postID := m.common.Source, m.common.Publish.Publisher, m.id, m.post.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		d, err := src.Post(ctx, postID)
		if err != nil {
			return importCheckedMsg{screen: id, check: err}
		}
		return importCheckedMsg{screen: id, detail: d, check: pub.Check(ctx, d, false)}
	}
}

func (m *importModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.Width = max(w-6, 10)
}

// next is the step after the checks: what stands between the post and the
// importer, else the steps.
func (m *importModel) next() tea.Cmd {
	switch {
	case m.post.Status != wordpress.StatusPublish || m.post.Protected:
		m.step = importNotPublic
		return nil
	case crosspost.MediumCannotReach(m.post.Link):
		m.step = importUnreachable
		return nil
	}
	return m.start()
}

// start copies the permalink and opens the importer with it filled in.
func (m *importModel) start() tea.Cmd {
	m.step = importPaste
	return tea.Batch(m.input.Focus(), copyCmd(m.common.Terminal, "the post's link", m.post.Link), openURLCmd(medium.ImporterFor(m.post.Link)))
}

func (m *importModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case importCheckedMsg:
		if msg.screen != m.id {
			return nil
		}
		if msg.detail.ID != 0 {
			m.detail, m.post = msg.detail, msg.detail.Post // as it is now
		}
		var se *store.StateError
		switch {
		case msg.check == nil:
			return m.next()
		case errors.As(msg.check, &se) && errors.Is(msg.check, store.ErrAlreadySent):
			m.refusal, m.step = se, importAlreadySent
		default:
			m.step, m.err = importFailed, msg.check
		}
		return nil
	case importRecordedMsg:
		if msg.screen != m.id {
			return nil
		}
		if msg.err != nil {
			m.step, m.err = importFailed, msg.err
		} else {
			m.step, m.result = importDone, msg.entry
		}
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.step == importPaste {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	}
	return nil
}

func (m *importModel) key(msg tea.KeyMsg) tea.Cmd {
	k := msg.String()
	if k == "esc" {
		if m.step == importStatus {
			m.step = importPaste
			return m.input.Focus()
		}
		return closeScreen
	}
	switch m.step {
	case importAlreadySent:
		if k == "y" {
			m.second = true
			return m.next()
		}
	case importUnreachable:
		switch k {
		case "y":
			return m.start()
		case "c", "C":
			return copyForMediumCmd(m.common, m.post, k == "C")
		}
	case importPaste:
		switch k {
		case "enter":
			m.url = m.input.Value()
			if err := store.ValidateMediumURL(m.url); err != nil {
				m.err = err
				return nil
			}
			m.err = nil
			m.step = importStatus
			m.input.Blur()
			return nil
		case "ctrl+o":
			return openURLCmd(medium.ImporterFor(m.post.Link))
		case "ctrl+y":
			return copyCmd(m.common.Terminal, "the post's link", m.post.Link)
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	case importStatus:
		status := map[string]medium.PublishStatus{"p": medium.StatusPublic, "d": medium.StatusDraft, "u": medium.StatusUnlisted}[k]
		if status != "" {
			return recordImportCmd(m.common.Publish.Publisher, m.id, m.detail, m.url, status, m.second)
		}
	case importDone:
		switch k {
		case "enter", "q":
			return closeScreen
		case "o":
			return openURLCmd(m.result.URL)
		}
	case importNotPublic, importFailed:
		if k == "enter" || k == "q" {
			return closeScreen
		}
	}
	return nil
}

func recordImportCmd(pub *crosspost.Publisher, screen int, post wordpress.PostDetail, url string, status medium.PublishStatus, second bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		e, err := pub.RecordImport(ctx, post, url, status, second)
		return importRecordedMsg{screen: screen, entry: e, err: err}
	}
}

func (m *importModel) View() string {
	st := m.common.Styles
	title := st.Header.Render("Cross-post with Medium's importer: ") + truncate(m.post.Title, max(m.width-36, 10))
	link := termtext.CleanLine(m.post.Link)
	var body string
	switch m.step {
	case importChecking:
		body = "Checking what was sent…"
	case importAlreadySent:
		url := "(no URL recorded)"
		if m.refusal.URL != "" {
			url = termtext.CleanLine(m.refusal.URL)
		}
		body = paragraphs(m.width, "This post is already on Medium: "+url,
			st.Error.Render("Importing it again creates a second Medium story."))
	case importNotPublic:
		body = paragraphs(m.width, st.Error.Render("Medium's importer can only fetch a public, published post; this one is "+
			m.post.Status.InSentence()+protectedNote(m.post)+"."), "Publish it on WordPress first, then press p on it again.")
	case importUnreachable:
		host := link
		if u, err := url.Parse(m.post.Link); err == nil && u.Host != "" {
			host = u.Host
		}
		body = paragraphs(m.width,
			st.Error.Render("Medium cannot reach "+host+": it is a local or private address, and Medium's importer fetches the post from the site itself."),
			"Put the post on a public site first, or copy it as Medium will receive it (c: Markdown, C: HTML) and paste it into Medium's editor.",
			"If the address is reachable from the internet after all (a tunnel), open the importer anyway.")
	case importPaste:
		notes := []string{
			"No Medium token is configured (Medium no longer issues them), so the story is made by Medium's own importer. It keeps the original date and sets the canonical link.",
			"1. The importer is opening in your browser with the post's link filled in: " + link,
			"2. Press Import there, then publish the story on Medium or keep it as a draft.",
			"3. Paste the new story's URL here:",
			m.input.View(),
		}
		if m.err != nil {
			notes = append(notes, st.Error.Render(termtext.CleanLine(m.err.Error())))
		}
		body = paragraphs(m.width, notes...)
	case importStatus:
		body = paragraphs(m.width, "How is the story on Medium now?")
	case importDone:
		body = paragraphs(m.width, st.Status.Render("Recorded: ")+termtext.CleanLine(m.result.URL),
			st.Muted.Render("The Medium column and 'wp2medium list' show it like any other story."))
	case importFailed:
		body = paragraphs(m.width, st.Error.Render("Not recorded."), termtext.Clean(m.err.Error()))
	}
	return title + "\n\n" + body
}

// ShortHelp is the keys that work in the step, for the footer.
func (m *importModel) ShortHelp() []key.Binding {
	switch m.step {
	case importAlreadySent:
		return []key.Binding{importAgainKey, cancelKey}
	case importUnreachable:
		return []key.Binding{copyMDKey, copyHTMLKey, anywayKey, cancelKey}
	case importPaste:
		return []key.Binding{recordURLKey, openImporterKey, copyLinkKey, cancelKey}
	case importStatus:
		return append(append([]key.Binding{}, statusKeys...), backKey)
	case importDone:
		return []key.Binding{openStoryKey, closeKey}
	case importChecking:
		return []key.Binding{cancelKey}
	}
	return []key.Binding{closeKey}
}

// FullHelp is ShortHelp in one column.
func (m *importModel) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

func protectedNote(p wordpress.Post) string {
	if p.Protected {
		return " and password-protected"
	}
	return ""
}
