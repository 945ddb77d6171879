package crosspost

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/adrg/xdg"
)

// ledgerVersion is the file format version this code writes. Version 1
// (before sites were keyed by SiteKey and entries carried the post's guid and
// permalink) is read and migrated; see migrateV1.
const ledgerVersion = 2

// ledgerFile is the JSON document on disk.
type ledgerFile struct {
	Version int `json:"version"`
	// Sites maps a configured address to the site's own (see SetAlias).
	Sites   []siteAlias `json:"sites,omitempty"`
	Entries []Entry     `json:"entries"`
}

// siteAlias says that the site configured as Address is the one WordPress
// calls Site: both are SiteKeys.
type siteAlias struct {
	Address string `json:"address"`
	Site    string `json:"site"`
}

type ledgerKey struct {
	site   string
	postID int
}

// Ledger is the record of what was sent to Medium. Medium cannot be read
// back, so the ledger IS the Medium status of every post: it is written
// before a create is sent (so a crash can never make a post look unsent),
// written atomically, and never overwritten when it cannot be understood.
//
// One Ledger per process and per file: OpenLedger holds an exclusive lock
// until Close. Its methods are safe for concurrent use; each change is on
// disk when the method returns, and a change that could not be written is
// not made in memory either.
type Ledger struct {
	path string

	mu      sync.Mutex
	lock    *ledgerLock // nil once closed
	entries map[ledgerKey]Entry
	aliases map[string]string // SiteKey of an address -> SiteKey of the site
	// byGUID and byLink find a post's entry from its guid or permalink
	// (postURLKey), whatever site key it was recorded under.
	byGUID map[string]ledgerKey
	byLink map[string]ledgerKey
	// version counts the changes written, so a reader can cache what it
	// derived from the ledger (the Medium column) until the next change.
	version uint64
	now     func() time.Time // the clock, replaceable in tests
}

// DefaultLedgerPath is $XDG_DATA_HOME/wp2medium/ledger.json, its directory
// created with mode 0700 when missing.
//
// XDG_DATA_HOME is read on every call (adrg/xdg reads it once, at start-up),
// so a test or a wrapper that sets it later is honoured.
func DefaultLedgerPath() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(base) {
		base = xdg.DataHome
	}
	dir := filepath.Join(base, "wp2medium")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the data directory for the ledger: %w. Set XDG_DATA_HOME to a writable directory", err)
	}
	return filepath.Join(dir, "ledger.json"), nil
}

// OpenLedger locks and reads the ledger at path; a missing file is an empty
// ledger (the file is created on the first change). It fails with a
// *LockedError (errors.Is ErrLocked) when another wp2medium holds the ledger,
// and with a *LedgerFileError when the file cannot be read or understood,
// leaving the file untouched.
//
// An entry still "sending" was left by a process that died waiting for
// Medium's answer: the story may exist, so it becomes StateUnknown (and is
// written back) before OpenLedger returns.
func OpenLedger(path string) (*Ledger, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the ledger's directory %s: %w. Choose a writable location", dir, err)
	}
	lock, err := acquireLedgerLock(path + ".lock")
	if err != nil {
		if _, ok := err.(*LockedError); ok {
			return nil, err
		}
		return nil, fmt.Errorf("cannot lock the ledger (%w). Check that %s is writable", err, dir)
	}
	l := newLedger(path)
	l.lock = lock
	migrated, err := l.load()
	if err != nil {
		lock.release()
		return nil, err
	}
	removeStaleTemps(path)
	if migrated {
		if err := l.saveMigrated(); err != nil {
			lock.release()
			return nil, err
		}
	}
	if err := l.recoverInterrupted(); err != nil {
		lock.release()
		return nil, err
	}
	return l, nil
}

// ReadLedger reads the ledger without locking it, for commands that only
// show what was sent (wp2medium list) while the app may be running: writes
// replace the file atomically, so a reader sees one whole version. Every
// change to the returned ledger fails with ErrClosed. A missing file is an
// empty ledger; an entry left "sending" reads as StateUnknown, as
// OpenLedger would make it.
func ReadLedger(path string) (*Ledger, error) {
	l := newLedger(path)
	if _, err := l.load(); err != nil {
		return nil, err
	}
	for k, e := range l.entries {
		if e.State == StateSending {
			e.State = StateUnknown
			l.entries[k] = e
		}
	}
	return l, nil
}

func newLedger(path string) *Ledger {
	return &Ledger{path: path, entries: map[ledgerKey]Entry{}, aliases: map[string]string{},
		byGUID: map[string]ledgerKey{}, byLink: map[string]ledgerKey{}, now: time.Now}
}

// Path is the ledger file's path.
func (l *Ledger) Path() string { return l.path }

// Close releases the lock. Every change is already on disk.
func (l *Ledger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lock == nil {
		return ErrClosed
	}
	err := l.lock.release()
	l.lock = nil
	return err
}

// Get returns the post's entry, and false when the ledger has none (the post
// was never sent). site may be any spelling of the site's address.
func (l *Ledger) Get(site string, postID int) (Entry, bool) {
	return l.Find(site, postID, "", "")
}

// Entries returns the site's entries in post id order.
func (l *Ledger) Entries(site string) []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	site = l.siteKey(site)
	var out []Entry
	for k, e := range l.entries {
		if k.site == site {
			out = append(out, copyEntry(e))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PostID < out[j].PostID })
	return out
}

// copyEntry keeps callers from reaching into the ledger's slices.
func copyEntry(e Entry) Entry {
	if e.Tags != nil {
		e.Tags = append([]string(nil), e.Tags...)
	}
	if e.History != nil {
		h := make([]Entry, len(e.History))
		for i, p := range e.History {
			h[i] = copyEntry(p)
		}
		e.History = h
	}
	return e
}

// load reads the file into l.entries and l.aliases. migrated reports that
// the file was in an older format, converted in memory: OpenLedger writes
// the new format (keeping a copy of the old file).
func (l *Ledger) load() (migrated bool, err error) {
	b, err := os.ReadFile(l.path)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, &LedgerFileError{Path: l.path, Problem: ledgerReadProblem(err), Err: err}
	}
	corrupt := func(format string, args ...any) error {
		return &LedgerFileError{Path: l.path, Problem: fmt.Sprintf(format, args...), Corrupt: true}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return false, corrupt("it is empty")
	}
	var f ledgerFile
	if err := decodeStrict(b, &f); err != nil {
		return false, corrupt("it is not valid ledger JSON (%v)", err)
	}
	switch {
	case f.Version == 0:
		return false, corrupt("it has no format version")
	case f.Version > ledgerVersion:
		return false, corrupt("it was written by a newer wp2medium (format version %d, this one reads up to %d); upgrade wp2medium instead of moving it", f.Version, ledgerVersion)
	case f.Version < 1:
		return false, corrupt("format version %d is not one this wp2medium reads (1 to %d)", f.Version, ledgerVersion)
	}
	for i, e := range f.Entries {
		if err := checkStoredEntry(e, true); err != nil {
			return false, corrupt("entry %d: %v", i+1, err)
		}
	}
	if f.Version == 1 {
		if len(f.Sites) > 0 {
			return false, corrupt("format version 1 has no sites")
		}
		entries, err := migrateV1(f.Entries)
		if err != nil {
			return false, corrupt("%v", err)
		}
		f.Entries, migrated = entries, true
	}
	for i, a := range f.Sites {
		from, to := SiteKey(a.Address), SiteKey(a.Site)
		switch {
		case from == "" || to == "" || from == to || from != a.Address || to != a.Site:
			return false, corrupt("site alias %d (%q -> %q) is not a pair of site keys", i+1, a.Address, a.Site)
		case l.aliases[from] != "":
			return false, corrupt("site alias %d: %q appears twice", i+1, a.Address)
		}
		l.aliases[from] = to
	}
	for i, e := range f.Entries {
		if SiteKey(e.Site) != e.Site {
			return false, corrupt("entry %d: site %q is not a site key (%q)", i+1, e.Site, SiteKey(e.Site))
		}
		k := ledgerKey{e.Site, e.PostID}
		if _, dup := l.entries[k]; dup {
			return false, corrupt("entry %d: post %d of %s appears twice", i+1, e.PostID, e.Site)
		}
		l.entries[k] = e
		l.index(k, e)
	}
	return migrated, nil
}

func ledgerReadProblem(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func checkStoredEntry(e Entry, top bool) error {
	switch {
	case strings.TrimSpace(e.Site) == "":
		return fmt.Errorf("no site")
	case e.PostID <= 0:
		return fmt.Errorf("post id %d is not positive", e.PostID)
	case !e.State.valid():
		return fmt.Errorf("unknown state %q", e.State)
	case !e.Route.valid():
		return fmt.Errorf("unknown route %q", e.Route)
	case !top && len(e.History) > 0:
		return fmt.Errorf("history nested inside history")
	}
	for _, h := range e.History {
		if err := checkStoredEntry(h, false); err != nil {
			return fmt.Errorf("history of post %d: %v", e.PostID, err)
		}
	}
	return nil
}

// recoverInterrupted turns every stale "sending" into "unknown" and saves.
func (l *Ledger) recoverInterrupted() error {
	changed := false
	now := l.now().UTC()
	for k, e := range l.entries {
		if e.State != StateSending {
			continue
		}
		e.State = StateUnknown
		e.At = now
		e.Error = "wp2medium stopped before Medium's answer was recorded: the story may or may not exist"
		l.entries[k] = e
		changed = true
	}
	if !changed {
		return nil
	}
	if err := l.save(); err != nil {
		return fmt.Errorf("cannot record interrupted sends as unknown: %w", err)
	}
	return nil
}

// put stores e (already checked) and writes the file; on a failed write the
// ledger in memory is what it was. moveFrom, when not nil, is the key the
// post's record was found under before (another spelling or identity of the
// site): it is moved to e's key.
func (l *Ledger) put(e Entry, moveFrom *ledgerKey) error {
	if l.lock == nil {
		return ErrClosed
	}
	e = cleanEntry(e)
	k := ledgerKey{e.Site, e.PostID}
	keys := []ledgerKey{k}
	if moveFrom != nil && *moveFrom != k {
		keys = append(keys, *moveFrom)
	}
	undo := l.snapshot(keys...)
	if moveFrom != nil && *moveFrom != k {
		l.remove(*moveFrom)
	}
	l.remove(k)
	l.entries[k] = e
	l.index(k, e)
	if err := l.save(); err != nil {
		undo()
		return err
	}
	return nil
}

// snapshot returns a function that puts the entries at keys back as they
// are now.
func (l *Ledger) snapshot(keys ...ledgerKey) func() {
	type saved struct {
		e   Entry
		had bool
	}
	old := make(map[ledgerKey]saved, len(keys))
	for _, k := range keys {
		e, had := l.entries[k]
		old[k] = saved{e, had}
	}
	return func() {
		for k, s := range old {
			l.remove(k)
			if s.had {
				l.entries[k] = s.e
				l.index(k, s.e)
			}
		}
	}
}

// remove deletes the entry at k and its index entries.
func (l *Ledger) remove(k ledgerKey) {
	e, ok := l.entries[k]
	if !ok {
		return
	}
	delete(l.entries, k)
	for _, m := range []struct {
		idx map[string]ledgerKey
		raw string
	}{{l.byGUID, e.GUID}, {l.byLink, e.Link}} {
		if key := postURLKey(m.raw); key != "" && m.idx[key] == k {
			delete(m.idx, key)
		}
	}
}

// index makes e (stored at k) findable by its guid and permalink. A guid or
// permalink already indexed for another post keeps its first entry: the
// exact (site, id) lookup comes first anyway.
func (l *Ledger) index(k ledgerKey, e Entry) {
	if key := postURLKey(e.GUID); key != "" {
		if _, taken := l.byGUID[key]; !taken {
			l.byGUID[key] = k
		}
	}
	if key := postURLKey(e.Link); key != "" {
		if _, taken := l.byLink[key]; !taken {
			l.byLink[key] = k
		}
	}
}

// Version changes whenever the ledger does.
func (l *Ledger) Version() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.version
}

// save writes every entry, sorted for stable diffs, atomically.
func (l *Ledger) save() error {
	l.version++ // also when the write fails: the undo is a change too
	f := ledgerFile{Version: ledgerVersion, Entries: make([]Entry, 0, len(l.entries))}
	for from, to := range l.aliases {
		f.Sites = append(f.Sites, siteAlias{Address: from, Site: to})
	}
	sort.Slice(f.Sites, func(i, j int) bool { return f.Sites[i].Address < f.Sites[j].Address })
	for _, e := range l.entries {
		f.Entries = append(f.Entries, e)
	}
	sort.Slice(f.Entries, func(i, j int) bool {
		a, b := f.Entries[i], f.Entries[j]
		if a.Site != b.Site {
			return a.Site < b.Site
		}
		return a.PostID < b.PostID
	})
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("cannot encode the ledger: %w", err)
	}
	if err := writeFileAtomic(l.path, append(b, '\n')); err != nil {
		return fmt.Errorf("cannot write the ledger %s: %w. Free disk space or fix the directory's permissions", l.path, err)
	}
	return nil
}
