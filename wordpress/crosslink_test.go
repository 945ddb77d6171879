package wordpress

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

const (
	storyURL    = "https://medium.com/@mara/context-cancellation-1a2b3c4d5e6f"
	blockBody   = "<!-- wp:paragraph -->\n<p>First.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2>Then</h2>\n<!-- /wp:heading -->"
	classicBody = "Written in the classic editor.\n\nSecond paragraph.\n<h2>A heading</h2>"
)

// crossLinkSite is a fake site with one published post (id 5) holding raw,
// and a client logged in as an editor.
func crossLinkSite(t *testing.T, raw string, opts ...wptest.Option) (*wptest.Server, *Client) {
	t.Helper()
	s := newFake(t, append([]wptest.Option{wptest.WithCredentials(testUser, testPass)}, opts...)...)
	s.AddPost(wptest.FakePost{ID: 5, Title: "Five", Status: "publish", Date: base, RawContent: raw, Content: "<p>rendered</p>\n"})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
	return s, c
}

// storedRaw reads the post's stored content through the fake, as the
// WordPress editor would see it.
func storedRaw(t *testing.T, c *Client, id int) string {
	t.Helper()
	d, err := c.Post(context.Background(), id)
	if err != nil {
		t.Fatalf("Post(%d): %v", id, err)
	}
	return d.RawContent
}

func posts(s *wptest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	return n
}

func TestAppendCrossLinkOnceBlockContent(t *testing.T) {
	ctx := context.Background()
	s, c := crossLinkSite(t, blockBody)

	added, err := c.AppendCrossLink(ctx, 5, storyURL)
	if err != nil || !added {
		t.Fatalf("first AppendCrossLink = %v, %v; want true, nil", added, err)
	}
	want := blockBody + "\n\n" +
		`<!-- wp:paragraph {"className":"wp2medium-crosslink"} -->` + "\n" +
		`<p class="wp2medium-crosslink"><em>Also published on <a href="` + storyURL + `">Medium</a>.</em></p>` + "\n" +
		`<!-- /wp:paragraph -->`
	if got := storedRaw(t, c, 5); got != want {
		t.Fatalf("stored content:\n%s\nwant:\n%s", got, want)
	}

	added, err = c.AppendCrossLink(ctx, 5, "https://medium.com/@mara/another-url-ffffffffffff")
	if err != nil || added {
		t.Fatalf("second AppendCrossLink = %v, %v; want false, nil", added, err)
	}
	got := storedRaw(t, c, 5)
	if n := strings.Count(got, `class="wp2medium-crosslink"`); n != 1 {
		t.Fatalf("content holds %d cross-link paragraphs, want 1:\n%s", n, got)
	}
	if n := posts(s); n != 1 {
		t.Fatalf("%d POST requests, want 1", n)
	}

	// The body sent was JSON with the content only.
	for _, r := range s.Requests() {
		if r.Method != http.MethodPost {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil || len(body) != 1 || body["content"] != want {
			t.Fatalf("POST body = %s (%v); want {\"content\": …} only", r.Body, err)
		}
		if !r.HasAuth || r.Route != "/wp/v2/posts/5" {
			t.Fatalf("POST %+v: want authenticated /wp/v2/posts/5", r)
		}
	}
}

func TestAppendCrossLinkClassicContentHasNoBlockComments(t *testing.T) {
	_, c := crossLinkSite(t, classicBody)
	if added, err := c.AppendCrossLink(context.Background(), 5, storyURL); err != nil || !added {
		t.Fatalf("AppendCrossLink = %v, %v", added, err)
	}
	got := storedRaw(t, c, 5)
	want := classicBody + "\n\n" + `<p class="wp2medium-crosslink"><em>Also published on <a href="` + storyURL + `">Medium</a>.</em></p>`
	if got != want {
		t.Fatalf("stored content:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "<!-- wp:") {
		t.Fatal("a block comment in classic content would turn off wpautop for the whole post")
	}
}

func TestAppendCrossLinkEmptyContent(t *testing.T) {
	s, c := crossLinkSite(t, "")
	s.AddPost(wptest.FakePost{ID: 5, Status: "draft", Date: base}) // no content at all
	if added, err := c.AppendCrossLink(context.Background(), 5, storyURL); err != nil || !added {
		t.Fatalf("AppendCrossLink = %v, %v", added, err)
	}
	if got := storedRaw(t, c, 5); !strings.HasPrefix(got, `<p class="wp2medium-crosslink">`) {
		t.Fatalf("stored content %q: want the paragraph alone, no leading blank lines", got)
	}
}

func TestAppendCrossLinkRecognisesExistingMarker(t *testing.T) {
	cases := []struct {
		name    string
		raw     string
		present bool
	}{
		{"block form, other URL", blockBody + "\n\n<!-- wp:paragraph {\"className\":\"wp2medium-crosslink\"} -->\n<p class=\"wp2medium-crosslink\"><em>Also published on <a href=\"https://medium.com/p/old\">Medium</a>.</em></p>\n<!-- /wp:paragraph -->", true},
		{"classic form", classicBody + "\n\n<p class=\"wp2medium-crosslink\"><em>Also published on <a href=\"https://x.example/p\">Medium</a>.</em></p>", true},
		{"class among others, single quotes", "<p class='has-small-font-size wp2medium-crosslink'>Also on Medium</p>", true},
		{"block edited into a group", "<!-- wp:group {\"className\":\"wp2medium-crosslink\"} -->\n<div class=\"wp-block-group\">x</div>\n<!-- /wp:group -->", true},
		{"quoted in a code block", "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>&lt;p class=\"wp2medium-crosslink\"&gt;</code></pre>\n<!-- /wp:code -->", false},
		{"mentioned in text", "<p>The class is wp2medium-crosslink.</p>", false},
		{"longer class name", "<p class=\"wp2medium-crosslink-old\">x</p>", false},
		{"prefixed class name", "<!-- wp:paragraph {\"className\":\"not-wp2medium-crosslink\"} -->\n<p class=\"not-wp2medium-crosslink\">x</p>", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := crossLinkSite(t, tc.raw)
			has, err := c.HasCrossLink(context.Background(), 5)
			if err != nil || has != tc.present {
				t.Fatalf("HasCrossLink = %v, %v; want %v", has, err, tc.present)
			}
			added, err := c.AppendCrossLink(context.Background(), 5, storyURL)
			if err != nil || added == tc.present {
				t.Fatalf("AppendCrossLink = %v, %v; want added=%v", added, err, !tc.present)
			}
			if tc.present && posts(s) != 0 {
				t.Fatal("a post that already has the paragraph must not be written")
			}
		})
	}
}

func TestEnsureCrossLinkReportsModifiedTime(t *testing.T) {
	_, c := crossLinkSite(t, blockBody)
	before := time.Now().UTC().Add(-time.Second)
	r, err := c.EnsureCrossLink(context.Background(), 5, storyURL)
	if err != nil || !r.Added || r.ModifiedGMT.Before(before) {
		t.Fatalf("EnsureCrossLink = %+v, %v; want added, modified after %v", r, err, before)
	}
	again, err := c.EnsureCrossLink(context.Background(), 5, storyURL)
	if err != nil || again.Added || !again.ModifiedGMT.Equal(r.ModifiedGMT) {
		t.Fatalf("second EnsureCrossLink = %+v, %v; want not added, modified %v", again, err, r.ModifiedGMT)
	}
}

func TestAppendCrossLinkWithoutCredentials(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 5, Status: "publish", Date: base, Content: "<p>x</p>"})
	c, _ := newTestClient(t, s.URL)
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	wpErr(t, err, KindAuth)
	for _, want := range []string{"no WordPress credentials", "application password", "may edit the post"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests sent without credentials, want 0", n)
	}
}

func TestAppendCrossLinkUserMayNotEdit(t *testing.T) {
	s, c := crossLinkSite(t, blockBody, wptest.WithoutEditRights())
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	e := wpErr(t, err, KindAuth)
	if e.StatusCode != http.StatusForbidden || e.Code != "rest_forbidden_context" {
		t.Fatalf("error %v: want the 403 rest_forbidden_context of the read", e)
	}
	msg := err.Error()
	for _, want := range []string{"may not edit the post", `“` + testUser + `”`, "post 5", "Editor or an Administrator"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "wrong username") {
		t.Errorf("error %q blames the password, which was accepted", msg)
	}
	if posts(s) != 0 {
		t.Fatal("no write may follow a refused read")
	}
}

func TestAppendCrossLinkWriteRefused(t *testing.T) {
	// The rights were lost between the read and the write.
	s, c := crossLinkSite(t, blockBody)
	f := wptest.WPError(http.StatusForbidden, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.")
	f.Method = http.MethodPost
	s.Fail("/wp/v2/posts/5", f)
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	e := wpErr(t, err, KindAuth)
	if e.Code != "rest_cannot_edit" || !strings.Contains(err.Error(), "may not edit the post") {
		t.Fatalf("error %v: want rest_cannot_edit explained", err)
	}
	if got := storedRaw(t, c, 5); got != blockBody {
		t.Fatalf("content changed by a refused write:\n%s", got)
	}
}

func TestAppendCrossLinkCredentialsIgnored(t *testing.T) {
	// Wrong password: WordPress answers anonymously, so context=edit is a 401.
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.AddPost(wptest.FakePost{ID: 5, Status: "publish", Date: base, Content: "<p>x</p>"})
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, "wrong"))
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	if e := wpErr(t, err, KindAuth); e.StatusCode != http.StatusUnauthorized || !strings.Contains(err.Error(), "wrong username or application password") {
		t.Fatalf("error %v: want the wrong-password advice", err)
	}

	// Application passwords off on the site: say so rather than "wrong password".
	s2 := newFake(t, wptest.WithCredentials(testUser, testPass), wptest.WithAppPasswordsUnavailable(false))
	s2.AddPost(wptest.FakePost{ID: 5, Status: "publish", Date: base, Content: "<p>x</p>"})
	c2, _ := newTestClient(t, s2.URL, WithCredentials(testUser, testPass))
	_, err = c2.AppendCrossLink(context.Background(), 5, storyURL)
	wpErr(t, err, KindAppPasswordsUnavailable)
}

func TestAppendCrossLinkNotFound(t *testing.T) {
	s, c := crossLinkSite(t, blockBody)
	_, err := c.AppendCrossLink(context.Background(), 404, storyURL)
	wpErr(t, err, KindNotFound)

	s.AddPost(wptest.FakePost{ID: 6, Status: "trash", Date: base, Content: "<p>x</p>"})
	_, err = c.AppendCrossLink(context.Background(), 6, storyURL)
	wpErr(t, err, KindNotFound)

	// Deleted between the read and the write.
	f := wptest.WPError(http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.")
	f.Method = http.MethodPost
	s.Fail("/wp/v2/posts/5", f)
	_, err = c.AppendCrossLink(context.Background(), 5, storyURL)
	wpErr(t, err, KindNotFound)
}

func TestAppendCrossLinkServerFailureIsNotRetried(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable} {
		s, c := crossLinkSite(t, blockBody)
		f := wptest.HTMLPage(status, "Server error")
		f.Method = http.MethodPost
		s.Fail("/wp/v2/posts/5", f)
		_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
		wpErr(t, err, KindServer)
		if n := posts(s); n != 1 {
			t.Fatalf("HTTP %d: %d POSTs, want exactly 1 (writes are never retried)", status, n)
		}
		if got := storedRaw(t, c, 5); got != blockBody {
			t.Fatalf("HTTP %d: content changed:\n%s", status, got)
		}

		// Running it again once the site is back adds the paragraph once.
		s.ClearFailures()
		if added, err := c.AppendCrossLink(context.Background(), 5, storyURL); err != nil || !added {
			t.Fatalf("retry after HTTP %d = %v, %v", status, added, err)
		}
		if n := strings.Count(storedRaw(t, c, 5), "wp2medium-crosslink\"><em>"); n != 1 {
			t.Fatalf("%d paragraphs after the retry, want 1", n)
		}
	}
}

func TestAppendCrossLinkWriteThatDidNotStick(t *testing.T) {
	// A redirect that turns the POST into a GET, or a plugin filtering the
	// content, answers 200 with a post lacking the paragraph.
	s, c := crossLinkSite(t, blockBody)
	s.Fail("/wp/v2/posts/5", wptest.Failure{Method: http.MethodPost, Status: http.StatusOK,
		Body: `{"id":5,"status":"publish","modified_gmt":"2025-06-01T12:00:00","content":{"raw":"<p>First.</p>"}}`})
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	wpErr(t, err, KindRejected)
	if !strings.Contains(err.Error(), "did not save") || !strings.Contains(err.Error(), "check the post in WordPress") {
		t.Fatalf("error %q does not explain the lost write", err)
	}
}

func TestAppendCrossLinkRESTRouteForm(t *testing.T) {
	s, c := crossLinkSite(t, blockBody, wptest.WithPrettyPermalinks(false))
	if added, err := c.AppendCrossLink(context.Background(), 5, storyURL); err != nil || !added {
		t.Fatalf("AppendCrossLink = %v, %v", added, err)
	}
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && !r.RESTRouteForm {
			t.Fatalf("POST %+v did not use ?rest_route=", r)
		}
	}
	if posts(s) != 1 || !HasCrossLinkMarkup(storedRaw(t, c, 5)) {
		t.Fatal("the paragraph was not written through ?rest_route=")
	}
}

func TestCrossLinkURLCannotLeaveTheAttribute(t *testing.T) {
	evil := `https://medium.com/@a/x?q="><script>alert(1)</script><a/href='&b=1`
	for _, block := range []bool{true, false} {
		markup, err := CrossLinkMarkup(evil, block)
		if err != nil {
			t.Fatalf("CrossLinkMarkup: %v", err)
		}
		nodes, err := html.ParseFragment(strings.NewReader(markup), nil)
		if err != nil {
			t.Fatal(err)
		}
		var links []string
		var other []string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "a":
					for _, a := range n.Attr {
						if a.Key == "href" {
							links = append(links, a.Val)
						}
					}
				case "p", "em", "html", "head", "body":
				default:
					other = append(other, n.Data)
				}
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
		for _, n := range nodes {
			walk(n)
		}
		if len(links) != 1 || links[0] != evil || len(other) != 0 {
			t.Fatalf("block=%v: links %q, other elements %v in %s; want one link to the exact URL", block, links, other, markup)
		}
	}
}

func TestAppendCrossLinkRefusesNonHTTPSURLs(t *testing.T) {
	s, c := crossLinkSite(t, blockBody)
	for _, u := range []string{
		"", "http://medium.com/@a/x", "javascript:alert(1)", "medium.com/@a/x", "https:///x",
		"https://user:secret@medium.com/@a/x", "https://medium.com/@a/x y", "https://medium.com/@a/x\n<p>",
		"data:text/html,<p>x</p>",
	} {
		_, err := c.AppendCrossLink(context.Background(), 5, u)
		wpErr(t, err, KindRejected)
		if !strings.Contains(err.Error(), "invalid Medium URL") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: error %q", u, err)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d requests for invalid URLs, want 0", n)
	}
}

func TestCrossLinkErrorsNeverHoldThePassword(t *testing.T) {
	s, c := crossLinkSite(t, blockBody)
	spaceless := strings.ReplaceAll(testPass, " ", "")
	f := wptest.WPError(http.StatusForbidden, "rest_cannot_edit", "Not allowed for "+testPass)
	f.Method = http.MethodPost
	s.Fail("/wp/v2/posts/5", f)
	_, err := c.AppendCrossLink(context.Background(), 5, storyURL)
	wpErr(t, err, KindAuth)
	s.ClearFailures()
	errs := []error{err}

	f = wptest.HTMLPage(http.StatusInternalServerError, "Fatal: "+testPass)
	f.Method = http.MethodPost
	s.Fail("/wp/v2/posts/5", f)
	_, err = c.AppendCrossLink(context.Background(), 5, storyURL)
	errs = append(errs, err)

	_, c2 := crossLinkSite(t, blockBody, wptest.WithoutEditRights())
	_, err = c2.AppendCrossLink(context.Background(), 5, storyURL)
	errs = append(errs, err)

	for _, err := range errs {
		if err == nil {
			t.Fatal("want an error")
		}
		if msg := err.Error(); strings.Contains(msg, testPass) || strings.Contains(msg, spaceless) {
			t.Fatalf("error holds the password: %q", msg)
		}
	}
}
