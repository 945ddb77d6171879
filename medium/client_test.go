package medium_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// fastRetry keeps retry tests quick; the retry count stays the default.
var fastRetry = medium.WithRetry(medium.DefaultMaxRetries, func(int) time.Duration { return time.Millisecond })

func newFake(t *testing.T, opts ...mediumtest.Option) *mediumtest.Server {
	t.Helper()
	srv := mediumtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func newClient(srv *mediumtest.Server, opts ...medium.Option) *medium.Client {
	return medium.NewClient(mediumtest.DefaultToken, append([]medium.Option{medium.WithBaseURL(srv.URL), fastRetry}, opts...)...)
}

func asError(t *testing.T, err error) *medium.Error {
	t.Helper()
	var e *medium.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *medium.Error", err, err)
	}
	return e
}

func samplePost() medium.CreatePostRequest {
	return medium.CreatePostRequest{
		Title:         "Hello from WordPress",
		ContentFormat: medium.FormatHTML,
		Content:       "<h1>Hello from WordPress</h1><p>Body & more</p>",
		Tags:          []string{"go", "terminal"},
		CanonicalURL:  "https://blog.example.com/hello",
		PublishStatus: medium.StatusDraft,
		License:       medium.LicenseCC40BY,
	}
}

func TestMeSendsContractHeaders(t *testing.T) {
	for _, base := range []string{"", "/v1", "/v1/"} {
		srv := newFake(t)
		c := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL+base))
		u, err := c.Me(context.Background())
		if err != nil {
			t.Fatalf("base %q: Me: %v", base, err)
		}
		if u.ID != mediumtest.DefaultUserID || u.Username != "demo" || u.ImageURL == "" {
			t.Errorf("base %q: Me = %+v", base, u)
		}
		reqs := srv.RequestsTo(http.MethodGet, "/me")
		if len(reqs) != 1 {
			t.Fatalf("base %q: %d requests to /me", base, len(reqs))
		}
		r := reqs[0]
		if !r.BearerIs(mediumtest.DefaultToken) {
			t.Error("Authorization is not Bearer <token>")
		}
		want := map[string]string{
			"Content-Type": "application/json", "Accept": "application/json",
			"Accept-Charset": "utf-8", "User-Agent": medium.DefaultUserAgent,
		}
		for k, v := range want {
			if got := r.Header.Get(k); got != v {
				t.Errorf("header %s = %q, want %q", k, got, v)
			}
		}
	}
}

func TestUserAgentOption(t *testing.T) {
	srv := newFake(t)
	if _, err := newClient(srv, medium.WithUserAgent("wp2medium/1.2.3")).Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("User-Agent"); got != "wp2medium/1.2.3" {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestPublicationsAndContributors(t *testing.T) {
	srv := newFake(t)
	c := newClient(srv)
	ctx := context.Background()
	pubs, err := c.Publications(ctx, mediumtest.DefaultUserID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 || pubs[0].ID != mediumtest.EditorPublicationID || pubs[1].ID != mediumtest.WriterPublicationID {
		t.Fatalf("Publications = %+v", pubs)
	}
	for id, role := range map[string]medium.Role{mediumtest.EditorPublicationID: medium.RoleEditor, mediumtest.WriterPublicationID: medium.RoleWriter} {
		cs, err := c.Contributors(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].UserID != mediumtest.DefaultUserID || cs[0].Role != role || cs[0].PublicationID != id {
			t.Errorf("Contributors(%s) = %+v, want role %s", id, cs, role)
		}
	}
	if _, err := c.Contributors(ctx, "nope"); medium.KindOf(err) != medium.KindNotFound {
		t.Errorf("unknown publication: kind %v, err %v", medium.KindOf(err), err)
	}
}

func TestPublicationsWithoutScope(t *testing.T) {
	srv := newFake(t, mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeListPublications))
	_, err := newClient(srv).Publications(context.Background(), mediumtest.DefaultUserID)
	e := asError(t, err)
	if e.Kind != medium.KindMissingScope || e.Code != 6002 || e.StatusCode != 403 || e.Scope != medium.ScopeListPublications {
		t.Fatalf("error = %#v", e)
	}
	for _, want := range []string{"listPublications", "type the publication id", "6002"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not mention %q", err, want)
		}
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("a 403 was retried: %d requests", n)
	}
}

func TestCreatePostBody(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := newFake(t, mediumtest.WithNow(func() time.Time { return now }))
	req := samplePost()
	post, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, req)
	if err != nil {
		t.Fatal(err)
	}
	if post.ID == "" || post.AuthorID != mediumtest.DefaultUserID || post.PublishStatus != medium.StatusDraft ||
		post.License != medium.LicenseCC40BY || post.CanonicalURL != req.CanonicalURL || !strings.HasPrefix(post.URL, "https://medium.com/@demo/") {
		t.Errorf("post = %+v", post)
	}
	if !post.PublishedTime().Equal(now) {
		t.Errorf("PublishedTime = %v, want %v", post.PublishedTime(), now)
	}
	reqs := srv.RequestsTo(http.MethodPost, "/users/"+mediumtest.DefaultUserID+"/posts")
	if len(reqs) != 1 {
		t.Fatalf("%d create requests", len(reqs))
	}
	var sent map[string]any
	if err := json.Unmarshal(reqs[0].Body, &sent); err != nil {
		t.Fatal(err)
	}
	if v, ok := sent["notifyFollowers"]; !ok || v != false {
		t.Errorf("notifyFollowers false not sent: %s", reqs[0].Body)
	}
	if _, ok := sent["publishedAt"]; ok {
		t.Errorf("empty publishedAt was sent: %s", reqs[0].Body)
	}
	for k, v := range map[string]any{"title": req.Title, "contentFormat": "html", "content": req.Content,
		"canonicalUrl": req.CanonicalURL, "publishStatus": "draft", "license": "cc-40-by"} {
		if sent[k] != v {
			t.Errorf("%s = %v, want %v", k, sent[k], v)
		}
	}
	if !bytes.Contains(reqs[0].Body, []byte("<h1>")) {
		t.Errorf("HTML was escaped in the body: %s", reqs[0].Body)
	}
	if got := srv.Posts(); len(got) != 1 || got[0].ID != post.ID || got[0].Sent.Content != req.Content {
		t.Errorf("fake posts = %+v", got)
	}
}

func TestCreatePostBackdatedAndTagsTrimmed(t *testing.T) {
	srv := newFake(t)
	req := samplePost()
	when := time.Date(2019, 6, 2, 8, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	req.PublishedAt = medium.FormatPublishedAt(when)
	req.NotifyFollowers = true
	req.Tags = []string{"one", "a-tag-that-is-longer-than-25", "three", "four"}
	post, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, req)
	if err != nil {
		t.Fatal(err)
	}
	if !post.PublishedTime().Equal(when) {
		t.Errorf("PublishedTime = %v, want %v", post.PublishedTime(), when)
	}
	if strings.Join(post.Tags, ",") != "one,three" {
		t.Errorf("tags = %q, want the first three minus the long one", post.Tags)
	}
	if !srv.Posts()[0].Sent.NotifyFollowers {
		t.Error("notifyFollowers true not received")
	}
}

func TestCreatePublicationPostWriterOnlyDraft(t *testing.T) {
	srv := newFake(t)
	c := newClient(srv)
	req := samplePost()
	req.PublishStatus = medium.StatusPublic
	_, err := c.CreatePublicationPost(context.Background(), mediumtest.WriterPublicationID, req)
	e := asError(t, err)
	if e.Kind != medium.KindForbidden || e.StatusCode != 403 || !strings.Contains(e.Message, "draft") {
		t.Fatalf("error = %#v", e)
	}
	if medium.IsOutcomeUnknown(err) {
		t.Error("a 403 is a definite refusal")
	}
	if len(srv.Posts()) != 0 {
		t.Fatal("refused post was created")
	}
	req.PublishStatus = medium.StatusDraft
	post, err := c.CreatePublicationPost(context.Background(), mediumtest.WriterPublicationID, req)
	if err != nil {
		t.Fatal(err)
	}
	if post.PublicationID != mediumtest.WriterPublicationID || !strings.HasPrefix(post.URL, "https://medium.com/demo-letters/") {
		t.Errorf("post = %+v", post)
	}
	if !medium.RoleEditor.Allows(medium.StatusPublic) || medium.RoleWriter.Allows(medium.StatusPublic) || !medium.RoleWriter.Allows(medium.StatusDraft) {
		t.Error("Role.Allows disagrees with the contract")
	}
}

func TestPublishedAtInFuture(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := newFake(t, mediumtest.WithNow(func() time.Time { return now }))
	req := samplePost()
	req.PublishedAt = medium.FormatPublishedAt(now.Add(time.Minute))
	_, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, req)
	e := asError(t, err)
	if e.Kind != medium.KindPublishedAtInFuture || e.Code != 2014 || medium.IsOutcomeUnknown(err) {
		t.Fatalf("error = %#v", e)
	}
	if !strings.Contains(err.Error(), "don't keep the original date, or check your clock") {
		t.Errorf("no advice in %q", err)
	}
}

func TestDailyLimit(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := newFake(t, mediumtest.WithDailyLimit(2), mediumtest.WithNow(func() time.Time { return now }))
	c := newClient(srv)
	ctx := context.Background()
	for i := range 2 {
		if _, err := c.CreatePost(ctx, mediumtest.DefaultUserID, samplePost()); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	_, err := c.CreatePost(ctx, mediumtest.DefaultUserID, samplePost())
	e := asError(t, err)
	if e.Kind != medium.KindRateLimited || e.Message != mediumtest.RateLimitMessage || medium.IsOutcomeUnknown(err) {
		t.Fatalf("error = %#v", e)
	}
	if !strings.Contains(err.Error(), "per 24 hours") {
		t.Errorf("no advice in %q", err)
	}
	srv.SetNow(func() time.Time { return now.Add(24*time.Hour + time.Second) })
	if _, err := c.CreatePost(ctx, mediumtest.DefaultUserID, samplePost()); err != nil {
		t.Fatalf("a day later: %v", err)
	}
}

func TestUploadImage(t *testing.T) {
	srv := newFake(t)
	c := newClient(srv)
	data := []byte("\x89PNG\r\n\x1a\nnot really a png")
	img, err := c.UploadImage(context.Background(), "dir/photo \"1\".png", "image/png", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(data)
	if img.MD5 != hex.EncodeToString(sum[:]) {
		t.Errorf("md5 = %s", img.MD5)
	}
	got := srv.Images()
	if len(got) != 1 || !bytes.Equal(got[0].Data, data) || got[0].ContentType != "image/png" || got[0].Filename != `photo "1".png` {
		t.Fatalf("fake images = %+v", got)
	}
	resp, err := http.Get(img.URL)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(served, data) {
		t.Error("uploaded image is not served at its URL")
	}

	_, err = c.UploadImage(context.Background(), "a.webp", "image/webp", bytes.NewReader(data))
	if medium.KindOf(err) != medium.KindInvalidRequest || len(srv.RequestsTo(http.MethodPost, "/images")) != 1 {
		t.Errorf("webp: err %v; it must be refused before sending", err)
	}
}

func TestUploadImageWithoutScope(t *testing.T) {
	srv := newFake(t, mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeUploadImage))
	_, err := newClient(srv).UploadImage(context.Background(), "a.gif", "image/gif", strings.NewReader("GIF89a"))
	e := asError(t, err)
	if e.Kind != medium.KindMissingScope || e.Scope != medium.ScopeUploadImage || !strings.Contains(err.Error(), "uploadImage") {
		t.Fatalf("error = %v", err)
	}
}

func TestValidateRefusesBeforeSending(t *testing.T) {
	cases := map[string]func(*medium.CreatePostRequest){
		"no title":       func(r *medium.CreatePostRequest) { r.Title = " " },
		"no content":     func(r *medium.CreatePostRequest) { r.Content = "" },
		"bad format":     func(r *medium.CreatePostRequest) { r.ContentFormat = "rtf" },
		"bad status":     func(r *medium.CreatePostRequest) { r.PublishStatus = "private" },
		"bad license":    func(r *medium.CreatePostRequest) { r.License = "cc-by" },
		"bad date":       func(r *medium.CreatePostRequest) { r.PublishedAt = "yesterday" },
		"empty authorID": nil,
	}
	srv := newFake(t)
	c := newClient(srv)
	for name, mutate := range cases {
		req, author := samplePost(), mediumtest.DefaultUserID
		if mutate == nil {
			author = ""
		} else {
			mutate(&req)
		}
		_, err := c.CreatePost(context.Background(), author, req)
		if medium.KindOf(err) != medium.KindInvalidRequest || medium.IsOutcomeUnknown(err) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d invalid requests reached the server", n)
	}
}

func TestBaseURLMustBeHTTPSUnlessLoopback(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://api.medium.com/v1": true, "http://127.0.0.1:8080": true, "http://localhost:1/v1": true,
		"http://[::1]:9": true, "http://api.medium.com/v1": false, "ftp://x": false, "not a url": false,
	} {
		_, err := medium.ParseBaseURL(raw)
		if (err == nil) != ok {
			t.Errorf("ParseBaseURL(%q) err = %v, want ok=%t", raw, err, ok)
		}
	}
	c := medium.NewClient("tok-123456", medium.WithBaseURL("http://example.com"))
	if _, err := c.Me(context.Background()); medium.KindOf(err) != medium.KindInvalidRequest || !strings.Contains(err.Error(), "https") {
		t.Errorf("plain http base: err = %v", err)
	}
}

// A base URL that cannot be used is echoed without what was typed before the
// host, and the error still says what is wrong.
func TestBaseURLErrorsNeverShowUserinfo(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"https://alice:s3cret@api.example.com/%zz", []string{`"https://api.example.com/%zz"`, `"%zz" is not a valid %-escape`}},
		{"https://alice:s3cret@[::1", []string{`"https://[::1"`, "missing ']' in host"}},
		{"https://alice:s3/cret@api.example.com/v1", []string{"api.example.com", "username and password"}},
		{"http://alice:s3cret@api.example.com/v1", []string{`"http://api.example.com/v1" uses plain http`}},
		{"ftp://alice:s3cret@api.example.com", []string{`"ftp://api.example.com" is not an absolute http(s) URL`}},
	}
	for _, tc := range cases {
		_, err := medium.ParseBaseURL(tc.in)
		e := asError(t, err)
		c := medium.NewClient("tok-123456", medium.WithBaseURL(tc.in))
		_, callErr := c.Me(context.Background())
		for _, text := range []string{err.Error(), fmt.Sprintf("%#v", e), fmt.Sprintf("%+v", e), e.Detail, fmt.Sprint(callErr), c.String()} {
			for _, secret := range []string{"s3cret", "cret", "alice"} {
				if strings.Contains(text, secret) {
					t.Errorf("%s: shows %q: %s", tc.in, secret, text)
				}
			}
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.in, err, w)
			}
		}
	}
	// Accepted with userinfo (dropped), the URL never shows it either.
	c := medium.NewClient("tok-123456", medium.WithBaseURL("https://alice:s3cret@api.example.com/v1"))
	if strings.Contains(c.BaseURL()+c.String(), "s3cret") {
		t.Errorf("client shows the password: %s", c)
	}
}

// The body sent to Medium never carries a control character, whatever the
// caller put in it.
func TestCreatePostBodyHasNoControls(t *testing.T) {
	body, err := medium.EncodeCreatePost(medium.CreatePostRequest{Title: "T\x1b]0;x\x07itle", ContentFormat: medium.FormatHTML,
		Content: "<p>a\u009b2Jb\x1b[31mc\n</p>", Tags: []string{"t\u202eag"}, PublishStatus: medium.StatusDraft})
	if err != nil {
		t.Fatal(err)
	}
	var got medium.CreatePostRequest
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Title != "Title" || got.Content != "<p>abc\n</p>" || got.Tags[0] != "tag" {
		t.Fatalf("body = %s", body)
	}
}
