package wptest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func send(t *testing.T, s *Server, method, path, contentType, body string, auth bool) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if auth {
		req.SetBasicAuth("u", "pass word")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestFakeUpdatesPostContent(t *testing.T) {
	s := NewServer(WithCredentials("u", "password"))
	defer s.Close()
	old := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s.AddPost(FakePost{ID: 3, Status: "publish", Date: old, Content: "<p>old</p>\n"})
	raw := "<!-- wp:paragraph -->\n<p>new</p>\n<!-- /wp:paragraph -->"

	cases := []struct {
		name, method, path, ctype, body string
		auth                            bool
		status                          int
		code                            string
	}{
		{"missing post before auth", "POST", "/wp-json/wp/v2/posts/99", "application/json", `{"content":"x"}`, false, 404, "rest_post_invalid_id"},
		{"anonymous", "POST", "/wp-json/wp/v2/posts/3", "application/json", `{"content":"x"}`, false, 401, "rest_cannot_edit"},
		{"bad JSON", "POST", "/wp-json/wp/v2/posts/3", "application/json", `{"content":`, true, 400, "rest_invalid_json"},
		{"content of the wrong type", "POST", "/wp-json/wp/v2/posts/3", "application/json", `{"content":3}`, true, 400, "rest_invalid_param"},
		{"no write route for the list", "POST", "/wp-json/wp/v2/tags", "application/json", `{}`, true, 404, "rest_no_route"},
	}
	for _, c := range cases {
		status, body := send(t, s, c.method, c.path, c.ctype, c.body, c.auth)
		if status != c.status || wpCode(t, body) != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, body, c.status, c.code)
		}
	}

	for _, path := range []string{"/wp-json/wp/v2/posts/3?_fields=id,modified_gmt,content.raw", "/?rest_route=/wp/v2/posts/3&_fields=id,modified_gmt,content.raw"} {
		body, _ := json.Marshal(map[string]string{"content": raw})
		status, resp := send(t, s, "POST", path, "application/json; charset=utf-8", string(body), true)
		var got struct {
			ID          int    `json:"id"`
			ModifiedGMT string `json:"modified_gmt"`
			Content     map[string]any
		}
		if err := json.Unmarshal(resp, &got); err != nil || status != 200 {
			t.Fatalf("%s: %d %s", path, status, resp)
		}
		if got.Content["raw"] != raw || len(got.Content) != 1 || got.ModifiedGMT == old.Format(wpDate) {
			t.Fatalf("%s: answer %s; want the new raw content only and a new modified time", path, resp)
		}
	}
	_, page := get(t, s, "/wp-json/wp/v2/posts/3?_fields=content.rendered", false)
	if !strings.Contains(string(page), "<p>new</p>") || strings.Contains(string(page), "wp:paragraph") {
		t.Fatalf("rendered content %s: want the new content without block comments", page)
	}

	// A form body works too, as on WordPress.
	if status, resp := send(t, s, "POST", "/wp-json/wp/v2/posts/3", "application/x-www-form-urlencoded", "content=%3Cp%3Eform%3C%2Fp%3E", true); status != 200 || !strings.Contains(string(resp), `"raw":"<p>form</p>"`) {
		t.Fatalf("form update: %d %s", status, resp)
	}

	var posts []Request
	for _, r := range s.Requests() {
		if r.Method == "POST" && r.Route == "/wp/v2/posts/3" {
			posts = append(posts, r)
		}
	}
	if len(posts) != 6 || posts[len(posts)-1].Body != "content=%3Cp%3Eform%3C%2Fp%3E" || !posts[len(posts)-1].HasAuth {
		t.Fatalf("recorded POSTs %+v", posts)
	}
}

func TestFakeWithoutEditRights(t *testing.T) {
	s := NewServer(WithCredentials("u", "password"), WithoutEditRights())
	defer s.Close()
	s.AddPost(FakePost{ID: 3, Status: "publish", Date: time.Now(), Content: "<p>old</p>\n"})
	if resp, body := get(t, s, "/wp-json/wp/v2/posts/3?context=edit", true); resp.StatusCode != 403 || wpCode(t, body) != "rest_forbidden_context" {
		t.Fatalf("edit read: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, s, "/wp-json/wp/v2/posts/3", true); resp.StatusCode != 200 {
		t.Fatalf("view read: %d, want 200", resp.StatusCode)
	}
	if status, body := send(t, s, "POST", "/wp-json/wp/v2/posts/3", "application/json", `{"content":"x"}`, true); status != 403 || wpCode(t, body) != "rest_cannot_edit" {
		t.Fatalf("update: %d %s", status, body)
	}
}

func TestFailureMatchesMethod(t *testing.T) {
	s := NewServer(WithCredentials("u", "password"))
	defer s.Close()
	s.AddPost(FakePost{ID: 3, Status: "publish", Date: time.Now(), Content: "<p>old</p>\n"})
	s.Fail("/wp/v2/posts/*", Failure{Method: "POST", Status: 500, Body: `{"code":"boom","message":"x"}`})
	if resp, _ := get(t, s, "/wp-json/wp/v2/posts/3", false); resp.StatusCode != 200 {
		t.Fatalf("GET hit a POST-only failure: %d", resp.StatusCode)
	}
	if status, _ := send(t, s, "POST", "/wp-json/wp/v2/posts/3", "application/json", `{"content":"new"}`, true); status != 500 {
		t.Fatalf("POST: %d, want the injected 500", status)
	}
	if _, body := get(t, s, "/wp-json/wp/v2/posts/3?_fields=content.rendered", false); !strings.Contains(string(body), "old") {
		t.Fatalf("a failed update changed the post: %s", body)
	}
}
