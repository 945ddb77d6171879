package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The names of the cached posts' tags and categories. A listing carries
// only term ids (wordpress.Post.TagIDs, CategoryIDs); the store keeps the
// names apart, one row per term, so a renamed tag is one row to change, not
// every post that carries it. Every id a cached post carries gets a row
// when the post is stored, with no name until sitesync fetches it
// (UnnamedTerms, SetTerms).

// UnnamedTerms returns, by taxonomy, the ids some cached post of the site
// carries and whose names are not known: new terms, and those whose
// fetch failed.
func (s *Store) UnnamedTerms(site string) (map[wordpress.Taxonomy][]int, error) {
	return s.termIDs(site, "SELECT taxonomy, id FROM terms WHERE site = ? AND name IS NULL ORDER BY taxonomy, id")
}

// KnownTerms returns, by taxonomy, the ids of every term the store has a
// row for, named or not: what a refresh of the names asks for.
func (s *Store) KnownTerms(site string) (map[wordpress.Taxonomy][]int, error) {
	return s.termIDs(site, "SELECT taxonomy, id FROM terms WHERE site = ? ORDER BY taxonomy, id")
}

func (s *Store) termIDs(site, query string) (map[wordpress.Taxonomy][]int, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.db.Query(query, SiteKey(site))
	if err != nil {
		return nil, s.dbError("read the terms", err)
	}
	defer rows.Close()
	out := map[wordpress.Taxonomy][]int{}
	for rows.Next() {
		var tax string
		var id int
		if err := rows.Scan(&tax, &id); err != nil {
			return nil, s.dbError("read the terms", err)
		}
		out[wordpress.Taxonomy(tax)] = append(out[wordpress.Taxonomy(tax)], id)
	}
	if err := rows.Err(); err != nil {
		return nil, s.dbError("read the terms", err)
	}
	return out, nil
}

// SetTerms records what WordPress answered when asked for the terms of
// taxonomy with ids: the names and slugs of got, and that the ids of asked
// it did not return are gone (deleted, or no longer public), so their rows
// go and the posts carrying them show no name for them.
func (s *Store) SetTerms(site string, taxonomy wordpress.Taxonomy, asked []int, got []wordpress.Term) error {
	key := SiteKey(site)
	return s.write(context.Background(), func(tx *sql.Tx) error {
		put, err := tx.Prepare(`INSERT INTO terms (site, taxonomy, id, name, slug) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (site, taxonomy, id) DO UPDATE SET name = excluded.name, slug = excluded.slug`)
		if err != nil {
			return s.dbError("write the terms", err)
		}
		defer put.Close()
		returned := make(map[int]bool, len(got))
		for _, t := range got {
			returned[t.ID] = true
			if _, err := put.Exec(key, string(taxonomy), t.ID, termtext.CleanLine(t.Name), termtext.CleanLine(t.Slug)); err != nil {
				return s.dbError("write the terms", err)
			}
		}
		for _, id := range asked {
			if returned[id] {
				continue
			}
			if _, err := tx.Exec("DELETE FROM terms WHERE site = ? AND taxonomy = ? AND id = ?", key, string(taxonomy), id); err != nil {
				return s.dbError("write the terms", err)
			}
		}
		return nil
	})
}

// PruneTerms removes the rows of terms no cached post of the site carries
// any more, so a refresh does not ask for them. It reads every post's ids:
// meant for after a full listing or a check, not every sync.
func (s *Store) PruneTerms(site string) error {
	key := SiteKey(site)
	return s.write(context.Background(), func(tx *sql.Tx) error {
		rows, err := tx.Query("SELECT term_ids FROM posts WHERE site = ?", key)
		if err != nil {
			return s.dbError("read the post cache", err)
		}
		used := map[wordpress.Taxonomy]map[int]bool{wordpress.Tags: {}, wordpress.Categories: {}}
		var buf []int
		for rows.Next() {
			var ids sql.RawBytes
			if err := rows.Scan(&ids); err != nil {
				rows.Close()
				return s.dbError("read the post cache", err)
			}
			tags, cats := splitTermIDs(ids)
			for _, id := range appendIDs(buf[:0], tags) {
				used[wordpress.Tags][id] = true
			}
			for _, id := range appendIDs(buf[:0], cats) {
				used[wordpress.Categories][id] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s.dbError("read the post cache", err)
		}
		known, err := tx.Query("SELECT taxonomy, id FROM terms WHERE site = ?", key)
		if err != nil {
			return s.dbError("read the terms", err)
		}
		type termKey struct {
			tax string
			id  int
		}
		var unused []termKey
		for known.Next() {
			var k termKey
			if err := known.Scan(&k.tax, &k.id); err != nil {
				known.Close()
				return s.dbError("read the terms", err)
			}
			if !used[wordpress.Taxonomy(k.tax)][k.id] {
				unused = append(unused, k)
			}
		}
		known.Close()
		for _, k := range unused {
			if _, err := tx.Exec("DELETE FROM terms WHERE site = ? AND taxonomy = ? AND id = ?", key, k.tax, k.id); err != nil {
				return s.dbError("write the terms", err)
			}
		}
		return nil
	})
}

// addTermRows gives every term id the posts carry a row, without a name
// when it is new.
func addTermRows(tx *sql.Tx, key string, posts []wordpress.Post) error {
	type termKey struct {
		tax wordpress.Taxonomy
		id  int
	}
	seen := map[termKey]bool{}
	var keys []termKey
	for _, p := range posts {
		for _, id := range p.TagIDs {
			if k := (termKey{wordpress.Tags, id}); !seen[k] {
				seen[k], keys = true, append(keys, k)
			}
		}
		for _, id := range p.CategoryIDs {
			if k := (termKey{wordpress.Categories, id}); !seen[k] {
				seen[k], keys = true, append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return nil
	}
	stmt, err := tx.Prepare("INSERT INTO terms (site, taxonomy, id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, k := range keys {
		if _, err := stmt.Exec(key, string(k.tax), k.id); err != nil {
			return err
		}
	}
	return nil
}

// termNameMaps are the known names of a site's terms, by taxonomy and id.
type termNameMaps struct{ tags, categories map[int]string }

func (s *Store) termNames(key string) (termNameMaps, error) {
	m := termNameMaps{tags: map[int]string{}, categories: map[int]string{}}
	rows, err := s.db.Query("SELECT taxonomy, id, name FROM terms WHERE site = ? AND name IS NOT NULL AND name <> ''", key)
	if err != nil {
		return m, s.dbError("read the terms", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tax, name string
		var id int
		if err := rows.Scan(&tax, &id, &name); err != nil {
			return m, s.dbError("read the terms", err)
		}
		if wordpress.Taxonomy(tax) == wordpress.Categories {
			m.categories[id] = name
		} else {
			m.tags[id] = name
		}
	}
	if err := rows.Err(); err != nil {
		return m, s.dbError("read the terms", err)
	}
	return m, nil
}

// termArena hands out the id and name slices of many posts from a few large
// arrays, so reading 100,000 posts does not make 300,000 small
// allocations. Every slice is capped: appending to one copies it.
type termArena struct {
	ids   []int
	names []string
}

const arenaChunk = 8192

// fill sets p's TagIDs, CategoryIDs, Terms and TagTerms from the stored
// id lists (formatTermIDs) and the known names.
func (a *termArena) fill(p *wordpress.Post, stored []byte, names termNameMaps) {
	tagIDs, catIDs := splitTermIDs(stored)
	need := countIDs(tagIDs) + countIDs(catIDs)
	if cap(a.ids)-len(a.ids) < need {
		a.ids = make([]int, 0, max(arenaChunk, need))
	}
	if cap(a.names)-len(a.names) < need {
		a.names = make([]string, 0, max(arenaChunk, need))
	}
	start := len(a.ids)
	a.ids = appendIDs(a.ids, tagIDs)
	mid := len(a.ids)
	a.ids = appendIDs(a.ids, catIDs)
	end := len(a.ids)
	if mid > start {
		p.TagIDs = a.ids[start:mid:mid]
	}
	if end > mid {
		p.CategoryIDs = a.ids[mid:end:end]
	}
	first := len(a.names)
	for _, id := range p.TagIDs {
		if n, ok := names.tags[id]; ok {
			a.names = append(a.names, n)
		}
	}
	p.TagTerms = len(a.names) - first
	for _, id := range p.CategoryIDs {
		if n, ok := names.categories[id]; ok {
			a.names = append(a.names, n)
		}
	}
	if last := len(a.names); last > first {
		p.Terms = a.names[first:last:last]
	}
}

// formatTermIDs is how the posts table stores a post's term ids: the
// tags', a semicolon, the categories' ("10,11;1"), "" for none.
func formatTermIDs(tags, categories []int) string {
	if len(tags) == 0 && len(categories) == 0 {
		return ""
	}
	var b strings.Builder
	writeIDs(&b, tags)
	b.WriteByte(';')
	writeIDs(&b, categories)
	return b.String()
}

func writeIDs(b *strings.Builder, ids []int) {
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(id))
	}
}

// splitTermIDs splits what formatTermIDs wrote into the tags' and the
// categories' lists.
func splitTermIDs(stored []byte) (tags, categories []byte) {
	for i, c := range stored {
		if c == ';' {
			return stored[:i], stored[i+1:]
		}
	}
	return stored, nil
}

// countIDs is how many ids a stored list holds.
func countIDs(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	n := 1
	for _, c := range b {
		if c == ',' {
			n++
		}
	}
	return n
}

// appendIDs appends the ids of a stored list ("10,11") to dst, skipping
// anything that is not a number.
func appendIDs(dst []int, b []byte) []int {
	id, digits := 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			id, digits = id*10+int(c-'0'), true
		case c == ',':
			if digits {
				dst = append(dst, id)
			}
			id, digits = 0, false
		}
		// Anything else cannot be in a list the store wrote: ignored.
	}
	if digits {
		dst = append(dst, id)
	}
	return dst
}
