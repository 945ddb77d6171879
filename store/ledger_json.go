package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// The ledger as JSON: the file wp2medium kept before the store (format 2;
// format 1 is read and migrated), and the copy `wp2medium ledger export`
// writes and `ledger import` reads, for backups and for moving machines.
const ledgerJSONVersion = 2

// ledgerFile is the JSON document.
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

// parseLedgerJSON reads and checks a ledger document. Problems are
// *FileError (Corrupt) naming path.
func parseLedgerJSON(path string, b []byte) (ledgerFile, error) {
	corrupt := func(format string, args ...any) error {
		return &FileError{Path: path, Problem: fmt.Sprintf(format, args...), Corrupt: true, JSON: true}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return ledgerFile{}, corrupt("it is empty")
	}
	var f ledgerFile
	if err := decodeStrict(b, &f); err != nil {
		return ledgerFile{}, corrupt("it is not valid ledger JSON (%v)", err)
	}
	switch {
	case f.Version == 0:
		return ledgerFile{}, corrupt("it has no format version")
	case f.Version > ledgerJSONVersion:
		return ledgerFile{}, corrupt("it was written by a newer wp2medium (format version %d, this one reads up to %d); upgrade wp2medium instead", f.Version, ledgerJSONVersion)
	case f.Version < 1:
		return ledgerFile{}, corrupt("format version %d is not one this wp2medium reads (1 to %d)", f.Version, ledgerJSONVersion)
	}
	for i, e := range f.Entries {
		if err := checkStoredEntry(e, true); err != nil {
			return ledgerFile{}, corrupt("entry %d: %v", i+1, err)
		}
	}
	if f.Version == 1 {
		if len(f.Sites) > 0 {
			return ledgerFile{}, corrupt("format version 1 has no sites")
		}
		entries, err := migrateV1(f.Entries)
		if err != nil {
			return ledgerFile{}, corrupt("%v", err)
		}
		f.Entries, f.Version = entries, ledgerJSONVersion
	}
	aliases := map[string]bool{}
	for i, a := range f.Sites {
		from, to := SiteKey(a.Address), SiteKey(a.Site)
		switch {
		case from == "" || to == "" || from == to || from != a.Address || to != a.Site:
			return ledgerFile{}, corrupt("site alias %d (%q -> %q) is not a pair of site keys", i+1, a.Address, a.Site)
		case aliases[from]:
			return ledgerFile{}, corrupt("site alias %d: %q appears twice", i+1, a.Address)
		}
		aliases[from] = true
	}
	seen := map[ledgerKey]bool{}
	for i, e := range f.Entries {
		if SiteKey(e.Site) != e.Site {
			return ledgerFile{}, corrupt("entry %d: site %q is not a site key (%q)", i+1, e.Site, SiteKey(e.Site))
		}
		k := ledgerKey{e.Site, e.PostID}
		if seen[k] {
			return ledgerFile{}, corrupt("entry %d: post %d of %s appears twice", i+1, e.PostID, e.Site)
		}
		seen[k] = true
	}
	return f, nil
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

// ImportReport says what an import did.
type ImportReport struct {
	Added     int // posts the store had no record of
	Merged    int // posts whose records were joined (nothing dropped; see mergeEntries)
	Unchanged int // posts whose record was already exactly this
	Aliases   int // site aliases recorded
}

// Export writes every entry and site alias as a ledger JSON document (the
// format ledger import reads, and the old ledger.json's).
func (l *Ledger) Export(w io.Writer) error {
	snap, err := l.Snapshot() // one version of the ledger
	if err != nil {
		return fmt.Errorf("%w; nothing was exported", err)
	}
	f := ledgerFile{Version: ledgerJSONVersion, Entries: make([]Entry, 0, len(snap.entries))}
	for from, to := range snap.aliases {
		f.Sites = append(f.Sites, siteAlias{Address: from, Site: to})
	}
	sort.Slice(f.Sites, func(i, j int) bool { return f.Sites[i].Address < f.Sites[j].Address })
	for _, e := range snap.entries {
		if e.State == StateSending {
			// In flight in a live process: the copy must not claim it.
			e = interrupted(e, e.At)
		}
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
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Import reads a ledger JSON document (an export, or an old ledger.json)
// into the store in one transaction: all of it or, on any problem, none.
// Records of posts the store knows are merged, never replaced: the store
// keeps whatever says most about Medium, the other goes into History. A
// send recorded as in flight is imported as an unknown outcome.
func (l *Ledger) Import(name string, b []byte) (ImportReport, error) {
	return l.importJSON(name, b, nil)
}

// importJSON is Import; first, when set, runs first in the transaction and
// may skip the import (false) or fail it.
func (l *Ledger) importJSON(name string, b []byte, first func(*sql.Tx) (bool, error)) (ImportReport, error) {
	f, err := parseLedgerJSON(name, b)
	if err != nil {
		return ImportReport{}, err
	}
	var rep ImportReport
	err = l.s.write(context.Background(), func(sqlTx *sql.Tx) error {
		rep = ImportReport{}
		if first != nil {
			if goOn, err := first(sqlTx); err != nil || !goOn {
				return err
			}
		}
		tx := l.reader(sqlTx)
		for _, a := range f.Sites {
			if tx.siteKey(a.Address) == tx.siteKey(a.Site) {
				continue
			}
			// As SetAlias does: the records kept under the address move.
			if err := tx.setAlias(a.Address, a.Site); err != nil {
				return err
			}
			rep.Aliases++
		}
		for _, e := range f.Entries {
			if e.State == StateSending {
				e = interrupted(e, e.At)
			}
			e.Site = tx.siteKey(e.Site)
			for i := range e.History {
				e.History[i].Site = e.Site
			}
			cur, had, err := tx.entryAt(ledgerKey{e.Site, e.PostID})
			if err != nil {
				return l.s.dbError("read the ledger", err)
			}
			switch {
			case had && sameEntry(cur, e):
				rep.Unchanged++
				continue
			case had:
				if e, err = mergeSettled(cur, e); err != nil {
					return fmt.Errorf("nothing was imported: %w; import again once it is done", err)
				}
				rep.Merged++
			default:
				rep.Added++
			}
			if err := tx.putRow(e); err != nil {
				return err
			}
		}
		return nil
	})
	return rep, err
}

func sameEntry(a, b Entry) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// importLegacyOnce imports the ledger.json wp2medium kept before the store,
// the first time a store is opened beside it. The file is left as it was,
// a backup; the store remembers that it was imported (and when), so a
// later open does not import it again.
func (s *Store) importLegacyOnce(path string) error {
	var done string
	err := s.db.QueryRow("SELECT value FROM meta WHERE key = 'legacy_ledger_imported'").Scan(&done)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return s.dbError("read its settings", err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	// An older wp2medium still running keeps writing the JSON ledger: what
	// it records after the import would never reach the store.
	if held, pid := legacyLockHolder(path + ".lock"); held {
		who := "an older wp2medium"
		if pid > 0 {
			who = fmt.Sprintf("an older wp2medium (pid %d)", pid)
		}
		return fmt.Errorf("%s is running and still records its sends in %s: close it, then start this one again, which imports that file into the store once", who, path)
	}
	if err != nil {
		return &FileError{Path: path, Problem: readProblem(err), Err: err, JSON: true}
	}
	note := fmt.Sprintf("%s at %s", path, s.now().UTC().Format(time.RFC3339))
	_, err = s.ledger.importJSON(path, b, func(tx *sql.Tx) (bool, error) {
		res, err := tx.Exec("INSERT INTO meta (key, value) VALUES ('legacy_ledger_imported', ?) ON CONFLICT (key) DO NOTHING", note)
		if err != nil {
			return false, s.dbError("record the import of the old ledger", err)
		}
		n, _ := res.RowsAffected()
		return n == 1, nil // 0: another process imported it meanwhile
	})
	if err != nil {
		return fmt.Errorf("importing the old ledger into the store: %w", err)
	}
	return nil
}
