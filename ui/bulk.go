package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

type bulkStep int

const (
	bulkPreparing bulkStep = iota
	bulkForm
	bulkSummary
	bulkRunning
	bulkDone
)

// bulkOutcome is what happened to one marked post.
type bulkOutcome struct {
	post  wordpress.Post
	entry crosspost.Entry
	err   error
	sent  bool
}

// bulkModel publishes the marked posts one after another with one set of
// options. It stops at Medium's daily limit and at the first send whose
// outcome is unknown: going on could hit the limit blindly or hide a
// duplicate.
type bulkModel struct {
	common *Common
	width  int
	height int
	step   bulkStep

	posts    []wordpress.Post
	pubs     publicationChoices
	choice   publishChoice
	form     *huh.Form
	progress progress.Model
	spinner  spinner.Model

	outcomes []bulkOutcome
	stopped  string // why the run stopped early
	sent     int
	done     bool
}

type bulkPreparedMsg struct{ pubs publicationChoices }

type bulkStepMsg struct{ outcome bulkOutcome }

func newBulkModel(c *Common, posts []wordpress.Post) (bulkModel, tea.Cmd) {
	m := bulkModel{common: c, posts: posts, progress: progress.New(progress.WithDefaultGradient()),
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
	pub := c.Publish.Publisher
	return m, tea.Batch(m.spinner.Tick, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return bulkPreparedMsg{pubs: listPublications(ctx, pub)}
	})
}

func (m *bulkModel) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form = m.form.WithWidth(min(w, 100)).WithHeight(max(h-4, 8))
	}
	m.progress.Width = min(max(w-10, 10), 80)
}

func (m bulkModel) Update(msg tea.Msg) (bulkModel, tea.Cmd) {
	switch msg := msg.(type) {
	case bulkPreparedMsg:
		m.pubs = msg.pubs
		m.choice = newPublishChoice(m.common.Publish.Defaults, m.common.Publish.PublicationID, nil)
		m.step = bulkForm
		m.form = newPublishForm(&m.choice, nil, m.pubs, min(m.width, 100), m.height-4)
		return m, m.form.Init()
	case bulkStepMsg:
		return m.stepDone(msg.outcome)
	case spinner.TickMsg:
		if m.step == bulkPreparing || m.step == bulkRunning {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return m, cmd
		}
		return m, nil
	case progress.FrameMsg:
		pm, cmd := m.progress.Update(msg)
		m.progress = pm.(progress.Model)
		return m, cmd
	case tea.KeyMsg:
		k := msg.String()
		switch {
		case m.step == bulkRunning:
			return m, nil // finish the post in flight; its outcome must be recorded
		case k == "esc", m.step == bulkDone && k == "enter":
			m.done = true
			return m, nil
		case m.step == bulkSummary && k == "enter":
			m.step = bulkRunning
			return m, tea.Batch(m.next(), m.spinner.Tick)
		case m.step == bulkSummary && k == "e":
			m.step = bulkForm
			m.form = newPublishForm(&m.choice, nil, m.pubs, min(m.width, 100), m.height-4)
			return m, m.form.Init()
		}
	}
	if m.step == bulkForm {
		fm, cmd := m.form.Update(msg)
		m.form = fm.(*huh.Form)
		switch m.form.State {
		case huh.StateCompleted:
			m.step = bulkSummary
		case huh.StateAborted:
			m.done = true
		}
		return m, cmd
	}
	return m, nil
}

// next sends the next marked post.
func (m *bulkModel) next() tea.Cmd {
	post := m.posts[len(m.outcomes)]
	src, pub := m.common.Source, m.common.Publish.Publisher
	opts, pubID := m.choice.options(), m.choice.Publication
	opts.SiteName = m.common.SiteName
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
		defer cancel()
		out := bulkOutcome{post: post}
		d, err := src.Post(ctx, post.ID)
		if err != nil {
			out.err = err
			return bulkStepMsg{out}
		}
		plan, err := pub.Plan(crosspost.PlanRequest{Post: d, Options: opts, PublicationID: pubID})
		if err != nil {
			out.err = err
			return bulkStepMsg{out}
		}
		res, err := pub.Publish(ctx, plan)
		out.entry, out.err, out.sent = res.Entry, err, err == nil
		return bulkStepMsg{out}
	}
}

func (m bulkModel) stepDone(o bulkOutcome) (bulkModel, tea.Cmd) {
	m.outcomes = append(m.outcomes, o)
	if o.sent {
		m.sent++
	}
	cmd := m.progress.SetPercent(float64(len(m.outcomes)) / float64(len(m.posts)))
	switch {
	case isRateLimited(o.err):
		m.stopped = "Medium's daily limit was reached: send the rest tomorrow."
	case medium.IsOutcomeUnknown(o.err):
		m.stopped = "The outcome of the last send is unknown: look at Medium, then resolve it with p on that post."
	case len(m.outcomes) < len(m.posts):
		return m, tea.Batch(cmd, m.next())
	}
	m.step = bulkDone
	return m, cmd
}

func (m bulkModel) View() string {
	st := m.common.Styles
	title := st.Header.Render(fmt.Sprintf("Publish %d marked posts to Medium", len(m.posts)))
	var body string
	switch m.step {
	case bulkPreparing:
		body = m.spinner.View() + " Preparing…"
	case bulkForm:
		body = m.form.View()
	case bulkSummary:
		c := m.choice
		var b strings.Builder
		fmt.Fprintf(&b, "Each post is sent with: %s, %s, cross-link %s, notify followers %s, publication %s, its own tags.\n\n",
			medium.PublishStatus(c.Status).Label(), medium.License(c.License).Label(), yesNo(c.CrossLink), yesNo(c.Notify), orValue(c.Publication, "your profile"))
		for _, p := range m.posts {
			fmt.Fprintf(&b, "  • %s\n", truncate(p.Title, max(m.width-6, 10)))
		}
		b.WriteString("\nPosts already on Medium, or whose last send has an unknown outcome, are skipped. The run stops at Medium's daily limit and at the first unknown outcome.")
		body = wrapText(b.String(), m.width)
	case bulkRunning, bulkDone:
		body = m.runView()
	}
	return title + "\n\n" + body
}

// hints are the keys of the step, for the footer.
func (m bulkModel) hints() []string {
	switch m.step {
	case bulkSummary:
		return []string{"enter", "publish all", "e", "edit", "esc", "cancel"}
	case bulkRunning:
		return []string{"", "sending: the post in flight finishes and is recorded before anything else"}
	case bulkDone:
		return []string{"enter", "back to the list"}
	}
	return []string{"esc", "cancel"}
}

func (m bulkModel) runView() string {
	st := m.common.Styles
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d of %d\n\n", m.progress.View(), len(m.outcomes), len(m.posts))
	for _, o := range m.outcomes {
		line := truncate(o.post.Title, 40) + "  "
		switch {
		case o.sent:
			line = st.Status.Render("✓ ") + line + o.entry.URL
		case errors.Is(o.err, crosspost.ErrAlreadySent), errors.Is(o.err, crosspost.ErrOutcomeUnknown):
			line = st.Muted.Render("– "+line+"skipped: ") + st.Muted.Render(termtext.CleanLine(o.err.Error()))
		default:
			line = st.Error.Render("✗ ") + line + termtext.CleanLine(o.err.Error())
		}
		b.WriteString(truncate(line, m.width) + "\n")
	}
	if m.step == bulkRunning {
		b.WriteString("\n" + m.spinner.View() + " sending…")
		return b.String()
	}
	fmt.Fprintf(&b, "\n%d sent, %d not sent.", m.sent, len(m.posts)-m.sent)
	if m.stopped != "" {
		b.WriteString("\n" + st.Error.Render("Stopped: ") + m.stopped)
	}
	return b.String()
}
