// Package store is wp2medium's local state: one SQLite database per user
// (modernc.org/sqlite, pure Go, in WAL mode) holding, per WordPress site,
// the list fields of every post and the sync state (see posts.go), and the
// ledger: the record of what was sent to Medium, with its history (see
// Ledger).
//
// Every process (the app, list, publish, sync) opens the same file. Locks are
// SQLite's, held for one transaction, never for a process's life: each
// ledger change is one IMMEDIATE transaction that reads the post's record and
// writes the new one, so two processes racing to send one post are
// serialised and the second is refused. A send in flight records which
// process owns it (see owner); found by another process after its owner
// died, it reads as an unknown outcome.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/adrg/xdg"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's name in the data directory.
const FileName = "wp2medium.db"

// LegacyLedgerName is the JSON ledger of wp2medium before the store: it is
// imported once, on the first open of a new store in the same directory,
// and kept as it is, as a backup.
const LegacyLedgerName = "ledger.json"

// Store is the open database. It is safe for concurrent use, and any number
// of processes may have the same file open.
type Store struct {
	path   string
	db     *sql.DB
	closed atomic.Bool
	owner  *owner
	now    func() time.Time
	// writeHook, when set (by tests only), runs inside every write
	// transaction just before its commit; an error rolls it back, as a full
	// disk would, and a test process may exit there to simulate a crash.
	writeHook func(step string) error
	ledger    *Ledger
}

// DataDir is $XDG_DATA_HOME/wp2medium, created with mode 0700 when missing.
//
// XDG_DATA_HOME is read on every call (adrg/xdg reads it once, at start-up),
// so a test or a wrapper that sets it later is honoured.
func DataDir() (string, error) {
	base := os.Getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(base) {
		base = xdg.DataHome
	}
	dir := filepath.Join(base, "wp2medium")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the data directory %s: %w. Set XDG_DATA_HOME to a writable directory", dir, err)
	}
	return dir, nil
}

// DefaultPath is the store's path: $XDG_DATA_HOME/wp2medium/wp2medium.db.
func DefaultPath() (string, error) {
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, FileName), nil
}

// Open opens (creating when missing, mode 0600 in a 0700 directory) the store
// at path, brings its schema up to date, imports the legacy ledger.json of
// the same directory once, and records every send left in flight by a
// process that died as an unknown outcome.
func Open(path string) (*Store, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the store's directory %s: %w. Choose a writable location", dir, err)
	}
	// SQLite creates its -wal and -shm files with the database file's mode:
	// create the file first, private.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &FileError{Path: path, Problem: readProblem(err), Err: err}
	}
	f.Close()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, &FileError{Path: path, Problem: err.Error(), Err: err}
	}
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{path: path, db: db, now: time.Now}
	s.ledger = &Ledger{s: s}
	// Processes opening a new store at the same moment (the app and a cron
	// job after an upgrade) contend for it while one of them turns on WAL
	// and creates the schema; SQLite answers "busy" there without waiting.
	for attempt := 0; ; attempt++ {
		err = s.migrate()
		if err == nil {
			break
		}
		if !isBusy(err) || attempt == openRetries {
			db.Close()
			return nil, err
		}
		time.Sleep(time.Duration(50+25*attempt) * time.Millisecond)
	}
	if s.owner, err = newOwner(filepath.Join(dir, "owners")); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot register this process in %s: %w. Check that the directory is writable", dir, err)
	}
	if err := s.importLegacyOnce(filepath.Join(dir, LegacyLedgerName)); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ledger.recoverInterrupted(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// busyTimeout is how long a connection waits for another process's
// transaction (tests shorten it).
var busyTimeout = 15 * time.Second

// dsn is the connection string: every connection waits up to 15 s for
// another process's transaction instead of failing, uses WAL (readers never
// wait for the writer) with a full sync at every commit (a send is recorded
// on disk before the create leaves), and begins transactions IMMEDIATE, so
// a read-then-write transaction holds the write lock from its first read.
func dsn(path string) string {
	q := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
		"_pragma=foreign_keys(1)",
		"_txlock=immediate",
	}
	return "file:" + path + "?" + strings.Join(q, "&")
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// Ledger is the record of what was sent to Medium.
func (s *Store) Ledger() *Ledger { return s.ledger }

// Close closes the database. Every change is already on disk.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return ErrClosed
	}
	// The handle stays: a goroutine still using it (a send finishing as
	// the app quits) gets database/sql's "closed" error, not a nil pointer.
	err := s.db.Close()
	if s.owner != nil {
		s.owner.release()
	}
	return err
}

// write runs fn in one IMMEDIATE transaction and commits it; an error from
// fn (or from the commit) rolls everything back.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.closed.Load() {
		return ErrClosed
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.dbError("start a transaction", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if s.writeHook != nil {
		if err := s.writeHook("before-commit"); err != nil {
			return s.dbError("commit", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return s.dbError("commit", err)
	}
	if s.writeHook != nil {
		_ = s.writeHook("after-commit")
	}
	return nil
}

// read runs fn in one read transaction (a deferred BEGIN on a connection of
// its own): everything fn reads is one version of the store, whatever other
// processes commit meanwhile, and it takes no write lock.
func (s *Store) read(ctx context.Context, fn func(q querier) error) error {
	if s.closed.Load() {
		return ErrClosed
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.dbError("read", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return s.dbError("read", err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK") //nolint:errcheck // read only: nothing to keep
	return fn(conn)
}

// openRetries bounds the retries of a busy first open (about 10 s in all).
const openRetries = 40

// isBusy reports whether err is SQLite's "busy" or "locked": another
// process holds the database for longer than the busy timeout.
func isBusy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return true
		}
	}
	return false
}

// dbError wraps a database failure in words a user can act on.
func (s *Store) dbError(op string, err error) error {
	if errors.Is(err, ErrClosed) {
		return err
	}
	if isBusy(err) {
		return fmt.Errorf("the store %s could not %s: another wp2medium has held it for more than 15 seconds (%w). "+
			"If one is stopped (ctrl+z) or stuck, resume or close it, then try again", s.path, op, err)
	}
	return fmt.Errorf("the store %s could not %s: %w. Free disk space or fix the file's permissions; if another wp2medium is stuck, close it", s.path, op, err)
}

func readProblem(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
