package store

import "fmt"

// FoundOutcome is what RecordFound did with a story found outside this
// machine's record.
type FoundOutcome string

// The outcomes of RecordFound.
const (
	// FoundRecorded: the ledger had no record of the post, or only failed
	// attempts; the story is now recorded as sent.
	FoundRecorded FoundOutcome = "recorded"
	// FoundAlready: the ledger already records this story.
	FoundAlready FoundOutcome = "already-recorded"
	// FoundKept: the ledger's own record says more (another story, a send
	// in flight, an unknown outcome) and was left as it is; Why says how.
	FoundKept FoundOutcome = "kept"
)

// String returns the stored value.
func (o FoundOutcome) String() string { return string(o) }

// FoundResult is RecordFound's answer.
type FoundResult struct {
	Outcome FoundOutcome
	// Why says, for FoundKept, what the local record says that the found
	// story does not override, and what to do about it.
	Why string
	// Entry is the post's record after the call (zero when it has none,
	// as in a dry run over no record).
	Entry Entry
}

// Recorded reports whether the call wrote the entry.
func (r FoundResult) Recorded() bool { return r.Outcome == FoundRecorded }

// RecordFound records a story of the post found outside this machine's
// record (source is FoundWordPress or FoundFeed; note says where, for the
// user): as sent, on the import route (it was not created through the API
// here, so it never counts against the daily limit), with Found set.
//
// It never overwrites a record that says more: a post on Medium already
// (the same story: FoundAlready; another one: FoundKept), being sent, or
// whose last send has an unknown outcome (FoundKept, with Why). Over no
// record or a failed attempt it records (the attempt moves to History).
// mediumURL must pass ParseMediumURL.
func (l *Ledger) RecordFound(post PostRef, mediumURL, source, note string) (FoundResult, error) {
	return l.recordFound(post, mediumURL, source, note, true)
}

// CheckFound is RecordFound that writes nothing: what it would do, for a
// dry run.
func (l *Ledger) CheckFound(post PostRef, mediumURL, source, note string) (FoundResult, error) {
	return l.recordFound(post, mediumURL, source, note, false)
}

func (l *Ledger) recordFound(post PostRef, mediumURL, source, note string, write bool) (FoundResult, error) {
	if source != FoundWordPress && source != FoundFeed {
		return FoundResult{}, fmt.Errorf("%w: found source %q is neither %s nor %s", ErrInvalidEntry, source, FoundWordPress, FoundFeed)
	}
	e := Entry{Site: post.Site, PostID: post.ID, GUID: post.GUID, Link: post.Link}
	if err := checkNewEntry(e); err != nil {
		return FoundResult{}, err
	}
	canonical, id, err := checkStoryURL(post.Site, mediumURL)
	if err != nil {
		return FoundResult{}, err
	}
	decide := func(tx *ledgerTx, cur Entry, had bool, others []Entry, site string) (FoundResult, Entry, error) {
		if res, kept := foundAgainst(cur, had, canonical); kept {
			return res, Entry{}, nil
		}
		for _, o := range others {
			if res, kept := foundAgainst(o, true, canonical); kept {
				if res.Outcome == FoundKept {
					res.Why += " (recorded under another address of the site: " + o.Site + ")"
				}
				return res, Entry{}, nil
			}
		}
		owner, err := storyOwner(tx, site, post.ID, canonical)
		if err != nil {
			return FoundResult{}, Entry{}, l.s.dbError("read the ledger", err)
		}
		if owner != 0 {
			return FoundResult{Outcome: FoundKept, Why: CopiedStoryWhy(owner)}, Entry{}, nil
		}
		now := l.now()
		n := e
		n.Site = site
		n.State, n.Route, n.URL, n.MediumID = StateSent, RouteImport, canonical, id
		n.Found, n.Note = source, note
		n.At, n.SentAt = now, now
		n.History = historyWith(cur, had)
		n.SecondStory = hasStory(n.History)
		return FoundResult{Outcome: FoundRecorded}, n, nil
	}
	if !write {
		if l.s.closed.Load() {
			return FoundResult{}, ErrClosed
		}
		r := l.reader(l.s.db)
		site := r.siteKey(post.Site)
		own, had, others, err := r.candidates(site, post.ID, post.GUID, post.Link)
		if err != nil {
			return FoundResult{}, l.s.dbError("read the ledger", err)
		}
		res, _, err := decide(r, own.e, had, others, site)
		if err != nil {
			return FoundResult{}, err
		}
		if had {
			res.Entry = copyEntry(own.e)
		}
		return res, nil
	}
	var res FoundResult
	err = l.withPost(post.Site, post.ID, post.GUID, post.Link, func(tx *ledgerTx, cur Entry, had bool, others []Entry, site string, at *ledgerKey) error {
		var n Entry
		var err error
		if res, n, err = decide(tx, cur, had, others, site); err != nil {
			return err
		}
		if res.Outcome != FoundRecorded {
			if had {
				res.Entry = copyEntry(cur)
			}
			return nil
		}
		n = cleanEntry(n)
		res.Entry = n
		return tx.put(n, at)
	})
	if err != nil {
		return FoundResult{}, err
	}
	return res, nil
}

// foundAgainst compares a found story with one record of the post: kept is
// true when the record stands (the result says why), false when the found
// story may be recorded over it (none, or a failed attempt).
func foundAgainst(cur Entry, had bool, canonical string) (FoundResult, bool) {
	if !had {
		return FoundResult{}, false
	}
	switch cur.State {
	case StateSent:
		if sameStory(cur.URL, canonical) {
			return FoundResult{Outcome: FoundAlready}, true
		}
		where := "another story"
		if cur.URL != "" {
			where += " (" + cur.URL + ")"
		}
		return FoundResult{Outcome: FoundKept, Why: "the ledger records " + where + " for this post"}, true
	case StateSending:
		return FoundResult{Outcome: FoundKept, Why: "a send of this post is in flight"}, true
	case StateUnknown:
		return FoundResult{Outcome: FoundKept, Why: fmt.Sprintf("the outcome of its last send is unknown: if this is that story, run 'wp2medium resolve %d --on-medium %s'", cur.PostID, canonical)}, true
	}
	return FoundResult{}, false
}

// CopiedStoryWhy is FoundKept's Why for a story another post of the site
// is recorded with: a duplicated post (the Duplicate Post plugin, a copied
// block) carries that post's cross-link paragraph, and the story is not
// this post's.
func CopiedStoryWhy(owner int) string {
	return fmt.Sprintf("the story is recorded for post %d of the site: this post carries a copy of that post's cross-link paragraph", owner)
}

// storyOwner is the other post of the site (not postID) whose record, or
// the history of it, holds the story canonical; 0 when none does. The
// story's id decides (sameStory), so two spellings of one address match.
func storyOwner(tx *ledgerTx, site string, postID int, canonical string) (int, error) {
	es, err := tx.siteEntries(site)
	if err != nil {
		return 0, err
	}
	for _, e := range es {
		if e.PostID == postID {
			continue
		}
		if e.URL != "" && sameStory(e.URL, canonical) {
			return e.PostID, nil
		}
		for _, h := range e.History {
			if h.URL != "" && sameStory(h.URL, canonical) {
				return e.PostID, nil
			}
		}
	}
	return 0, nil
}
