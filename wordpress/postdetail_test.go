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
	if anon.HasAuth || anon.Query.Has("context") || anon.Query.Get("_fields") != "content" {
		t.Errorf("second request: auth %v, query %v; want no Authorization header, no context, _fields=content", anon.HasAuth, anon.Query)
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
			var logged bytes.Buffer
			defer log.SetOutput(log.Writer())
			log.SetOutput(&logged)

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
			out := logged.String()
			if !strings.Contains(out, "post 1") {
				t.Errorf("the fallback is not logged: %q", out)
			}
			basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPass))
			if strings.Contains(out, testPass) || strings.Contains(out, basic) {
				t.Errorf("the log holds the credentials: %q", out)
			}
		})
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
