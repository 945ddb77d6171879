package crosspost

import "github.com/wp2medium/wp2medium/internal/atomicfile"

// ledgerWriteHook, when set (by tests only), is called at each step of an
// atomic write, so a test process can die exactly there, or a test can make
// the write fail there as a full disk would.
var ledgerWriteHook func(step string) error

// The steps ledgerWriteHook sees.
const (
	stepTempWritten = string(atomicfile.StepTempWritten) // temp file complete and synced, not renamed
	stepRenamed     = string(atomicfile.StepRenamed)     // renamed over the ledger, directory not synced
)

// ledgerWriter reads ledgerWriteHook at each write, so a test may set it at
// any time.
var ledgerWriter = atomicfile.Writer{Hook: func(s atomicfile.Step) error {
	if ledgerWriteHook != nil {
		return ledgerWriteHook(string(s))
	}
	return nil
}}

// writeFileAtomic replaces path with data so that a crash at any moment leaves
// either the old file or the new one, complete. Mode 0600, like the lock file:
// what a user sent where is nobody else's business.
func writeFileAtomic(path string, data []byte) error {
	return ledgerWriter.WriteFile(path, data, 0o600)
}

// removeStaleTemps deletes temp files left by a write that died before its
// rename. Called under the lock, so no other writer can own them. A file it
// cannot remove is only clutter, so errors are ignored.
func removeStaleTemps(path string) {
	_ = atomicfile.RemoveStale(path)
}
