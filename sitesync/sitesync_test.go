package sitesync

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

type fixture struct {
	wp     *wptest.Server
	client *wordpress.Client
	store  *store.Store
	sync   *Syncer
	clock  time.Time
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	wp := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh"))
	t.Cleanup(wp.Close)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var posts []wptest.FakePost
	for i := 1; i <= n; i++ {
		d := base.Add(time.Duration(i) * time.Hour)
		status := "publish"
		if i%7 == 0 {
			status = "draft"
		}
		p := wptest.FakePost{ID: i, Title: fmt.Sprintf("Post %d", i), Status: status, Date: d, Modified: d.Add(time.Minute)}
		if i%4 != 0 {
			p.Tags = []int{100 + i%5}
		}
		if i%3 == 0 {
			p.Categories = []int{1, 2}
		}
		posts = append(posts, p)
	}
	wp.SetPosts(posts)
	for i := range 5 {
		wp.AddTag(100+i, fmt.Sprintf("tag &amp; %d", i))
	}
	wp.AddCategory(2, "Notes")
	c, err := wordpress.NewClient(wp.URL, wordpress.WithCredentials("alice", "abcd efgh"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{wp: wp, client: c, store: st, clock: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	f.sync = &Syncer{Store: st, Source: c, Site: wp.URL, Now: func() time.Time { return f.clock }}
	return f
}

func (f *fixture) run(t *testing.T, mode Mode) Result {
	t.Helper()
	res, err := f.sync.Sync(context.Background(), mode, nil)
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return res
}

// assertEqualsFullFetch compares the store's list with what WordPress
// lists right now.
func (f *fixture) assertEqualsFullFetch(t *testing.T) {
	t.Helper()
	want, err := f.client.ListAllPosts(context.Background(), wordpress.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	withTermNames(t, f.client, want)
	got, _, err := f.sync.Cached()
	if err != nil {
		t.Fatal(err)
	}
	norm := func(ps []wordpress.Post) []wordpress.Post {
		out := append([]wordpress.Post(nil), ps...)
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		for i := range out {
			out[i].DateGMT, out[i].ModifiedGMT = out[i].DateGMT.UTC(), out[i].ModifiedGMT.UTC()
		}
		return out
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("the store's list (%d posts) differs from a full fetch (%d posts):\n got %s\nwant %s", len(g), len(w), brief(g), brief(w))
	}
}

// withTermNames fills the posts' Terms with the names WordPress gives now.
func withTermNames(t *testing.T, c *wordpress.Client, posts []wordpress.Post) {
	t.Helper()
	var tagIDs, catIDs []int
	for _, p := range posts {
		tagIDs, catIDs = append(tagIDs, p.TagIDs...), append(catIDs, p.CategoryIDs...)
	}
	names := map[wordpress.Taxonomy]map[int]string{}
	for tax, ids := range map[wordpress.Taxonomy][]int{wordpress.Tags: tagIDs, wordpress.Categories: catIDs} {
		terms, err := c.Terms(context.Background(), tax, ids)
		if err != nil {
			t.Fatal(err)
		}
		names[tax] = map[int]string{}
		for _, term := range terms {
			names[tax][term.ID] = term.Name
		}
	}
	for i := range posts {
		p := &posts[i]
		p.Terms = nil
		for _, id := range p.TagIDs {
			if n, ok := names[wordpress.Tags][id]; ok {
				p.Terms = append(p.Terms, n)
			}
		}
		p.TagTerms = len(p.Terms)
		for _, id := range p.CategoryIDs {
			if n, ok := names[wordpress.Categories][id]; ok {
				p.Terms = append(p.Terms, n)
			}
		}
	}
}

func brief(ps []wordpress.Post) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 12 {
			b.WriteString("…")
			break
		}
		fmt.Fprintf(&b, "%d:%s/%s/%s%v ", p.ID, p.Title, p.Status, p.ModifiedGMT.Format(time.RFC3339), p.Terms)
	}
	return b.String()
}

func (f *fixture) listRequests() int { return f.wp.Count("/wp/v2/posts") }

func TestFirstSyncIsFullThenAnUnchangedSiteCostsTwoRequests(t *testing.T) {
	f := newFixture(t, 450)
	res := f.run(t, Auto)
	if !res.Full || res.Fetched != 450 || res.State.Count != 450 || !res.State.Complete {
		t.Fatalf("first sync: %+v", res)
	}
	f.assertEqualsFullFetch(t)

	before := f.listRequests()
	res = f.run(t, Auto)
	if res.Full || res.Checked {
		t.Fatalf("second sync of an unchanged site: %+v", res)
	}
	if n := f.listRequests() - before; n != 2 {
		t.Fatalf("an unchanged site cost %d listing requests, want 2 (the delta and the total)", n)
	}
	f.assertEqualsFullFetch(t)
}

func TestDeltaFollowsEveryKindOfChange(t *testing.T) {
	changes := []struct {
		name  string
		apply func(f *fixture)
		check bool // only the id pass can see it
	}{
		{"edit", func(f *fixture) { f.wp.UpdatePost(10, func(p *wptest.FakePost) { p.Title = "Edited" }) }, false},
		{"published draft", func(f *fixture) { f.wp.UpdatePost(14, func(p *wptest.FakePost) { p.Status = "publish" }) }, false},
		{"unpublished", func(f *fixture) { f.wp.UpdatePost(15, func(p *wptest.FakePost) { p.Status = "draft" }) }, false},
		{"trashed", func(f *fixture) { f.wp.UpdatePost(16, func(p *wptest.FakePost) { p.Status = "trash" }) }, false},
		{"deleted", func(f *fixture) { f.wp.DeletePost(17) }, false},
		{"new post", func(f *fixture) {
			f.wp.AddPost(wptest.FakePost{ID: 900, Title: "Brand new", Status: "publish", Date: time.Now().UTC().Truncate(time.Second)})
		}, false},
		{"deleted and another added", func(f *fixture) {
			f.wp.DeletePost(18)
			f.wp.AddPost(wptest.FakePost{ID: 901, Title: "Replacement", Status: "publish", Date: time.Now().UTC().Truncate(time.Second)})
		}, false},
		{"modified goes backwards", func(f *fixture) {
			f.wp.UpdatePost(19, func(p *wptest.FakePost) {
				p.Title, p.Modified = "Restored from an old backup", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			})
		}, true},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, 250)
			f.run(t, Auto)
			c.apply(f)
			mode := Auto
			if c.check {
				mode = Check // the user's r; Auto finds it at the next due check
			}
			f.run(t, mode)
			f.assertEqualsFullFetch(t)
		})
	}
}

// A post whose modified time went backwards is found by the check that
// falls due, without being asked.
func TestCheckFallsDue(t *testing.T) {
	f := newFixture(t, 120)
	f.run(t, Auto)
	f.wp.UpdatePost(3, func(p *wptest.FakePost) {
		p.Title, p.Modified = "Old again", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	if res := f.run(t, Auto); res.Checked {
		t.Fatalf("a check ran before it was due: %+v", res)
	}
	f.clock = f.clock.Add(DefaultCheckEvery + time.Minute)
	if res := f.run(t, Auto); !res.Checked || res.Reason != "the last check is old" {
		t.Fatalf("no check when due: %+v", res)
	}
	f.assertEqualsFullFetch(t)
}

// movedSource reports another home, as WordPress does after the site moved.
type movedSource struct {
	Source
	home string
}

func (m movedSource) Site(ctx context.Context) (wordpress.Site, error) {
	s, err := m.Source.Site(ctx)
	s.URL = m.home
	return s, err
}

func TestSiteThatMovedIsListedAgain(t *testing.T) {
	f := newFixture(t, 150)
	f.run(t, Auto)
	f.sync.Source = movedSource{Source: f.client, home: "https://blog.example.org"}
	res := f.run(t, Auto)
	if !res.Full || !strings.Contains(res.Reason, "moved") {
		t.Fatalf("after the move: %+v", res)
	}
	if res = f.run(t, Auto); res.Full {
		t.Fatalf("the next sync is full again: %+v", res)
	}
	f.assertEqualsFullFetch(t)
}

func TestInterruptedSyncIsCompletedByTheNext(t *testing.T) {
	for _, stopAt := range []int{1, 2, 3, 6} {
		t.Run(fmt.Sprintf("first sync stopped at page %d", stopAt), func(t *testing.T) {
			f := newFixture(t, 620)
			ctx, cancel := context.WithCancel(context.Background())
			f.wp.OnRequest(func(r wptest.Request) {
				if r.Route == "/wp/v2/posts" && r.Query.Get("page") == fmt.Sprint(stopAt) {
					cancel() // the connection drops while WordPress answers
				}
			})
			if _, err := f.sync.Sync(ctx, Auto, nil); err == nil {
				t.Fatal("the interrupted sync reported success")
			}
			f.wp.OnRequest(nil)
			st, _ := f.store.SyncState(f.wp.URL)
			if st.Complete || !st.FullPending {
				t.Fatalf("state after the interruption: %+v", st)
			}
			f.wp.DeletePost(600)
			f.wp.UpdatePost(2, func(p *wptest.FakePost) { p.Title = "Changed meanwhile" })
			if res := f.run(t, Auto); !res.Full {
				t.Fatalf("the next sync was not full: %+v", res)
			}
			f.assertEqualsFullFetch(t)
		})
	}
	t.Run("delta stopped", func(t *testing.T) {
		f := newFixture(t, 300)
		f.run(t, Auto)
		for id := 1; id <= 150; id++ {
			f.wp.UpdatePost(id, func(p *wptest.FakePost) { p.Title = fmt.Sprintf("Edited %d", id) })
		}
		ctx, cancel := context.WithCancel(context.Background())
		f.wp.OnRequest(func(r wptest.Request) {
			if r.Query.Get("modified_after") != "" && r.Query.Get("page") == "2" {
				cancel()
			}
		})
		if _, err := f.sync.Sync(ctx, Auto, nil); err == nil {
			t.Fatal("the interrupted delta reported success")
		}
		f.wp.OnRequest(nil)
		f.run(t, Auto)
		f.assertEqualsFullFetch(t)
	})
}

// Other credentials see other statuses: the cache is listed again.
func TestOtherCredentialsListAgain(t *testing.T) {
	f := newFixture(t, 70)
	f.run(t, Auto)
	anon, err := wordpress.NewClient(f.wp.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.sync.Source, f.client = anon, anon
	if res := f.run(t, Auto); !res.Full {
		t.Fatalf("after dropping the password: %+v", res)
	}
	f.assertEqualsFullFetch(t)
}

func TestFailureIsRecordedAndNothingLost(t *testing.T) {
	f := newFixture(t, 40)
	f.run(t, Auto)
	f.wp.Close()
	if _, err := f.sync.Sync(context.Background(), Auto, nil); err == nil {
		t.Fatal("a sync of a stopped site succeeded")
	}
	posts, st, err := f.sync.Cached()
	if err != nil || len(posts) != 40 || st.LastError == "" || st.SyncedAt.IsZero() {
		t.Fatalf("after a failed sync: %d posts, %+v, %v", len(posts), st, err)
	}
}

// A scheduled post that goes live keeps its modified time on WordPress, so
// no delta lists it: the sync asks for the stored scheduled posts now due.
func TestScheduledPostGoingLiveIsSeen(t *testing.T) {
	f := newFixture(t, 250)
	f.wp.UpdatePost(5, func(p *wptest.FakePost) {
		p.Status, p.Date, p.Modified = "future", f.clock.Add(time.Hour), p.Modified.Add(-time.Hour) // scheduled long ago
	})
	f.run(t, Auto)
	f.wp.UpdatePost(5, func(p *wptest.FakePost) {
		// Published by WordPress's cron: the status changes, the modified
		// time shown does not (a nanosecond keeps the fake from bumping it).
		p.Status, p.Modified = "publish", p.Modified.Add(time.Nanosecond)
	})
	if res := f.run(t, Auto); res.Checked {
		t.Fatalf("a check ran, so this test would not show the due refetch: %+v", res)
	}
	f.clock = f.clock.Add(2 * time.Hour)
	f.run(t, Auto)
	f.assertEqualsFullFetch(t)
}

// skippingSource loses one id from the id pass, as offset pages that shift
// during the pass can.
type skippingSource struct {
	Source
	skip int
}

func (s skippingSource) Stamps(ctx context.Context, opt wordpress.ListOptions) ([]wordpress.Stamp, int, error) {
	stamps, total, err := s.Source.Stamps(ctx, opt)
	out := stamps[:0:0]
	for _, st := range stamps {
		if st.ID != s.skip {
			out = append(out, st)
		}
	}
	return out, total, err
}

func TestCheckConfirmsMissingIdsBeforeDroppingThem(t *testing.T) {
	f := newFixture(t, 90)
	f.run(t, Auto)
	f.sync.Source = skippingSource{Source: f.client, skip: 33}
	f.wp.DeletePost(34)
	res := f.run(t, Check)
	if res.Removed != 1 {
		t.Fatalf("removed %d posts, want 1 (the deleted one, not the skipped one)", res.Removed)
	}
	f.assertEqualsFullFetch(t)
}

// A post scheduled for 2099 and never edited has 2099 as its modified
// time: later edits of other posts are still seen.
func TestFarFutureModifiedTimeDoesNotHideEdits(t *testing.T) {
	f := newFixture(t, 60)
	far := time.Date(2099, 1, 1, 9, 0, 0, 0, time.UTC)
	f.wp.UpdatePost(2, func(p *wptest.FakePost) { p.Status, p.Date, p.Modified = "future", far, far })
	f.run(t, Auto)
	f.wp.UpdatePost(9, func(p *wptest.FakePost) { p.Title = "Edited after the first sync" })
	if res := f.run(t, Auto); res.Checked {
		t.Fatalf("a check ran, so this test would not show the delta: %+v", res) // the total did not change
	}
	got, _, _ := f.sync.Cached()
	for _, p := range got {
		if p.ID == 9 && p.Title != "Edited after the first sync" {
			t.Fatalf("the edit was not seen: %+v", p)
		}
	}
}

// A post created with a past date (its modified time is that date, so no
// delta lists it) beside a deletion that keeps the total: the newest id
// gives it away.
func TestBackdatedPostBesideADeletion(t *testing.T) {
	f := newFixture(t, 80)
	f.run(t, Auto)
	old := time.Date(2020, 5, 5, 0, 0, 0, 0, time.UTC)
	f.wp.AddPost(wptest.FakePost{ID: 500, Title: "Imported from an old blog", Status: "publish", Date: old, Modified: old})
	f.wp.DeletePost(12)
	res := f.run(t, Auto)
	if !res.Checked || res.Reason != "the site has a post newer than any stored" {
		t.Fatalf("the sync: %+v", res)
	}
	f.assertEqualsFullFetch(t)
}

// A check stopped half-way is run again by the next sync, though the last
// completed one is recent.
func TestInterruptedCheckIsRunAgain(t *testing.T) {
	f := newFixture(t, 320)
	f.run(t, Auto)
	f.wp.UpdatePost(30, func(p *wptest.FakePost) {
		p.Title, p.Modified = "Restored", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	})
	ctx, cancel := context.WithCancel(context.Background())
	f.wp.OnRequest(func(r wptest.Request) {
		if r.Query.Get("_fields") == "id,modified_gmt" && r.Query.Get("page") == "2" {
			cancel()
		}
	})
	if _, err := f.sync.Sync(ctx, Check, nil); err == nil {
		t.Fatal("the interrupted check reported success")
	}
	f.wp.OnRequest(nil)
	if res := f.run(t, Auto); !res.Checked || res.Reason != "the last check was interrupted" {
		t.Fatalf("the next sync: %+v", res)
	}
	f.assertEqualsFullFetch(t)
}
