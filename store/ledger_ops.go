package store

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

// The transitions, for one post:
//
//	(none), failed --BeginSend--> sending --MarkSent----> sent
//	sent --BeginSend(SecondStory)--^      --MarkFailed--> failed
//	                                      --MarkUnknown-> unknown   (also: crash, found at open)
//	unknown --ResolveOnMedium--> sent     unknown --ResolveNotSent--> failed
//	failed  --ResolveOnMedium--> sent
//	(none), failed, sent(SecondStory) --Record--> sent (route import)
//
// A new attempt or story moves the entry it replaces into History.

// PostRef names a post for the ledger: its site (any spelling of its
// address) and id, and, when known, its guid and permalink, by which a
// record kept under another site key is found.
type PostRef struct {
	Site string
	ID   int
	GUID string
	Link string
}

// BeginSend records that a create for e.Site/e.PostID is about to be sent. Call
// it before sending and send only if it succeeds: once it returns, a crash can
// only make the post "unknown", never silently sendable again.
//
// e carries what will be asked of Medium (status, licence, publication, tags,
// cross-link) and the post's ModifiedGMT and ContentHash. BeginSend refuses,
// with a *StateError, a post that is being sent (ErrSendInProgress), whose
// last send has an unknown outcome (ErrOutcomeUnknown), or that is already on
// Medium (ErrAlreadySent) unless e.SecondStory is set.
func (l *Ledger) BeginSend(e Entry) error { return l.BeginSendWithin(e, Limit{}) }

// Limit caps the creates BeginSendWithin lets out: at most Max in any
// Window (Medium's daily limit, counted as CreatesSince counts). The zero
// Limit caps nothing.
type Limit struct {
	Max    int
	Window time.Duration
}

// BeginSendWithin is BeginSend that also refuses, with a *LimitError, a
// create past the limit. The count and the new record are one transaction,
// so processes sending at once never pass the limit together.
func (l *Ledger) BeginSendWithin(e Entry, lim Limit) error { return l.BeginSendKeeping(e, lim, nil) }

// BeginSendKeeping is BeginSendWithin that also keeps body, the exact
// create body about to be sent (see SentBody), in the same transaction:
// whatever the outcome, even unknown, the body is there. An empty body (or
// one too large to keep) keeps none.
func (l *Ledger) BeginSendKeeping(e Entry, lim Limit, body []byte) error {
	if err := checkNewEntry(e); err != nil {
		return err
	}
	if e.Route != "" && e.Route != RouteAPI {
		return fmt.Errorf("%w: BeginSend is for the API route; record an imported story with Record", ErrInvalidEntry)
	}
	return l.withPost(e.Site, e.PostID, e.GUID, e.Link, func(tx *ledgerTx, cur Entry, had bool, others []Entry, site string, at *ledgerKey) error {
		e.Site = site
		if err := checkAllCanAddStory("send", cur, had, others, e.SecondStory); err != nil {
			return err
		}
		now := l.now()
		if lim.Max > 0 {
			times, err := tx.createTimes(now.Add(-lim.Window))
			if err != nil {
				return err
			}
			if len(times) >= lim.Max {
				return &LimitError{Max: lim.Max, Window: lim.Window, Count: len(times), NextAt: times[len(times)-lim.Max].Add(lim.Window)}
			}
		}
		n := e
		n.State, n.Route = StateSending, RouteAPI
		n.At, n.SentAt = now, now
		n.MediumID, n.URL, n.Error, n.Note = "", "", "", ""
		n.WordPressLinked = false
		n.History = historyWith(cur, had)
		n.SecondStory = hasStory(n.History)
		if err := tx.put(n, at); err != nil {
			return fmt.Errorf("not sending post %d: %w", e.PostID, err)
		}
		if err := tx.keepBody(n.Site, n.PostID, n.SentAt, body); err != nil {
			return fmt.Errorf("not sending post %d: %w", e.PostID, err)
		}
		return nil
	})
}

// MarkSent records Medium's answer to a create BeginSend announced: the story
// exists. What Medium reports (id, URL, status, licence, publication, tags)
// replaces what was asked.
func (l *Ledger) MarkSent(site string, postID int, p medium.Post) error {
	return l.finish(site, postID, "record the new story of", func(n *Entry) {
		n.State = StateSent
		n.MediumID, n.URL = p.ID, p.URL
		if p.PublishStatus != "" {
			n.PublishStatus = p.PublishStatus
		}
		if p.License != "" {
			n.License = p.License
		}
		if p.PublicationID != "" {
			n.PublicationID = p.PublicationID
		}
		if p.Tags != nil {
			n.Tags = p.Tags
		}
		n.Error = ""
	}, func(err error) error {
		where := "Medium created the story"
		if p.URL != "" {
			where += " at " + p.URL
		}
		return fmt.Errorf("%s but the ledger could not record it: %w. Keep that address: after a restart the post shows as \"outcome unknown\" and you can record it there", where, err)
	})
}

// MarkFailed records that Medium definitely refused the create (a 4xx, or a
// failure before anything was sent): sending again is safe.
func (l *Ledger) MarkFailed(site string, postID int, err error) error {
	return l.finish(site, postID, "record the failure of", func(n *Entry) {
		n.State, n.Error = StateFailed, errorText(err)
	}, nil)
}

// MarkUnknown records that the create may or may not have made a story (a
// timeout, a dropped connection, a 5xx): the user must resolve it with
// ResolveOnMedium or ResolveNotSent before the post can be sent again.
func (l *Ledger) MarkUnknown(site string, postID int, err error) error {
	return l.finish(site, postID, "record the unknown outcome of", func(n *Entry) {
		n.State, n.Error = StateUnknown, errorText(err)
	}, nil)
}

// Finish records the result of a create: MarkSent when err is nil, MarkFailed
// when Medium definitely refused (a *medium.Error that is not
// medium.IsOutcomeUnknown), MarkUnknown otherwise, including any error that is
// not a *medium.Error, since nothing then says the request never left.
func (l *Ledger) Finish(site string, postID int, p medium.Post, err error) error {
	var me *medium.Error
	switch {
	case err == nil:
		return l.MarkSent(site, postID, p)
	case errors.As(err, &me) && !medium.IsOutcomeUnknown(err):
		return l.MarkFailed(site, postID, err)
	}
	return l.MarkUnknown(site, postID, err)
}

// finishAttempts bounds the tries of recording Medium's answer while
// another process holds the store (each waits up to the busy timeout).
const finishAttempts = 4

// finish applies a result to a post that is being sent.
func (l *Ledger) finish(site string, postID int, op string, apply func(*Entry), wrap func(error) error) error {
	try := func() error {
		return l.withPost(site, postID, "", "", func(tx *ledgerTx, cur Entry, had bool, _ []Entry, site string, at *ledgerKey) error {
			if !had {
				return stateError(op, Entry{Site: site, PostID: postID}, ErrNoRecord)
			}
			if cur.State != StateSending {
				return stateError(op, cur, ErrNotSending)
			}
			n := copyEntry(cur)
			n.Site = site // a record found under another key moves to this one
			apply(&n)
			n.At = l.now()
			return tx.put(n, at)
		})
	}
	// Medium has answered: its answer must not be lost because another
	// process held the store past the busy timeout. Only this process can
	// finish its own send, so trying again is safe.
	err := try()
	for attempt := 1; attempt < finishAttempts && isBusy(err); attempt++ {
		err = try()
	}
	var se *StateError
	if err != nil && wrap != nil && !errors.As(err, &se) {
		return wrap(err) // the write (or its commit) failed
	}
	return err
}

// ResolveOnMedium records the user's answer "it is on Medium, here is its
// address" for a post whose outcome is unknown, or that failed yet appeared
// on Medium anyway. mediumURL must pass ParseMediumURL and not be the
// WordPress site's own address.
func (l *Ledger) ResolveOnMedium(post PostRef, mediumURL string) error {
	site, postID := post.Site, post.ID
	canonical, id, err := checkStoryURL(site, mediumURL)
	if err != nil {
		return err
	}
	return l.withPost(site, postID, post.GUID, post.Link, func(tx *ledgerTx, cur Entry, had bool, _ []Entry, site string, at *ledgerKey) error {
		const op = "record the Medium address of"
		switch {
		case !had:
			return stateError(op, Entry{Site: site, PostID: postID}, ErrNoRecord)
		case cur.State == StateSending:
			return stateError(op, cur, ErrSendInProgress)
		case cur.State == StateSent:
			return stateError(op, cur, ErrAlreadySent)
		}
		n := copyEntry(cur)
		n.Site = site // a record found under another key moves to this one
		n.Note = "Confirmed on Medium by the user"
		if cur.Error != "" {
			n.Note += " after: " + cur.Error
		}
		n.State, n.URL, n.MediumID, n.Error = StateSent, canonical, id, ""
		n.At = l.now()
		return tx.put(n, at)
	})
}

// ResolveNotSent records the user's answer "it is not on Medium" for a post
// whose outcome is unknown: it becomes failed (its error kept, with a note),
// so it can be sent again.
func (l *Ledger) ResolveNotSent(post PostRef) error {
	site, postID := post.Site, post.ID
	return l.withPost(site, postID, post.GUID, post.Link, func(tx *ledgerTx, cur Entry, had bool, _ []Entry, site string, at *ledgerKey) error {
		const op = "resolve the unknown outcome of"
		switch {
		case !had:
			return stateError(op, Entry{Site: site, PostID: postID}, ErrNoRecord)
		case cur.State == StateSending:
			return stateError(op, cur, ErrSendInProgress)
		case cur.State != StateUnknown:
			return stateError(op, cur, ErrNothingToResolve)
		}
		n := copyEntry(cur)
		n.Site = site // a record found under another key moves to this one
		n.State = StateFailed
		n.Note = "Confirmed not on Medium by the user; it can be sent again"
		n.At = l.now()
		return tx.put(n, at)
	})
}

// Record records a story that reached Medium without the API: imported
// through medium.ImportURL, or made by hand. e.URL is required (see
// ParseMediumURL); the entry is stored as sent by RouteImport, SentAt
// defaulting to now. It is refused like BeginSend when the post is being
// sent, has an unknown outcome, or is on Medium already (unless
// e.SecondStory).
func (l *Ledger) Record(e Entry) error {
	if err := checkNewEntry(e); err != nil {
		return err
	}
	canonical, id, err := checkStoryURL(e.Site, e.URL)
	if err != nil {
		return err
	}
	return l.withPost(e.Site, e.PostID, e.GUID, e.Link, func(tx *ledgerTx, cur Entry, had bool, others []Entry, site string, at *ledgerKey) error {
		e.Site = site
		if had && cur.State == StateSent && sameStory(cur.URL, canonical) {
			return nil // recording the same story again changes nothing
		}
		if err := checkAllCanAddStory("record a story for", cur, had, others, e.SecondStory); err != nil {
			return err
		}
		now := l.now()
		n := e
		n.State, n.Route, n.URL, n.At = StateSent, RouteImport, canonical, now
		if n.MediumID == "" {
			n.MediumID = id
		}
		if n.SentAt.IsZero() {
			n.SentAt = now
		}
		n.Error = ""
		n.History = historyWith(cur, had)
		n.SecondStory = hasStory(n.History)
		return tx.put(n, at)
	})
}

// SetWordPressLinked records that the "Also published on Medium" paragraph
// was added to the WordPress post. The post must be on Medium.
//
// Adding the paragraph is itself an edit on WordPress: modified is the post's
// modified_gmt after it (zero when unknown), so the post does not look
// "changed since it was sent" because of wp2medium's own edit.
func (l *Ledger) SetWordPressLinked(post PostRef, modified time.Time) error {
	site, postID := post.Site, post.ID
	return l.withPost(site, postID, post.GUID, post.Link, func(tx *ledgerTx, cur Entry, had bool, _ []Entry, site string, at *ledgerKey) error {
		const op = "record the WordPress link of"
		switch {
		case !had:
			return stateError(op, Entry{Site: site, PostID: postID}, ErrNoRecord)
		case cur.State != StateSent:
			return stateError(op, cur, ErrNotSent)
		case cur.WordPressLinked && (modified.IsZero() || !modified.After(cur.ModifiedGMT)):
			return nil
		}
		n := copyEntry(cur)
		n.Site = site // a record found under another key moves to this one
		n.WordPressLinked = true
		if modified.After(n.ModifiedGMT) {
			n.ModifiedGMT = modified.UTC()
		}
		return tx.put(n, at)
	})
}

// checkAllCanAddStory is checkCanAddStory for the post's record and for every
// other record that may be the same post.
func checkAllCanAddStory(op string, cur Entry, had bool, others []Entry, secondStory bool) error {
	if err := checkCanAddStory(op, cur, had, secondStory); err != nil {
		return err
	}
	for _, o := range others {
		if err := checkCanAddStory(op, o, true, secondStory); err != nil {
			return err
		}
	}
	return nil
}

func checkNewEntry(e Entry) error {
	switch {
	case SiteKey(e.Site) == "":
		return fmt.Errorf("%w: the site is empty", ErrInvalidEntry)
	case e.PostID <= 0:
		return fmt.Errorf("%w: post id %d is not positive", ErrInvalidEntry, e.PostID)
	}
	return nil
}

// checkCanAddStory is the rule BeginSend and Record share.
func checkCanAddStory(op string, cur Entry, had, secondStory bool) error {
	if !had {
		return nil
	}
	switch cur.State {
	case StateSending:
		return stateError(op, cur, ErrSendInProgress)
	case StateUnknown:
		return stateError(op, cur, ErrOutcomeUnknown)
	case StateSent:
		if !secondStory {
			return stateError(op, cur, ErrAlreadySent)
		}
	}
	return nil
}

// historyWith is cur's history followed by cur itself, when there is a cur.
func historyWith(cur Entry, had bool) []Entry {
	if !had {
		return nil
	}
	h := copyEntry(cur).History
	cur.History = nil
	return append(h, copyEntry(cur))
}

func hasStory(history []Entry) bool {
	for _, h := range history {
		if h.State == StateSent {
			return true
		}
	}
	return false
}

// checkStoryURL validates a Medium story URL and makes sure it is not the
// WordPress post's own address, the likeliest thing to be pasted by mistake.
func checkStoryURL(site, raw string) (canonical, id string, err error) {
	canonical, id, err = ParseMediumURL(raw)
	if err != nil {
		return "", "", err
	}
	if u, perr := url.Parse(canonical); perr == nil && !isMediumHost(u.Hostname()) && sameHost(canonical, "https://"+SiteKey(site)) {
		return "", "", &MediumURLError{URL: canonical, Reason: "it is on the WordPress site itself; paste the address of the copy on Medium"}
	}
	return canonical, id, nil
}
