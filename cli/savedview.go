package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/xdg"

	"github.com/wp2medium/wp2medium/internal/atomicfile"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/ui"
)

// The list's filters, order and selection are kept between runs of the app,
// one view per site, in $XDG_STATE_HOME/wp2medium/view.json: XDG's state
// directory is for "the current state of the application that can be reused
// on a restart". The file holds nothing secret; it is private all the same,
// like everything wp2medium writes.
const viewFileName = "view.json"

// stateDir is $XDG_STATE_HOME/wp2medium, created with mode 0700 when missing.
// XDG_STATE_HOME is read on every call (adrg/xdg reads it once, at start-up),
// as for the store's directory.
func stateDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(base) {
		base = xdg.StateHome
	}
	dir := filepath.Join(base, "wp2medium")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the state directory %s: %w. Set XDG_STATE_HOME to a writable directory", dir, err)
	}
	return dir, nil
}

// savedViews is the file's content: views by store.SiteKey of the site's
// configured address.
type savedViews map[string]ui.SavedView

// readViews reads the file; a missing one is no views. What cannot be read
// (the file, or one site's entry: edited by hand, or from another version)
// is left out and said in problem, for the app's status line: it only held
// how a list looked, and the next save writes what can be read.
func readViews(path string) (views savedViews, problem string) {
	views = savedViews{}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return views, ""
	}
	if err != nil {
		return views, fmt.Sprintf("The saved list views cannot be read (%v): the list starts unfiltered.", err)
	}
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(b, &entries); err != nil {
		return views, fmt.Sprintf("%s is not a file of saved list views (%v): the list starts unfiltered, and the file is rewritten when the app ends.", path, err)
	}
	var bad []string
	for site, raw := range entries {
		var v ui.SavedView
		if err := json.Unmarshal(raw, &v); err != nil {
			bad = append(bad, site)
			continue
		}
		views[site] = v
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		problem = fmt.Sprintf("The saved list view of %s in %s cannot be read and is dropped when the app ends.", strings.Join(bad, ", "), path)
	}
	return views, problem
}

// viewsPath is the file's path, its directory made when missing.
func viewsPath() (string, error) {
	dir, err := stateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, viewFileName), nil
}

// loadView is the view the app last ended with for site (the zero view when
// there is none), and what could not be read, for the user.
func loadView(site string) (ui.SavedView, string) {
	path, err := viewsPath()
	if err != nil {
		return ui.SavedView{}, "The saved list view cannot be read: " + err.Error()
	}
	views, problem := readViews(path)
	return views[store.SiteKey(site)], problem
}

// saveView keeps v as site's view for the next run, replacing the file
// atomically; the zero view (the default) removes the site's entry.
func saveView(site string, v ui.SavedView) error {
	path, err := viewsPath()
	if err != nil {
		return err
	}
	views, _ := readViews(path)
	key := store.SiteKey(site)
	if v == (ui.SavedView{}) {
		if _, ok := views[key]; !ok {
			return nil
		}
		delete(views, key)
	} else {
		views[key] = v
	}
	b, err := json.MarshalIndent(views, "", "  ")
	if err != nil {
		return err
	}
	var w atomicfile.Writer
	if err := w.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("cannot write %s: %w. Check that you may write to %s, or set XDG_STATE_HOME to a directory you may write to", path, err, filepath.Dir(path))
	}
	return nil
}

// viewKeeper follows which site the app shows (the setup wizard may switch
// to another) and keeps each site's view. The wizard's Apply runs in a
// command and the last save after the program, hence the lock.
type viewKeeper struct {
	mu   sync.Mutex
	site string
}

// switchTo is for the wizard's Apply: when site is another than the one
// shown, leaving is kept as the old site's view and the new site's saved
// view returned; nil for the same site (the view on screen stays).
func (k *viewKeeper) switchTo(site string, leaving ui.SavedView) *ui.SavedView {
	k.mu.Lock()
	defer k.mu.Unlock()
	if store.SiteKey(site) == store.SiteKey(k.site) {
		return nil
	}
	if err := saveView(k.site, leaving); err != nil {
		log.Printf("keeping the list's view of %s: %v", k.site, err)
	}
	k.site = site
	v, problem := loadView(site)
	if problem != "" {
		log.Print(problem)
	}
	return &v
}

// save keeps v as the view of the site shown last.
func (k *viewKeeper) save(v ui.SavedView) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	return saveView(k.site, v)
}
