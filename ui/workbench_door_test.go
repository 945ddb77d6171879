package ui

import (
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The workbench at the door: the real program on a store file with the
// Medium column cli/env.go wires (autopost.Column), records made through the
// ledger as a send would make them, keys pressed, and what leaves checked:
// the screen, the URLs given to the browser, the bytes sent to the terminal.

// lockedBuffer is the terminal the app writes its clipboard requests to.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// workbench is a plan fixture with posts in every Medium state: 249 on
// Medium (public, through the API), 248 unknown, 247 failed, 246 planned;
// 250 is a draft never sent.
type workbench struct {
	*planFixture
	term *lockedBuffer
}

const storyURL = "https://medium.com/@demo/generated-249-0123456789ab"

func newWorkbench(t *testing.T) *workbench {
	t.Helper()
	f := newPlanFixture(t)
	l, site := f.store.Ledger(), f.wp.URL
	send := func(id int) {
		if err := l.BeginSend(store.Entry{Site: site, PostID: id, Route: store.RouteAPI, PublishStatus: medium.StatusPublic}); err != nil {
			t.Fatal(err)
		}
	}
	send(storeSitePosts - 1)
	if err := l.MarkSent(site, storeSitePosts-1, medium.Post{ID: "0123456789ab", URL: storyURL, PublishStatus: medium.StatusPublic}); err != nil {
		t.Fatal(err)
	}
	send(storeSitePosts - 2)
	if err := l.MarkUnknown(site, storeSitePosts-2, errors.New("the connection dropped")); err != nil {
		t.Fatal(err)
	}
	send(storeSitePosts - 3)
	if err := l.MarkFailed(site, storeSitePosts-3, errors.New("Medium refused the tags")); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetPlan(store.Plan{Site: site, PostID: storeSitePosts - 4, Source: store.PlanByUser, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return &workbench{planFixture: f, term: &lockedBuffer{}}
}

// start runs the app and waits for its first full screen and what else
// the test expects on it.
func (w *workbench) start(t *testing.T, width, height int, want ...string) *app {
	t.Helper()
	return w.startView(t, width, height, SavedView{}, append([]string{"1 / 250 posts", "Body of generated post 250."}, want...)...)
}

// startView is start with a view saved by an earlier run.
func (w *workbench) startView(t *testing.T, width, height int, v SavedView, want ...string) *app {
	t.Helper()
	return w.startWith(t, width, height, v, nil, want...)
}

// heldColumn is autopost's column whose read of every post's label (the
// Medium filter's) waits for gate.
type heldColumn struct {
	autopost.Column
	total int
	gate  chan struct{}
}

func (h heldColumn) Labels(posts []wordpress.Post) []string {
	if len(posts) == h.total {
		<-h.gate
	}
	return h.Column.Labels(posts)
}

// startWith is startView with the whole-list label read held until gate
// closes (nil: not held).
func (w *workbench) startWith(t *testing.T, width, height int, v SavedView, gate chan struct{}, want ...string) *app {
	t.Helper()
	cached, state, err := w.syncer.Cached()
	if err != nil {
		t.Fatal(err)
	}
	var col MediumStatuses = autopost.Column{Publisher: w.deps.Publisher, Store: w.store, Site: w.wp.URL}
	if gate != nil {
		col = heldColumn{Column: col.(autopost.Column), total: storeSitePosts, gate: gate}
	}
	m := New(Options{Source: w.client, Posts: w.syncer, Cached: cached, CachedState: state, Medium: col,
		Publish: w.deps, GlamourStyle: "ascii", Terminal: w.term, SavedView: v})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(width, height))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	a.waitFor(append([]string{"Fake Blog"}, want...)...)
	return a
}

func TestStoryAtHandInThePreviewOpenedAndCopied(t *testing.T) {
	desk := useFakeDesktop(t)
	w := newWorkbench(t)
	a := w.start(t, 120, 40, "Medium: not on Medium") // the draft

	a.press("j")
	a.waitFor("Body of generated post 249.", "Medium: public ✓ · sent "+time.Now().UTC().Format("2 Jan 2006"), storyURL)
	a.press("O")
	a.waitFor("Opened " + storyURL)
	a.press("Y")
	a.waitFor("Asked the terminal to copy the story's URL (OSC 52): " + storyURL)
	if want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(storyURL)); !strings.Contains(w.term.String(), want) {
		t.Errorf("the terminal did not receive the clipboard request %q: %q", want, w.term.String())
	}

	a.press("j")
	a.waitFor("Body of generated post 248.", "Medium: outcome unknown · sent", "p checks and resolves it")
	a.press("O")
	a.waitFor("Nobody knows yet whether Medium made this story: p checks and resolves it.")

	a.press("j")
	a.waitFor("Body of generated post 247.", "Medium: failed", "Medium refused the tags")

	a.press("g") // the draft again: o opens its preview, e its editor
	a.waitFor("Body of generated post 250.")
	a.press("O")
	a.waitFor("This post is not on Medium: no story to open. p publishes it.")
	a.press("o")
	a.waitFor("Opened " + w.wp.URL + "/?p=250&preview=true")
	a.press("e")
	a.waitFor("Opened " + w.wp.URL + "/wp-admin/post.php?post=250&action=edit")

	a.finalModel()
	want := []string{storyURL, w.wp.URL + "/?p=250&preview=true", w.wp.URL + "/wp-admin/post.php?post=250&action=edit"}
	desk.mu.Lock()
	defer desk.mu.Unlock()
	if strings.Join(desk.opened, "\n") != strings.Join(want, "\n") {
		t.Errorf("the browser was asked to open\n%s\nwant\n%s", strings.Join(desk.opened, "\n"), strings.Join(want, "\n"))
	}
}

func TestFiltersByMediumStateAndStatusSortAndMarks(t *testing.T) {
	w := newWorkbench(t)
	a := w.start(t, 120, 40)

	a.press("m")
	a.waitFor("┃not on Medium 248 of 250", "1 / 248 of 250 posts")
	a.press("m")
	a.waitFor("┃on Medium 1 of 250", "1 / 1 of 250 posts", "Body of generated post 249.")
	a.press("m")
	a.waitFor("┃changed since sent 0 of 250", "No post matches. Esc clears the filters.")
	a.press("m")
	a.waitFor("┃send failed 1 of 250", "1 / 1 of 250 posts", "Body of generated post 247.")
	a.press("m")
	a.waitFor("┃outcome unknown 1 of 250", "Body of generated post 248.") // the header's line is unchanged: not drawn again
	a.press("m")
	a.waitFor("┃planned 1 of 250", "Body of generated post 246.")

	// A post sent meanwhile (by the CLI, say) leaves "not on Medium"; the
	// selection (246) stays.
	a.press("m", "m")
	a.waitFor("3 / 248 of 250 posts")
	l := w.store.Ledger()
	if err := l.Record(store.Entry{Site: w.wp.URL, PostID: 10, URL: "https://medium.com/@demo/ten-0123456789ab"}); err != nil {
		t.Fatal(err)
	}
	a.waitFor("3 / 247 of 250 posts")

	// Filters survive a sync.
	release := w.holdListings(t)
	a.press("r")
	a.waitFor("refreshing · 250 posts")
	release()
	a.waitFor("3 / 247 of 250 posts")

	// Status filter: the only draft.
	a.press("esc", "w", "w", "w")
	a.waitFor("┃draft 1 of 250", "1 / 1 of 250 posts", "Body of generated post 250.")
	a.press("esc")
	a.waitFor("1 / 250 posts")

	// Orders: by title, then what needs a look first.
	a.press("S", "S")
	a.waitFor("by title", "Title ↑")
	a.press("g")
	a.waitFor("Body of generated post 1.")
	a.press("S")
	a.waitFor("by Medium state", "Medium ↓")
	a.press("g")
	a.waitFor("Body of generated post 248.") // unknown first
	a.press("j")
	a.waitFor("Body of generated post 247.") // then failed
	a.press("j")
	a.waitFor("Body of generated post 246.") // then planned

	// Marks: all shown, counted in the footer, cleared.
	a.press("S", "m")
	a.waitFor("┃not on Medium 247 of 250", "3 / 247 of 250 posts")
	a.press("A")
	a.waitFor("Marked 247 more (247 in all): P publishes them")
	a.press("j")
	a.waitFor("247 marked ·")
	a.press("U")
	a.waitFor("Cleared 247 marks")
	m := a.finalModel()
	if n := m.browse.list.MarkedCount(); n != 0 {
		t.Errorf("%d posts still marked after U", n)
	}
}

// The title filter matches a post's tags and categories too, by name.
func TestTitleFilterMatchesTagsAndCategories(t *testing.T) {
	w := newWorkbench(t) // post 250 has the tags go and testing
	a := w.start(t, 120, 40)
	a.press("j", "/", "t", "e", "s", "t", "i", "n", "g", "enter")
	a.waitFor("/ testing 1 of 250") // the header and preview changed at "tes" already
	a.press("esc", "/")
	for _, r := range "uncategorized" {
		a.press(string(r))
	}
	a.press("enter")
	a.waitFor("/ uncategorized 250 of 250")
	m := a.finalModel()
	if n := m.browse.list.Shown(); n != storeSitePosts {
		t.Errorf("the category Uncategorized matches %d posts, want all %d", n, storeSitePosts)
	}
}

// A view saved by the last run comes back: the filters and the order, and
// the selected post once the Medium labels that show it are read; the view
// the user leaves is what the app reports for the next run.
func TestSavedViewComesBackAndIsReported(t *testing.T) {
	w := newWorkbench(t)
	saved := SavedView{Medium: "not-on-medium", Order: "title", Selected: 10}
	a := w.startView(t, 120, 40, saved, "┃not on Medium · by title 248 of 250", "Body of generated post 10.")
	a.press("j")
	a.waitFor("Body of generated post 100.") // A to Z: 1, 10, 100
	a.press("w")
	a.waitFor("┃published · not on Medium · by title 247 of 250")
	got := a.finalModel().SavedView()
	want := SavedView{Status: "publish", Medium: "not-on-medium", Order: "title", Selected: 100}
	if got != want {
		t.Errorf("the app ended with the view %+v, want %+v", got, want)
	}
}

// Names a saved file may hold that this version does not know (a newer
// version's, or typed by hand) keep the default, and a post no longer
// listed selects the first row, which is saved as the top (0).
func TestSavedViewWithUnknownNamesStartsAsDefault(t *testing.T) {
	w := newWorkbench(t)
	a := w.startView(t, 120, 40, SavedView{Status: "archived", Medium: "sideways", Order: "by colour", Selected: 99999},
		"1 / 250 posts", "Body of generated post 250.")
	if got := a.finalModel().SavedView(); got != (SavedView{}) {
		t.Errorf("the app ended with the view %+v, want the default, at the top", got)
	}
}

// A saved selection deep in the list comes back on the list's third row,
// with what follows it on screen.
func TestSavedSelectionDeepInTheListShowsNearTheTop(t *testing.T) {
	w := newWorkbench(t)
	a := w.startView(t, 120, 40, SavedView{Selected: 150}, "101 / 250 posts", "Body of generated post 150.")
	l := a.finalModel().browse.list
	if l.cursor != 100 || l.offset != 98 {
		t.Errorf("cursor %d, offset %d; want the 101st post on the third row (offset 98)", l.cursor, l.offset)
	}
}

// A key that moves nothing while the labels are read (the Medium filter
// shows no row yet) leaves the saved selection to come back; a new order
// chosen meanwhile is the user's choice, and the selection starts from it.
func TestSavedSelectionWaitsForTheLabelsUnlessTheUserChooses(t *testing.T) {
	saved := SavedView{Medium: "not-on-medium", Selected: 10}
	t.Run("a key that moves nothing", func(t *testing.T) {
		w := newWorkbench(t)
		gate := make(chan struct{})
		a := w.startWith(t, 120, 40, saved, gate, "(reading…)")
		a.press("j")
		close(gate)
		a.waitFor("Body of generated post 10.")
		if got := a.finalModel().SavedView().Selected; got != 10 {
			t.Errorf("selected %d at the end, want 10", got)
		}
	})
	t.Run("a new order", func(t *testing.T) {
		w := newWorkbench(t)
		gate := make(chan struct{})
		a := w.startWith(t, 120, 40, saved, gate, "(reading…)")
		a.press("S", "S") // by title: 1, 10, 100…
		a.waitFor("by title")
		close(gate)
		a.waitFor("Body of generated post 1.")
		if got := a.finalModel().SavedView(); got.Selected != 0 || got.Order != "title" {
			t.Errorf("ended with %+v, want the title order from its top", got)
		}
	})
}

// Quitting before the labels are read keeps the saved selection for the
// next run.
func TestQuitBeforeTheLabelsKeepsTheSavedSelection(t *testing.T) {
	w := newWorkbench(t)
	gate := make(chan struct{})
	defer close(gate)
	a := w.startWith(t, 120, 40, SavedView{Medium: "failed", Selected: 247}, gate, "(reading…)")
	if got := a.finalModel().SavedView(); got != (SavedView{Medium: "failed", Selected: 247}) {
		t.Errorf("ended with %+v, want the saved view unchanged", got)
	}
}
