package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

func TestBrowserCommand(t *testing.T) {
	const u = "https://medium.com/@a/b-0123456789ab"
	for _, c := range []struct {
		env  string
		want []string
	}{
		{"", nil},
		{"firefox", []string{"firefox", u}},
		{"  :lynx -dump", []string{"lynx", "-dump", u}},
		{"w3m %s -o x:firefox", []string{"w3m", u, "-o", "x"}},
		{"open --url=%s", []string{"open", "--url=" + u}},
	} {
		if got := browserCommand(c.env, u); !slices.Equal(got, c.want) {
			t.Errorf("BROWSER=%q: %q, want %q", c.env, got, c.want)
		}
	}
}

func TestOpenURLRefusesOtherSchemes(t *testing.T) {
	desk := useFakeDesktop(t)
	for _, u := range []string{"file:///etc/passwd", "-x", "javascript:alert(1)", "https://"} {
		msg := openURLCmd(u)().(statusMsg)
		if !msg.isErr || !strings.Contains(msg.text, "only http and https") {
			t.Errorf("%q: %+v", u, msg)
		}
	}
	if len(desk.opened) != 0 {
		t.Errorf("opened %q", desk.opened)
	}
}

// listOf is a list of n posts, newest first, with the given Medium labels
// read for all of them.
func listOf(n int, label func(i int) string) *postList {
	c := &Common{Styles: DefaultStyles(), Keys: DefaultKeyMap()}
	l := newPostList(c, newMediumColumn(nil))
	l.SetSize(60, 20)
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	var posts []wordpress.Post
	for i := range n {
		posts = append(posts, wordpress.Post{ID: i + 1, Title: fmt.Sprintf("Post %03d", n-i), Status: wordpress.StatusPublish,
			DateGMT: base.Add(-time.Duration(i) * time.Hour), ModifiedGMT: base.Add(time.Duration(i%7) * time.Hour)})
	}
	l.Replace(preparePosts(posts))
	labels := make([]string, n)
	for i := range labels {
		labels[i] = label(i)
	}
	l.SetLabels(labels, l.rev, l.medium.gen)
	return &l
}

// A post the filter now hides (it was just sent) leaves the selection on
// the next post shown, not on the first row; through an empty result too.
func TestFilterKeepsThePlaceOfAHiddenSelection(t *testing.T) {
	l := listOf(20, func(int) string { return "—" })
	l.setView(listView{medium: mediumNotOn})
	l.moveTo(5)
	sel, _ := l.Selected()
	labels := slices.Clone(l.labels)
	labels[l.byID[sel.ID]] = "public ✓"
	l.SetLabels(labels, l.rev, l.medium.gen)
	if got, _ := l.Selected(); got.ID != sel.ID+1 || l.cursor != 5 {
		t.Errorf("after the selected post left the filter: post %d at row %d, want post %d at row 5", got.ID, l.cursor, sel.ID+1)
	}
	l.moveTo(8)
	sel, _ = l.Selected()
	l.setView(listView{medium: mediumChanged}) // none
	l.setView(listView{})
	if got, _ := l.Selected(); got.ID != sel.ID {
		t.Errorf("through an empty filter the selection went from post %d to %d", sel.ID, got.ID)
	}
}

// Pages appended in another order are merged into it: the list equals one
// sorted whole.
func TestAppendMergesPagesIntoTheOrder(t *testing.T) {
	whole := listOf(0, nil)
	whole.setView(listView{sort: sortTitle})
	var posts []wordpress.Post
	for i := range 250 {
		posts = append(posts, wordpress.Post{ID: i + 1, Title: fmt.Sprintf("T%d", (i*37)%250), Status: wordpress.StatusDraft})
	}
	for p := 0; p < len(posts); p += 100 {
		whole.Append(posts[p:min(p+100, len(posts))])
	}
	var got []string
	for _, i := range whole.shown {
		got = append(got, whole.posts[i].Title)
	}
	if !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) || len(got) != 250 {
		t.Errorf("%d posts, sorted %v: %v", len(got), slices.IsSorted(got), got[:10])
	}
}

// "#go" finds the term "go" whole; "go" finds it inside titles too.
func TestTermQuery(t *testing.T) {
	c := &Common{Styles: DefaultStyles(), Keys: DefaultKeyMap()}
	l := newPostList(c, newMediumColumn(nil))
	l.Replace(preparePosts([]wordpress.Post{
		{ID: 1, Title: "Salary negotiation", Terms: []string{"Career"}},
		{ID: 2, Title: "Channels", Terms: []string{"Go", "Concurrency"}},
		{ID: 3, Title: "Gophers", Terms: []string{"golang"}},
	}))
	for q, want := range map[string]int{"go": 3, "#go": 1, "#GO": 1, "#golang": 1, "#gol": 0, "#": 0, "career": 1} {
		l.filter.SetValue(q)
		l.applyFilter()
		if l.Shown() != want {
			t.Errorf("%q shows %d posts, want %d", q, l.Shown(), want)
		}
	}
}

// An older read of the selected post's record that comes back after a
// newer one is dropped.
func TestStaleStoryReadIsDropped(t *testing.T) {
	src := newFakeSource(3)
	m := start(t, src, 120, 30)
	b := m.browse
	post, _ := b.list.Selected()
	old := storyKey{keyOf(post), 1}
	b.story.asked = storyKey{keyOf(post), 2}
	b.storyRead(storyReadMsg{key: storyKey{keyOf(post), 2}, exists: true, entry: store.Entry{State: store.StateSent, URL: "https://medium.com/@a/new-0123456789ab"}})
	b.storyRead(storyReadMsg{key: old, exists: false})
	if !b.story.exists || b.story.entry.URL == "" || b.story.key.version != 2 {
		t.Errorf("the older read replaced the newer: %+v", b.story)
	}
}

// A sync replaces the list while the Medium filter is on: until the new
// list's labels are read, the column knows only some of them, and the
// selected post may be hidden meanwhile. Once they are read it is selected
// again, on the row it was on.
func TestSyncWithTheMediumFilterKeepsTheSelection(t *testing.T) {
	l := listOf(20, func(i int) string { return "—" })
	l.medium = newMediumColumn(dashes{}) // a column that has read no row yet
	l.setView(listView{medium: mediumNotOn})
	l.moveTo(12)
	sel, _ := l.Selected()
	row := l.cursor - l.offset
	posts := slices.Clone(l.posts)
	l.Replace(preparePosts(posts)) // the column has no label: every post hidden
	if l.Shown() != 0 {
		t.Fatalf("%d posts shown before the labels are read; the test needs them hidden", l.Shown())
	}
	labels := make([]string, len(posts))
	for i := range labels {
		labels[i] = "—"
	}
	l.SetLabels(labels, l.rev, l.medium.gen)
	if got, _ := l.Selected(); got.ID != sel.ID || l.cursor-l.offset != row {
		t.Errorf("after the sync: post %d on row %d, want post %d on row %d", got.ID, l.cursor-l.offset, sel.ID, row)
	}
}

// dashes is a Medium column source for which no post is on Medium.
type dashes struct{}

func (dashes) Version() uint64 { return 1 }
func (dashes) Labels(posts []wordpress.Post) []string {
	out := make([]string, len(posts))
	for i := range out {
		out[i] = "—"
	}
	return out
}
