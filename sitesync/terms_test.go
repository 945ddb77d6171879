package sitesync

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// cachedPost is the store's copy of the post with id.
func (f *fixture) cachedPost(t *testing.T, id int) wordpress.Post {
	t.Helper()
	posts, _, err := f.sync.Cached()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("post %d is not in the store", id)
	return wordpress.Post{}
}

// termRequests are the requests of route made since the log was at from.
func (f *fixture) termRequests(route string, from int) []wptest.Request {
	var out []wptest.Request
	for i, r := range f.wp.Requests() {
		if i >= from && r.Route == route {
			out = append(out, r)
		}
	}
	return out
}

func TestFirstSyncNamesTheTermsInOneRequestPerTaxonomy(t *testing.T) {
	f := newFixture(t, 450)
	f.run(t, Auto)
	p := f.cachedPost(t, 3)
	if want := []string{"tag & 3", "Uncategorized", "Notes"}; !slices.Equal(p.Terms, want) || p.TagTerms != 1 {
		t.Fatalf("post 3: Terms %q (%d tags), want %q (1 tag)", p.Terms, p.TagTerms, want)
	}
	if n := f.wp.Count("/wp/v2/tags"); n != 1 {
		t.Errorf("%d tags requests, want 1 (5 tags)", n)
	}
	if n := f.wp.Count("/wp/v2/categories"); n != 1 {
		t.Errorf("%d categories requests, want 1", n)
	}
	f.assertEqualsFullFetch(t) // names as WordPress gives them now
	before := len(f.wp.Requests())
	f.run(t, Auto)
	if got := f.termRequests("/wp/v2/tags", before); len(got) != 0 {
		t.Errorf("an unchanged site asked for tags again: %v", got)
	}
}

func TestRenamedTagShowsAfterACheck(t *testing.T) {
	f := newFixture(t, 40)
	f.run(t, Auto)
	f.wp.AddTag(101, "renamed <b>tag</b>\x1b[31m") // renaming leaves every post's modified time alone
	f.run(t, Auto)
	if p := f.cachedPost(t, 1); !slices.Equal(p.TagNames(), []string{"tag & 1"}) {
		t.Fatalf("a delta changed the name without asking: %q", p.Terms)
	}
	before := len(f.wp.Requests())
	f.run(t, Check)
	if p := f.cachedPost(t, 1); !slices.Equal(p.TagNames(), []string{"renamed tag"}) {
		t.Fatalf("after a check post 1's tags are %q, want the new name, cleaned", p.TagNames())
	}
	tags := f.termRequests("/wp/v2/tags", before)
	if len(tags) != 1 || tags[0].Query.Get("include") != "100,101,102,103,104" || tags[0].Query.Get("_fields") != "id,name,slug" {
		t.Fatalf("the refresh asked %v, want one request for the 5 known tags, names and slugs only", tags)
	}
	f.assertEqualsFullFetch(t)
}

func TestNewTagOnAnEditedPostIsNamedByTheDelta(t *testing.T) {
	f := newFixture(t, 40)
	f.run(t, Auto)
	f.wp.AddTag(200, "fresh")
	f.wp.UpdatePost(5, func(p *wptest.FakePost) { p.Tags = append(p.Tags, 200) })
	before := len(f.wp.Requests())
	f.clock = f.clock.Add(30 * 60e9)
	res := f.run(t, Auto)
	if res.Full || res.Checked {
		t.Fatalf("an edit made more than a delta: %+v", res)
	}
	if p := f.cachedPost(t, 5); !slices.Equal(p.TagNames(), []string{"tag & 0", "fresh"}) || p.TagIDs[1] != 200 {
		t.Fatalf("post 5: tags %q, ids %v", p.TagNames(), p.TagIDs)
	}
	tags := f.termRequests("/wp/v2/tags", before)
	if len(tags) != 1 || tags[0].Query.Get("include") != "200" {
		t.Fatalf("the delta asked %v, want one request for the new tag only", tags)
	}
	if got := f.termRequests("/wp/v2/categories", before); len(got) != 0 {
		t.Fatalf("the delta asked for categories it knows: %v", got)
	}
}

func TestFailingTermsRequestKeepsThePostsAndRetriesNextSync(t *testing.T) {
	f := newFixture(t, 40)
	f.wp.Fail("/wp/v2/tags", wptest.WPError(http.StatusInternalServerError, "internal_error", "boom"))
	res, err := f.sync.Sync(context.Background(), Auto, nil)
	if err != nil {
		t.Fatalf("a failing terms request failed the sync: %v", err)
	}
	if res.TermsErr == nil || !strings.Contains(res.TermsErr.Error(), "boom") {
		t.Fatalf("TermsErr = %v, want WordPress's error", res.TermsErr)
	}
	if res.State.Count != 40 || res.State.LastError != "" {
		t.Fatalf("state after the sync: %+v", res.State)
	}
	if p := f.cachedPost(t, 3); !slices.Equal(p.Terms, []string{"Uncategorized", "Notes"}) || p.TagTerms != 0 || p.TagIDs[0] != 103 {
		t.Fatalf("post 3 while tags are unnamed: Terms %q (%d tags), ids %v", p.Terms, p.TagTerms, p.TagIDs)
	}
	f.wp.ClearFailures()
	res = f.run(t, Auto) // nothing changed on the site: the names are still asked for
	if res.TermsErr != nil {
		t.Fatal(res.TermsErr)
	}
	f.assertEqualsFullFetch(t)
}

func TestPostsStoredBeforeTermIdsAreListedAgain(t *testing.T) {
	f := newFixture(t, 40)
	f.run(t, Auto)
	// What migration 3 leaves: posts without term ids, no terms.
	db, err := sql.Open("sqlite", f.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE posts SET term_ids = NULL; DELETE FROM terms"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if p := f.cachedPost(t, 3); p.Terms != nil || p.TagIDs != nil {
		t.Fatalf("post 3 before the sync: %+v", p)
	}
	res := f.run(t, Auto)
	if !res.Full || !strings.Contains(res.Reason, "no tags and categories") {
		t.Fatalf("sync after the upgrade: %+v", res)
	}
	if res.State.WithoutTerms != 0 {
		t.Fatalf("%d posts still without term ids", res.State.WithoutTerms)
	}
	f.assertEqualsFullFetch(t)
	if res = f.run(t, Auto); res.Full {
		t.Fatalf("the next sync was full again: %+v", res)
	}
}
