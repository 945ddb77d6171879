package ui

import (
	"errors"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// publishStep is where the publish screen is.
type publishStep int

const (
	stepPreparing    publishStep = iota // fetching the post and the publications
	stepAlreadySent                     // the post is on Medium: a second story needs a yes
	stepUnknown                         // the last send's outcome is unknown: the user must say
	stepResolveURL                      // pasting the URL of the story found on Medium
	stepForm                            // the huh form
	stepPlanning                        // checking the publication role, transforming
	stepUnpublished                     // not published on WordPress: public needs a yes
	stepSummary                         // exactly what will be sent; enter sends
	stepSending                         // spinner
	stepImagesFailed                    // the token may not upload images: continue without?
	stepDone                            // the story's URL
	stepFailed                          // what went wrong and what to do
)

// String names the step, for logs and tests.
func (s publishStep) String() string {
	return [...]string{"preparing", "already-sent", "unknown", "resolve-url", "form", "planning", "unpublished",
		"summary", "sending", "images-failed", "done", "failed"}[s]
}

// publishModel is the publish screen for one post: a form, a summary of
// exactly what will be sent, the send, and its result.
type publishModel struct {
	common *Common
	width  int
	height int
	step   publishStep

	post    wordpress.Post
	detail  wordpress.PostDetail
	pubs    publicationChoices
	choice  publishChoice
	form    *huh.Form
	request crosspost.PlanRequest
	plan    crosspost.Plan

	entry       crosspost.Entry // the ledger's record when the screen opened
	result      crosspost.Result
	err         error
	showContent bool
	content     viewport.Model
	urlInput    textinput.Model
	spinner     spinner.Model
	done        bool // the user left the screen
}

func newPublishModel(c *Common, post wordpress.Post) (publishModel, tea.Cmd) {
	m := publishModel{common: c, post: post, spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), content: viewport.New(0, 0)}
	m.urlInput = newStoryURLInput()
	pub := c.Publish.Publisher
	m.entry, _ = pub.Ledger.Get(pub.Site, post.ID)
	switch err := pub.Check(post.ID, false); {
	case errors.Is(err, crosspost.ErrAlreadySent):
		m.step = stepAlreadySent
		return m, nil
	case errors.Is(err, crosspost.ErrOutcomeUnknown):
		m.step = stepUnknown
		return m, nil
	case err != nil:
		m.step, m.err = stepFailed, err
		return m, nil
	}
	return m, m.prepare()
}

func (m *publishModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.content.Width, m.content.Height = w, max(h-4, 3)
	m.urlInput.Width = max(w-4, 10)
	if m.form != nil {
		m.form = m.form.WithWidth(min(w, 100)).WithHeight(max(h-4, 8))
	}
}

func (m *publishModel) prepare() tea.Cmd {
	m.step = stepPreparing
	return tea.Batch(preparePublishCmd(m.common, m.post.ID), m.spinner.Tick)
}

// Update handles a key or a result. The screen gets every key but ctrl+c.
func (m publishModel) Update(msg tea.Msg) (publishModel, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.step == stepPreparing || m.step == stepPlanning || m.step == stepSending {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return m, cmd
		}
		return m, nil
	case publishPreparedMsg:
		return m.prepared(msg)
	case publishPlannedMsg:
		return m.planned(msg)
	case publishContentMsg:
		m.content.SetContent(msg.text)
		return m, nil
	case publishSentMsg:
		return m.sent(msg)
	case linkedMsg:
		m.result.CrossLinkErr = msg.err
		if msg.err == nil {
			m.result.Entry.WordPressLinked = true
		}
		return m, nil
	case resolvedMsg:
		if msg.err != nil {
			m.step, m.err = stepFailed, msg.err
			return m, nil
		}
		if msg.onMedium {
			m.result = crosspost.Result{Entry: msg.entry}
			m.step = stepDone
			return m, nil
		}
		return m, m.prepare()
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.step == stepForm {
		return m.updateForm(msg)
	}
	return m, nil
}

func (m publishModel) key(msg tea.KeyMsg) (publishModel, tea.Cmd) {
	k := msg.String()
	if k == "esc" && m.step != stepResolveURL {
		if m.step == stepSending {
			return m, nil // the create is in flight: its outcome must be recorded
		}
		if m.step == stepSummary && m.showContent {
			m.showContent = false
			return m, nil
		}
		m.done = true
		return m, nil
	}
	switch m.step {
	case stepForm:
		return m.updateForm(msg)
	case stepAlreadySent:
		if k == "y" {
			m.request.SecondStory = true
			return m, m.prepare()
		}
	case stepUnknown:
		switch k {
		case "m":
			m.step = stepResolveURL
			return m, m.urlInput.Focus()
		case "n":
			return m, resolveCmd(m.common.Publish.Publisher, m.post.ID, false, "")
		}
	case stepResolveURL:
		switch k {
		case "esc":
			m.step = stepUnknown
			m.urlInput.Blur()
			return m, nil
		case "enter":
			return m, resolveCmd(m.common.Publish.Publisher, m.post.ID, true, m.urlInput.Value())
		}
		var cmd tea.Cmd
		m.urlInput, cmd = m.urlInput.Update(msg)
		return m, cmd
	case stepUnpublished:
		if k == "y" {
			m.request.AllowUnpublished = true
			return m, m.startPlan()
		}
		if k == "n" {
			return m, m.openForm()
		}
	case stepSummary:
		switch {
		case k == "enter":
			m.step = stepSending
			return m, tea.Batch(publishCmd(m.common.Publish.Publisher, m.plan), m.spinner.Tick)
		case k == "v":
			m.showContent = !m.showContent
			if m.showContent {
				return m, renderContentCmd(m.plan.Submission.Request.Content, m.detail.Link, m.width, m.common.GlamourStyle)
			}
		case k == "e":
			return m, m.openForm()
		case m.showContent:
			var cmd tea.Cmd
			m.content, cmd = m.content.Update(msg)
			return m, cmd
		}
	case stepImagesFailed:
		if k == "c" {
			m.request.WithoutImages = true
			return m, m.startPlan()
		}
	case stepDone:
		url := m.result.Entry.URL
		switch {
		case k == "o" && url != "":
			return m, openURLCmd(url)
		case k == "y" && url != "":
			return m, copyURLCmd(url)
		case k == "l" && m.result.CrossLinkErr != nil:
			return m, linkCmd(m.common.Publish.Publisher, m.post.ID)
		case key.Matches(msg, m.common.Keys.Quit) || k == "enter":
			m.done = true
		}
	case stepFailed:
		if k == "enter" || k == "q" {
			m.done = true
		}
	}
	return m, nil
}

func (m publishModel) updateForm(msg tea.Msg) (publishModel, tea.Cmd) {
	fm, cmd := m.form.Update(msg)
	m.form = fm.(*huh.Form)
	switch m.form.State {
	case huh.StateCompleted:
		return m, m.startPlan()
	case huh.StateAborted:
		m.done = true
	}
	return m, cmd
}

func (m publishModel) prepared(msg publishPreparedMsg) (publishModel, tea.Cmd) {
	if msg.err != nil {
		m.step, m.err = stepFailed, msg.err
		return m, nil
	}
	m.detail = msg.detail
	m.pubs = msg.pubs
	m.choice = newPublishChoice(m.common.Publish.Defaults, m.common.Publish.PublicationID, &m.detail)
	return m, m.openForm()
}

func (m *publishModel) openForm() tea.Cmd {
	m.step = stepForm
	m.form = newPublishForm(&m.choice, &m.detail, m.pubs, min(m.width, 100), m.height-4)
	return m.form.Init()
}

func (m *publishModel) startPlan() tea.Cmd {
	m.step = stepPlanning
	m.request.Post = m.detail
	m.request.Options = m.choice.options()
	m.request.Options.SiteName = m.common.SiteName
	m.request.PublicationID = m.choice.Publication
	return tea.Batch(planCmd(m.common.Publish.Publisher, m.request), m.spinner.Tick)
}

func (m publishModel) planned(msg publishPlannedMsg) (publishModel, tea.Cmd) {
	switch {
	case errors.Is(msg.err, crosspost.ErrUnpublishedNotDraft):
		m.step = stepUnpublished
	case msg.err != nil:
		m.step, m.err = stepFailed, msg.err
	default:
		m.plan, m.step, m.showContent = msg.plan, stepSummary, false
	}
	return m, nil
}

func (m publishModel) sent(msg publishSentMsg) (publishModel, tea.Cmd) {
	var ie *crosspost.ImageError
	switch {
	case msg.err == nil:
		m.result, m.step = msg.result, stepDone
	case errors.As(msg.err, &ie) && ie.MissingScope():
		m.step, m.err = stepImagesFailed, msg.err
	default:
		m.step, m.err = stepFailed, msg.err
		m.result = msg.result
	}
	return m, nil
}

// isRateLimited reports Medium's daily limit, which bulk publishing stops at.
func isRateLimited(err error) bool { return medium.KindOf(err) == medium.KindRateLimited }
