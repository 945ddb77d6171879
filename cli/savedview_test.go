package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wp2medium/wp2medium/ui"
)

func TestSavedViewsPerSite(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	a := ui.SavedView{Status: "draft", Order: "title", Selected: 7}
	b := ui.SavedView{Medium: "failed", Selected: 3}
	if err := saveView("https://blog.example.com/", a); err != nil {
		t.Fatal(err)
	}
	if err := saveView("http://127.0.0.1:8089", b); err != nil {
		t.Fatal(err)
	}
	// Another spelling of the same site finds its view.
	if got := loadView("http://www.blog.example.com"); got != a {
		t.Errorf("blog.example.com: %+v, want %+v", got, a)
	}
	if got := loadView("http://localhost:8089/"); got != b {
		t.Errorf("localhost:8089: %+v, want %+v", got, b)
	}
	// The default view removes the site's entry and keeps the other's.
	if err := saveView("https://blog.example.com", ui.SavedView{}); err != nil {
		t.Fatal(err)
	}
	if got := loadView("https://blog.example.com"); got != (ui.SavedView{}) {
		t.Errorf("after saving the default view: %+v", got)
	}
	if got := loadView("http://127.0.0.1:8089"); got != b {
		t.Errorf("the other site's view is gone: %+v", got)
	}
	dir := filepath.Join(os.Getenv("XDG_STATE_HOME"), "wp2medium")
	fi, err := os.Stat(filepath.Join(dir, viewFileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if di, err := os.Stat(dir); err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("the directory: %v, %v; want mode 0700", di.Mode(), err)
	}
}

// A file that cannot be read starts from the default view, and the next
// save replaces it with one that can.
func TestUnreadableSavedViewsStartFromTheDefault(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dir := filepath.Join(os.Getenv("XDG_STATE_HOME"), "wp2medium")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, viewFileName), []byte(`{"blog.example.com": {"order": "title"`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := loadView("https://blog.example.com"); got != (ui.SavedView{}) {
		t.Errorf("a cut-short file gave %+v", got)
	}
	v := ui.SavedView{Order: "modified"}
	if err := saveView("https://blog.example.com", v); err != nil {
		t.Fatal(err)
	}
	if got := loadView("https://blog.example.com"); got != v {
		t.Errorf("after saving over it: %+v, want %+v", got, v)
	}
}
