package store

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Send is one send of a post as the ledger recorded it: a post's current
// entry or one of the earlier ones kept in its History. The history of
// sends (wp2medium history, the app's h) lists them.
type Send struct {
	// Entry is the recorded send, without History.
	Entry
	// Title is the post's title from the post cache, as WordPress gave it
	// ("" when the cache does not hold the post): clean it for the terminal.
	Title string
	// Current: the post's entry now, not an earlier attempt or story.
	Current bool
}

// When is the time the send is listed by: when it was attempted (or, on
// the import route, recorded), else when its state was set.
func (s Send) When() time.Time {
	if !s.SentAt.IsZero() {
		return s.SentAt
	}
	return s.At
}

// History is every send the ledger recorded for the site at address,
// newest first, read in one transaction. The site is found as
// Ledger.Find finds it: address may be any spelling known as an alias of
// the site, and a post of the site's cache recorded under another site key
// with the same permalink and post id (the site reached through another
// address) counts as the site's, as the list's Medium column counts it.
func (s *Store) History(address string) ([]Send, error) {
	var out []Send
	err := s.read(context.Background(), func(q querier) error {
		t := s.ledger.reader(q)
		site := t.siteKey(address)
		keys, err := siteSpellings(t, SiteKey(address), site)
		if err != nil {
			return s.dbError("read the ledger", err)
		}
		titles, links, err := cachedTitles(t, keys)
		if err != nil {
			return s.dbError("read the post cache", err)
		}
		entries, err := historyEntries(t, keys, links)
		if err != nil {
			return err
		}
		for _, e := range entries {
			title := titles[e.PostID]
			for _, h := range e.History {
				h.History = nil
				out = append(out, Send{Entry: h, Title: title})
			}
			e.History = nil
			out = append(out, Send{Entry: e, Title: title, Current: true})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.When().Equal(b.When()) {
			return a.When().After(b.When())
		}
		if a.PostID != b.PostID {
			return a.PostID > b.PostID
		}
		return a.Current && !b.Current // of two at one moment, the current one is the later
	})
	return out, nil
}

// siteSpellings are the site keys the site's entries and cached posts may
// be under: the configured address's own key first (the cache's key), the
// site's, then every address recorded as an alias of it.
func siteSpellings(t *ledgerTx, own, site string) ([]string, error) {
	keys := []string{own}
	if site != own {
		keys = append(keys, site)
	}
	rows, err := t.q.QueryContext(t.ctx, "SELECT address FROM site_aliases WHERE site = ? ORDER BY address", site)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		if a != own {
			keys = append(keys, a)
		}
	}
	return keys, rows.Err()
}

// cachedTitles are the titles of the posts cached under keys (the first
// key's title wins) and, by permalink key, their ids.
func cachedTitles(t *ledgerTx, keys []string) (map[int]string, map[string]int, error) {
	titles, links := map[int]string{}, map[string]int{}
	for _, k := range keys {
		rows, err := t.q.QueryContext(t.ctx, "SELECT id, title, link FROM posts WHERE site = ?", k)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int
			var title, link string
			if err := rows.Scan(&id, &title, &link); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if _, ok := titles[id]; !ok {
				titles[id] = title
			}
			if lk := postURLKey(link); lk != "" {
				links[lk] = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return titles, links, nil
}

// historyEntries are the entries of the site: those under its keys, then
// those under any other key whose permalink is a cached post's with the
// same id (see record: a permalink alone may be another post's).
func historyEntries(t *ledgerTx, keys []string, links map[string]int) ([]Entry, error) {
	on := map[string]bool{}
	for _, k := range keys {
		on[k] = true
	}
	rows, err := t.q.QueryContext(t.ctx, "SELECT site, post_id, link_key, data, owner FROM entries ORDER BY rowid")
	if err != nil {
		return nil, t.l.s.dbError("read the ledger", err)
	}
	defer rows.Close()
	var mine, elsewhere []Entry
	seen := map[int]bool{}
	for rows.Next() {
		var site, linkKey, data, owner string
		var id int
		if err := rows.Scan(&site, &id, &linkKey, &data, &owner); err != nil {
			return nil, t.l.s.dbError("read the ledger", err)
		}
		if !on[site] && (linkKey == "" || links[linkKey] != id || links[linkKey] == 0) {
			continue
		}
		e, err := t.decode(data, owner)
		if err != nil {
			return nil, fmt.Errorf("the record of post %d of %s is unreadable: %w", id, site, err)
		}
		if on[site] {
			mine = append(mine, e)
			seen[id] = true
		} else {
			elsewhere = append(elsewhere, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, t.l.s.dbError("read the ledger", err)
	}
	for _, e := range elsewhere {
		if !seen[e.PostID] { // the post's own record is the one under the site's keys
			mine = append(mine, e)
			seen[e.PostID] = true
		}
	}
	return mine, nil
}
