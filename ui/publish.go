package ui

import (
	"errors"

	"github.com/wp2medium/wp2medium/store"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/crosspost"
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
	stepPlanning                        // checking every rule, transforming
	stepUnpublished                     // not public on WordPress: public needs a yes
	stepDraftsOnly                      // a writer in the publication: drafts only
	stepSummary                         // exactly what will be sent; y sends
	stepPlanReview                      // plan mode: what the plan saves; s saves
	stepSending                         // spinner
	stepImagesFailed                    // the images could not be uploaded: send without them?
	stepDone                            // the story's URL
	stepFailed                          // what went wrong and what to do
)

// String names the step, for logs and tests.
func (s publishStep) String() string {
	return [...]string{"preparing", "already-sent", "unknown", "resolve-url", "form", "planning", "unpublished",
		"drafts-only", "summary", "plan-review", "sending", "images-failed", "done", "failed"}[s]
}

// The keys of the publish screen's steps. Sending is s, a key no form field
// uses: enter moves through the form and y answers its yes/no fields, so
// holding either down through the form can never send anything.
var (
	sendKey      = hint("s", "send to Medium")
	secondKey    = hint("y", "create a second story")
	yesAnywayKey = hint("y", "send it anyway")
	draftKey     = hint("d", "send as a draft instead")
	editKey      = hint("e", "change the options")
	viewKey      = hint("v", "view the content")
	backKey      = hint("esc", "back")
	cancelKey    = hint("esc", "cancel")
	closeKey     = hint("enter", "back to the list")
	openStoryKey = hint("o", "open the story")
	copyStoryKey = hint("y", "copy its URL")
	relinkKey    = hint("l", "retry the WordPress link")
	onMediumKey  = hint("m", "it is on Medium (paste its URL)")
	notSentKey   = hint("n", "it is not: allow sending again")
	recordKey    = hint("enter", "record it")
	noImagesKey  = hint("w", "send without the images")
)

// publishModel is the publish screen for one post: a form, a summary of
// exactly what will be sent, the send, and its result. Its methods have
// pointer receivers: the form writes into m.choice, and m.choice is what is
// sent.
type publishModel struct {
	common *Common
	id     int // tags this screen's results
	width  int
	height int
	step   publishStep
	mode   publishMode

	post    wordpress.Post
	detail  wordpress.PostDetail
	pubs    publicationChoices
	choice  publishChoice
	form    *huh.Form
	request crosspost.PlanRequest
	plan    crosspost.Plan

	// In plan mode: the plan the post had when the screen opened, what
	// will be saved, and whether the form made it (else it is the saved one).
	saved      *store.Plan
	pending    store.PlanOptions
	planEdited bool

	refusal     *store.StateError // why the post cannot simply be sent
	feed        feedLookup        // the story in Medium's feed, for an unknown outcome
	planErr     error             // why the plan needs a decision (unpublished, drafts only)
	result      crosspost.Result
	err         error
	showContent bool
	content     viewport.Model // the content as Medium will receive it (v)
	summary     viewport.Model // the summary, which may be taller than the screen
	urlInput    textinput.Model
	spinner     spinner.Model
	note        string // a one-line hint shown under the step
}

func newPublishScreen(c *Common, post wordpress.Post) *publishModel {
	m := &publishModel{common: c, id: nextScreenID(), post: post,
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)), content: viewport.New(0, 0), summary: viewport.New(0, 0)}
	m.urlInput = newStoryURLInput()
	return m
}

// Init fetches the post as it is now, checks the record of what was sent
// and lists the publications.
func (m *publishModel) Init() tea.Cmd { return m.prepare() }

func (m *publishModel) SetSize(w, h int) {
	m.width, m.height = w, h
	m.content.Width, m.content.Height = w, max(h-4, 3)
	m.summary.Width, m.summary.Height = w, max(h-4, 3)
	if m.step == stepSummary {
		m.summary.SetContent(m.summaryView())
	}
	m.urlInput.Width = max(w-4, 10)
	if m.form != nil {
		m.form = m.form.WithWidth(min(w, 100)).WithHeight(max(h-2, 4)) // as sizedPublishForm
	}
}

func (m *publishModel) prepare() tea.Cmd {
	m.step = stepPreparing
	var plans PlanStore
	if m.mode == modePlan {
		plans = m.common.Publish.Plans
	}
	return tea.Batch(preparePublishCmd(m.common, m.id, m.post.ID, plans), m.spinner.Tick)
}

// Update handles a key or a result. The screen gets every key but ctrl+c.
func (m *publishModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.step == stepPreparing || m.step == stepPlanning || m.step == stepSending {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return cmd
		}
		return nil
	case publishPreparedMsg:
		if msg.screen == m.id {
			return m.prepared(msg)
		}
		return nil
	case publishPlannedMsg:
		if msg.screen == m.id {
			return m.planned(msg)
		}
		return nil
	case publishContentMsg:
		if msg.screen == m.id {
			m.content.SetContent(msg.text)
		}
		return nil
	case publishSentMsg:
		if msg.screen == m.id {
			return m.sent(msg)
		}
		return nil
	case linkedMsg:
		if msg.screen == m.id {
			m.result.CrossLinkErr = msg.err
			if msg.err == nil {
				m.result.Entry.WordPressLinked = true
			}
		}
		return nil
	case feedCheckedMsg:
		if msg.screen == m.id {
			m.feed = msg.lookup
		}
		return nil
	case resolvedMsg:
		if msg.screen == m.id {
			return m.resolved(msg)
		}
		return nil
	case planSavedMsg:
		if msg.screen == m.id {
			return m.planSaved(msg)
		}
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.step == stepForm {
		return m.updateForm(msg)
	}
	return nil
}

func (m *publishModel) key(msg tea.KeyMsg) tea.Cmd {
	k := msg.String()
	m.note = ""
	if k == "esc" {
		switch {
		case m.step == stepSending:
			return nil // the create is in flight: its outcome must be recorded
		case m.step == stepResolveURL:
			m.step = stepUnknown
			m.urlInput.Blur()
			return nil
		case m.step == stepSummary && m.showContent:
			m.showContent = false
			return nil
		}
		return closeScreen
	}
	pub := m.common.Publish.Publisher
	switch m.step {
	case stepForm:
		return m.updateForm(msg)
	case stepAlreadySent:
		if k == "y" {
			m.request.SecondStory = true
			return m.openForm()
		}
	case stepUnknown:
		switch k {
		case "m":
			m.step = stepResolveURL
			return m.urlInput.Focus()
		case "n":
			return resolveCmd(pub, m.id, m.detail, false, "")
		case "y":
			if m.feed.state == feedFound {
				return resolveCmd(pub, m.id, m.detail, true, m.feed.found.URL)
			}
		}
	case stepResolveURL:
		if k == "enter" {
			return resolveCmd(pub, m.id, m.detail, true, m.urlInput.Value())
		}
		var cmd tea.Cmd
		m.urlInput, cmd = m.urlInput.Update(msg)
		return cmd
	case stepUnpublished, stepDraftsOnly:
		switch {
		case k == "y" && m.step == stepUnpublished:
			m.request.AllowUnpublished = true
			return m.startPlan()
		case k == "d":
			m.choice.Status = "draft"
			return m.startPlan()
		case k == "e":
			return m.openForm()
		}
	case stepSummary:
		switch {
		case k == "s":
			m.step = stepSending
			return tea.Batch(publishCmd(pub, m.id, m.plan), m.spinner.Tick)
		case k == "enter" || k == "y":
			m.note = "Press s to send. (Enter and y move through the form, so they never send: holding one down cannot publish by accident.)"
		case k == "v":
			m.showContent = !m.showContent
			if m.showContent {
				return renderContentCmd(m.id, m.plan.Submission.Request.Content, m.detail.Link, m.width, m.common.GlamourStyle)
			}
		case k == "e":
			return m.openForm()
		case m.showContent:
			var cmd tea.Cmd
			m.content, cmd = m.content.Update(msg)
			return cmd
		default:
			var cmd tea.Cmd
			m.summary, cmd = m.summary.Update(msg)
			return cmd
		}
	case stepPlanReview:
		return m.planKey(k)
	case stepImagesFailed:
		if k == "w" {
			m.request.WithoutImages = true
			return m.startPlan()
		}
	case stepDone:
		url := m.result.Entry.URL
		switch {
		case k == "o" && url != "":
			return openURLCmd(url)
		case k == "y" && url != "":
			return copyCmd(m.common.Terminal, "the story's URL", url)
		case k == "l" && m.result.CrossLinkErr != nil:
			return linkCmd(pub, m.id, m.detail)
		case k == "enter" || k == "q":
			return closeScreen
		}
	case stepFailed:
		switch {
		case k == "e" && m.canEdit():
			return m.openForm()
		case k == "enter" || k == "q":
			return closeScreen
		}
	}
	return nil
}

// canEdit: after a failure that made no story (nothing sent yet, or Medium
// refused), the options may be changed and the post sent again.
func (m *publishModel) canEdit() bool {
	return m.form != nil && m.result.Entry.State != store.StateUnknown && m.result.Entry.State != store.StateSent
}

func (m *publishModel) updateForm(msg tea.Msg) tea.Cmd {
	return updatePublishForm(&m.form, msg, m.startPlan)
}

func (m *publishModel) prepared(msg publishPreparedMsg) tea.Cmd {
	if msg.err != nil {
		m.step, m.err = stepFailed, msg.err
		return nil
	}
	m.detail, m.pubs = msg.detail, msg.pubs
	m.choice = newPublishChoice(m.common.Publish.Defaults, m.common.Publish.PublicationID, &m.detail)
	if m.mode == modePlan {
		return m.preparedPlan(msg)
	}
	var se *store.StateError
	switch {
	case msg.check == nil:
		return m.openForm()
	case errors.As(msg.check, &se) && errors.Is(msg.check, store.ErrAlreadySent):
		m.refusal, m.step = se, stepAlreadySent
	case errors.As(msg.check, &se) && errors.Is(msg.check, store.ErrOutcomeUnknown):
		m.refusal, m.step = se, stepUnknown
		return m.lookInFeed()
	default:
		m.step, m.err = stepFailed, msg.check
	}
	return nil
}

func (m *publishModel) resolved(msg resolvedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		m.step, m.err = stepFailed, msg.err
	case msg.onMedium:
		m.result = crosspost.Result{Entry: msg.entry}
		m.step = stepDone
	default:
		return m.openForm() // not on Medium: it may be sent now
	}
	return nil
}

func (m *publishModel) openForm() tea.Cmd {
	m.step = stepForm
	// A yes given to one set of options is not a yes to the next: "send it
	// anyway" and "without the images" are asked again after a change.
	m.request.AllowUnpublished, m.request.WithoutImages = false, false
	heading := "Publish to Medium"
	if m.mode == modePlan {
		heading = planFormTitle
	}
	m.form = sizedPublishForm(&m.choice, &m.detail, m.pubs, heading, m.width, m.height)
	return m.form.Init()
}

// startPlan follows the form: the publisher checks every rule and builds
// the request, for the summary; in plan mode, the plan is reviewed instead
// (nothing is built before the post is published).
func (m *publishModel) startPlan() tea.Cmd {
	if m.mode == modePlan {
		return m.reviewPlan()
	}
	m.step = stepPlanning
	m.request.Post = m.detail
	m.request.Options = m.choice.options()
	m.request.PublicationID = m.choice.publication()
	return tea.Batch(planCmd(m.common.Publish.Publisher, m.id, m.request), m.spinner.Tick)
}

func (m *publishModel) planned(msg publishPlannedMsg) tea.Cmd {
	m.planErr = msg.err
	switch {
	case errors.Is(msg.err, crosspost.ErrUnpublishedNotDraft):
		m.step = stepUnpublished
	case errors.Is(msg.err, crosspost.ErrDraftsOnly):
		m.step = stepDraftsOnly
	case msg.err != nil:
		m.step, m.err = stepFailed, msg.err
	default:
		m.plan, m.step, m.showContent = msg.plan, stepSummary, false
		m.summary.SetContent(m.summaryView())
		m.summary.GotoTop()
	}
	return nil
}

func (m *publishModel) sent(msg publishSentMsg) tea.Cmd {
	var ie *crosspost.ImageError
	m.result = msg.result
	switch {
	case msg.err == nil:
		m.step = stepDone
	case errors.As(msg.err, &ie):
		m.step, m.err = stepImagesFailed, ie
	default:
		m.step, m.err = stepFailed, msg.err
	}
	return nil
}

// ShortHelp is the keys of the step, for the footer.
func (m *publishModel) ShortHelp() []key.Binding {
	switch m.step {
	case stepAlreadySent:
		return []key.Binding{secondKey, cancelKey}
	case stepUnknown:
		if m.feed.state == feedFound {
			return []key.Binding{feedYesKey, onMediumKey, notSentKey, cancelKey}
		}
		return []key.Binding{onMediumKey, notSentKey, cancelKey}
	case stepResolveURL:
		return []key.Binding{recordKey, backKey}
	case stepForm:
		return append(m.form.KeyBinds(), cancelKey)
	case stepUnpublished:
		return []key.Binding{yesAnywayKey, draftKey, editKey, cancelKey}
	case stepDraftsOnly:
		return []key.Binding{draftKey, editKey, cancelKey}
	case stepSummary:
		if m.showContent {
			return []key.Binding{scrollKey, hint("v", "back to the summary")}
		}
		return []key.Binding{sendKey, viewKey, editKey, scrollKey, cancelKey}
	case stepPlanReview:
		return m.planHelp()
	case stepSending:
		return []key.Binding{hint("", "sending: the outcome is recorded whatever happens")}
	case stepImagesFailed:
		return []key.Binding{noImagesKey, cancelKey}
	case stepDone:
		keys := []key.Binding{openStoryKey, copyStoryKey}
		if m.result.CrossLinkErr != nil {
			keys = append(keys, relinkKey)
		}
		return append(keys, closeKey)
	case stepFailed:
		if m.canEdit() {
			return []key.Binding{editKey, closeKey}
		}
		return []key.Binding{closeKey}
	}
	return []key.Binding{cancelKey}
}

// FullHelp is ShortHelp in one column.
func (m *publishModel) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
