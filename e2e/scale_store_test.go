//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestScaleStore lists the whole scale site into an empty store (a full
// listing, streamed), changes it, and checks that the next list (a delta)
// is exactly the first with the changes, at the size the runner seeded
// (scripts/test.sh: 5,000 in the main run, 100,000 in the scale run). With
// E2E_MEASURE=1 it prints the first list against the second and the offline
// one, and the app's start and memory on that store.
func TestScaleStore(t *testing.T) {
	if scalePosts == 0 {
		t.Fatal("E2E_SCALE_POSTS is not set (scripts/test.sh sets it)")
	}
	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	home := t.TempDir()
	env := []string{"XDG_DATA_HOME=" + home}
	id := os.Getpid()
	content := "<!-- wp:paragraph -->\n<p>Scale store test.</p>\n<!-- /wp:paragraph -->"
	trashed := createOwnPost(t, fmt.Sprintf("E2E scale trashed %d", id), content, nil)

	began := time.Now()
	first := listIn(t, home, cfg)
	firstTook := time.Since(began)
	if want := wpTotal(t, true); len(first) != want {
		t.Fatalf("the first list has %d posts, WordPress says %d", len(first), want)
	}
	scale := 0
	for _, p := range first {
		if scaleTitleRE.MatchString(p.Title) {
			scale++
		}
	}
	if scale != scalePosts {
		t.Fatalf("the first list has %d scale posts, want %d", scale, scalePosts)
	}

	wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/posts/%d", trashed.ID), nil, nil)
	added := createOwnPost(t, fmt.Sprintf("E2E scale added %d", id), content, nil)
	began = time.Now()
	second := listIn(t, home, cfg)
	secondTook := time.Since(began)
	want := map[int]listedPost{}
	for _, p := range first {
		if p.ID != trashed.ID {
			want[p.ID] = p
		}
	}
	got := map[int]listedPost{}
	for _, p := range second {
		got[p.ID] = p
	}
	if _, ok := got[added.ID]; !ok {
		t.Errorf("the post added since is not listed")
	}
	if _, ok := got[trashed.ID]; ok {
		t.Errorf("the post trashed since is still listed")
	}
	delete(got, added.ID)
	if len(got) != len(want) {
		t.Fatalf("the second list has %d posts besides the new one, want %d", len(got), len(want))
	}
	for pid, w := range want {
		if g := got[pid]; fmt.Sprint(g) != fmt.Sprint(w) {
			t.Fatalf("post %d changed between the lists though nothing changed it:\n%v\n%v", pid, w, g)
		}
	}

	if os.Getenv("E2E_MEASURE") != "1" {
		return
	}
	began = time.Now()
	listIn(t, home, cfg) // nothing changed since the second
	unchangedTook := time.Since(began)
	began = time.Now()
	r := runBinEnv(t, env, "--config", cfg, "list", "--json", "--offline")
	offlineTook := time.Since(began)
	if r.code != 0 {
		t.Fatalf("list --offline: %s", r.stderr)
	}
	t.Logf("MEASURE list --json of %d posts (whole commands): first (empty store, full listing) %s; after a trash and a new post (delta, then the id check the new total calls for) %s = %.1fx faster; unchanged (delta) %s = %.1fx; --offline %s = %.1fx",
		len(second), firstTook.Round(time.Millisecond), secondTook.Round(time.Millisecond), float64(firstTook)/float64(secondTook),
		unchangedTook.Round(time.Millisecond), float64(firstTook)/float64(unchangedTook),
		offlineTook.Round(time.Millisecond), float64(firstTook)/float64(offlineTook))

	// The app on that store: how soon the whole list is on screen (tmux is
	// polled, so this is an upper bound), and its memory once it was used.
	began = time.Now()
	tt := startTermEnv(t, env, "--config", cfg)
	total := thousands(len(second))
	tt.waitFor("the whole list", func(s string) bool { return strings.Contains(header(s), total+" posts") })
	onScreen := time.Since(began)
	tt.keys("j", "j", "G", "g", "/")
	tt.typeText("scale post 9")
	tt.keys("Enter")
	tt.waitFor("the filter", func(s string) bool { return strings.Contains(listPane(s), " of "+total) })
	rss := appMemory(t, tt)
	tt.keys("Escape") // alone: tmux sends Escape and a key at once as alt+key
	tt.waitFor("the filter cleared", func(s string) bool { return !strings.Contains(listPane(s), " of "+total) })
	tt.keys("q")
	tt.waitExit()
	t.Logf("MEASURE the app on a store of %d posts: whole list on screen within %s of starting tmux (first list took %s: %.0fx); peak RSS %s",
		len(second), onScreen.Round(time.Millisecond), firstTook.Round(time.Millisecond), float64(firstTook)/float64(onScreen), rss)
}

// appMemory is the app's peak resident memory (VmHWM), read from /proc.
func appMemory(t *testing.T, tt *tmuxTerm) string {
	t.Helper()
	shell := tt.pane("#{pane_pid}")
	children, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	pid := strings.Fields(string(children))
	if len(pid) == 0 {
		return "unknown (no child process)"
	}
	status, err := os.ReadFile("/proc/" + pid[0] + "/status")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}
