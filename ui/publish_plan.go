package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The publish screen in plan mode (the a key): the same form, but what it
// chose is saved as the post's plan (PublishDeps.Plans) for `wp2medium sync`
// to send once the post is published on WordPress. Nothing goes to Medium.
// That is the point of a plan: choosing before publishing, so a draft or a
// scheduled post may be planned.

// publishMode is what the publish screen does with the form's choices.
type publishMode int

const (
	modePublish publishMode = iota // send now
	modePlan                       // save a plan for sync
)

// String names the mode, for logs and tests.
func (m publishMode) String() string { return [...]string{"publish", "plan"}[m] }

// The keys of the plan's review.
var (
	savePlanKey   = hint("s", "save the plan")
	removePlanKey = hint("x", "remove the plan")
)

// planFormTitle heads the form in plan mode.
const planFormTitle = "Plan: sent by wp2medium sync when published"

// planSavedMsg is what saving or removing the plan did.
type planSavedMsg struct {
	screen  int
	removed bool // the plan was removed, not saved
	err     error
}

func newPlanScreen(c *Common, post wordpress.Post) *publishModel {
	m := newPublishScreen(c, post)
	m.mode = modePlan
	return m
}

// preparedPlan follows the preparation in plan mode: a post already on
// Medium (or whose last send is unknown) is refused, as by `wp2medium plan`;
// a post with a plan shows it, with the choice to change or remove it.
func (m *publishModel) preparedPlan(msg publishPreparedMsg) tea.Cmd {
	if msg.check != nil {
		m.step, m.err = stepFailed, planRefusal(msg.check)
		return nil
	}
	m.saved = msg.plan
	if m.saved == nil {
		return m.openForm()
	}
	m.choice = choiceFromPlan(m.choice, m.saved.Options, &m.detail)
	m.pending, m.planEdited = m.saved.Options, false
	m.step = stepPlanReview
	return nil
}

// planRefusal says why the post cannot be planned, and what to do instead.
func planRefusal(check error) error {
	var se *store.StateError
	switch {
	case !errors.As(check, &se):
		return check
	case errors.Is(check, store.ErrAlreadySent):
		url := termtext.CleanLine(se.URL)
		if url == "" {
			url = "(no URL recorded)"
		}
		return fmt.Errorf("this post is already on Medium: %s. wp2medium sync never makes a second story, so a plan would never be sent (p publishes a second story by hand)", url)
	case errors.Is(check, store.ErrOutcomeUnknown):
		return errors.New("the last send of this post has an unknown outcome: it may be on Medium. Press p on it to say what you found there; then it can be planned")
	case errors.Is(check, store.ErrSendInProgress):
		return errors.New("this post is being sent to Medium right now; wait for Medium's answer")
	}
	return check
}

// reviewPlan follows the form in plan mode: what will be saved, for a yes.
func (m *publishModel) reviewPlan() tea.Cmd {
	m.pending, m.planEdited = m.planOptions(), true
	m.step = stepPlanReview
	return nil
}

// planOptions is the form's choice as a plan saves it. Tags left as the
// form offered them are the post's own when it is sent (nil): a draft's
// tags may still change before it is published.
func (m *publishModel) planOptions() store.PlanOptions {
	o := m.choice.options()
	p := store.PlanOptions{Status: o.Status, License: o.License, CrossLink: o.CrossLink, NotifyFollowers: o.NotifyFollowers,
		Tags: o.Tags, PublicationID: m.choice.publication(), KeepDate: o.KeepDate}
	if strings.TrimSpace(m.choice.OtherTags) == "" && slices.Equal(m.choice.Tags, crosspost.DefaultTags(m.detail)) {
		p.Tags = nil
	}
	if m.saved != nil { // set by `wp2medium plan`; the form has no field for them
		p.UploadImages, p.WithoutImages = m.saved.Options.UploadImages, m.saved.Options.WithoutImages
	}
	return p
}

// choiceFromPlan is c with a saved plan's choices, for the form to start
// from.
func choiceFromPlan(c publishChoice, o store.PlanOptions, post *wordpress.PostDetail) publishChoice {
	if o.Status != "" {
		c.Status = string(o.Status)
	}
	if o.License != "" {
		c.License = string(o.License)
	}
	c.CrossLink, c.Notify, c.KeepDate, c.Publication = o.CrossLink, o.NotifyFollowers, o.KeepDate, o.PublicationID
	if o.Tags != nil {
		offered := crosspost.TagCandidates(*post)
		c.Tags, c.OtherTags = nil, ""
		var typed []string
		for _, t := range o.Tags {
			if slices.Contains(offered, t) {
				c.Tags = append(c.Tags, t)
			} else {
				typed = append(typed, t)
			}
		}
		c.OtherTags = strings.Join(typed, ", ")
	}
	return c
}

// planKey handles a key on the plan's review.
func (m *publishModel) planKey(k string) tea.Cmd {
	plans := m.common.Publish.Plans
	switch {
	case k == "s" && m.planEdited:
		return savePlanCmd(plans, m.id, m.detail.ID, m.pending)
	case k == "x" && m.saved != nil:
		return removePlanCmd(plans, m.id, m.detail.ID)
	case k == "e":
		return m.openForm()
	case (k == "enter" || k == "y") && m.planEdited:
		m.note = "Press s to save the plan. (Enter and y move through the form, so they never save it.)"
	}
	return nil
}

// planSaved closes the screen once the plan is saved or removed; the
// column shows it at once (the root checks the ledger's version on close).
func (m *publishModel) planSaved(msg planSavedMsg) tea.Cmd {
	if msg.err != nil {
		m.step, m.err = stepFailed, msg.err
		return nil
	}
	text := "Planned (" + strings.ToLower(m.pending.Status.Label()) + ", " + planWhenShort(m.detail.Status) + "): " + m.detail.Title
	if msg.removed {
		text = "Plan removed: " + m.detail.Title
	}
	return tea.Batch(closeScreen, func() tea.Msg { return statusMsg{text: text} })
}

func savePlanCmd(plans PlanStore, screen, postID int, opts store.PlanOptions) tea.Cmd {
	return func() tea.Msg {
		return planSavedMsg{screen: screen, err: plans.SetPlan(postID, opts)}
	}
}

func removePlanCmd(plans PlanStore, screen, postID int) tea.Cmd {
	return func() tea.Msg {
		removed, err := plans.CancelPlan(postID)
		if err == nil && !removed {
			err = errors.New("this post has no plan any more (removed from another terminal?)")
		}
		return planSavedMsg{screen: screen, removed: true, err: err}
	}
}

// planHelp is the keys of the plan's review.
func (m *publishModel) planHelp() []key.Binding {
	var keys []key.Binding
	if m.planEdited {
		keys = append(keys, savePlanKey)
	}
	keys = append(keys, editKey)
	if m.saved != nil {
		keys = append(keys, removePlanKey)
	}
	if !m.planEdited {
		return append(keys, backKey) // nothing to lose
	}
	return append(keys, cancelKey)
}

// planWhen says when sync sends the post, as its WordPress status is now.
func planWhen(p wordpress.Post) string {
	switch p.Status {
	case wordpress.StatusPublish:
		return "by the next wp2medium sync (the post is published)"
	case wordpress.StatusFuture:
		return "once it goes live (scheduled for " + p.DateGMT.Local().Format("2006-01-02 15:04") + ")"
	}
	return "once it is published on WordPress (it is " + p.Status.InSentence() + " now)"
}

func planWhenShort(s wordpress.Status) string {
	if s == wordpress.StatusPublish {
		return "with the next sync"
	}
	return "once published"
}

// planReviewView is the plan that will be saved (or that the post has).
func (m *publishModel) planReviewView() string {
	st := m.common.Styles
	o := m.pending
	var head string
	switch {
	case m.planEdited:
		head = "This plan will be saved. Nothing is sent to Medium now: wp2medium sync sends the post with these choices " + planWhen(m.detail.Post) + "."
	case m.saved.Source == store.PlanBackfill:
		head = "This post is in the backfill queue (wp2medium sync --backfill): it goes with these choices " + planWhen(m.detail.Post) + "."
	default:
		head = "This post has a plan, saved " + m.saved.CreatedAt.Local().Format("2006-01-02 15:04") + ": wp2medium sync sends it with these choices " + planWhen(m.detail.Post) + "."
	}
	tags := strings.Join(o.Tags, ", ")
	switch {
	case o.Tags == nil:
		tags = "the post's own when it is sent (now: " + orNone(strings.Join(crosspost.DefaultTags(m.detail), ", ")) + ")"
	case len(o.Tags) == 0:
		tags = "none"
	}
	date := "when it is sent"
	if o.KeepDate {
		date = "the post's own"
	}
	rows := [][2]string{
		{"Status", o.Status.Label()},
		{"License", o.License.Label()},
		{"Tags", tags},
		{"Publication", m.publicationName(o.PublicationID)},
		{"Notify followers", yesNo(o.NotifyFollowers)},
		{"Date", date},
		{"Cross-link", crossLinkText(o.CrossLink, m.common.Publish.Publisher.Linker != nil)},
	}
	switch {
	case o.WithoutImages:
		rows = append(rows, [2]string{"Images", "left out"})
	case o.UploadImages:
		rows = append(rows, [2]string{"Images", "uploaded to Medium first"})
	}
	var b strings.Builder
	b.WriteString(wrapText(head, m.width) + "\n\n")
	for _, row := range rows {
		b.WriteString("  " + st.Muted.Render(pad(row[0], 17)) + " " + indentWrap(termtext.ForCells(termtext.CleanLine(row[1])), m.width-2, strings.Repeat(" ", 20)) + "\n")
	}
	return b.String()
}
