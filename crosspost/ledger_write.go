package crosspost

import (
	"os"
	"path/filepath"
	"strings"
)

// ledgerWriteHook, when set (by tests only), is called at each step of an
// atomic write, so a test process can die exactly there, or a test can make
// the write fail there as a full disk would.
var ledgerWriteHook func(step string) error

// The steps ledgerWriteHook sees.
const (
	stepTempWritten = "temp-written" // temp file complete and synced, not renamed
	stepRenamed     = "renamed"      // renamed over the ledger, directory not synced
)

func ledgerHook(step string) error {
	if ledgerWriteHook != nil {
		return ledgerWriteHook(step)
	}
	return nil
}

// ledgerTempPrefix names temp files so a later open can remove the ones a
// crash left behind.
func ledgerTempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// writeFileAtomic replaces path with data so that a crash at any moment leaves
// either the old file or the new one, complete: write a temp file in the same
// directory, fsync it, rename it over path, fsync the directory. Mode 0600.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ledgerTempPrefix(path)+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = ledgerHook(stepTempWritten); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	_ = ledgerHook(stepRenamed) // past the rename, the write has happened
	// The rename is durable only once the directory entry is. Its errors are
	// ignored: the new file is in place already (reporting a failure would
	// make memory and disk disagree), and some file systems refuse to sync a
	// directory at all.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// removeStaleTemps deletes temp files left by a write that died before its
// rename. Called under the lock, so no other writer can own them.
func removeStaleTemps(path string) {
	dir := filepath.Dir(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := ledgerTempPrefix(path)
	for _, e := range ents {
		if !e.IsDir() && strings.HasPrefix(e.Name(), prefix) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
