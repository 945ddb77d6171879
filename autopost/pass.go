package autopost

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// PostSource fetches one post whole; *wordpress.Client satisfies it.
type PostSource interface {
	Post(ctx context.Context, id int) (wordpress.PostDetail, error)
}

// Runner runs passes over one site.
type Runner struct {
	Store *store.Store
	// Site is the configured address: the post cache and the plans are
	// kept under it.
	Site      string
	Syncer    *sitesync.Syncer
	Posts     PostSource
	Publisher *crosspost.Publisher
	Rules     Rules
	// Defaults are the choices a post the rules pick is sent with: the
	// config's [defaults] (a plan carries its own).
	Defaults store.PlanOptions
	// Notify, when not nil, is told of every send: sent, failed, or
	// blocked on an unknown outcome.
	Notify func(result string, it Item)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// PassOptions change one pass.
type PassOptions struct {
	// DryRun sends nothing and records nothing but the post list: the
	// report says what would be sent and why.
	DryRun bool
	// Stop, closed, ends the pass before its next send; a send in flight
	// gets Medium's answer and records it first.
	Stop <-chan struct{}
}

// Backoff is the wait before the next try of a post whose tries failed n
// times in a row (a failure Medium or the network made certain created
// nothing): the next pass for the first, then 15 minutes, doubling, at most a
// day.
func Backoff(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	d := 15 * time.Minute
	for i := 2; i < n && d < Window; i++ {
		d *= 2
	}
	return min(d, Window)
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// due is a post a pass will try.
type due struct {
	post wordpress.Post
	why  string
	plan *store.Plan
	auto store.AutoPost
}

// Pass syncs the site's post list, then sends every due post, oldest first
// (the user's plans and the rules' picks before a backfill's queue), until
// the daily limit. An error is returned only when the pass could not run
// at all (the store, or WordPress unreachable); what happened to each post
// is in the report.
func (r *Runner) Pass(ctx context.Context, opt PassOptions) (Report, error) {
	rep := newReport()
	rep.Site, rep.DryRun, rep.Enabled, rep.DailyLimit = r.Site, opt.DryRun, r.Rules.Enabled, r.Rules.DailyLimit
	if r.Syncer != nil {
		if _, err := r.Syncer.Sync(ctx, sitesync.Auto, nil); err != nil {
			return rep, fmt.Errorf("syncing the post list: %w", err)
		}
	}
	list, err := r.Store.Posts(r.Site)
	if err != nil {
		return rep, err
	}
	todo, err := r.dueList(list, &rep)
	if err != nil {
		return rep, err
	}
	now := r.now()
	ledger := r.Publisher.Ledger
	sentBefore := ledger.CreateTimesSince(now.Add(-Window))
	rep.SentLast24h = len(sentBefore)
	slots := -1 // no limit
	if r.Rules.DailyLimit > 0 {
		slots = max(r.Rules.DailyLimit-len(sentBefore), 0)
	}
	for i, d := range todo {
		if stopped(opt.Stop) {
			rep.Stopped = true
			r.waitAll(&rep, todo[i:], WaitStopped, "the pass was stopped before this post", nil)
			break
		}
		if slots == 0 {
			r.waitLimit(&rep, todo[i:], sentBefore)
			break
		}
		switch r.try(ctx, d, opt, &rep) {
		case outcomeSent:
			if slots > 0 {
				slots--
			}
			sentBefore = append(sentBefore, now)
		case outcomeLimit:
			r.waitLimit(&rep, todo[i:], ledger.CreateTimesSince(r.now().Add(-Window)))
			return rep, nil
		case outcomeMediumLimit:
			next := r.now().Add(Window)
			r.waitAll(&rep, todo[i+1:], WaitDailyLimit, "Medium refused the last send with its daily limit", &next)
			return rep, nil
		case outcomeStopped:
			rep.Stopped = true
			r.waitAll(&rep, todo[i:], WaitStopped, "the pass was stopped before this post", nil)
			return rep, nil
		case outcomeUnreachable:
			r.waitAll(&rep, todo[i+1:], WaitUnreachable, "Medium could not be reached: the next pass tries again", nil)
			return rep, nil
		case outcomeToken:
			r.waitAll(&rep, todo[i+1:], WaitToken, "Medium refused the token: nothing more is sent until it is fixed", nil)
			return rep, nil
		}
	}
	return rep, nil
}

func stopped(stop <-chan struct{}) bool {
	if stop == nil {
		return false
	}
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// dueList is the site's posts that a pass may send, in order, with what
// the ledger and earlier passes say of each.
func (r *Runner) dueList(list []wordpress.Post, rep *Report) ([]due, error) {
	plans, err := r.Store.Plans(r.Site)
	if err != nil {
		return nil, err
	}
	planOf := map[int]*store.Plan{}
	for i := range plans {
		planOf[plans[i].PostID] = &plans[i]
	}
	autos, err := r.Store.AutoPosts(r.Site)
	if err != nil {
		return nil, err
	}
	snap, err := r.Publisher.Ledger.Snapshot()
	if err != nil {
		return nil, err
	}
	now := r.now()
	var out []due
	for _, p := range list {
		plan := planOf[p.ID]
		if p.Status != wordpress.StatusPublish || (plan == nil && !r.Rules.inDates(p, now)) {
			continue // a draft, pending or scheduled post waits for WordPress
		}
		d := due{post: p, why: WhyRules, plan: plan, auto: autos[p.ID]}
		if plan != nil {
			d.why = WhyPlan
			if plan.Source == store.PlanBackfill {
				d.why = WhyBackfill
			}
		}
		it := item(d)
		if e, ok := snap.Find(r.Site, p.ID, "", p.Link); ok {
			switch e.State {
			case store.StateSent:
				if plan != nil && !rep.DryRun {
					_, _ = r.Store.CancelPlan(r.Site, p.ID) // done, by whatever route
				}
				continue
			case store.StateSending:
				it.Reason, it.Message = WaitOtherSender, "another wp2medium is sending it now"
				rep.Waiting = append(rep.Waiting, it)
				continue
			case store.StateUnknown:
				it.Reason, it.Message = BlockUnknown, "its last send may or may not have created a story: look on Medium, then run 'wp2medium resolve "+fmt.Sprint(p.ID)+"'"
				rep.Blocked = append(rep.Blocked, it)
				continue
			}
			// failed: Medium refused it or nothing left; tried again below.
		}
		if d.auto.Failures > 0 && now.Before(d.auto.RetryAt) {
			at := d.auto.RetryAt
			it.Reason, it.At = WaitBackoff, &at
			it.Message = fmt.Sprintf("%d tries failed (last: %s); the next is after %s", d.auto.Failures, d.auto.LastError, at.Local().Format("15:04"))
			rep.Waiting = append(rep.Waiting, it)
			continue
		}
		if plan == nil && d.auto.Skip != "" && d.auto.CheckedModified.Equal(p.ModifiedGMT) {
			it.Reason, it.Message = d.auto.Skip, skipMessage(d.auto.Skip)
			rep.Skipped = append(rep.Skipped, it)
			continue
		}
		out = append(out, d)
	}
	// Oldest first; a backfill's queue after the rest, so an archive being
	// drained never holds back a post published today.
	slices.SortStableFunc(out, func(a, b due) int {
		if ab, bb := a.why == WhyBackfill, b.why == WhyBackfill; ab != bb {
			if ab {
				return 1
			}
			return -1
		}
		if c := a.post.DateGMT.Compare(b.post.DateGMT); c != 0 {
			return c
		}
		return a.post.ID - b.post.ID
	})
	return out, nil
}

func skipMessage(reason string) string {
	switch reason {
	case SkipExcludedTag:
		return "it has a tag in auto.exclude_tags"
	case SkipNoCategory:
		return "none of its categories is in auto.categories"
	case SkipNoTag:
		return "none of its tags is in auto.tags"
	case SkipProtected:
		return "it is password-protected on WordPress"
	case SkipLinked:
		return "its WordPress post already links a Medium story: another wp2medium sent it"
	}
	return reason
}

func item(d due) Item {
	return Item{PostID: d.post.ID, Title: d.post.Title, Date: d.post.DateGMT, Why: d.why}
}

// waitLimit reports the posts left as waiting for the daily limit, each
// with the time a slot frees for it (sent holds the creates in the window,
// oldest first).
func (r *Runner) waitLimit(rep *Report, rest []due, sent []time.Time) {
	lim := r.Rules.DailyLimit
	for k, d := range rest {
		it := item(d)
		it.Reason = WaitDailyLimit
		// The k-th waiting post goes once len(sent)-lim+1+k creates have
		// left the window.
		if j := len(sent) - lim + k; j >= 0 && j < len(sent) {
			at := sent[j].Add(Window)
			it.At = &at
		}
		it.Message = fmt.Sprintf("auto.daily_limit is %d stories a day", lim)
		rep.Waiting = append(rep.Waiting, it)
	}
}

func (r *Runner) waitAll(rep *Report, rest []due, reason, msg string, at *time.Time) {
	for _, d := range rest {
		it := item(d)
		it.Reason, it.Message, it.At = reason, msg, at
		rep.Waiting = append(rep.Waiting, it)
	}
}

type outcome int

const (
	outcomeNone outcome = iota
	outcomeSent
	outcomeLimit       // the store refused: the limit was reached meanwhile
	outcomeMediumLimit // Medium refused: its own limit
	outcomeToken       // Medium refused the token: stop the pass
	outcomeStopped     // the pass was stopped before the send
	outcomeUnreachable // Medium could not be reached: stop the pass
)

// try sends one post (or, in a dry run, plans it) and reports the outcome.
func (r *Runner) try(ctx context.Context, d due, opt PassOptions, rep *Report) outcome {
	it := item(d)
	post, err := r.Posts.Post(ctx, d.post.ID)
	if ctx.Err() != nil {
		return outcomeStopped
	}
	if err != nil {
		if we := (*wordpress.Error)(nil); errors.As(err, &we) && we.Kind == wordpress.KindNotFound {
			return outcomeNone // gone since the list: the next sync drops it
		}
		r.failed(rep, d, it, fmt.Errorf("fetching the post from WordPress: %w", err), opt.DryRun)
		return outcomeNone
	}
	it.Title = post.Title
	if post.Status != wordpress.StatusPublish {
		return outcomeNone // unpublished since the list
	}
	if reason, detail := r.Rules.excluded(post, d.why == WhyPlan); reason != "" {
		it.Reason, it.Message = reason, detail
		rep.Skipped = append(rep.Skipped, it)
		if !opt.DryRun {
			_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: post.ID, CheckedModified: post.ModifiedGMT, Skip: reason})
		}
		return outcomeNone
	}
	if wordpress.HasCrossLinkMarkup(post.RawContent) || wordpress.HasCrossLinkMarkup(post.ContentHTML) {
		// Another machine (sharing nothing but WordPress) sent it and
		// linked the story from the post.
		it.Reason = SkipLinked
		it.Message = "its WordPress post already links a Medium story (\"Also published on Medium\"): another wp2medium sent it; record that story here with 'wp2medium record " + fmt.Sprint(post.ID) + " URL'"
		rep.Skipped = append(rep.Skipped, it)
		if !opt.DryRun {
			_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: post.ID, CheckedModified: post.ModifiedGMT, Skip: SkipLinked})
		}
		return outcomeNone
	}
	po := r.Defaults
	if d.plan != nil {
		po = d.plan.Options
	}
	req := crosspost.PlanRequest{Post: post, PublicationID: po.PublicationID, UploadImages: po.UploadImages, WithoutImages: po.WithoutImages,
		Options: crosspost.Options{Status: po.Status, License: po.License, CrossLink: po.CrossLink, NotifyFollowers: po.NotifyFollowers, Tags: po.Tags, KeepDate: po.KeepDate}}
	plan, err := r.Publisher.Plan(ctx, req)
	if ctx.Err() != nil {
		return outcomeStopped
	}
	if err != nil {
		return r.refused(rep, d, it, err, opt.DryRun)
	}
	for _, w := range plan.Submission.Warnings {
		it.Warnings = append(it.Warnings, w.Message)
	}
	it.Status = string(plan.Submission.Request.PublishStatus)
	if opt.DryRun {
		it.Message = whyMessage(d, r.Rules)
		rep.Sent = append(rep.Sent, it)
		return outcomeSent
	}
	// A signal does not cut a send short: Medium's answer is waited for
	// (each request is bounded by the client's timeout) and recorded.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), crosspost.PublishTimeout)
	defer cancel()
	res, err := r.Publisher.Publish(sendCtx, plan)
	if err != nil {
		return r.refused(rep, d, it, err, false)
	}
	it.URL, it.Status = res.Entry.URL, string(res.Entry.PublishStatus)
	if res.CrossLinkErr != nil {
		it.Warnings = append(it.Warnings, res.CrossLinkErr.Error())
	}
	rep.Sent = append(rep.Sent, it)
	_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: post.ID}) // clears the failures
	if d.plan != nil {
		_, _ = r.Store.CancelPlan(r.Site, post.ID)
	}
	r.notify("sent", it)
	return outcomeSent
}

func whyMessage(d due, rules Rules) string {
	switch d.why {
	case WhyPlan:
		return "it has a plan"
	case WhyBackfill:
		return "it is in the backfill queue"
	}
	return "published " + d.post.DateGMT.Format(time.RFC3339) + ", after auto.since (" + rules.Since.Format(time.RFC3339) + "), and matches the rules"
}

// refused sorts a Plan or Publish error into the report.
func (r *Runner) refused(rep *Report, d due, it Item, err error, dryRun bool) outcome {
	var se *store.StateError
	var le *store.LimitError
	switch {
	case errors.As(err, &le):
		return outcomeLimit
	case errors.Is(err, store.ErrAlreadySent):
		return outcomeNone // another process sent it meanwhile
	case errors.Is(err, store.ErrSendInProgress):
		it.Reason, it.Message = WaitOtherSender, "another wp2medium is sending it now"
		rep.Waiting = append(rep.Waiting, it)
		return outcomeNone
	case errors.Is(err, store.ErrOutcomeUnknown), medium.IsOutcomeUnknown(err):
		it.Reason = BlockUnknown
		it.Message = fmt.Sprintf("%v. Look on Medium, then run 'wp2medium resolve %d --on-medium URL' or 'wp2medium resolve %d --not-sent'", err, d.post.ID, d.post.ID)
		rep.Blocked = append(rep.Blocked, it)
		r.notify("unknown", it)
		return outcomeNone
	case errors.As(err, &se):
		r.failed(rep, d, it, err, dryRun)
		return outcomeNone
	}
	switch medium.KindOf(err) {
	case medium.KindInvalidToken, medium.KindTokenDisabled, medium.KindTokenRequired, medium.KindAPIDisabled:
		it.Reason = BlockToken
		it.Message = fmt.Sprintf("%v. Fix medium.token (wp2medium setup), then run wp2medium sync again", err)
		rep.Blocked = append(rep.Blocked, it)
		r.notify("blocked", it)
		return outcomeToken
	case medium.KindRateLimited:
		r.failed(rep, d, it, err, dryRun)
		return outcomeMediumLimit
	case medium.KindNetwork, medium.KindTimeout:
		// Not an unknown outcome (see above): nothing left, or only a
		// read. Medium is out of reach for every post, not just this one.
		r.failed(rep, d, it, err, dryRun)
		return outcomeUnreachable
	}
	r.failed(rep, d, it, err, dryRun)
	return outcomeNone
}

// failed records a try that certainly created nothing, for the backoff.
func (r *Runner) failed(rep *Report, d due, it Item, err error, dryRun bool) {
	it.Message = err.Error()
	n := d.auto.Failures + 1
	if !dryRun {
		at := r.now().Add(Backoff(n))
		if Backoff(n) > 0 {
			it.At = &at // else: the next pass
		}
		_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: d.post.ID, Failures: n, LastError: err.Error(), RetryAt: at})
	}
	rep.Failed = append(rep.Failed, it)
	if !dryRun {
		r.notify("failed", it)
	}
}

func (r *Runner) notify(result string, it Item) {
	if r.Notify != nil {
		r.Notify(result, it)
	}
}
