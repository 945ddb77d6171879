package ui

import (
	"errors"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

type importStep int

const (
	importAlreadySent importStep = iota // the post is on Medium: a second story needs a yes
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
	width  int
	height int
	step   importStep

	post   wordpress.Post
	entry  crosspost.Entry
	second bool
	url    string
	input  textinput.Model
	result crosspost.Entry
	err    error
	done   bool
}

type importRecordedMsg struct {
	entry crosspost.Entry
	err   error
}

// newStoryURLInput is the field where the user pastes a story's Medium URL
// (after the importer, or to resolve an unknown outcome).
func newStoryURLInput() textinput.Model {
	in := textinput.New()
	in.Placeholder = "https://medium.com/@you/title-1a2b3c4d5e6f"
	in.CharLimit = 500
	in.Cursor.SetMode(cursor.CursorStatic) // as the filter: no redraws twice a second
	return in
}

func newImportModel(c *Common, post wordpress.Post) (importModel, tea.Cmd) {
	m := importModel{common: c, post: post}
	m.input = newStoryURLInput()
	pub := c.Publish.Publisher
	m.entry, _ = pub.Ledger.Get(pub.Site, post.ID)
	switch err := pub.Check(post.ID, false); {
	case errors.Is(err, crosspost.ErrAlreadySent):
		m.step = importAlreadySent
		return m, nil
	case err != nil:
		m.step, m.err = importFailed, err
		return m, nil
	}
	return m, m.start()
}

// start copies the permalink and opens the importer, as the steps say.
func (m *importModel) start() tea.Cmd {
	m.step = importPaste
	return tea.Batch(m.input.Focus(), copyURLCmd(m.post.Link), openURLCmd(medium.ImportURL))
}

func (m *importModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.input.Width = max(w-6, 10)
}

func (m importModel) Update(msg tea.Msg) (importModel, tea.Cmd) {
	switch msg := msg.(type) {
	case importRecordedMsg:
		if msg.err != nil {
			m.step, m.err = importFailed, msg.err
		} else {
			m.step, m.result = importDone, msg.entry
		}
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.step == importPaste {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m importModel) key(msg tea.KeyMsg) (importModel, tea.Cmd) {
	k := msg.String()
	if k == "esc" {
		if m.step == importStatus {
			m.step = importPaste
			return m, m.input.Focus()
		}
		m.done = true
		return m, nil
	}
	switch m.step {
	case importAlreadySent:
		if k == "y" {
			m.second = true
			return m, m.start()
		}
	case importPaste:
		switch k {
		case "enter":
			m.url = m.input.Value()
			if err := crosspost.ValidateMediumURL(m.url); err != nil {
				m.err = err
				return m, nil
			}
			m.err = nil
			m.step = importStatus
			m.input.Blur()
			return m, nil
		case "ctrl+o":
			return m, openURLCmd(medium.ImportURL)
		case "ctrl+y":
			return m, copyURLCmd(m.post.Link)
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	case importStatus:
		status := map[string]medium.PublishStatus{"p": medium.StatusPublic, "d": medium.StatusDraft, "u": medium.StatusUnlisted}[k]
		if status != "" {
			return m, recordImportCmd(m.common.Publish.Publisher, m.post, m.url, status, m.second)
		}
	case importDone, importFailed:
		if k == "enter" || k == "q" {
			m.done = true
		} else if k == "o" && m.step == importDone {
			return m, openURLCmd(m.result.URL)
		}
	}
	return m, nil
}

func recordImportCmd(pub *crosspost.Publisher, post wordpress.Post, url string, status medium.PublishStatus, second bool) tea.Cmd {
	return func() tea.Msg {
		e, err := pub.RecordImport(post.ID, url, status, post.ModifiedGMT, second)
		return importRecordedMsg{entry: e, err: err}
	}
}

func (m importModel) View() string {
	st := m.common.Styles
	title := st.Header.Render("Cross-post with Medium's importer: ") + truncate(m.post.Title, max(m.width-36, 10))
	var body string
	switch m.step {
	case importAlreadySent:
		body = paragraphs(m.width, "This post is already on Medium: "+orValue(m.entry.URL, "(no URL recorded)"),
			st.Error.Render("Importing it again creates a second Medium story."))
	case importPaste:
		var notes []string
		if m.post.Status != wordpress.StatusPublish || m.post.Protected {
			notes = append(notes, st.Error.Render("Medium's importer can only fetch a public, published post; this one is "+
				m.post.Status.Label()+protectedNote(m.post)+". Publish it on WordPress first."))
		}
		notes = append(notes,
			"No Medium token is configured (Medium no longer issues them), so the story is made by Medium's own importer. It keeps the original date and sets the canonical link.",
			"1. The post's link is on your clipboard: "+m.post.Link,
			"2. In the browser, at "+medium.ImportURL+", paste it and press Import.",
			"3. Publish the story on Medium, or keep it as a draft.",
			"4. Paste the new story's URL here:",
			m.input.View())
		if m.err != nil {
			notes = append(notes, st.Error.Render(termtext.CleanLine(m.err.Error())))
		}
		body = paragraphs(m.width, notes...)
	case importStatus:
		body = paragraphs(m.width, "How is the story on Medium now?")
	case importDone:
		body = paragraphs(m.width, st.Status.Render("Recorded: ")+m.result.URL,
			st.Muted.Render("The Medium column and 'wp2medium list' show it like any other story."))
	case importFailed:
		body = paragraphs(m.width, st.Error.Render("Not recorded."), termtext.Clean(m.err.Error()))
	}
	return title + "\n\n" + body
}

// hints are the keys of the step, for the footer.
func (m importModel) hints() []string {
	switch m.step {
	case importAlreadySent:
		return []string{"y", "import it again", "esc", "cancel"}
	case importPaste:
		return []string{"enter", "record", "ctrl+o", "open the importer", "ctrl+y", "copy the link", "esc", "cancel"}
	case importStatus:
		return []string{"p", "public", "d", "draft", "u", "unlisted", "esc", "back"}
	case importDone:
		return []string{"o", "open", "enter", "back"}
	}
	return []string{"enter", "back"}
}

func protectedNote(p wordpress.Post) string {
	if p.Protected {
		return " and password-protected"
	}
	return ""
}
