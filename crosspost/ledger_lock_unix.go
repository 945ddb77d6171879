//go:build unix

package crosspost

import (
	"errors"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ledgerLock is an flock(2) on a lock file next to the ledger. The kernel
// drops it when the process exits however it exits, so a crash never leaves a
// stale lock behind. flock locks belong to an open file description, so a
// second OpenLedger in the same process is refused too.
type ledgerLock struct{ f *os.File }

func acquireLedgerLock(path string) (*ledgerLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, PID: readLockPID(path)}
		}
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	// The pid is only for the message another instance shows.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &ledgerLock{f: f}, nil
}

func readLockPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

func (l *ledgerLock) release() error {
	// Closing the descriptor releases the flock; the file stays, harmlessly.
	return l.f.Close()
}
