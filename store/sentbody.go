package store

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// SentBody is the exact create body sent to Medium for a post's latest
// send (or, after MarkUpdated, what the post made when the story was
// brought up to date by hand): what `wp2medium diff` compares the post
// with now. Medium cannot read a story back, so this copy is the only one.
//
// Only the latest per post is kept: a diff is always against the story as
// it stands, and a body can be megabytes. It is stored deflate-compressed
// and tied to its send by SentAt; the ledger's export does not carry it.
type SentBody struct {
	// SentAt is the Entry.SentAt of the send it belongs to.
	SentAt time.Time
	// KeptAt is when it was written: the send, or MarkUpdated.
	KeptAt time.Time
	// Body is the JSON as it was given (the create request).
	Body []byte
}

// MaxSentBody bounds the compressed body kept for one post: a body past it
// is not kept (the send goes ahead; diff says that no body was kept).
const MaxSentBody = 8 << 20

// compressBody deflates b; nil when the result is over MaxSentBody.
func compressBody(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > MaxSentBody {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// maxInflatedBody bounds what one stored body may inflate to, so a damaged
// or hostile file cannot exhaust memory.
const maxInflatedBody = 256 << 20

func inflateBody(b []byte) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(b))
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxInflatedBody+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxInflatedBody {
		return nil, errors.New("it inflates past 256 MiB")
	}
	return out, nil
}

// keepBody writes the post's body in the transaction, replacing the one it
// had. An empty body, or one too large to keep, removes the old one: it
// belonged to an earlier send.
func (t *ledgerTx) keepBody(site string, postID int, sentAt time.Time, body []byte) error {
	var packed []byte
	if len(body) > 0 {
		var err error
		if packed, err = compressBody(body); err != nil {
			return fmt.Errorf("cannot compress the body sent for post %d: %w", postID, err)
		}
	}
	if packed == nil {
		if _, err := t.q.ExecContext(t.ctx, "DELETE FROM sent_bodies WHERE site = ? AND post_id = ?", site, postID); err != nil {
			return t.l.s.dbError("write the ledger", err)
		}
		return nil
	}
	const upsert = `INSERT INTO sent_bodies (site, post_id, sent_at, kept_at, body) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (site, post_id) DO UPDATE SET sent_at = excluded.sent_at, kept_at = excluded.kept_at, body = excluded.body`
	if _, err := t.q.ExecContext(t.ctx, upsert, site, postID, sentAt.UnixNano(), t.l.now().UnixNano(), packed); err != nil {
		return t.l.s.dbError("write the ledger", err)
	}
	return nil
}

// moveBody moves the body kept at from to to, when the entry now at to
// (sent at sentAt) is the send it belongs to or to has none; else the
// body at from, of a send the merged entry no longer names, goes.
func (t *ledgerTx) moveBody(from, to ledgerKey, sentAt time.Time) error {
	if from == to {
		return nil
	}
	var fromAt int64
	err := t.q.QueryRowContext(t.ctx, "SELECT sent_at FROM sent_bodies WHERE site = ? AND post_id = ?", from.site, from.postID).Scan(&fromAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return t.l.s.dbError("read the ledger", err)
	}
	var toHas int
	if err := t.q.QueryRowContext(t.ctx, "SELECT count(*) FROM sent_bodies WHERE site = ? AND post_id = ?", to.site, to.postID).Scan(&toHas); err != nil {
		return t.l.s.dbError("read the ledger", err)
	}
	q := "DELETE FROM sent_bodies WHERE site = ? AND post_id = ?"
	args := []any{from.site, from.postID}
	if toHas == 0 || fromAt == sentAt.UnixNano() {
		q = "UPDATE OR REPLACE sent_bodies SET site = ?, post_id = ? WHERE site = ? AND post_id = ?"
		args = []any{to.site, to.postID, from.site, from.postID}
	}
	if _, err := t.q.ExecContext(t.ctx, q, args...); err != nil {
		return t.l.s.dbError("write the ledger", err)
	}
	return nil
}

// SentBody is the body kept for the post's current entry, found as Find
// finds the entry: false when there is none (the post was never sent
// through the API, was sent before bodies were kept, or recorded by hand or
// an import), or when the body kept is of an earlier send.
func (l *Ledger) SentBody(site string, postID int, guid, link string) (SentBody, bool, error) {
	var out SentBody
	var found bool
	err := l.s.read(context.Background(), func(q querier) error {
		t := l.reader(q)
		ms, err := t.matches(t.siteKey(site), postID, guid, link)
		if err != nil {
			return l.s.dbError("read the ledger", err)
		}
		m, ok := record(ms, postID)
		if !ok {
			return nil
		}
		var sentAt, keptAt int64
		var packed []byte
		err = q.QueryRowContext(t.ctx, "SELECT sent_at, kept_at, body FROM sent_bodies WHERE site = ? AND post_id = ?", m.key.site, m.key.postID).Scan(&sentAt, &keptAt, &packed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return l.s.dbError("read the ledger", err)
		}
		if sentAt != m.e.SentAt.UnixNano() {
			return nil // an earlier send's
		}
		body, err := inflateBody(packed)
		if err != nil {
			return fmt.Errorf("the body kept for post %d in %s is unreadable (%v): it is ignored until the next send", postID, l.s.path, err)
		}
		out = SentBody{SentAt: time.Unix(0, sentAt).UTC(), KeptAt: time.Unix(0, keptAt).UTC(), Body: body}
		found = true
		return nil
	})
	return out, found, err
}
