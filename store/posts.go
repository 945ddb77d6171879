package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The post cache: the list fields of every post of a site, as the last sync
// saw them, so the app starts on the whole list at once and a sync only asks
// WordPress what changed (see package sitesync). Sites are keyed by the
// SiteKey of the configured address; SyncState.Home says which site that
// address led to.

// SyncState is what the store knows about a site's listing.
type SyncState struct {
	Site string // SiteKey of the configured address
	// Home is the site's own address (WordPress's home) at the last sync: a
	// different one means the site moved, and its links must be fetched again.
	Home string
	// Name is the site's name as WordPress gave it (cleaned for one line).
	Name string
	// Statuses are the statuses the cache holds ("publish" without
	// credentials, every status with them): other credentials, other list.
	Statuses string
	// Complete: a full listing finished, so the cache is the whole site as of
	// SyncedAt. FullPending: one started and has not finished; the next sync
	// must be full.
	Complete, FullPending bool
	// CheckPending: an id pass started and has not finished; the next sync
	// runs one.
	CheckPending bool
	// MaxModified is the latest modified_gmt the cache holds.
	MaxModified time.Time
	// SyncedAt: when the last sync that finished began (what it could miss
	// was modified after that); CheckedAt: the last id pass (every id and
	// modified time compared); FullAt: the last full listing.
	SyncedAt, CheckedAt, FullAt time.Time
	// LastError is why the last sync failed ("" when it did not).
	LastError string
	// Count is how many posts the cache holds and NewestID the highest id
	// among them (read, never written).
	Count, NewestID int
	// WithoutTerms is how many of them were cached before the store kept
	// term ids (schema 3): their tags and categories are unknown until they
	// are listed again (read, never written).
	WithoutTerms int
}

// SyncState returns the site's state; a site never synced has the zero
// state with Site set.
func (s *Store) SyncState(site string) (SyncState, error) {
	st := SyncState{Site: SiteKey(site)}
	if s.closed.Load() {
		return st, ErrClosed
	}
	var maxMod, synced, checked, full int64
	err := s.db.QueryRow(`SELECT home, name, statuses, complete, full_pending, check_pending, max_modified, synced_at, checked_at, full_at, last_error
FROM sync_state WHERE site = ?`, st.Site).Scan(&st.Home, &st.Name, &st.Statuses, &st.Complete, &st.FullPending, &st.CheckPending, &maxMod, &synced, &checked, &full, &st.LastError)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, s.dbError("read the sync state", err)
	}
	st.MaxModified, st.SyncedAt, st.CheckedAt, st.FullAt = unixTime(maxMod), unixTime(synced), unixTime(checked), unixTime(full)
	if err := s.db.QueryRow("SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(*) - COUNT(term_ids) FROM posts WHERE site = ?", st.Site).
		Scan(&st.Count, &st.NewestID, &st.WithoutTerms); err != nil {
		return st, s.dbError("read the post cache", err)
	}
	return st, nil
}

// SetSyncState saves st (Count and NewestID are ignored).
func (s *Store) SetSyncState(st SyncState) error {
	st.Site = SiteKey(st.Site)
	return s.write(context.Background(), func(tx *sql.Tx) error {
		return putSyncState(tx, st)
	})
}

func putSyncState(tx *sql.Tx, st SyncState) error {
	_, err := tx.Exec(`INSERT INTO sync_state (site, home, name, statuses, complete, full_pending, check_pending, max_modified, synced_at, checked_at, full_at, last_error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (site) DO UPDATE SET home = excluded.home, name = excluded.name, statuses = excluded.statuses, complete = excluded.complete,
	full_pending = excluded.full_pending, check_pending = excluded.check_pending, max_modified = excluded.max_modified,
	synced_at = excluded.synced_at, checked_at = excluded.checked_at, full_at = excluded.full_at, last_error = excluded.last_error`,
		st.Site, st.Home, termtext.CleanLine(st.Name), st.Statuses, st.Complete, st.FullPending, st.CheckPending, unixOf(st.MaxModified), unixOf(st.SyncedAt),
		unixOf(st.CheckedAt), unixOf(st.FullAt), termtext.CleanLine(st.LastError))
	return err
}

// Posts returns the site's cached posts, newest first as WordPress lists
// them (by date, then id; a draft that has no date yet by its last change),
// with their term ids and the names of those terms the store knows.
//
// It is what the app reads before its first frame, so it allocates little
// per post: the ids and names of every post share a few large arrays, and
// a name is one string shared by every post that carries the term.
func (s *Store) Posts(site string) ([]wordpress.Post, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	key := SiteKey(site)
	var n int
	if err := s.db.QueryRow("SELECT COUNT(*) FROM posts WHERE site = ?", key).Scan(&n); err != nil {
		return nil, s.dbError("read the post cache", err)
	}
	names, err := s.termNames(key)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(`SELECT id, title, status, date_gmt, modified, link, sticky, protected, term_ids FROM posts
WHERE site = ? ORDER BY CASE WHEN date_gmt = 0 THEN modified ELSE date_gmt END DESC, id DESC`, key)
	if err != nil {
		return nil, s.dbError("read the post cache", err)
	}
	defer rows.Close()
	out := make([]wordpress.Post, 0, n)
	// Statuses repeat: share one string per status.
	statuses := map[string]wordpress.Status{}
	var ids termArena
	var termIDs sql.RawBytes // reused: valid until the next Scan
	for rows.Next() {
		var p wordpress.Post
		var status string
		var date, mod int64
		if err := rows.Scan(&p.ID, &p.Title, &status, &date, &mod, &p.Link, &p.Sticky, &p.Protected, &termIDs); err != nil {
			return nil, s.dbError("read the post cache", err)
		}
		st, ok := statuses[status]
		if !ok {
			st = wordpress.Status(strings.Clone(status))
			statuses[status] = st
		}
		p.Status, p.DateGMT, p.ModifiedGMT = st, unixTime(date), unixTime(mod)
		if len(termIDs) > 0 {
			ids.fill(&p, termIDs, names)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.dbError("read the post cache", err)
	}
	return out, nil
}

// Stamps returns the modified_gmt of every cached post of the site, by id.
func (s *Store) Stamps(site string) (map[int]time.Time, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.db.Query("SELECT id, modified FROM posts WHERE site = ?", SiteKey(site))
	if err != nil {
		return nil, s.dbError("read the post cache", err)
	}
	defer rows.Close()
	out := map[int]time.Time{}
	for rows.Next() {
		var id int
		var mod int64
		if err := rows.Scan(&id, &mod); err != nil {
			return nil, s.dbError("read the post cache", err)
		}
		out[id] = unixTime(mod)
	}
	return out, rows.Err()
}

// ScheduledBefore returns the ids of the site's stored scheduled posts
// dated at or before t: due to have gone live.
func (s *Store) ScheduledBefore(site string, t time.Time) ([]int, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.db.Query("SELECT id FROM posts WHERE site = ? AND status = ? AND date_gmt <= ?", SiteKey(site), string(wordpress.StatusFuture), unixOf(t))
	if err != nil {
		return nil, s.dbError("read the post cache", err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, s.dbError("read the post cache", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// PostsChange is one transaction on a site's cache: posts to store (new or
// changed), ids to remove, and the state to save with them (nil: unchanged).
type PostsChange struct {
	Put    []wordpress.Post
	Delete []int
	// KeepOnly, when not nil, removes every post whose id it lacks.
	KeepOnly map[int]bool
	State    *SyncState
}

// ChangePosts applies c to the site's cache in one transaction.
func (s *Store) ChangePosts(site string, c PostsChange) error {
	key := SiteKey(site)
	return s.write(context.Background(), func(tx *sql.Tx) error {
		if len(c.Put) > 0 {
			stmt, err := tx.Prepare(`INSERT INTO posts (site, id, title, status, date_gmt, modified, link, sticky, protected, term_ids)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (site, id) DO UPDATE SET title = excluded.title, status = excluded.status, date_gmt = excluded.date_gmt,
	modified = excluded.modified, link = excluded.link, sticky = excluded.sticky, protected = excluded.protected,
	term_ids = excluded.term_ids`)
			if err != nil {
				return s.dbError("write the post cache", err)
			}
			defer stmt.Close()
			for _, p := range c.Put {
				if _, err := stmt.Exec(key, p.ID, p.Title, string(p.Status), unixOf(p.DateGMT), unixOf(p.ModifiedGMT), p.Link, p.Sticky, p.Protected,
					formatTermIDs(p.TagIDs, p.CategoryIDs)); err != nil {
					return s.dbError("write the post cache", err)
				}
			}
			if err := addTermRows(tx, key, c.Put); err != nil {
				return s.dbError("write the post cache", err)
			}
		}
		for _, id := range c.Delete {
			if _, err := tx.Exec("DELETE FROM posts WHERE site = ? AND id = ?", key, id); err != nil {
				return s.dbError("write the post cache", err)
			}
		}
		if c.KeepOnly != nil {
			rows, err := tx.Query("SELECT id FROM posts WHERE site = ?", key)
			if err != nil {
				return s.dbError("read the post cache", err)
			}
			var gone []int
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return s.dbError("read the post cache", err)
				}
				if !c.KeepOnly[id] {
					gone = append(gone, id)
				}
			}
			rows.Close()
			for _, id := range gone {
				if _, err := tx.Exec("DELETE FROM posts WHERE site = ? AND id = ?", key, id); err != nil {
					return s.dbError("write the post cache", err)
				}
			}
		}
		if c.State != nil {
			st := *c.State
			st.Site = key
			if err := putSyncState(tx, st); err != nil {
				return s.dbError("write the sync state", err)
			}
		}
		return nil
	})
}

func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
