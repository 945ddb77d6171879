package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestWriteFileCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state.json")
	if err := WriteFile(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	assertContent(t, p, "one")
	if err := WriteFile(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	assertContent(t, p, "two")
	assertNoTemps(t, p)
}

func TestWriteFileSetsModeWhateverTheUmaskAndOldFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, p); m != 0o600 {
		t.Errorf("mode %04o, want 0600", m)
	}
	// A wider mode than CreateTemp's 0600 is honoured too.
	if err := WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, p); m != 0o644 {
		t.Errorf("mode %04o, want 0644", m)
	}
}

func TestHookSeesStepsInOrder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	var steps []string
	w := Writer{Hook: func(s Step) error {
		where := "target"
		if _, err := os.Stat(p); err != nil {
			where = "no-target"
		}
		steps = append(steps, string(s)+":"+where)
		return nil
	}}
	if err := w.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(steps, " "); got != "temp-written:no-target renamed:target" {
		t.Errorf("steps = %s", got)
	}
}

// A failure before the rename (here a full disk, through the hook) keeps the old
// content and leaves no temp file.
func TestFailureBeforeRenameChangesNothing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	w := Writer{Hook: func(s Step) error {
		if s == StepTempWritten {
			return full
		}
		return nil
	}}
	err := w.WriteFile(p, []byte("new"), 0o600)
	var e *Error
	if !errors.As(err, &e) || e.Op != OpWrite || !errors.Is(err, full) || err.Error() != full.Error() {
		t.Fatalf("err = %#v, want an OpWrite *Error wrapping the cause, with its message", err)
	}
	assertContent(t, p, "old")
	assertNoTemps(t, p)
}

// Past the rename the file is replaced, so a hook error there is not a failure.
func TestHookErrorAfterRenameIsIgnored(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	w := Writer{Hook: func(s Step) error {
		if s == StepRenamed {
			return errors.New("ignored")
		}
		return nil
	}}
	if err := w.WriteFile(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	assertContent(t, p, "new")
}

func TestSymlinkIsReplacedNotFollowed(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link")
	if err := os.WriteFile(target, []byte("target"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	if err := WriteFile(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink != 0 {
		t.Errorf("link is still a symlink (err %v)", err)
	}
	assertContent(t, link, "new")
	assertContent(t, target, "target")
}

func TestRenameFailureRemovesTemp(t *testing.T) {
	// A non-empty directory at the target: the rename over it fails.
	p := filepath.Join(t.TempDir(), "f")
	if err := os.Mkdir(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "keep"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("x"), 0o600)
	var e *Error
	if !errors.As(err, &e) || e.Op != OpRename {
		t.Fatalf("err = %v, want an OpRename *Error", err)
	}
	assertNoTemps(t, p)
}

func TestUnwritableDirectory(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("needs Unix permissions that bind")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
	err := WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o600)
	var e *Error
	if !errors.As(err, &e) || e.Op != OpCreate || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("err = %v, want an OpCreate *Error that is fs.ErrPermission", err)
	}
}

func TestMissingDirectoryIsAnError(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "nope", "f"), []byte("x"), 0o600)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func assertContent(t *testing.T, p, want string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil || string(b) != want {
		t.Fatalf("content %q (err %v), want %q", b, err, want)
	}
}

func assertNoTemps(t *testing.T, p string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), TempPrefix(p)) {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

func mode(t *testing.T, p string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}
