//go:build unix

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// owner says which process a send in flight belongs to, and whether that
// process still lives: each process holds an flock(2) on a file of its own
// in the owners directory for as long as its store is open. The kernel drops
// the lock when the process exits however it exits, so a send whose owner's
// lock can be taken was left by a process that died waiting for Medium.
type owner struct {
	dir   string
	token string
	f     *os.File
}

func newOwner(dir string) (*owner, error) {
	token, err := ownerToken(dir)
	if err != nil {
		return nil, err
	}
	o := &owner{dir: dir, token: token}
	// Locked under a hidden name, then renamed: another process's
	// removeDead never sees the file unlocked and takes it for a dead one.
	tmp := filepath.Join(dir, "."+o.token)
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, &os.PathError{Op: "lock", Path: tmp, Err: err}
	}
	if err := os.Rename(tmp, filepath.Join(dir, o.token)); err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, err
	}
	o.f = f
	o.removeDead()
	return o, nil
}

// alive reports whether the process that took token still has its store
// open. An empty token (a record from before owners existed) is not alive.
func (o *owner) alive(token string) bool {
	if token == o.token {
		return true
	}
	if token == "" || strings.ContainsAny(token, `/\.`) {
		return false
	}
	f, err := os.OpenFile(filepath.Join(o.dir, token), os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, os.ErrNotExist) // cannot tell: assume it lives
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err == nil {
		return false // nobody holds it: its process is gone
	}
	return errors.Is(err, unix.EWOULDBLOCK)
}

// removeDead deletes the files of processes that are gone. Harmless to
// race: a file is removed only while this process holds its lock.
func (o *owner) removeDead() {
	ents, err := os.ReadDir(o.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.Name() == o.token || strings.HasPrefix(e.Name(), ".") {
			continue // this process, or one still starting
		}
		p := filepath.Join(o.dir, e.Name())
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			continue
		}
		if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) == nil {
			_ = os.Remove(p)
		}
		f.Close()
	}
}

func (o *owner) release() {
	if o.f != nil {
		_ = os.Remove(filepath.Join(o.dir, o.token))
		o.f.Close()
		o.f = nil
	}
}

// legacyLockHolder reports whether an older wp2medium holds the JSON
// ledger's lock file (it flocked PATH.lock for its whole life and wrote
// its pid in it), and that pid (0 when unknown).
func legacyLockHolder(lockPath string) (held bool, pid int) {
	f, err := os.OpenFile(lockPath, os.O_RDWR, 0)
	if err != nil {
		return false, 0
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err == nil {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		return false, 0
	}
	b, _ := os.ReadFile(lockPath)
	pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	return true, pid
}
