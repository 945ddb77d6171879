// Package atomicfile replaces a file so that a crash, a kill or a full disk at any
// moment leaves either the old content or the new one, complete, never a mix: the
// data goes to a temp file in the same directory, which is synced and then renamed
// over the target, and the directory is synced so the rename survives a power cut.
//
// Temp files are named TempPrefix(path) followed by random characters: hidden,
// and recognisable as leftovers of a crash.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Step is a point in a write at which Writer.Hook is called.
type Step string

// The steps Writer.Hook sees, in order.
const (
	// StepTempWritten: the temp file is complete, synced and closed, and not yet
	// renamed; the target still holds the old content.
	StepTempWritten Step = "temp-written"
	// StepRenamed: the temp file has replaced the target; the directory is not
	// yet synced.
	StepRenamed Step = "renamed"
)

// Op names what a failed write was doing, so a caller can describe the failure in
// its own words (a config file that "cannot be made private" rather than a chmod).
type Op string

// The operations an *Error reports.
const (
	OpCreate Op = "create" // creating the temp file in the target's directory
	OpChmod  Op = "chmod"  // setting the temp file's mode
	OpWrite  Op = "write"  // writing or closing the temp file
	OpSync   Op = "sync"   // flushing the temp file to the disk
	OpRename Op = "rename" // replacing the target with the temp file
)

// Error is a write that failed, leaving the target as it was and no temp file.
// Its message is the cause's alone: the *fs.PathError the system returns already
// names the file and the call, and callers add the target's path in their own
// message.
type Error struct {
	Op  Op
	Err error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap gives errors.Is and errors.As the cause, e.g. fs.ErrPermission.
func (e *Error) Unwrap() error { return e.Err }

// Writer replaces files atomically. The zero Writer is ready to use.
type Writer struct {
	// Hook, when set, is called at each Step. It is for tests: a subprocess can
	// exit there to simulate a crash, or a test can return an error to simulate a
	// full disk. An error at StepTempWritten fails the write there (as OpWrite,
	// temp file removed); an error at StepRenamed is ignored, because the target
	// has been replaced already and reporting a failure would be a lie.
	Hook func(Step) error
}

// WriteFile is Writer{}.WriteFile: it replaces path with data, atomically, with
// mode perm.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Writer{}.WriteFile(path, data, perm)
}

// WriteFile replaces path with data, atomically. The new file has mode perm
// whatever the umask and whatever the old file's mode was; its mode is set before
// any data is written, so the data is never readable more widely than perm.
// The directory must exist. A symlink at path is replaced by the file, not
// followed. Every failure is an *Error, after which path is unchanged and the
// temp file is gone.
func (w Writer) WriteFile(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, TempPrefix(path)+"*")
	if err != nil {
		return &Error{Op: OpCreate, Err: err}
	}
	tmp := f.Name()
	closed := false
	fail := func(op Op, cause error) error {
		if !closed {
			_ = f.Close()
		}
		_ = os.Remove(tmp)
		return &Error{Op: op, Err: cause}
	}
	if err := f.Chmod(perm); err != nil {
		return fail(OpChmod, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(OpWrite, err)
	}
	if err := f.Sync(); err != nil {
		return fail(OpSync, err)
	}
	closed = true
	if err := f.Close(); err != nil {
		return fail(OpWrite, err)
	}
	if err := w.hook(StepTempWritten); err != nil {
		return fail(OpWrite, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(OpRename, err)
	}
	_ = w.hook(StepRenamed)
	syncDir(dir)
	return nil
}

func (w Writer) hook(s Step) error {
	if w.Hook == nil {
		return nil
	}
	return w.Hook(s)
}

// syncDir makes the rename durable. Its errors are ignored: the new file is in
// place already, and some file systems (and Windows) cannot sync a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// TempPrefix is how the names of path's temp files start: a dot (hidden), path's
// base name, then ".tmp-".
func TempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }
