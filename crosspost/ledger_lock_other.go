//go:build !unix

package crosspost

import (
	"errors"
	"os"
	"strconv"
	"strings"
)

// ledgerLock without flock(2): the lock file is created exclusively and
// removed on Close. A crash leaves it behind, so the LockedError tells the
// user to delete it when no wp2medium is running.
type ledgerLock struct{ path string }

func acquireLedgerLock(path string) (*ledgerLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		pid := 0
		if b, rerr := os.ReadFile(path); rerr == nil {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		return nil, &LockedError{Path: path + " (if no wp2medium is running, delete this file)", PID: pid}
	}
	if err != nil {
		return nil, err
	}
	_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	f.Close()
	return &ledgerLock{path: path}, nil
}

func (l *ledgerLock) release() error { return os.Remove(l.path) }
