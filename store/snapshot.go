package store

import (
	"context"
	"fmt"
	"strconv"
)

// Snapshot is the whole ledger as it was at one moment, in memory, for a
// caller that looks up many posts at once: a listing's Medium column, where
// a query per post would cost more than the listing. Find follows exactly
// the rules of Ledger.Find.
type Snapshot struct {
	version uint64
	aliases map[string]string
	entries map[ledgerKey]Entry
	byGUID  map[string][]ledgerKey
	byLink  map[string][]ledgerKey
}

// Snapshot reads the ledger, all of it as of one moment (one read
// transaction), with the version of that moment.
func (l *Ledger) Snapshot() (*Snapshot, error) {
	s := &Snapshot{aliases: map[string]string{}, entries: map[ledgerKey]Entry{},
		byGUID: map[string][]ledgerKey{}, byLink: map[string][]ledgerKey{}}
	err := l.s.read(context.Background(), func(q querier) error {
		ctx := context.Background()
		var v string
		if err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'ledger_version'").Scan(&v); err != nil {
			return l.s.dbError("read the ledger", err)
		}
		s.version, _ = strconv.ParseUint(v, 10, 64)
		rows, err := q.QueryContext(ctx, "SELECT address, site FROM site_aliases")
		if err != nil {
			return l.s.dbError("read the ledger", err)
		}
		for rows.Next() {
			var from, to string
			if err := rows.Scan(&from, &to); err != nil {
				rows.Close()
				return l.s.dbError("read the ledger", err)
			}
			s.aliases[from] = to
		}
		rows.Close()
		r := l.reader(q)
		rows, err = q.QueryContext(ctx, "SELECT site, post_id, guid_key, link_key, data, owner FROM entries ORDER BY rowid")
		if err != nil {
			return l.s.dbError("read the ledger", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k ledgerKey
			var guidKey, linkKey, data, owner string
			if err := rows.Scan(&k.site, &k.postID, &guidKey, &linkKey, &data, &owner); err != nil {
				return l.s.dbError("read the ledger", err)
			}
			e, err := r.decode(data, owner)
			if err != nil {
				return fmt.Errorf("the record of post %d of %s is unreadable: %w", k.postID, k.site, err)
			}
			s.entries[k] = e
			if guidKey != "" {
				s.byGUID[guidKey] = append(s.byGUID[guidKey], k)
			}
			if linkKey != "" {
				s.byLink[linkKey] = append(s.byLink[linkKey], k)
			}
		}
		if err := rows.Err(); err != nil {
			return l.s.dbError("read the ledger", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Version is the ledger's version the snapshot was taken at.
func (s *Snapshot) Version() uint64 { return s.version }

// Find is Ledger.Find on the snapshot.
func (s *Snapshot) Find(site string, postID int, guid, link string) (Entry, bool) {
	key := SiteKey(site)
	if to, ok := s.aliases[key]; ok {
		key = to
	}
	ms, _ := matches(s, key, postID, guid, link)
	m, ok := record(ms, postID)
	return copyEntry(m.e), ok
}

func (s *Snapshot) lookup(by string, k ledgerKey, key string) ([]match, error) {
	var keys []ledgerKey
	switch by {
	case "key":
		keys = []ledgerKey{k}
	case "guid":
		keys = s.byGUID[key]
	case "link":
		keys = s.byLink[key]
	}
	var out []match
	for _, k := range keys {
		if e, ok := s.entries[k]; ok {
			out = append(out, match{key: k, e: e, by: by})
		}
	}
	return out, nil
}
