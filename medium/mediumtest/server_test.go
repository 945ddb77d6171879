package mediumtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// These tests speak raw HTTP so the fake is checked against the contract
// independently of the client.

type answer struct {
	status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message string `json:"message"`
		Code    int    `json:"code"`
	} `json:"errors"`
}

func send(t *testing.T, method, url, auth, contentType string, body []byte) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode}
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%s %s: not JSON: %q", method, url, raw)
	}
	return a
}

func (a answer) code() int {
	if len(a.Errors) == 0 {
		return -1
	}
	return a.Errors[0].Code
}

const bearer = "Bearer " + mediumtest.DefaultToken

func createBody(mutate func(map[string]any)) []byte {
	m := map[string]any{"title": "T", "contentFormat": "html", "content": "<h1>T</h1>", "publishStatus": "draft"}
	if mutate != nil {
		mutate(m)
	}
	b, _ := json.Marshal(m)
	return b
}

func TestAuth(t *testing.T) {
	srv := mediumtest.NewServer()
	defer srv.Close()
	for _, tc := range []struct {
		auth   string
		status int
		code   int
	}{
		{"", 401, 6000},
		{"Token " + mediumtest.DefaultToken, 401, 6003},
		{"Bearer nope", 401, 6003},
		{bearer, 200, -1},
	} {
		a := send(t, "GET", srv.URL+"/v1/me", tc.auth, "", nil)
		if a.status != tc.status || a.code() != tc.code {
			t.Errorf("auth %q: %d code %d, want %d code %d", tc.auth, a.status, a.code(), tc.status, tc.code)
		}
	}
	reqs := srv.Requests()
	if len(reqs) != 4 || reqs[3].Path != "/me" {
		t.Fatalf("recorded %+v", reqs)
	}
	if !reqs[3].BearerIs(mediumtest.DefaultToken) || reqs[2].BearerIs(mediumtest.DefaultToken) || reqs[0].BearerIs("") {
		t.Error("BearerIs disagrees with the headers sent")
	}
	if got := reqs[3].Header.Get("Authorization"); got != "[redacted]" {
		t.Errorf("recorded Authorization = %q", got)
	}
}

func TestCreateValidation(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	other := medium.User{ID: "other", Username: "other"}
	srv := mediumtest.NewServer(mediumtest.WithNow(func() time.Time { return now }), mediumtest.WithUser("other-token", other))
	defer srv.Close()
	userPosts := srv.URL + "/users/" + mediumtest.DefaultUserID + "/posts"
	pubPosts := func(id string) string { return srv.URL + "/publications/" + id + "/posts" }
	cases := []struct {
		name, url, auth string
		mutate          func(map[string]any)
		status, code    int
		msg             string
	}{
		{"ok", userPosts, bearer, nil, 201, -1, ""},
		{"no title", userPosts, bearer, func(m map[string]any) { delete(m, "title") }, 400, 0, "Title"},
		{"no content", userPosts, bearer, func(m map[string]any) { m["content"] = "" }, 400, 0, "Content"},
		{"bad format", userPosts, bearer, func(m map[string]any) { m["contentFormat"] = "rtf" }, 400, 0, "contentFormat"},
		{"bad status", userPosts, bearer, func(m map[string]any) { m["publishStatus"] = "private" }, 400, 0, "publishStatus"},
		{"bad license", userPosts, bearer, func(m map[string]any) { m["license"] = "gpl" }, 400, 0, "license"},
		{"bad date", userPosts, bearer, func(m map[string]any) { m["publishedAt"] = "soon" }, 400, 0, "publishedAt"},
		{"future date", userPosts, bearer, func(m map[string]any) { m["publishedAt"] = "2025-01-01T00:00:01Z" }, 400, 2014, "future"},
		{"past date", userPosts, bearer, func(m map[string]any) { m["publishedAt"] = "2024-12-31T23:59:59+01:00" }, 201, -1, ""},
		{"as another user", srv.URL + "/users/other/posts", bearer, nil, 403, 0, "yourself"},
		{"unknown user", srv.URL + "/users/ghost/posts", bearer, nil, 404, 6004, "User not found"},
		{"writer public", pubPosts(mediumtest.WriterPublicationID), bearer, func(m map[string]any) { m["publishStatus"] = "public" }, 403, 0, "draft"},
		{"writer default status", pubPosts(mediumtest.WriterPublicationID), bearer, func(m map[string]any) { delete(m, "publishStatus") }, 403, 0, "draft"},
		{"writer draft", pubPosts(mediumtest.WriterPublicationID), bearer, nil, 201, -1, ""},
		{"editor public", pubPosts(mediumtest.EditorPublicationID), bearer, func(m map[string]any) { m["publishStatus"] = "public" }, 201, -1, ""},
		{"not a contributor", pubPosts(mediumtest.EditorPublicationID), "Bearer other-token", nil, 403, 0, "contributor"},
		{"unknown publication", pubPosts("nope"), bearer, nil, 404, 0, "Publication"},
	}
	created := 0
	for _, tc := range cases {
		a := send(t, "POST", tc.url, tc.auth, "application/json", createBody(tc.mutate))
		if a.status != tc.status || a.code() != tc.code {
			t.Errorf("%s: %d code %d %+v, want %d code %d", tc.name, a.status, a.code(), a.Errors, tc.status, tc.code)
			continue
		}
		if tc.msg != "" && !strings.Contains(a.Errors[0].Message, tc.msg) {
			t.Errorf("%s: message %q lacks %q", tc.name, a.Errors[0].Message, tc.msg)
		}
		if a.status == 201 {
			created++
		}
	}
	if got := len(srv.Posts()); got != created {
		t.Errorf("%d posts stored, %d creates succeeded", got, created)
	}
	a := send(t, "POST", userPosts, bearer, "text/plain", createBody(nil))
	if a.status != 400 {
		t.Errorf("text/plain create: %d", a.status)
	}
}

func TestCreateDefaultsAndTags(t *testing.T) {
	srv := mediumtest.NewServer()
	defer srv.Close()
	long := strings.Repeat("x", 26)
	for _, tc := range []struct{ in, want []string }{
		{[]string{"a", "b", "c", "d"}, []string{"a", "b", "c"}},
		{[]string{long, "b", "c", "d"}, []string{"b", "c"}},
		{[]string{strings.Repeat("é", 25)}, []string{strings.Repeat("é", 25)}},
		{nil, []string{}},
	} {
		a := send(t, "POST", srv.URL+"/v1/users/"+mediumtest.DefaultUserID+"/posts", bearer, "application/json",
			createBody(func(m map[string]any) { m["tags"] = tc.in; delete(m, "publishStatus") }))
		var p medium.Post
		if err := json.Unmarshal(a.Data, &p); err != nil || a.status != 201 {
			t.Fatalf("create: %d %v", a.status, err)
		}
		if fmt.Sprint(p.Tags) != fmt.Sprint(tc.want) {
			t.Errorf("tags %q -> %q, want %q", tc.in, p.Tags, tc.want)
		}
		if p.PublishStatus != medium.StatusPublic || p.License != medium.LicenseAllRightsReserved || p.LicenseURL == "" {
			t.Errorf("defaults: %+v", p)
		}
	}
}

func TestDailyWindow(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := mediumtest.NewServer(mediumtest.WithNow(func() time.Time { return start }))
	defer srv.Close()
	post := func(url string) answer {
		return send(t, "POST", url, bearer, "application/json", createBody(nil))
	}
	userPosts := srv.URL + "/users/" + mediumtest.DefaultUserID + "/posts"
	for i := range mediumtest.DefaultDailyLimit {
		url := userPosts
		if i%2 == 1 { // publication posts count toward the same limit
			url = srv.URL + "/publications/" + mediumtest.EditorPublicationID + "/posts"
		}
		srv.SetNow(func() time.Time { return start.Add(time.Duration(i) * time.Hour) })
		if a := post(url); a.status != 201 {
			t.Fatalf("post %d: %d %+v", i+1, a.status, a.Errors)
		}
	}
	srv.SetNow(func() time.Time { return start.Add(24*time.Hour - time.Second) }) // post 1 is still in the window
	if a := post(userPosts); a.status != 403 || a.Errors[0].Message != mediumtest.RateLimitMessage {
		t.Fatalf("post 11: %d %+v", a.status, a.Errors)
	}
	srv.SetNow(func() time.Time { return start.Add(24 * time.Hour) })
	if a := post(userPosts); a.status != 201 {
		t.Fatalf("after the first post left the window: %d %+v", a.status, a.Errors)
	}
	if a := post(userPosts); a.status != 403 {
		t.Fatalf("window full again: %d", a.status)
	}
}

func multipartImage(t *testing.T, field, contentType string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="x"`)
	h.Set("Content-Type", contentType)
	w, _ := mw.CreatePart(h)
	w.Write(data)
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func TestImages(t *testing.T) {
	srv := mediumtest.NewServer(mediumtest.WithUser("no-upload", medium.User{ID: "n"}), mediumtest.WithoutScope("no-upload", medium.ScopeUploadImage))
	defer srv.Close()
	for _, tc := range []struct {
		field, ct, auth string
		status, code    int
	}{
		{"image", "image/jpeg", bearer, 201, -1},
		{"image", "image/tiff", bearer, 201, -1},
		{"image", "image/webp", bearer, 400, 0},
		{"file", "image/png", bearer, 400, 0},
		{"image", "image/png", "Bearer no-upload", 403, 6002},
	} {
		body, ct := multipartImage(t, tc.field, tc.ct, []byte("bytes"))
		a := send(t, "POST", srv.URL+"/images", tc.auth, ct, body)
		if a.status != tc.status || a.code() != tc.code {
			t.Errorf("%s %s: %d code %d, want %d code %d", tc.field, tc.ct, a.status, a.code(), tc.status, tc.code)
		}
	}
	if n := len(srv.Images()); n != 2 {
		t.Errorf("%d images stored, want 2", n)
	}
}

func TestFaultMatching(t *testing.T) {
	srv := mediumtest.NewServer()
	defer srv.Close()
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Path: "/users/*", Times: 2, Status: 403, Code: 6027, Message: "off"})
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultStatus, Method: "POST", Times: -1, Status: 504})
	pubs := srv.URL + "/users/" + mediumtest.DefaultUserID + "/publications"
	var got []string
	for range 3 {
		a := send(t, "GET", pubs, bearer, "", nil)
		got = append(got, fmt.Sprintf("%d/%d", a.status, a.code()))
	}
	got = append(got, fmt.Sprint(send(t, "GET", srv.URL+"/me", bearer, "", nil).status))
	for range 2 {
		got = append(got, fmt.Sprint(send(t, "POST", srv.URL+"/images", bearer, "", nil).status))
	}
	if want := "403/6027 403/6027 200/-1 200 504 504"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestCloseReleasesHangingRequests(t *testing.T) {
	srv := mediumtest.NewServer()
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang, Times: -1})
	errc := make(chan error, 1)
	go func() {
		_, err := http.Get(srv.URL + "/me")
		errc <- err
	}()
	for len(srv.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close blocked on a hanging request")
	}
	if err := <-errc; err == nil {
		t.Error("hung request got an answer")
	}
}

func TestFaultRetryAfter(t *testing.T) {
	srv := mediumtest.NewServer()
	defer srv.Close()
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Status: 429, Code: 1007, Message: mediumtest.RateLimitMessage, RetryAfter: "2520"})
	resp, err := http.Get(srv.URL + "/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2520" {
		t.Errorf("status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
