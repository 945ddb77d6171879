package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// One post is one post, however the site is written. Entries are keyed by
// the SiteKey of the site's own address (what WordPress reports as its
// home), a configured address that differs is an alias of it (SetAlias),
// and an entry is also found by the post's guid (which WordPress never
// changes, not even when the site moves to https or another domain) and by
// its permalink. So the same post reached through 127.0.0.1, localhost,
// /index.php or an https proxy finds the one record, and is never sent as a
// second story by accident.

// record picks, among matches, the post's own record: the exact key's, else
// the guid's (a guid names one post wherever it moved), else the
// permalink's when it is the same post id (the site reached through another
// address). A permalink alone can be another post's that took a deleted
// post's address: it is a reason to refuse, never a record to take over.
func record(ms []match, postID int) (match, bool) {
	for _, m := range ms {
		if m.by != "link" || m.e.PostID == postID {
			return m, true
		}
	}
	return match{}, false
}

// stateWeight orders the states of two records of one post when they are
// merged: the current record is the one that says most about Medium.
func stateWeight(s State) int {
	switch s {
	case StateSent:
		return 3
	case StateUnknown, StateSending:
		return 2
	}
	return 1
}

// mergeEntries joins two records of the same post (kept under two spellings
// of the site by an older wp2medium). The one that says most (a story over
// an unknown outcome over a failure; the later one between equals) stays
// current; the other and both histories go into History, oldest first. Two
// stories make SecondStory true.
func mergeEntries(a, b Entry) Entry {
	first, second := a, b
	if stateWeight(b.State) > stateWeight(a.State) ||
		(stateWeight(b.State) == stateWeight(a.State) && b.At.After(a.At)) {
		first, second = b, a
	}
	history := append(append([]Entry(nil), first.History...), second.History...)
	second.History = nil
	history = append(history, second)
	sort.SliceStable(history, func(i, j int) bool { return history[i].At.Before(history[j].At) })
	for i := range history {
		history[i].Site = first.Site
	}
	first.History = history
	first.SecondStory = first.SecondStory || (first.State == StateSent && hasStory(history))
	if first.GUID == "" {
		first.GUID = second.GUID
	}
	if first.Link == "" {
		first.Link = second.Link
	}
	return first
}

// migrateV1 converts the entries of a version 1 file: sites were keyed by
// the configured URL with only its case and trailing slash normalised, so
// the same site could appear under two spellings. Two entries that were one
// key in version 1 make the file ambiguous (refused, as version 1 did);
// entries that become one key now are merged.
func migrateV1(entries []Entry) ([]Entry, error) {
	seen := map[ledgerKey]bool{}
	merged := map[ledgerKey]Entry{}
	var order []ledgerKey
	for i, e := range entries {
		old := ledgerKey{v1SiteKey(e.Site), e.PostID}
		if seen[old] {
			return nil, fmt.Errorf("entry %d: post %d of %s appears twice", i+1, e.PostID, e.Site)
		}
		seen[old] = true
		e.Site = SiteKey(e.Site)
		for j := range e.History {
			e.History[j].Site = e.Site
		}
		k := ledgerKey{e.Site, e.PostID}
		if cur, ok := merged[k]; ok {
			merged[k] = mergeEntries(cur, e)
			continue
		}
		merged[k] = e
		order = append(order, k)
	}
	out := make([]Entry, 0, len(order))
	for _, k := range order {
		out = append(out, merged[k])
	}
	return out, nil
}

// v1SiteKey is how version 1 keyed a site: scheme and host lower-cased, no
// trailing slash.
func v1SiteKey(site string) string {
	s := strings.TrimRight(strings.TrimSpace(site), "/")
	if u, ok := parseLoose(s); ok && strings.Contains(s, "://") {
		u.Scheme = strings.ToLower(u.Scheme)
		u.Host = strings.ToLower(u.Host)
		return u.String()
	}
	return s
}

// SetAlias records that the site configured at address is the site whose
// own address (WordPress's home) is home, so commands that cannot ask
// WordPress (resolving an outcome offline) still find its entries. Entries
// already stored under the address's key move to the site's key; when both
// hold an entry for one post, they are merged, nothing dropped (see
// mergeEntries). Recording a known alias writes nothing.
func (l *Ledger) SetAlias(address, home string) error {
	from, to := SiteKey(address), SiteKey(home)
	if from == "" || to == "" {
		return fmt.Errorf("%w: a site address is empty", ErrInvalidEntry)
	}
	if l.s.closed.Load() {
		return ErrClosed
	}
	r := l.reader(l.s.db)
	if t := r.siteKey(to); from == t || r.siteKey(from) == t {
		return nil // known: no write transaction for the common case
	}
	return l.s.write(context.Background(), func(sqlTx *sql.Tx) error {
		return l.reader(sqlTx).setAlias(from, to)
	})
}

// setAlias is SetAlias in the caller's transaction.
func (t *ledgerTx) setAlias(from, to string) error {
	s := t.l.s
	to = t.siteKey(to) // the site's own address may itself be known by another key
	if from == to || t.siteKey(from) == to {
		return nil
	}
	// What pointed at from points at to now: no chains, no cycles.
	if _, err := t.q.ExecContext(t.ctx, "UPDATE site_aliases SET site = ? WHERE site = ?", to, from); err != nil {
		return s.dbError("write the ledger", err)
	}
	if _, err := t.q.ExecContext(t.ctx, "INSERT INTO site_aliases (address, site) VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET site = excluded.site", from, to); err != nil {
		return s.dbError("write the ledger", err)
	}
	moving, err := t.siteEntries(from)
	if err != nil {
		return s.dbError("read the ledger", err)
	}
	for _, e := range moving {
		if _, err := t.q.ExecContext(t.ctx, "DELETE FROM entries WHERE site = ? AND post_id = ?", from, e.PostID); err != nil {
			return s.dbError("write the ledger", err)
		}
		cur, had, err := t.entryAt(ledgerKey{to, e.PostID})
		if err != nil {
			return s.dbError("read the ledger", err)
		}
		if had {
			if e, err = mergeSettled(cur, e); err != nil {
				return err
			}
		}
		e.Site = to
		for i := range e.History {
			e.History[i].Site = to
		}
		if err := t.putRow(e); err != nil {
			return err
		}
		if err := t.moveBody(ledgerKey{from, e.PostID}, ledgerKey{to, e.PostID}, e.SentAt); err != nil {
			return err
		}
	}
	return t.bump()
}

// mergeSettled is mergeEntries for two records of which neither is being
// sent: merging a send in flight would put it in History, and its
// process's answer would then find no send to record.
func mergeSettled(a, b Entry) (Entry, error) {
	for _, e := range []Entry{a, b} {
		if e.State == StateSending {
			return Entry{}, stateError("merge the records of", e, ErrSendInProgress)
		}
	}
	return mergeEntries(a, b), nil
}

// siteEntries are the entries stored under site, as stored.
func (t *ledgerTx) siteEntries(site string) ([]Entry, error) {
	rows, err := t.q.QueryContext(t.ctx, "SELECT data, owner FROM entries WHERE site = ? ORDER BY post_id", site)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var data, owner string
		if err := rows.Scan(&data, &owner); err != nil {
			return nil, err
		}
		e, err := t.decode(data, owner)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// entryAt is the entry stored at k.
func (t *ledgerTx) entryAt(k ledgerKey) (Entry, bool, error) {
	ms, err := t.lookup("key", k, "")
	if err != nil || len(ms) == 0 {
		return Entry{}, false, err
	}
	return ms[0].e, true, nil
}
