package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Ledger is the record of what was sent to Medium. Medium cannot be read
// back, so the ledger IS the Medium status of every post: it is written
// before a create is sent (so a crash can never make a post look unsent),
// each change in one transaction, and never overwritten when it cannot be
// understood.
//
// Its methods are safe for concurrent use, by goroutines and by processes
// sharing the store; each change is on disk when the method returns, and a
// change that could not be written is not made at all.
type Ledger struct {
	s *Store
}

type ledgerKey struct {
	site   string
	postID int
}

// querier is what reads need: the database, or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Path is the store's file.
func (l *Ledger) Path() string { return l.s.path }

func (l *Ledger) now() time.Time { return l.s.now().UTC() }

// Get returns the post's entry, and false when the ledger has none (the post
// was never sent). site may be any spelling of the site's address.
func (l *Ledger) Get(site string, postID int) (Entry, bool) {
	return l.Find(site, postID, "", "")
}

// Find returns the post's entry: the one recorded for (site, postID), else
// one recorded under any site for the same guid, else one for the same
// permalink and post id (the post reached through another address, or a
// site that moved); see record. Empty guid and link are not looked up. A
// database that cannot be read finds nothing; every change checks again in
// its own transaction.
func (l *Ledger) Find(site string, postID int, guid, link string) (Entry, bool) {
	if l.s.closed.Load() {
		return Entry{}, false
	}
	r := l.reader(l.s.db)
	ms, err := r.matches(r.siteKey(site), postID, guid, link)
	if err != nil {
		return Entry{}, false
	}
	m, ok := record(ms, postID)
	return m.e, ok
}

// Entries returns the site's entries in post id order (none when the
// ledger cannot be read).
func (l *Ledger) Entries(site string) []Entry {
	if l.s.closed.Load() {
		return nil
	}
	r := l.reader(l.s.db)
	es, _ := r.siteEntries(r.siteKey(site))
	return es
}

// Version changes whenever the ledger does, in any process: a reader can
// cache what it derived from the ledger (the Medium column) until it
// changes. It is one small read.
func (l *Ledger) Version() uint64 {
	if l.s.closed.Load() {
		return 0
	}
	var v string
	if err := l.s.db.QueryRow("SELECT value FROM meta WHERE key = 'ledger_version'").Scan(&v); err != nil {
		return 0
	}
	n, _ := strconv.ParseUint(v, 10, 64)
	return n
}

// CreatesSince counts the creates sent through the API at or after since,
// across all sites, since Medium's limit (about 10 a day) is per user. A
// create that may have made a story (sending, sent, unknown) counts; one
// Medium refused, or the user confirmed did not happen, does not. Earlier
// stories kept in History count too.
func (l *Ledger) CreatesSince(since time.Time) int {
	return len(l.CreateTimesSince(since))
}

// CreateTimesSince is when each create CreatesSince counts was sent, oldest
// first: the limit frees a slot as each leaves the window.
func (l *Ledger) CreateTimesSince(since time.Time) []time.Time {
	if l.s.closed.Load() {
		return nil
	}
	times, _ := l.reader(l.s.db).createTimes(since)
	return times
}

func (t *ledgerTx) createTimes(since time.Time) ([]time.Time, error) {
	rows, err := t.q.QueryContext(t.ctx, "SELECT sent_at FROM sends WHERE route = ? AND state <> ? AND sent_at >= ? ORDER BY sent_at",
		string(RouteAPI), string(StateFailed), since.UnixNano())
	if err != nil {
		return nil, t.l.s.dbError("read the ledger", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ns int64
		if err := rows.Scan(&ns); err != nil {
			return nil, t.l.s.dbError("read the ledger", err)
		}
		out = append(out, time.Unix(0, ns).UTC())
	}
	if err := rows.Err(); err != nil {
		return nil, t.l.s.dbError("read the ledger", err)
	}
	return out, nil
}

// CanAddStory says, without changing anything, whether BeginSend would
// accept a story of the post: nil, or the *StateError of whichever record
// that may be the post forbids it.
func (l *Ledger) CanAddStory(post PostRef, secondStory bool) error {
	if l.s.closed.Load() {
		return ErrClosed
	}
	r := l.reader(l.s.db)
	own, had, others, err := r.candidates(r.siteKey(post.Site), post.ID, post.GUID, post.Link)
	if err != nil {
		return l.s.dbError("read the ledger", err)
	}
	return checkAllCanAddStory("publish", own.e, had, others, secondStory)
}

// withPost runs fn in one write transaction with the post's own record (see
// record; had is false when there is none), every other record that may be
// the same post (a permalink's, which a new story must not ignore), the
// site key the post is stored under from now on, and the key its record was
// found under (nil when none), which fn passes to tx.put so that a record
// found under another site key moves to this one.
func (l *Ledger) withPost(site string, postID int, guid, link string, fn func(tx *ledgerTx, cur Entry, had bool, others []Entry, site string, at *ledgerKey) error) error {
	return l.s.write(context.Background(), func(sqlTx *sql.Tx) error {
		tx := l.reader(sqlTx)
		site := tx.siteKey(site)
		own, had, others, err := tx.candidates(site, postID, guid, link)
		if err != nil {
			return l.s.dbError("read the ledger", err)
		}
		var from *ledgerKey
		if had {
			from = &own.key
		}
		return fn(tx, own.e, had, others, site, from)
	})
}

// ledgerTx reads and writes the ledger through one querier.
type ledgerTx struct {
	l   *Ledger
	q   querier
	ctx context.Context
}

func (l *Ledger) reader(q querier) *ledgerTx {
	return &ledgerTx{l: l, q: q, ctx: context.Background()}
}

// siteKey is the key entries of the site at address are stored under.
func (t *ledgerTx) siteKey(address string) string {
	k := SiteKey(address)
	var to string
	if err := t.q.QueryRowContext(t.ctx, "SELECT site FROM site_aliases WHERE address = ?", k).Scan(&to); err == nil {
		return to // SetAlias keeps aliases one step deep
	}
	return k
}

// decode reads a stored entry, checked as an import checks one: a record
// this version does not understand (another state, from a newer wp2medium
// or damage) is an error, never a post that looks sendable. One left
// "sending" by a process that is gone reads as an unknown outcome (written
// back by the next change of it, or by recoverInterrupted).
func (t *ledgerTx) decode(data, owner string) (Entry, error) {
	var e Entry
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		return Entry{}, err
	}
	if err := checkStoredEntry(e, true); err != nil {
		return Entry{}, err
	}
	e.owner = owner
	if e.State == StateSending && !t.l.s.owner.alive(owner) {
		e = interrupted(e, e.At)
	}
	return e, nil
}

// interrupted is e, a send whose process died, as an unknown outcome.
func interrupted(e Entry, at time.Time) Entry {
	e.State = StateUnknown
	e.At = at
	e.Error = "wp2medium stopped before Medium's answer was recorded: the story may or may not exist"
	return e
}

// match is a record that may be the post's, and how it was found.
type match struct {
	key ledgerKey
	e   Entry
	by  string // "key", "guid" or "link"
}

// entryLookup finds stored entries by key, guid key and link key: the
// database in a transaction (ledgerTx) or a Snapshot in memory.
type entryLookup interface {
	lookup(by string, arg ledgerKey, key string) ([]match, error)
}

// matches are the records that may be this post, most certain first: the
// exact (site, id), the guid's, the permalink's, each record once.
func matches(src entryLookup, site string, postID int, guid, link string) ([]match, error) {
	var out []match
	seen := map[ledgerKey]bool{}
	add := func(ms []match, err error) error {
		if err != nil {
			return err
		}
		for _, m := range ms {
			if !seen[m.key] {
				seen[m.key] = true
				out = append(out, m)
			}
		}
		return nil
	}
	if err := add(src.lookup("key", ledgerKey{site, postID}, "")); err != nil {
		return nil, err
	}
	if key := postURLKey(guid); key != "" {
		if err := add(src.lookup("guid", ledgerKey{}, key)); err != nil {
			return nil, err
		}
	}
	if key := postURLKey(link); key != "" {
		if err := add(src.lookup("link", ledgerKey{}, key)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *ledgerTx) matches(site string, postID int, guid, link string) ([]match, error) {
	return matches(t, site, postID, guid, link)
}

// lookup implements entryLookup with one query.
func (t *ledgerTx) lookup(by string, k ledgerKey, key string) ([]match, error) {
	where, args := "site = ? AND post_id = ?", []any{k.site, k.postID}
	switch by {
	case "guid":
		where, args = "guid_key = ?", []any{key}
	case "link":
		where, args = "link_key = ?", []any{key}
	}
	rows, err := t.q.QueryContext(t.ctx, "SELECT site, post_id, data, owner FROM entries WHERE "+where+" ORDER BY rowid", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []match
	for rows.Next() {
		var m match
		var data, owner string
		if err := rows.Scan(&m.key.site, &m.key.postID, &data, &owner); err != nil {
			return nil, err
		}
		e, err := t.decode(data, owner)
		if err != nil {
			return nil, fmt.Errorf("the record of post %d of %s is unreadable: %w", m.key.postID, m.key.site, err)
		}
		m.e, m.by = e, by
		out = append(out, m)
	}
	return out, rows.Err()
}

// candidates splits the records that may be the post into its own record
// (see record) and the others.
func (t *ledgerTx) candidates(site string, postID int, guid, link string) (own match, had bool, others []Entry, err error) {
	ms, err := t.matches(site, postID, guid, link)
	if err != nil {
		return match{}, false, nil, err
	}
	own, had = record(ms, postID)
	for _, m := range ms {
		if !had || m.key != own.key {
			others = append(others, m.e)
		}
	}
	return own, had, others, nil
}

// put stores e (cleaned here) in the transaction. moveFrom, when not nil, is
// the key the post's record was found under before (another spelling or
// identity of the site): that row goes. A send in flight is owned by this
// process.
func (t *ledgerTx) put(e Entry, moveFrom *ledgerKey) error {
	e = cleanEntry(e)
	k := ledgerKey{e.Site, e.PostID}
	if moveFrom != nil && *moveFrom != k {
		if _, err := t.q.ExecContext(t.ctx, "DELETE FROM entries WHERE site = ? AND post_id = ?", moveFrom.site, moveFrom.postID); err != nil {
			return t.l.s.dbError("write the ledger", err)
		}
		if err := t.moveBody(*moveFrom, k, e.SentAt); err != nil {
			return err
		}
	}
	return t.putRow(e)
}

// putRow writes e as it is. A sending entry keeps the owner it was read
// with; a new one (no owner) belongs to this process.
func (t *ledgerTx) putRow(e Entry) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("cannot encode the ledger entry of post %d: %w", e.PostID, err)
	}
	owner := ""
	if e.State == StateSending {
		owner = e.owner
		if owner == "" {
			owner = t.l.s.owner.token
		}
	}
	const upsert = `INSERT INTO entries (site, post_id, state, guid_key, link_key, owner, data) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (site, post_id) DO UPDATE SET state = excluded.state, guid_key = excluded.guid_key,
	link_key = excluded.link_key, owner = excluded.owner, data = excluded.data`
	if _, err := t.q.ExecContext(t.ctx, upsert, e.Site, e.PostID, string(e.State), postURLKey(e.GUID), postURLKey(e.Link), owner, string(data)); err != nil {
		return t.l.s.dbError("write the ledger", err)
	}
	if _, err := t.q.ExecContext(t.ctx, "DELETE FROM sends WHERE site = ? AND post_id = ?", e.Site, e.PostID); err != nil {
		return t.l.s.dbError("write the ledger", err)
	}
	attempts := append(append([]Entry(nil), e.History...), e)
	for i, a := range attempts {
		if _, err := t.q.ExecContext(t.ctx, "INSERT INTO sends (site, post_id, seq, route, state, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
			e.Site, e.PostID, i, string(a.Route), string(a.State), a.SentAt.UnixNano()); err != nil {
			return t.l.s.dbError("write the ledger", err)
		}
	}
	return t.bump()
}

// bumpSQL advances the ledger's version (see Version).
const bumpSQL = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'ledger_version'"

// bump advances the ledger's version (see Version).
func (t *ledgerTx) bump() error {
	if _, err := t.q.ExecContext(t.ctx, bumpSQL); err != nil {
		return t.l.s.dbError("write the ledger", err)
	}
	return nil
}

// recoverInterrupted records every send whose process is gone as an
// unknown outcome. A send owned by a live process (another terminal) is
// left alone.
func (l *Ledger) recoverInterrupted() error {
	now := l.now()
	err := l.s.write(context.Background(), func(sqlTx *sql.Tx) error {
		tx := l.reader(sqlTx)
		rows, err := sqlTx.Query("SELECT data, owner FROM entries WHERE state = 'sending'")
		if err != nil {
			return err
		}
		var stale []Entry
		for rows.Next() {
			var data, owner string
			if err := rows.Scan(&data, &owner); err != nil {
				rows.Close()
				return err
			}
			// An unreadable row is left as it is: every command about
			// that post refuses it and says so; the others go on.
			if e, err := tx.decode(data, owner); err == nil && e.State == StateUnknown {
				stale = append(stale, interrupted(e, now))
			}
		}
		rows.Close()
		for _, e := range stale {
			if err := tx.putRow(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrClosed) {
		return fmt.Errorf("cannot record interrupted sends as unknown: %w", err)
	}
	return err
}
