package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A new machine: the ledger exported on the old one is imported, and a post
// sent there is refused here instead of becoming a second story.
func TestLedgerExportImportMovesTheRecord(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	backup := filepath.Join(t.TempDir(), "ledger-backup.json")
	if _, stderr, code := run(t, "ledger", "export", backup); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	info, err := os.Stat(backup)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", info, err)
	}
	var doc struct {
		Version int `json:"version"`
		Entries []struct {
			PostID int    `json:"post_id"`
			State  string `json:"state"`
			URL    string `json:"url"`
		} `json:"entries"`
	}
	b, _ := os.ReadFile(backup)
	if err := json.Unmarshal(b, &doc); err != nil || doc.Version != 2 || len(doc.Entries) != 1 ||
		doc.Entries[0].PostID != 11 || doc.Entries[0].State != "sent" || doc.Entries[0].URL == "" {
		t.Fatalf("export: %v\n%s", err, b)
	}
	if _, stderr, code := run(t, "ledger", "export", backup); code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Fatalf("export over an existing file: exit %d, %s", code, stderr)
	}

	t.Setenv("XDG_DATA_HOME", t.TempDir()) // the new machine
	out, stderr, code := run(t, "ledger", "import", backup)
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("import: exit %d: %s %s", code, out, stderr)
	}
	if _, stderr, code := e.run(t, "publish", "11"); code != exitRefused || !strings.Contains(stderr, "already on Medium") {
		t.Fatalf("publish after import: exit %d, %s", code, stderr)
	}
	if n := len(e.medium.Posts()); n != 1 {
		t.Fatalf("Medium has %d stories, want 1", n)
	}
	// Importing again changes nothing.
	if out, _, code := run(t, "ledger", "import", backup); code != 0 || !strings.Contains(out, "1 already recorded") {
		t.Fatalf("second import: exit %d: %s", code, out)
	}
}

func TestLedgerImportRefusesWhatIsNotALedger(t *testing.T) {
	isolate(t)
	bad := filepath.Join(t.TempDir(), "notes.json")
	os.WriteFile(bad, []byte(`{"version":2,"entries":[{"site":"blog.example.com","post_id":0}]}`), 0o600)
	_, stderr, code := run(t, "ledger", "import", bad)
	if code == 0 || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "post id 0") {
		t.Fatalf("import of a bad file: exit %d: %s", code, stderr)
	}
	_, stderr, code = run(t, "ledger", "import", filepath.Join(t.TempDir(), "missing.json"))
	if code != exitUsage || !strings.Contains(stderr, "does not exist") {
		t.Fatalf("import of a missing file: exit %d: %s", code, stderr)
	}
}

// The JSON ledger of an older wp2medium is imported on the first start and
// kept, untouched, as a backup.
func TestOldLedgerIsImportedOnceAndKept(t *testing.T) {
	e := newPublishEnv(t, "")
	dir := filepath.Join(os.Getenv("XDG_DATA_HOME"), "wp2medium")
	os.MkdirAll(dir, 0o700)
	old := `{"version":2,"entries":[{"site":"` + strings.Replace(strings.TrimPrefix(e.wp.URL, "http://"), "127.0.0.1", "localhost", 1) + `","post_id":11,"state":"sent","route":"api","url":"https://medium.com/p/0123456789ab","at":"2025-01-01T00:00:00Z","sent_at":"2025-01-01T00:00:00Z"}]}`
	legacy := filepath.Join(dir, "ledger.json")
	os.WriteFile(legacy, []byte(old), 0o600)
	if _, stderr, code := e.run(t, "publish", "11"); code != exitRefused || !strings.Contains(stderr, "0123456789ab") {
		t.Fatalf("publish of a post the old ledger has: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(legacy); string(b) != old {
		t.Fatal("the old ledger was changed")
	}
}
