package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

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

// readViews reads the file; a missing one is no views. A file that cannot be
// parsed (edited by hand, cut short by a full disk before atomic writes) is
// logged and read as no views: it only held how the list looked.
func readViews(path string) savedViews {
	b, err := os.ReadFile(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			log.Printf("reading the saved views: %v", err)
		}
		return savedViews{}
	}
	var v savedViews
	if err := json.Unmarshal(b, &v); err != nil || v == nil {
		log.Printf("the saved views in %s cannot be read (%v): starting from the default view", path, err)
		return savedViews{}
	}
	return v
}

// loadView is the view the app last ended with for site; the zero view when
// there is none or the state directory cannot be made.
func loadView(site string) ui.SavedView {
	dir, err := stateDir()
	if err != nil {
		log.Printf("reading the saved view: %v", err)
		return ui.SavedView{}
	}
	return readViews(filepath.Join(dir, viewFileName))[store.SiteKey(site)]
}

// saveView keeps v as site's view for the next run, replacing the file
// atomically; the zero view (the default) removes the site's entry.
func saveView(site string, v ui.SavedView) error {
	dir, err := stateDir()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, viewFileName)
	views := readViews(path)
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
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
