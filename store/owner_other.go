//go:build !unix

package store

import (
	"errors"
	"os"
	"path/filepath"
)

// owner without flock(2): each process creates a file of its own and
// removes it on Close. A crash leaves the file, so a send left in flight by
// a crashed process stays "sending" (refused, never sendable) until the user
// deletes the owner's file.
type owner struct {
	dir, token string
}

func newOwner(dir string) (*owner, error) {
	token, err := ownerToken(dir)
	if err != nil {
		return nil, err
	}
	o := &owner{dir: dir, token: token}
	f, err := os.OpenFile(filepath.Join(dir, o.token), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	return o, nil
}

func (o *owner) alive(token string) bool {
	if token == o.token {
		return true
	}
	if token == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(o.dir, token))
	return !errors.Is(err, os.ErrNotExist)
}

func (o *owner) release() { _ = os.Remove(filepath.Join(o.dir, o.token)) }

// legacyLockHolder: without flock(2) an older wp2medium's lock file exists
// while it runs (and after a crash).
func legacyLockHolder(lockPath string) (bool, int) {
	_, err := os.Stat(lockPath)
	return err == nil, 0
}
