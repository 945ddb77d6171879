package store

import "time"

// Update is what MarkUpdated records: the post as it is now, which the
// story on Medium now matches.
type Update struct {
	// ModifiedGMT and ContentHash are the post's now (see Entry).
	ModifiedGMT time.Time
	ContentHash string
	// Note says how it was brought up to date; "" records a default.
	Note string
	// Body is what the transform makes of the post now (the create body a
	// send would carry), kept in place of the body sent, so that the next
	// diff starts from the story as the user made it; nil keeps none.
	Body []byte
}

// MarkUpdated records that the user brought the post's story up to date by
// hand (Medium's API cannot edit a story): the post no longer reads as
// changed since it was sent. It is refused, with a *StateError, for a post
// not on Medium: never sent (ErrNoRecord), being sent (ErrSendInProgress),
// of unknown outcome (ErrOutcomeUnknown, resolve it first), failed
// (ErrNotSent).
func (l *Ledger) MarkUpdated(post PostRef, u Update) error {
	site, postID := post.Site, post.ID
	return l.withPost(site, postID, post.GUID, post.Link, func(tx *ledgerTx, cur Entry, had bool, _ []Entry, site string, at *ledgerKey) error {
		const op = "mark as brought up to date"
		switch {
		case !had:
			return stateError(op, Entry{Site: site, PostID: postID}, ErrNoRecord)
		case cur.State == StateSending:
			return stateError(op, cur, ErrSendInProgress)
		case cur.State == StateUnknown:
			return stateError(op, cur, ErrOutcomeUnknown)
		case cur.State != StateSent:
			return stateError(op, cur, ErrNotSent)
		}
		n := copyEntry(cur)
		n.Site = site // a record found under another key moves to this one
		if !u.ModifiedGMT.IsZero() {
			n.ModifiedGMT = u.ModifiedGMT.UTC()
		}
		if u.ContentHash != "" {
			n.ContentHash = u.ContentHash
		}
		n.Note = u.Note
		if n.Note == "" {
			n.Note = "Brought up to date on Medium by the user"
		}
		n.UpdatedAt = l.now()
		if err := tx.put(n, at); err != nil {
			return err
		}
		return tx.keepBody(n.Site, n.PostID, n.SentAt, u.Body)
	})
}
