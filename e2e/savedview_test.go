//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/store"
)

// selectedRow is the list row the cursor is on (marked ▌), its cells joined
// by single spaces; "" when no row is selected.
func selectedRow(screen string) string {
	for _, row := range rows(screen)[1:] {
		if cut := ansi.Cut(row, 0, listCols); strings.Contains(cut, "▌") {
			cut = strings.NewReplacer("┃", " ", "▌", " ").Replace(cut)
			return strings.Join(strings.Fields(cut), " ")
		}
	}
	return ""
}

// The list's filters, order and selection on a real site are there again at
// the next start, from a file in XDG_STATE_HOME; esc's cleared filters are
// kept as cleared; the demo keeps nothing.
func TestViewKeptBetweenRuns(t *testing.T) {
	state := t.TempDir()
	env := []string{"XDG_STATE_HOME=" + state}
	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	listed := func(s string) bool { return strings.Contains(header(s), " posts") && selectedRow(s) != "" }

	tt := startTermEnv(t, env, "--config", cfg)
	tt.waitFor("the list", listed)
	tt.keys("S", "S")
	tt.waitFor("the title order", func(s string) bool { return strings.Contains(listPane(s), "by title") })
	tt.keys("w")
	tt.waitFor("the published posts by title", func(s string) bool { return strings.Contains(listPane(s), "published · by title") })
	tt.keys("g", "j", "j") // a new order keeps the selected post: from the top
	s := tt.waitFor("the third row selected", func(s string) bool { return strings.Contains(header(s), " 3 / ") })
	row := selectedRow(s)
	tt.keys("q")
	tt.waitExit()

	path := filepath.Join(state, "wp2medium", "view.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no saved view after the app ended: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
	if di, err := os.Stat(filepath.Dir(path)); err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("%s is not a 0700 directory: %v %v", filepath.Dir(path), di.Mode(), err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var views map[string]struct {
		Status   string `json:"status"`
		Medium   string `json:"medium"`
		Order    string `json:"order"`
		Selected int    `json:"selected"`
	}
	if err := json.Unmarshal(raw, &views); err != nil || len(views) != 1 {
		t.Fatalf("the saved views are not one site's JSON (%v):\n%s", err, raw)
	}
	for site, v := range views {
		if site != store.SiteKey(wpURL) || v.Status != "publish" || v.Order != "title" || v.Medium != "" || v.Selected == 0 {
			t.Errorf("saved %q: %+v, want the site's published posts by title with a post selected:\n%s", site, v, raw)
		}
	}

	tt = startTermEnv(t, env, "--config", cfg)
	s = tt.waitFor("the same view and row at the next start", func(s string) bool {
		return listed(s) && strings.Contains(listPane(s), "published · by title") && selectedRow(s) == row
	})
	// The Medium filter comes back too, with the selection once every
	// post's Medium state is read.
	tt.keys("m")
	tt.waitFor("published, not on Medium, by title", func(s string) bool {
		return strings.Contains(listPane(s), "published · not on Medium · by title")
	})
	tt.keys("g", "j")
	s = tt.waitFor("the second row", func(s string) bool { return strings.Contains(header(s), " 2 / ") })
	row = selectedRow(s)
	tt.keys("q")
	tt.waitExit()
	tt = startTermEnv(t, env, "--config", cfg)
	tt.waitFor("the Medium filter and its row at the next start", func(s string) bool {
		return listed(s) && strings.Contains(listPane(s), "published · not on Medium · by title") && selectedRow(s) == row
	})
	tt.keys("Escape")
	tt.waitFor("the filter cleared, the order kept", func(s string) bool {
		return strings.Contains(listPane(s), "by title") && !strings.Contains(listPane(s), "published ·")
	})
	tt.keys("q")
	tt.waitExit()

	tt = startTermEnv(t, env, "--config", cfg)
	tt.waitFor("the cleared filter still cleared, the order kept", func(s string) bool {
		return listed(s) && strings.Contains(listPane(s), "by title") && !strings.Contains(listPane(s), "published ·")
	})
	tt.keys("q")
	tt.waitExit()

	demoState := t.TempDir()
	tt = startTermEnv(t, []string{"XDG_STATE_HOME=" + demoState}, "--demo")
	tt.waitFor("the demo's list", listed)
	tt.keys("S")
	tt.waitFor("the demo by last edit", func(s string) bool { return strings.Contains(listPane(s), "by modified") })
	tt.keys("q")
	tt.waitExit()
	if _, err := os.Stat(filepath.Join(demoState, "wp2medium", "view.json")); !os.IsNotExist(err) {
		t.Errorf("the demo saved a view (%v): it should keep nothing", err)
	}
}
