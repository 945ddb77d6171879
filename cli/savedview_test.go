package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/ui"
)

// view is loadView for a file that must read without a problem.
func view(t *testing.T, site string) ui.SavedView {
	t.Helper()
	v, problem := loadView(site)
	if problem != "" {
		t.Errorf("loading %s: %s", site, problem)
	}
	return v
}

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
	if got := view(t, "http://www.blog.example.com"); got != a {
		t.Errorf("blog.example.com: %+v, want %+v", got, a)
	}
	if got := view(t, "http://localhost:8089/"); got != b {
		t.Errorf("localhost:8089: %+v, want %+v", got, b)
	}
	// The default view removes the site's entry and keeps the other's.
	if err := saveView("https://blog.example.com", ui.SavedView{}); err != nil {
		t.Fatal(err)
	}
	if got := view(t, "https://blog.example.com"); got != (ui.SavedView{}) {
		t.Errorf("after saving the default view: %+v", got)
	}
	if got := view(t, "http://127.0.0.1:8089"); got != b {
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

// A file that cannot be read starts from the default view and says so; the
// next save replaces it with one that can. One site's bad entry loses only
// that entry.
func TestUnreadableSavedViewsStartFromTheDefault(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dir := filepath.Join(os.Getenv("XDG_STATE_HOME"), "wp2medium")
	path := filepath.Join(dir, viewFileName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"blog.example.com": {"order": "title"`)
	got, problem := loadView("https://blog.example.com")
	if got != (ui.SavedView{}) || !strings.Contains(problem, path+" is not a file of saved list views") || !strings.Contains(problem, "rewritten when the app ends") {
		t.Errorf("a cut-short file gave %+v, %q", got, problem)
	}
	v := ui.SavedView{Order: "modified"}
	if err := saveView("https://blog.example.com", v); err != nil {
		t.Fatal(err)
	}
	if got := view(t, "https://blog.example.com"); got != v {
		t.Errorf("after saving over it: %+v, want %+v", got, v)
	}

	write(`{"blog.example.com": {"order": "title"}, "other.example.com": {"selected": "abc", "order": "title"}}`)
	got, problem = loadView("https://blog.example.com")
	if got != (ui.SavedView{Order: "title"}) || problem != "The saved list view of other.example.com in "+path+" cannot be read and is dropped when the app ends." {
		t.Errorf("one bad entry: %+v, %q", got, problem)
	}
}

// The setup wizard switching to another site keeps the view being left
// for the old site and starts the new one in its own saved view; the same
// site keeps the view on screen.
func TestViewKeeperFollowsTheSiteShown(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	other := ui.SavedView{Order: "title", Selected: 5}
	if err := saveView("https://other.example.com", other); err != nil {
		t.Fatal(err)
	}
	k := &viewKeeper{site: "https://blog.example.com"}
	if v := k.switchTo("http://www.blog.example.com/", ui.SavedView{Medium: "failed"}); v != nil {
		t.Errorf("the same site gave a view to switch to: %+v", *v)
	}
	leaving := ui.SavedView{Medium: "failed", Selected: 9}
	v := k.switchTo("https://other.example.com", leaving)
	if v == nil || *v != other {
		t.Fatalf("switching to other.example.com gave %v, want %+v", v, other)
	}
	if got := view(t, "https://blog.example.com"); got != leaving {
		t.Errorf("the site left has the view %+v, want %+v", got, leaving)
	}
	if err := k.save(ui.SavedView{Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	if got := view(t, "https://other.example.com"); got != (ui.SavedView{Status: "draft"}) {
		t.Errorf("the last save went to the wrong site: other.example.com has %+v", got)
	}
}
