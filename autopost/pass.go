package autopost

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
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
	Site   string
	Syncer *sitesync.Syncer
	Posts  PostSource
	// Publisher sends; Pass sets its DailyLimit to the rules', so the
	// limit holds across processes.
	Publisher *crosspost.Publisher
	Rules     Rules
	// Defaults are the choices a post the rules pick (or a backfill
	// queued) is sent with: the config's [defaults]. A user's plan carries
	// its own.
	Defaults store.PlanOptions
	// Notify, when not nil, is told of every send: sent, failed, unknown
	// (the outcome), or blocked (the token).
	Notify func(result string, it Item)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// FindElsewhere, when set, finds stories of the site's posts outside
	// this machine's record (Medium's public feed). A pass on a machine
	// with no record of the site (a new laptop, a lost data directory) asks
	// it before sending anything and records what it finds, so a post sent
	// from elsewhere without a cross-link is not sent again.
	FindElsewhere func(ctx context.Context, list []wordpress.Post) ([]crosspost.Found, error)
}

// PassOptions change one pass.
type PassOptions struct {
	// DryRun sends nothing and records nothing but the post list and the
	// site's address: the report says what would be sent and why.
	DryRun bool
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
// the daily limit. Canceling ctx stops the pass before its next send; a
// send in flight gets Medium's answer and records it first. An error is
// returned only when the pass could not run at all (the store, or
// WordPress unreachable); what happened to each post is in the report.
func (r *Runner) Pass(ctx context.Context, opt PassOptions) (Report, error) {
	rep := newReport()
	rep.Site, rep.DryRun, rep.Enabled, rep.DailyLimit = r.Site, opt.DryRun, r.Rules.Enabled, r.Rules.DailyLimit
	r.Publisher.DailyLimit = r.Rules.DailyLimit
	if r.Syncer != nil {
		if _, err := r.Syncer.Sync(ctx, sitesync.Auto, nil); err != nil {
			return rep, fmt.Errorf("syncing the post list: %w", err)
		}
	}
	list, err := r.Store.Posts(r.Site)
	if err != nil {
		return rep, err
	}
	todo, relink, err := r.dueList(list, &rep)
	if err != nil {
		return rep, err
	}
	if len(todo) > 0 && r.findElsewhere(ctx, list, opt, &rep) {
		if todo, relink, err = r.dueList(list, &rep); err != nil {
			return rep, err
		}
	}
	if !opt.DryRun {
		r.relink(ctx, relink, &rep)
	}
	ledger := r.Publisher.Ledger
	rep.SentLast24h = len(ledger.CreateTimesSince(r.now().Add(-Window)))
	if until := r.Store.MediumLimitedUntil(); r.now().Before(until) {
		r.waitAll(&rep, todo, WaitDailyLimit, "Medium refused a send with its daily limit", &until)
		return rep, nil
	}
	for i, d := range todo {
		if ctx.Err() != nil {
			rep.Stopped = true
			r.waitAll(&rep, todo[i:], WaitStopped, "the pass was stopped before this post", nil)
			break
		}
		// The store's count at the start, plus this pass's sends; another
		// process's sends meanwhile are refused by BeginSendWithin.
		if r.Rules.DailyLimit > 0 && rep.SentLast24h+len(rep.Sent) >= r.Rules.DailyLimit {
			r.waitLimit(&rep, todo[i:], ledger.CreateTimesSince(r.now().Add(-Window)))
			break
		}
		switch r.try(ctx, d, opt, &rep) {
		case outcomeLimit:
			r.waitLimit(&rep, todo[i:], ledger.CreateTimesSince(r.now().Add(-Window)))
			return rep, nil
		case outcomeMediumLimit:
			until := r.Store.MediumLimitedUntil()
			r.waitAll(&rep, todo[i+1:], WaitDailyLimit, "Medium refused the last send with its daily limit", &until)
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

// dueList is the site's posts that a pass may send, in order, with what
// the ledger and earlier passes say of each; and the posts sent with
// cross-link whose WordPress side is still missing.
func (r *Runner) dueList(list []wordpress.Post, rep *Report) (todo, relink []due, err error) {
	plans, err := r.Store.Plans(r.Site)
	if err != nil {
		return nil, nil, err
	}
	planOf := map[int]*store.Plan{}
	for i := range plans {
		planOf[plans[i].PostID] = &plans[i]
	}
	autos, err := r.Store.AutoPosts(r.Site)
	if err != nil {
		return nil, nil, err
	}
	snap, err := r.Publisher.Ledger.Snapshot()
	if err != nil {
		return nil, nil, err
	}
	now := r.now()
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
				if e.Route == store.RouteAPI && e.CrossLink && !e.WordPressLinked && r.Publisher.Linker != nil {
					relink = append(relink, d)
				}
				continue
			case store.StateSending:
				it.Reason, it.Message = WaitOtherSender, "another wp2medium is sending it now"
				rep.Waiting = append(rep.Waiting, it)
				continue
			case store.StateUnknown:
				it.Reason, it.Message = BlockUnknown, unknownMessage(p.ID, "its last send may or may not have created a story")
				rep.Blocked = append(rep.Blocked, it)
				continue
			case store.StateFailed:
				// Medium refused it, or nothing left. A pass tries again
				// what a pass (or a plan) sent; a send by hand the user saw
				// refused is theirs to retry.
				if plan == nil && d.auto.Failures == 0 {
					it.Reason = SkipRefusedByHand
					it.Message = fmt.Sprintf("Medium refused it when it was sent by hand (%s): send it again with 'wp2medium publish %d'", e.Error, p.ID)
					rep.Skipped = append(rep.Skipped, it)
					continue
				}
			}
		}
		if d.auto.Failures > 0 && now.Before(d.auto.RetryAt) {
			at := d.auto.RetryAt
			it.Reason, it.At = WaitBackoff, &at
			it.Message = fmt.Sprintf("%d %s failed (last: %s)", d.auto.Failures, plural(d.auto.Failures, "try", "tries"), d.auto.LastError)
			rep.Waiting = append(rep.Waiting, it)
			continue
		}
		if r.Rules.skipHolds(d.auto, p, d.why == WhyPlan) {
			it.Reason, it.Message = d.auto.Skip, skipMessage(d.auto.Skip)
			rep.Skipped = append(rep.Skipped, it)
			continue
		}
		todo = append(todo, d)
	}
	// Oldest first; a backfill's queue after the rest, so an archive being
	// drained never holds back a post published today.
	slices.SortStableFunc(todo, func(a, b due) int {
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
	return todo, relink, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func unknownMessage(id int, what string) string {
	return fmt.Sprintf("%s. Look on Medium, then run 'wp2medium resolve %d --on-medium URL' or 'wp2medium resolve %d --not-sent'", what, id, id)
}

// relink adds "Also published on Medium" to posts whose story went out
// with cross-link but whose WordPress side failed: the marker is what a
// second machine finds. Adding it twice is impossible by design.
func (r *Runner) relink(ctx context.Context, posts []due, rep *Report) {
	for _, d := range posts {
		if ctx.Err() != nil {
			return
		}
		it := item(d)
		if err := r.Publisher.LinkOnWordPress(ctx, wordpress.PostDetail{Post: d.post}); err != nil {
			it.Message = err.Error() + " (tried again at the next pass)"
			rep.Failed = append(rep.Failed, it)
			continue
		}
		it.Message = "added \"Also published on Medium\" to the WordPress post"
		rep.Linked = append(rep.Linked, it)
	}
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
		r.skip(rep, d, it, post.ModifiedGMT, opt.DryRun)
		return outcomeNone
	}
	if f, ok := crosspost.FoundInPost(post); ok {
		// Another machine (sharing nothing but WordPress) sent it and
		// linked the story from the post: the guard every create passes
		// (Publisher.Check) would refuse it; the pass says why in its own
		// words, and records the story as the guard does.
		it.Reason, it.URL = SkipLinked, f.URL
		it.Message = skipMessage(SkipLinked) + " (" + f.How + ")"
		if !opt.DryRun {
			switch res, err := r.Publisher.RecordFound(ctx, post, f, false); {
			case err != nil:
				it.Message += "; recording it failed: " + err.Error()
			case res.Outcome == store.FoundKept:
				it.Message += "; the ledger's own record was kept: " + res.Why
			default:
				it.Message += "; recorded in the ledger"
			}
		}
		r.skip(rep, d, it, post.ModifiedGMT, opt.DryRun)
		return outcomeNone
	}
	if href, how, ok := crosspost.ClaimInPost(post); ok {
		// The marker or footer is there but links no story address: the
		// post says it is on Medium, so it is not sent; nothing can be
		// recorded from such a link.
		it.Reason = SkipLinked
		it.Message = skipMessage(SkipLinked) + " (" + how + ", linking " + strconv.Quote(href) + ", not a Medium story address: record the story with 'wp2medium record " + strconv.Itoa(post.ID) + " URL')"
		r.skip(rep, d, it, post.ModifiedGMT, opt.DryRun)
		return outcomeNone
	}
	po := r.Defaults
	if d.why == WhyPlan {
		po = d.plan.Options
	}
	req := crosspost.PlanRequest{Post: post, PublicationID: po.PublicationID, UploadImages: po.UploadImages, WithoutImages: po.WithoutImages, DryRun: opt.DryRun,
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
	if err != nil && res.Post.ID != "" {
		// The story exists but the ledger could not say so: only the user
		// can settle it.
		it.Reason, it.URL = BlockUnknown, res.Post.URL
		it.Message = unknownMessage(post.ID, err.Error())
		rep.Blocked = append(rep.Blocked, it)
		r.notify("unknown", it)
		return outcomeNone
	}
	if err != nil {
		return r.refused(rep, d, it, err, false)
	}
	it.URL, it.Status = res.Entry.URL, string(res.Entry.PublishStatus)
	if res.CrossLinkErr != nil {
		it.Warnings = append(it.Warnings, res.CrossLinkErr.Error()+" (tried again at the next pass)")
	}
	rep.Sent = append(rep.Sent, it)
	_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: post.ID}) // clears the failures
	if d.plan != nil {
		_, _ = r.Store.CancelPlan(r.Site, post.ID)
	}
	r.notify("sent", it)
	return outcomeSent
}

// skip reports a post the rules keep out and records why, so later passes
// know without asking WordPress again until the post or the rules change.
// A backfill queued by date leaves the queue.
func (r *Runner) skip(rep *Report, d due, it Item, modified time.Time, dryRun bool) {
	rep.Skipped = append(rep.Skipped, it)
	if dryRun {
		return
	}
	_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: d.post.ID, CheckedModified: modified, Skip: it.Reason, Rules: r.Rules.Fingerprint(),
		Failures: d.auto.Failures, LastError: d.auto.LastError, RetryAt: d.auto.RetryAt})
	if d.why == WhyBackfill {
		_, _ = r.Store.CancelPlan(r.Site, d.post.ID)
	}
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
		// On Medium under a record the list did not find (another address
		// of the site, its guid or permalink): never sent again.
		it.Reason, it.Message = SkipOnMedium, skipMessage(SkipOnMedium)
		r.skip(rep, d, it, d.post.ModifiedGMT, dryRun)
		if d.plan != nil && !dryRun {
			_, _ = r.Store.CancelPlan(r.Site, d.post.ID)
		}
		return outcomeNone
	case errors.Is(err, store.ErrSendInProgress):
		it.Reason, it.Message = WaitOtherSender, "another wp2medium is sending it now"
		rep.Waiting = append(rep.Waiting, it)
		return outcomeNone
	case errors.Is(err, store.ErrOutcomeUnknown), medium.IsOutcomeUnknown(err):
		it.Reason, it.Message = BlockUnknown, unknownMessage(d.post.ID, err.Error())
		rep.Blocked = append(rep.Blocked, it)
		if !dryRun && medium.IsOutcomeUnknown(err) {
			// This pass's own send: once the user says no story was made,
			// the post is the automatic route's to send again.
			_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: d.post.ID, Failures: d.auto.Failures + 1, LastError: err.Error(), RetryAt: r.now()})
			r.notify("unknown", it)
		}
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
		if !dryRun {
			r.notify("blocked", it)
		}
		return outcomeToken
	case medium.KindRateLimited:
		// Nothing was created, and nothing will be until Medium's window
		// moves: the post waits, first in line, and no pass sends before.
		until := r.mediumLimitEnds(err)
		it.Reason, it.Message, it.At = WaitDailyLimit, err.Error(), &until
		rep.Waiting = append(rep.Waiting, it)
		if !dryRun {
			_ = r.Store.SetMediumLimitedUntil(until)
			// The post's failed record stays the automatic route's to retry.
			_ = r.Store.SetAutoPost(store.AutoPost{Site: r.Site, PostID: d.post.ID, Failures: d.auto.Failures + 1, LastError: err.Error(), RetryAt: until})
		}
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

// mediumLimitEnds is when Medium's own limit should let a create through:
// what its answer says (Retry-After), else a day after the oldest create of
// the window Medium counts from, else a day from now.
func (r *Runner) mediumLimitEnds(err error) time.Time {
	now := r.now()
	var me *medium.Error
	if errors.As(err, &me) && me.RetryAfter.After(now) {
		return me.RetryAfter.UTC()
	}
	if times := r.Publisher.Ledger.CreateTimesSince(now.Add(-Window)); len(times) > 0 {
		return times[0].Add(Window)
	}
	return now.Add(Window)
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

// findElsewhere, on a machine with no record of the site, asks
// FindElsewhere for the posts' stories and records them (in a dry run,
// lists them only). It reports whether anything was recorded, which
// changes what is due.
func (r *Runner) findElsewhere(ctx context.Context, list []wordpress.Post, opt PassOptions, rep *Report) bool {
	if r.FindElsewhere == nil || len(r.Publisher.Ledger.Entries(r.Site)) > 0 {
		return false
	}
	found, err := r.FindElsewhere(ctx, list)
	if err != nil {
		rep.FoundError = termtext.CleanLine(err.Error())
	}
	titles := make(map[int]string, len(list))
	for _, p := range list {
		titles[p.ID] = p.Title
	}
	recorded := false
	for _, f := range found {
		it := Item{PostID: f.PostID, Title: titles[f.PostID], URL: f.URL, Message: crosspost.FoundNote(f)}
		if !opt.DryRun {
			res, err := r.Publisher.RecordFound(ctx, wordpress.PostDetail{Post: wordpress.Post{ID: f.PostID}}, f, false)
			if err != nil || res.Outcome != store.FoundRecorded {
				continue
			}
			recorded = true
		}
		rep.Found = append(rep.Found, it)
	}
	return recorded
}
