package crosspost

import (
	"fmt"
	"os"
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

// siteKey is the key entries of the site at address are stored under.
// Callers hold l.mu.
func (l *Ledger) siteKey(address string) string {
	k := SiteKey(address)
	if to, ok := l.aliases[k]; ok { // SetAlias keeps aliases one step deep
		return to
	}
	return k
}

// Find returns the post's entry: the one recorded for (site, postID), else
// one recorded under any site for the same guid, else one for the same
// permalink and post id (the post reached through another address, or a
// site that moved); see record. Empty guid and link are not looked up.
func (l *Ledger) Find(site string, postID int, guid, link string) (Entry, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m, ok := record(l.matches(l.siteKey(site), postID, guid, link), postID)
	return copyEntry(m.e), ok
}

// match is a record that may be the post's, and how it was found.
type match struct {
	key ledgerKey
	e   Entry
	by  string // "key", "guid" or "link"
}

// matches are the records that may be this post, most certain first: the
// exact (site, id), the guid's, the permalink's, each record once. Callers
// hold l.mu.
func (l *Ledger) matches(site string, postID int, guid, link string) []match {
	var out []match
	add := func(k ledgerKey, by string) {
		for _, m := range out {
			if m.key == k {
				return
			}
		}
		if e, ok := l.entries[k]; ok {
			out = append(out, match{key: k, e: e, by: by})
		}
	}
	add(ledgerKey{site, postID}, "key")
	if key := postURLKey(guid); key != "" {
		if at, ok := l.byGUID[key]; ok {
			add(at, "guid")
		}
	}
	if key := postURLKey(link); key != "" {
		if at, ok := l.byLink[key]; ok {
			add(at, "link")
		}
	}
	return out
}

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
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock == nil {
		return ErrClosed
	}
	to = l.siteKey(to) // the site's own address may itself be known by another key
	if from == to || l.aliases[from] == to {
		return nil
	}
	for k, v := range l.aliases { // what pointed at from points at to now: no chains, no cycles
		if v == from {
			l.aliases[k] = to
		}
	}
	var moving []ledgerKey
	for k := range l.entries {
		if k.site == from {
			moving = append(moving, k)
		}
	}
	oldAlias, hadAlias := l.aliases[from]
	keys := append([]ledgerKey(nil), moving...)
	for _, k := range moving {
		keys = append(keys, ledgerKey{to, k.postID})
	}
	undo := l.snapshot(keys...)
	l.aliases[from] = to
	for _, k := range moving {
		e := l.entries[k]
		l.remove(k)
		nk := ledgerKey{to, k.postID}
		if cur, ok := l.entries[nk]; ok {
			e = mergeEntries(cur, e)
			l.remove(nk)
		}
		e.Site = to
		l.entries[nk] = e
		l.index(nk, e)
	}
	if err := l.save(); err != nil {
		undo()
		if hadAlias {
			l.aliases[from] = oldAlias
		} else {
			delete(l.aliases, from)
		}
		return err
	}
	return nil
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

// saveMigrated keeps the older file as PATH.v1 (never overwritten once
// there) and writes the current format.
func (l *Ledger) saveMigrated() error {
	backup := l.path + ".v1"
	if _, err := os.Stat(backup); os.IsNotExist(err) {
		b, err := os.ReadFile(l.path)
		if err == nil {
			err = writeFileAtomic(backup, b)
		}
		if err != nil {
			return fmt.Errorf("cannot keep a copy of the ledger before upgrading it (%s): %w. Free disk space or fix the directory's permissions", backup, err)
		}
	}
	if err := l.save(); err != nil {
		return fmt.Errorf("cannot upgrade the ledger to format %d: %w", ledgerVersion, err)
	}
	return nil
}
