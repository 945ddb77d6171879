package wptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, s *Server, path string, auth bool) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if auth {
		req.SetBasicAuth("u", "pass word")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func wpCode(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Code string `json:"code"`
		Data struct {
			Status int `json:"status"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not a WordPress error envelope: %s", body)
	}
	return e.Code
}

func TestFakeMirrorsWordPressErrors(t *testing.T) {
	s := NewServer(WithCredentials("u", "password"))
	defer s.Close()
	s.SetPosts(GeneratePosts(15, time.Now()))
	cases := []struct {
		path   string
		auth   bool
		status int
		code   string
	}{
		{"/wp-json/wp/v2/posts?per_page=101", false, 400, "rest_invalid_param"},
		{"/wp-json/wp/v2/posts?status=draft", false, 400, "rest_invalid_param"},
		{"/wp-json/wp/v2/posts?context=edit", false, 401, "rest_forbidden_context"},
		{"/wp-json/wp/v2/posts?per_page=10&page=3", false, 400, "rest_post_invalid_page_number"},
		{"/wp-json/wp/v2/posts/999", false, 404, "rest_post_invalid_id"},
		{"/wp-json/wp/v2/users/me", false, 401, "rest_not_logged_in"},
		{"/wp-json/wp/v2/nothing", false, 404, "rest_no_route"},
		{"/?rest_route=/wp/v2/users/me", true, 200, ""},
		{"/wp-json/wp/v2/posts?status=draft,publish&context=edit", true, 200, ""},
	}
	for _, c := range cases {
		resp, body := get(t, s, c.path, c.auth)
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.path, resp.StatusCode, c.status, body)
			continue
		}
		if c.code != "" && wpCode(t, body) != c.code {
			t.Errorf("%s: code %q, want %q", c.path, wpCode(t, body), c.code)
		}
	}
}

func TestFakePaginationHeaders(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.SetPosts(GeneratePosts(25, time.Now()))
	resp, body := get(t, s, "/wp-json/wp/v2/posts?per_page=10&page=3&_fields=id", false)
	if resp.Header.Get("X-WP-Total") != "25" || resp.Header.Get("X-WP-TotalPages") != "3" {
		t.Errorf("headers %v", resp.Header)
	}
	var posts []map[string]any
	_ = json.Unmarshal(body, &posts)
	if len(posts) != 5 || posts[0]["id"] != float64(5) || len(posts[0]) != 1 {
		t.Errorf("page 3 = %v", posts)
	}
}

func TestFakeNestedFields(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.AddPost(FakePost{ID: 1, Title: "T", Status: "publish", Date: time.Now(), Content: "<p>c</p>", Password: "x"})
	_, body := get(t, s, "/wp-json/wp/v2/posts/1?_fields="+url.QueryEscape("id,content.protected,title.rendered"), false)
	if got := strings.TrimSpace(string(body)); got != `{"content":{"protected":true},"id":1,"title":{"rendered":"T"}}` {
		t.Errorf("nested _fields: %s", got)
	}
	fields := parseFields(url.Values{"_fields": {"content,content.raw,title.rendered"}})
	if !fields.includes("content.raw") || !fields.includes("content.rendered") || fields.includes("title.raw") || fields.includes("excerpt") {
		t.Errorf("includes wrong for %v", fields)
	}
}

func TestFakeHomeLinkHeader(t *testing.T) {
	for _, pretty := range []bool{true, false} {
		s := NewServer(WithPrettyPermalinks(pretty))
		resp, _ := get(t, s, "/", false)
		want := "<" + s.URL + "/wp-json/>; rel=\"https://api.w.org/\""
		if !pretty {
			want = "<" + s.URL + "/?rest_route=/>; rel=\"https://api.w.org/\""
		}
		if resp.Header.Get("Link") != want {
			t.Errorf("pretty=%v: Link %q, want %q", pretty, resp.Header.Get("Link"), want)
		}
		if resp, _ := get(t, s, "/wp-json/", false); (resp.StatusCode == 200) != pretty {
			t.Errorf("pretty=%v: /wp-json/ answered %d", pretty, resp.StatusCode)
		}
		s.Close()
	}
}

func TestFakeFailureCounts(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.Fail("/wp/v2/posts", RetryAfter(http.StatusTooManyRequests, "7", 2))
	for i, want := range []int{429, 429, 200} {
		resp, _ := get(t, s, "/wp-json/wp/v2/posts", false)
		if resp.StatusCode != want {
			t.Errorf("request %d: %d, want %d", i, resp.StatusCode, want)
		}
		if want == 429 && resp.Header.Get("Retry-After") != "7" {
			t.Errorf("no Retry-After")
		}
	}
}

func TestContentSignedInIsOnlyForGoodCredentials(t *testing.T) {
	s := NewServer(WithCredentials("u", "password"))
	defer s.Close()
	s.AddPost(FakePost{ID: 1, Status: "publish", Content: "<p>public</p>", ContentSignedIn: "<p>signed in</p>", Date: time.Now()})
	for _, tc := range []struct {
		auth bool
		want string
	}{{false, "<p>public</p>"}, {true, "<p>signed in</p>"}} {
		_, body := get(t, s, "/wp-json/wp/v2/posts/1?_fields=content", tc.auth)
		var p struct {
			Content struct {
				Rendered string `json:"rendered"`
			} `json:"content"`
		}
		if err := json.Unmarshal(body, &p); err != nil || p.Content.Rendered != tc.want {
			t.Errorf("auth=%v: content.rendered = %q (%v), want %q", tc.auth, p.Content.Rendered, err, tc.want)
		}
	}
}
