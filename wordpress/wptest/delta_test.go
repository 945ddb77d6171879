package wptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// listIDs GETs a posts listing (as the logged-in user) and returns the ids,
// in order, and the X-WP-Total header.
func listIDs(t *testing.T, s *Server, q url.Values) ([]int, string) {
	t.Helper()
	q.Set("status", "publish,future,draft,pending,private")
	q.Set("context", "edit")
	resp, body := get(t, s, "/wp-json/wp/v2/posts?"+q.Encode(), true)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%v: %d %s", q, resp.StatusCode, body)
	}
	var posts []struct {
		ID int `json:"id"`
	}
	if err := json.Unmarshal(body, &posts); err != nil {
		t.Fatalf("%v: %v: %s", q, err, body)
	}
	ids := make([]int, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids, resp.Header.Get("X-WP-Total")
}

func newDeltaFake(t *testing.T) (*Server, time.Time) {
	t.Helper()
	s := NewServer(WithCredentials("u", "pass word"))
	t.Cleanup(s.Close)
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	s.SetPosts(GeneratePosts(10, base)) // id 10 is newest, one hour apart
	return s, base
}

func TestFakeModifiedAfter(t *testing.T) {
	s, base := newDeltaFake(t)
	// Post 8 was published at base-2h; the instant is exclusive, as in
	// WordPress (post_modified > the value).
	at := base.Add(-2 * time.Hour)
	for _, tc := range []struct {
		value string
		want  []int
	}{
		{at.Format(time.RFC3339), []int{10, 9}},
		{at.Add(-time.Second).Format(time.RFC3339), []int{10, 9, 8}},
		{at.In(time.FixedZone("", 2*3600)).Format(time.RFC3339), []int{10, 9}}, // same instant, another zone
		{at.Format("2006-01-02T15:04:05"), []int{10, 9}},                       // no zone: site time, UTC
	} {
		ids, total := listIDs(t, s, url.Values{"modified_after": {tc.value}, "_fields": {"id"}})
		if !slices.Equal(ids, tc.want) || total != strconv.Itoa(len(tc.want)) {
			t.Errorf("modified_after=%s: ids %v total %s, want %v", tc.value, ids, total, tc.want)
		}
	}
	resp, body := get(t, s, "/wp-json/wp/v2/posts?modified_after=yesterday", false)
	if resp.StatusCode != http.StatusBadRequest || wpCode(t, body) != "rest_invalid_param" {
		t.Errorf("a bad date: %d %s", resp.StatusCode, body)
	}
}

func TestFakeIncludeAndTotals(t *testing.T) {
	s, _ := newDeltaFake(t)
	ids, total := listIDs(t, s, url.Values{"include": {"3,7,42"}, "per_page": {"100"}})
	if !slices.Equal(ids, []int{7, 3}) || total != "2" {
		t.Errorf("include=3,7,42: ids %v total %s, want [7 3] and 2", ids, total)
	}
	ids, total = listIDs(t, s, url.Values{"per_page": {"1"}, "_fields": {"id"}})
	if !slices.Equal(ids, []int{10}) || total != "10" {
		t.Errorf("per_page=1: ids %v total %s, want [10] and 10", ids, total)
	}
	resp, body := get(t, s, "/wp-json/wp/v2/posts?include=3,x", false)
	if resp.StatusCode != http.StatusBadRequest || wpCode(t, body) != "rest_invalid_param" {
		t.Errorf("include=3,x: %d %s", resp.StatusCode, body)
	}
}

func TestFakeStampFields(t *testing.T) {
	s, base := newDeltaFake(t)
	_, body := get(t, s, "/wp-json/wp/v2/posts?per_page=2&_fields=id,modified_gmt", false)
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"id": float64(10), "modified_gmt": base.Format("2006-01-02T15:04:05")},
		{"id": float64(9), "modified_gmt": base.Add(-time.Hour).Format("2006-01-02T15:04:05")},
	}
	if len(got) != 2 || len(got[0]) != 2 || got[0]["id"] != want[0]["id"] || got[0]["modified_gmt"] != want[0]["modified_gmt"] ||
		got[1]["modified_gmt"] != want[1]["modified_gmt"] {
		t.Errorf("_fields=id,modified_gmt: %v, want %v", got, want)
	}
}

func TestFakeUpdatePost(t *testing.T) {
	s, base := newDeltaFake(t)
	before := time.Now().UTC().Truncate(time.Second)

	if !s.UpdatePost(3, func(p *FakePost) { p.Title = "Edited" }) {
		t.Fatal("UpdatePost(3) found no post")
	}
	ids, _ := listIDs(t, s, url.Values{"modified_after": {before.Add(-time.Second).Format(time.RFC3339)}})
	if !slices.Equal(ids, []int{3}) {
		t.Errorf("after an edit, modified_after lists %v, want [3] (the edit moves modified to now)", ids)
	}

	back := base.Add(-1000 * time.Hour)
	s.UpdatePost(10, func(p *FakePost) { p.Modified = back })
	_, body := get(t, s, "/wp-json/wp/v2/posts/10?_fields=modified_gmt", false)
	if want := `{"modified_gmt":"` + back.Format("2006-01-02T15:04:05") + `"}`; string(body) != want+"\n" {
		t.Errorf("modified set backwards: %s, want %s", body, want)
	}

	s.UpdatePost(9, func(p *FakePost) { p.Status = "trash" })
	s.UpdatePost(8, func(p *FakePost) { p.Status = "draft" })
	s.DeletePost(7)
	s.AddPost(FakePost{ID: 11, Title: "New", Status: "publish", Date: base.Add(time.Hour)})
	ids, total := listIDs(t, s, url.Values{"per_page": {"100"}})
	if !slices.Equal(ids, []int{11, 10, 8, 6, 5, 4, 3, 2, 1}) || total != "9" {
		t.Errorf("after trash 9, draft 8, delete 7, add 11: ids %v total %s", ids, total)
	}
	if resp, _ := get(t, s, "/wp-json/wp/v2/posts?status=publish", false); resp.Header.Get("X-WP-Total") != "8" {
		t.Errorf("published total %s, want 8 (8 is a draft now)", resp.Header.Get("X-WP-Total"))
	}
	if resp, body := get(t, s, "/wp-json/wp/v2/posts/9?context=edit&_fields=id,status", true); resp.StatusCode != http.StatusOK ||
		string(body) != "{\"id\":9,\"status\":\"trash\"}\n" {
		t.Errorf("a trashed post, read by its editor: %d %s; want 200 with status trash, as WordPress 6.1", resp.StatusCode, body)
	}
	if resp, body := get(t, s, "/wp-json/wp/v2/posts/9", false); resp.StatusCode != http.StatusUnauthorized || wpCode(t, body) != "rest_forbidden" {
		t.Errorf("a trashed post, read anonymously: %d %s; want 401 rest_forbidden", resp.StatusCode, body)
	}
	ids, _ = listIDs(t, s, url.Values{"per_page": {"5"}, "page": {"2"}})
	if !slices.Equal(ids, []int{4, 3, 2, 1}) {
		t.Errorf("page 2 of 5 = %v, want [4 3 2 1]", ids)
	}
	if s.UpdatePost(7, func(*FakePost) {}) {
		t.Error("UpdatePost of a deleted post reported it found")
	}
}
