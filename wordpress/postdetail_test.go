package wordpress

import (
	"bytes"
	"context"
	"encoding/base64"
	"log"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// What a dynamic block shows a signed-in user and an anonymous reader.
const (
	signedInRender  = "<ul><li>Private: Private post</li><li>The secret content behind a post password.</li></ul>"
	anonymousRender = "<ul><li>Hello world</li></ul>"
)

func privacyFake(t *testing.T, status string) (*wptest.Server, *Client) {
	t.Helper()
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 1, Title: "Latest posts", Status: status, Date: time.Now(),
		Content: anonymousRender, ContentSignedIn: signedInRender, RawContent: "<!-- wp:latest-posts /-->"})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	return s, c
}

// postRequests are the requests for post 1, in the order they came.
func postRequests(s *wptest.Server) []wptest.Request {
	var out []wptest.Request
	for _, r := range s.Requests() {
		if r.Route == "/wp/v2/posts/1" {
			out = append(out, r)
		}
	}
	return out
}

func TestPostPublishedContentIsWhatAnonymousReadersSee(t *testing.T) {
	s, c := privacyFake(t, "publish")
	d, err := c.Post(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.ContentHTML != anonymousRender || d.SignedInRendering {
		t.Errorf("ContentHTML = %q, want the anonymous rendering %q", d.ContentHTML, anonymousRender)
	}
	if d.RawContent != "<!-- wp:latest-posts /-->" {
		t.Errorf("RawContent = %q, want the stored content from the edit request", d.RawContent)
	}
	reqs := postRequests(s)
	if len(reqs) != 2 {
		t.Fatalf("%d requests for the post, want the edit one and the anonymous one: %+v", len(reqs), reqs)
	}
	edit, anon := reqs[0], reqs[1]
	if !edit.HasAuth || edit.Query.Get("context") != "edit" {
		t.Errorf("first request: auth %v, context %q; want the signed-in edit request", edit.HasAuth, edit.Query.Get("context"))
	}
	if anon.HasAuth || anon.Query.Has("context") || anon.Query.Get("_fields") != "content,modified_gmt" {
		t.Errorf("second request: auth %v, query %v; want no Authorization header, no context, _fields=content,modified_gmt", anon.HasAuth, anon.Query)
	}
	// The modified time the signed-in answer gave, so a cache keyed by URL
	// misses once the post is edited.
	if got, want := anon.Query.Get(cacheBustParam), d.ModifiedGMT.Format(wpDateLayout); got != want {
		t.Errorf("second request: %s=%q, want the signed-in modified_gmt %q", cacheBustParam, got, want)
	}
}

func TestPostUnpublishedKeepsTheSignedInRendering(t *testing.T) {
	for _, status := range []string{"draft", "pending", "future", "private"} {
		t.Run(status, func(t *testing.T) {
			s, c := privacyFake(t, status)
			d, err := c.Post(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if d.ContentHTML != signedInRender {
				t.Errorf("ContentHTML = %q, want the signed-in rendering", d.ContentHTML)
			}
			if n := len(postRequests(s)); n != 1 {
				t.Errorf("%d requests for the post, want only the edit one (anonymously it is not there)", n)
			}
		})
	}
}

// A protected post's anonymous content is empty: the signed-in rendering
// stays, and nobody asks for the anonymous one.
func TestPostProtectedKeepsTheSignedInRendering(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 1, Status: "publish", Password: "letmein", Date: time.Now(),
		Content: anonymousRender, ContentSignedIn: signedInRender})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	d, err := c.Post(context.Background(), 1)
	if err != nil || d.ContentHTML != signedInRender {
		t.Fatalf("ContentHTML = %q, %v; want the signed-in rendering", d.ContentHTML, err)
	}
	if n := len(postRequests(s)); n != 1 {
		t.Errorf("%d requests for the post, want 1", n)
	}
}

func TestPostFallsBackWhenAnonymousRequestsAreRefused(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s, c := privacyFake(t, "publish")
			// Like a plugin that closes the REST API to anonymous readers:
			// the request after the signed-in one is refused.
			s.OnRequest(func(r wptest.Request) {
				if r.Route == "/wp/v2/posts/1" && r.HasAuth {
					s.Fail(r.Route, wptest.Failure{Status: status, Times: 1,
						Body: `{"code":"rest_login_required","message":"REST API restricted to authenticated users.","data":{"status":401}}`})
				}
			})
			logged := captureLog(t)

			d, err := c.Post(context.Background(), 1)
			if err != nil {
				t.Fatalf("Post failed instead of falling back: %v", err)
			}
			if d.ContentHTML != signedInRender || !d.SignedInRendering {
				t.Errorf("ContentHTML = %q, SignedInRendering %t; want the signed-in rendering, said so (the transform warns)", d.ContentHTML, d.SignedInRendering)
			}
			if n := len(postRequests(s)); n != 2 {
				t.Errorf("%d requests for the post, want 2", n)
			}
			checkFallbackLogged(t, logged.String(), "failed")
		})
	}
}

// captureLog sends the standard logger to a buffer until the test ends.
func captureLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var logged bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&logged)
	t.Cleanup(func() { log.SetOutput(prev) })
	return &logged
}

// checkFallbackLogged checks that out says post 1 fell back, and why, and
// holds no credential.
func checkFallbackLogged(t *testing.T, out, why string) {
	t.Helper()
	if !strings.Contains(out, "post 1") || !strings.Contains(out, why) {
		t.Errorf("the fallback is not logged with %q: %q", why, out)
	}
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPass))
	if strings.Contains(out, testPass) || strings.Contains(out, basic) {
		t.Errorf("the log holds the credentials: %q", out)
	}
}

// memberArticle is a members-only post as its author sees it: 60 words.
var memberArticle = "<h2>Members' report</h2>\n<p>" + strings.Repeat("Every word of this paragraph is for paying members. ", 7) + "</p>\n<p>Thanks for reading.</p>"

// Membership plugins answer anonymous readers 200 with a teaser and
// content.protected false: the teaser must not replace the post.
func TestPostFallsBackFromAMembersOnlyTeaser(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 1, Title: "Report", Status: "publish", Date: time.Now(),
		Content:         `<div class="mepr-unauthorized-message"><p>This content is for members only. <a href="/login/">Log in</a> to read it.</p></div>`,
		ContentSignedIn: memberArticle})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	logged := captureLog(t)

	d, err := c.Post(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.ContentHTML != memberArticle || !d.SignedInRendering {
		t.Errorf("ContentHTML = %q, SignedInRendering %t; want the signed-in rendering, said so", d.ContentHTML, d.SignedInRendering)
	}
	checkFallbackLogged(t, logged.String(), "teaser")
}

// A cache that ignores the query answers the anonymous request with the
// version from before the last edit: its modified_gmt gives it away.
func TestPostFallsBackFromAStaleAnonymousCopy(t *testing.T) {
	published := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	edited := published.Add(time.Hour)
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 1, Title: "Edited", Status: "publish", Date: published, Modified: edited,
		Content: "<p>The corrected text.</p>"})
	s.OnRequest(func(r wptest.Request) {
		if r.Route == "/wp/v2/posts/1" && !r.HasAuth {
			s.UpdatePost(1, func(p *wptest.FakePost) { p.Content, p.Modified = "<p>The text with the mistake.</p>", published })
		}
	})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	logged := captureLog(t)

	d, err := c.Post(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.ContentHTML != "<p>The corrected text.</p>" || !d.SignedInRendering {
		t.Errorf("ContentHTML = %q, SignedInRendering %t; want the signed-in (current) rendering, said so", d.ContentHTML, d.SignedInRendering)
	}
	if n := len(postRequests(s)); n != 2 {
		t.Errorf("%d requests for the post, want 2", n)
	}
	checkFallbackLogged(t, logged.String(), "another version")
}

func TestIsTeaser(t *testing.T) {
	for _, tc := range []struct {
		anon, signedIn int
		want           bool
	}{
		{12, 60, true},
		{29, 60, true},
		{30, 60, false}, // half is not fewer than half
		{2, 39, false},  // too short a post to tell
		{0, 40, true},
		{55, 60, false}, // a dynamic block lists a few titles fewer
	} {
		if got := isTeaser(tc.anon, tc.signedIn); got != tc.want {
			t.Errorf("isTeaser(%d, %d) = %t, want %t", tc.anon, tc.signedIn, got, tc.want)
		}
	}
}

func TestVisibleWords(t *testing.T) {
	for in, want := range map[string]int{
		"":                                    0,
		"<p>Hello <em>big</em> world</p>":     3,
		"<p>Two&nbsp;words</p><!-- a b c -->": 2,
		"<p>One</p><script>var a = 1;</script><style>p { x: y }</style>": 1,
		"<p>a<br>b</p>\n<ul><li>c</li><li>d</li></ul>":                   4,
	} {
		if got := visibleWords(in); got != want {
			t.Errorf("visibleWords(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestPostAnonymousClientAsksOnce(t *testing.T) {
	s, _ := privacyFake(t, "publish")
	c, _ := newTestClient(t, s.URL)
	d, err := c.Post(context.Background(), 1)
	if err != nil || d.ContentHTML != anonymousRender {
		t.Fatalf("ContentHTML = %q, %v", d.ContentHTML, err)
	}
	if n := len(postRequests(s)); n != 1 {
		t.Errorf("%d requests for the post, want 1", n)
	}
}
