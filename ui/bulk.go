package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/wp2medium/wp2medium/store"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

type bulkStep int

const (
	bulkPreparing  bulkStep = iota // listing the publications
	bulkForm                       // one set of options for every post
	bulkPlanning                   // fetching and planning every post
	bulkDraftsOnly                 // a writer in the publication: drafts only
	bulkSummary                    // exactly what will be sent, and what is skipped
	bulkRunning
	bulkDone
)

// bulkItem is one marked post: its plan, or why it is skipped, and what
// happened when it was sent.
type bulkItem struct {
	post  wordpress.Post
	plan  crosspost.Plan
	skip  error // set: the post is not sent (already on Medium, needs a decision of its own, …)
	entry store.Entry
	err   error
	sent  bool
	done  bool
}

// bulkModel publishes the marked posts one after another with one set of
// options, through the same Publisher rules as one post. It stops at
// Medium's daily limit and at the first send whose outcome is unknown: going
// on could hit the limit blindly or hide a duplicate.
type bulkModel struct {
	common *Common
	id     int
	width  int
	height int
	step   bulkStep

	posts    []wordpress.Post
	pubs     publicationChoices
	choice   publishChoice
	form     *huh.Form
	items    []bulkItem
	draftErr error
	next     int // the item sent next
	view     viewport.Model
	progress progress.Model
	spinner  spinner.Model
	stopped  string // why the run stopped early
	note     string
}

type (
	bulkPreparedMsg struct {
		screen int
		pubs   publicationChoices
	}
	bulkPlannedMsg struct {
		screen int
		items  []bulkItem
	}
	bulkSentMsg struct {
		screen int
		index  int
		entry  store.Entry
		err    error
	}
	// unmarkMsg unmarks posts in the list: those a bulk publish sent.
	unmarkMsg struct{ ids []int }
)

var publishAllKey = hint("s", "send these to Medium")

func newBulkScreen(c *Common, posts []wordpress.Post) *bulkModel {
	return &bulkModel{common: c, id: nextScreenID(), posts: posts, view: viewport.New(0, 0),
		progress: progress.New(progress.WithDefaultGradient()), spinner: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// Init lists the publications the form offers.
func (m *bulkModel) Init() tea.Cmd {
	pub, id := m.common.Publish.Publisher, m.id
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		return bulkPreparedMsg{screen: id, pubs: listPublications(ctx, pub)}
	})
}

func (m *bulkModel) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form = m.form.WithWidth(min(w, 100)).WithHeight(max(h-2, 4)) // as sizedPublishForm
	}
	m.progress.Width = min(max(w-16, 10), 80)
	m.view.Width, m.view.Height = w, max(h-2, 1)
	m.refreshView()
}

func (m *bulkModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bulkPreparedMsg:
		if msg.screen != m.id {
			return nil
		}
		m.pubs = msg.pubs
		m.choice = newPublishChoice(m.common.Publish.Defaults, m.common.Publish.PublicationID, nil)
		return m.openForm()
	case bulkPlannedMsg:
		if msg.screen != m.id {
			return nil
		}
		return m.planned(msg.items)
	case bulkSentMsg:
		if msg.screen != m.id {
			return nil
		}
		return m.sentOne(msg)
	case spinner.TickMsg:
		if m.step == bulkPreparing || m.step == bulkPlanning || m.step == bulkRunning {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return cmd
		}
		return nil
	case tea.KeyMsg:
		return m.key(msg)
	}
	if m.step == bulkForm {
		return m.updateForm(msg)
	}
	return nil
}

func (m *bulkModel) key(msg tea.KeyMsg) tea.Cmd {
	k := msg.String()
	m.note = ""
	switch {
	case m.step == bulkRunning:
		return nil // finish the post in flight; its outcome must be recorded
	case k == "esc", m.step == bulkDone && (k == "enter" || k == "q"):
		return m.close()
	case m.step == bulkForm:
		return m.updateForm(msg)
	case m.step == bulkDraftsOnly && k == "d":
		m.choice.Status = string(medium.StatusDraft)
		return m.startPlan()
	case (m.step == bulkDraftsOnly || m.step == bulkSummary) && k == "e":
		return m.openForm()
	case m.step == bulkSummary && k == "s":
		if m.toSend() == 0 {
			m.note = "Nothing to send: every marked post is skipped (see why above)."
			return nil
		}
		m.step = bulkRunning
		return tea.Batch(m.sendNext(), m.spinner.Tick)
	case m.step == bulkSummary && (k == "enter" || k == "y"):
		m.note = "Press s to send. (Enter and y move through the form, so they never send: holding one down cannot publish by accident.)"
		return nil
	case m.step == bulkSummary || m.step == bulkDone:
		var cmd tea.Cmd
		m.view, cmd = m.view.Update(msg)
		return cmd
	}
	return nil
}

// close leaves the screen, unmarking the posts that were sent.
func (m *bulkModel) close() tea.Cmd {
	var ids []int
	for _, it := range m.items {
		if it.sent {
			ids = append(ids, it.post.ID)
		}
	}
	if len(ids) == 0 {
		return closeScreen
	}
	return tea.Batch(closeScreen, func() tea.Msg { return unmarkMsg{ids: ids} })
}

func (m *bulkModel) openForm() tea.Cmd {
	m.step = bulkForm
	m.form = sizedPublishForm(&m.choice, nil, m.pubs, "Publish to Medium", m.width, m.height)
	return m.form.Init()
}

func (m *bulkModel) updateForm(msg tea.Msg) tea.Cmd {
	return updatePublishForm(&m.form, msg, m.startPlan)
}

// startPlan fetches and plans every marked post with the chosen options,
// four at a time.
func (m *bulkModel) startPlan() tea.Cmd {
	m.step = bulkPlanning
	src, pub, id := m.common.Source, m.common.Publish.Publisher, m.id
	opts, pubID, posts := m.choice.options(), m.choice.publication(), m.posts
	return tea.Batch(m.spinner.Tick, func() tea.Msg {
		items := make([]bulkItem, len(posts))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for i, p := range posts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
				defer cancel()
				items[i].post = p
				d, err := src.Post(ctx, p.ID)
				if err != nil {
					items[i].skip = fmt.Errorf("could not fetch it: %w", err)
					return
				}
				// opts.Tags is nil (the bulk form has no tags field): each post
				// goes with its own.
				items[i].plan, items[i].skip = pub.Plan(ctx, crosspost.PlanRequest{Post: d, Options: opts, PublicationID: pubID})
			}()
		}
		wg.Wait()
		return bulkPlannedMsg{screen: id, items: items}
	})
}

func (m *bulkModel) planned(items []bulkItem) tea.Cmd {
	m.items, m.next, m.stopped = items, 0, ""
	for _, it := range items {
		if errors.Is(it.skip, crosspost.ErrDraftsOnly) {
			m.step, m.draftErr = bulkDraftsOnly, it.skip
			return nil
		}
	}
	m.step = bulkSummary
	m.refreshView()
	m.view.GotoTop()
	return nil
}

func (m *bulkModel) toSend() int {
	n := 0
	for _, it := range m.items {
		if it.skip == nil {
			n++
		}
	}
	return n
}

// sendNext sends the next post that has a plan, or ends the run.
func (m *bulkModel) sendNext() tea.Cmd {
	for m.next < len(m.items) && m.items[m.next].skip != nil {
		m.next++
	}
	if m.next >= len(m.items) {
		m.step = bulkDone
		m.refreshView()
		return nil
	}
	i, pub, id, plan := m.next, m.common.Publish.Publisher, m.id, m.items[m.next].plan
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), crosspost.PublishTimeout)
		defer cancel()
		res, err := pub.Publish(ctx, plan)
		return bulkSentMsg{screen: id, index: i, entry: res.Entry, err: err}
	}
}

func (m *bulkModel) sentOne(msg bulkSentMsg) tea.Cmd {
	it := &m.items[msg.index]
	it.entry, it.err, it.sent, it.done = msg.entry, msg.err, msg.err == nil, true
	m.next = msg.index + 1
	switch {
	case isRateLimited(msg.err):
		m.stopped = "Medium's daily limit was reached: send the rest tomorrow."
		var me *medium.Error
		if errors.As(msg.err, &me) && !me.RetryAfter.IsZero() {
			m.stopped = "Medium's daily limit was reached: the rest can go after " + me.RetryAfter.UTC().Format("Mon 2 Jan 15:04 UTC") + "."
		}
		m.step = bulkDone
	case msg.entry.State == store.StateUnknown || medium.IsOutcomeUnknown(msg.err):
		// What the ledger recorded decides: any failure that is not Medium's
		// definite refusal is recorded as unknown.
		m.stopped = "The outcome of the last send is unknown: look at Medium, then resolve it with p on that post."
		m.step = bulkDone
	default:
		return m.sendNext()
	}
	m.refreshView()
	return nil
}

// isRateLimited reports Medium's daily limit, which bulk publishing stops at.
func isRateLimited(err error) bool { return medium.KindOf(err) == medium.KindRateLimited }

func (m *bulkModel) View() string {
	st := m.common.Styles
	title := st.Header.Render(fmt.Sprintf("Publish %d marked posts to Medium", len(m.posts)))
	var body string
	switch m.step {
	case bulkPreparing, bulkPlanning:
		body = m.spinner.View() + " Preparing…"
	case bulkForm:
		body = m.form.View()
	case bulkDraftsOnly:
		body = paragraphs(m.width, st.Error.Render(upperFirst(termtext.CleanLine(m.draftErr.Error()))+"."))
	case bulkRunning:
		// Drawn at its value, not animated: bubbles' animation reads the
		// model from a timer goroutine while Update writes it.
		body = m.progress.ViewAs(m.fraction()) + "  " + m.spinner.View() + " sending…\n\n" + m.runLines()
	case bulkSummary, bulkDone:
		body = m.view.View()
	}
	if m.note != "" {
		body += "\n\n" + st.Muted.Render(wrapText(m.note, m.width))
	}
	return title + "\n\n" + body
}

// refreshView puts the summary or the results into the scrolling view.
func (m *bulkModel) refreshView() {
	switch m.step {
	case bulkSummary:
		m.view.SetContent(m.summaryText())
	case bulkDone:
		m.view.SetContent(m.runLines() + m.doneText())
	}
}

func (m *bulkModel) summaryText() string {
	st, c := m.common.Styles, &m.choice
	var b strings.Builder
	fmt.Fprintf(&b, "Each post is sent with: %s, %s, cross-link %s, notify followers %s, publication %s; its own tags.\n\n",
		medium.PublishStatus(c.Status).Label(), medium.License(c.License).Label(), yesNo(c.CrossLink), yesNo(c.Notify),
		orValue(c.publication(), "your profile"))
	fmt.Fprintf(&b, "To send (%d):\n", m.toSend())
	for _, it := range m.items {
		if it.skip != nil {
			continue
		}
		r := it.plan.Submission.Request
		fmt.Fprintf(&b, "  • %s  %s\n", truncate(it.post.Title, max(m.width/2, 20)), st.Muted.Render("tags: "+orNone(termtext.CleanLine(strings.Join(r.Tags, ", ")))))
		for _, w := range it.plan.Submission.Warnings {
			b.WriteString(indentWrap(st.Error.Render("! ")+termtext.CleanLine(w.Message), m.width, "      ") + "\n")
		}
	}
	if skipped := len(m.items) - m.toSend(); skipped > 0 {
		fmt.Fprintf(&b, "\nSkipped (%d):\n", skipped)
		for _, it := range m.items {
			if it.skip != nil {
				b.WriteString(indentWrap(st.Muted.Render("– ")+it.post.Title+": "+skipReason(it.skip), m.width, "    ") + "\n")
			}
		}
	}
	if len(m.items) > 0 && m.toSend() > 0 {
		sentToday := m.items[m.firstToSend()].plan.CreatesToday
		if left := crosspost.DailyLimit - sentToday; m.toSend() > left {
			fmt.Fprintf(&b, "\n%s\n", wrapText(st.Error.Render("! ")+fmt.Sprintf("%d stories were sent in the last 24 hours and Medium accepts about %d a day: the run will likely stop after %d; send the rest tomorrow.", sentToday, crosspost.DailyLimit, max(left, 0)), m.width))
		}
	}
	b.WriteString("\nThe run stops at Medium's daily limit and at the first unknown outcome.")
	return wrapText(b.String(), m.width)
}

// skipReason says, whole, why a marked post is not sent, and how to send it
// all the same: alone, with p, where the decision is the user's.
func skipReason(err error) string {
	var se *store.StateError
	var ne *crosspost.NotPublicError
	switch {
	case errors.As(err, &se) && errors.Is(err, store.ErrAlreadySent):
		return "already on Medium at " + termtext.CleanLine(se.URL) + " (p on it makes a second story)"
	case errors.As(err, &se) && errors.Is(err, store.ErrOutcomeUnknown):
		return "the outcome of its last send is unknown (p on it to say what you found on Medium)"
	case errors.Is(err, store.ErrSendInProgress):
		return "it is being sent by another wp2medium"
	case errors.As(err, &ne):
		return termtext.CleanLine(ne.Reason()) + " (choose Draft, or p on it to confirm)"
	}
	return termtext.CleanLine(err.Error())
}

func (m *bulkModel) firstToSend() int {
	for i, it := range m.items {
		if it.skip == nil {
			return i
		}
	}
	return 0
}

func (m *bulkModel) runLines() string {
	st := m.common.Styles
	var b strings.Builder
	for _, it := range m.items {
		if !it.done {
			continue
		}
		title := truncate(it.post.Title, 40)
		if it.sent {
			b.WriteString(st.Status.Render("✓ ") + title + "  " + termtext.CleanLine(it.entry.URL) + "\n")
		} else {
			b.WriteString(indentWrap(st.Error.Render("✗ ")+title+": "+termtext.CleanLine(it.err.Error()), m.width, "    ") + "\n")
		}
	}
	return b.String()
}

// fraction is how much of the run is done.
func (m *bulkModel) fraction() float64 {
	done := 0
	for _, it := range m.items {
		if it.done {
			done++
		}
	}
	return float64(done) / float64(max(m.toSend(), 1))
}

// sentCount is how many posts the run sent.
func (m *bulkModel) sentCount() int {
	n := 0
	for _, it := range m.items {
		if it.sent {
			n++
		}
	}
	return n
}

func (m *bulkModel) doneText() string {
	st := m.common.Styles
	sent := m.sentCount()
	s := fmt.Sprintf("\n%d sent, %d not sent.", sent, len(m.items)-sent)
	if m.stopped != "" {
		s += "\n" + st.Error.Render("Stopped: ") + m.stopped
	}
	return wrapText(s, m.width)
}

// ShortHelp is the keys of the step, for the footer.
func (m *bulkModel) ShortHelp() []key.Binding {
	switch m.step {
	case bulkForm:
		return append(m.form.KeyBinds(), cancelKey)
	case bulkDraftsOnly:
		return []key.Binding{draftKey, editKey, cancelKey}
	case bulkSummary:
		return []key.Binding{publishAllKey, editKey, scrollKey, cancelKey}
	case bulkRunning:
		return []key.Binding{hint("", "sending: the post in flight finishes and is recorded before anything else")}
	case bulkDone:
		return []key.Binding{scrollKey, closeKey}
	}
	return []key.Binding{cancelKey}
}

// FullHelp is ShortHelp in one column.
func (m *bulkModel) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// indentWrap wraps s to width with later lines indented, for list items.
func indentWrap(s string, width int, indent string) string {
	lines := strings.Split(wrapText(s, max(width-len(indent), 10)), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = indent + lines[i]
	}
	return strings.Join(lines, "\n")
}
