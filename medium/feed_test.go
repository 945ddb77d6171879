package medium_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// testdata/feed.xml is shaped like Medium's feed: CDATA titles and content,
// a title in XML and HTML entities, a hostile title carrying a raw ESC, a
// C1 CSI and a bidi override, a CDATA section split around "]]>".
func TestParseFeedReadsMediumShapedRSS(t *testing.T) {
	raw, err := os.ReadFile("testdata/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	items, err := medium.ParseFeed(raw)
	if err != nil {
		t.Fatalf("ParseFeed: %v", err)
	}
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	first := items[0]
	if first.Title != "Ship it & see" || first.GUID != "https://medium.com/p/5e3a1b2c3d4e" ||
		first.Link != "https://medium.com/@demo/ship-it-see-5e3a1b2c3d4e?source=rss-1f86a2b3c4d5------2" {
		t.Errorf("first item = %+v", first)
	}
	if want := time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC); !first.Published.Equal(want) {
		t.Errorf("pubDate = %v, want %v", first.Published, want)
	}
	if strings.Join(first.Categories, ",") != "go,shipping" {
		t.Errorf("categories = %q", first.Categories)
	}
	if !strings.Contains(first.Content, `Originally published at </em><a href="https://blog.example.com/2026/11/ship-it/">`) {
		t.Errorf("content:encoded lost the footer: %q", first.Content)
	}
	if got := items[1].Title; got != "Café & crème\u00a0brûlée" {
		t.Errorf("entities: title = %q", got)
	}
	hostile := items[2]
	if !hostile.Published.IsZero() {
		t.Errorf("an unreadable pubDate gave %v, want zero", hostile.Published)
	}
	if hostile.Content != "<p>Body with ]]> split CDATA</p>" {
		t.Errorf("split CDATA = %q", hostile.Content)
	}
	// The feed is kept as it said it (one bad title does not hide the feed);
	// the terminal's cleaning removes every sequence.
	if !strings.Contains(hostile.Title, "\x1b]0;PWNED-TITLE\x07") {
		t.Errorf("the raw title was altered before the terminal: %q", hostile.Title)
	}
	shown := termtext.CleanLine(hostile.Title)
	for _, gone := range []string{"\x1b", "PWNED-TITLE", "\u009b", "8;5;5t", "\u202e"} {
		if strings.Contains(shown, gone) {
			t.Errorf("cleaned title %q still holds %q", shown, gone)
		}
	}
	if !strings.Contains(shown, "Hostile") || !strings.Contains(shown, "end") {
		t.Errorf("cleaning removed the text too: %q", shown)
	}
}

func TestParseFeedRefusesWhatIsNotRSS(t *testing.T) {
	for name, body := range map[string]string{
		"cut short":    `<?xml version="1.0"?><rss><channel><item><title>x</title>`,
		"mismatched":   `<rss><channel><item><title>x</item></channel></rss>`,
		"an HTML page": `<html><head><title>Just a moment...</title></head></html>`,
		"no channel":   `<rss version="2.0"></rss>`,
		"empty":        ``,
	} {
		if _, err := medium.ParseFeed([]byte(body)); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.Contains(err.Error(), "malformed XML") && !errors.Is(err, medium.ErrNotRSS) {
			t.Errorf("%s: %v says neither malformed XML nor not RSS", name, err)
		}
	}
}

func TestFeedURLTemplateOrBase(t *testing.T) {
	cases := []struct{ setting, want string }{
		{"", "https://medium.com/feed/@demo"},
		{"https://medium.com/feed/@{username}", "https://medium.com/feed/@demo"},
		{"http://127.0.0.1:9/feed", "http://127.0.0.1:9/feed/@demo"},
		{"http://localhost:9/feed/", "http://localhost:9/feed/@demo"},
		{"https://example.com/rss/{username}.xml", "https://example.com/rss/demo.xml"},
	}
	for _, c := range cases {
		got, err := medium.FeedURL(c.setting, "demo")
		if err != nil || got != c.want {
			t.Errorf("FeedURL(%q) = %q, %v; want %q", c.setting, got, err, c.want)
		}
	}
	if got, _ := medium.FeedURL("", "a b/c"); got != "https://medium.com/feed/@a%20b%2Fc" {
		t.Errorf("the username is not escaped: %q", got)
	}
	for _, bad := range []string{"http://medium.com/feed", "ftp://x/feed", "/feed", "https://u:p@medium.com/feed"} {
		_, err := medium.FeedURL(bad, "demo")
		if err == nil || !strings.Contains(err.Error(), "feed_url") || strings.Contains(err.Error(), "u:p") {
			t.Errorf("FeedURL(%q): %v", bad, err)
		}
	}
	if _, err := medium.FeedURL("", ""); err == nil {
		t.Error("no username: no error")
	}
}

// The fake's feed lists the public stories created, newest first, and the
// client reads it without sending the token.
func TestFeedFromTheFakeCarriesNoToken(t *testing.T) {
	srv := newFake(t)
	c := newClient(srv)
	ctx := context.Background()
	for _, st := range []medium.PublishStatus{medium.StatusPublic, medium.StatusDraft, medium.StatusPublic} {
		req := samplePost()
		req.PublishStatus, req.Title = st, "Story "+string(st)+time.Now().Format(".000000")
		if _, err := c.CreatePost(ctx, mediumtest.DefaultUserID, req); err != nil {
			t.Fatal(err)
		}
	}
	url, _ := medium.FeedURL(srv.FeedURL(), "demo")
	items, err := c.Feed(ctx, url)
	if err != nil {
		t.Fatalf("Feed: %v", err)
	}
	posts := srv.Posts()
	if len(items) != 2 || items[0].GUID != "https://medium.com/p/"+posts[2].ID || items[1].GUID != "https://medium.com/p/"+posts[0].ID {
		t.Fatalf("feed = %+v, want the two public stories newest first", items)
	}
	if !strings.HasPrefix(items[0].Link, posts[2].URL+"?source=") || items[0].Content != posts[2].Sent.Content {
		t.Errorf("item = %+v", items[0])
	}
	reqs := srv.RequestsTo(http.MethodGet, "/feed/@demo")
	if len(reqs) != 1 {
		t.Fatalf("%d feed requests", len(reqs))
	}
	if h := reqs[0].Header.Get("Authorization"); h != "" {
		t.Errorf("the feed request carried Authorization (%q): the token must never go to the feed", h)
	}
	if ua := reqs[0].Header.Get("User-Agent"); ua != medium.DefaultUserAgent {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestFeedFailuresSayWhatHappened(t *testing.T) {
	ctx := context.Background()
	refused := newFake(t, mediumtest.WithFeedRefused())
	url, _ := medium.FeedURL(refused.FeedURL(), "demo")
	_, err := newClient(refused).Feed(ctx, url)
	e := asError(t, err)
	if e.Kind != medium.KindForbidden || e.StatusCode != 403 ||
		!strings.Contains(err.Error(), "Medium refused to serve the feed to a program (403): text/html \"Just a moment...\"") {
		t.Errorf("403: %v (kind %s)", err, e.Kind)
	}

	srv := newFake(t)
	url, _ = medium.FeedURL(srv.FeedURL(), "nobody")
	_, err = newClient(srv).Feed(ctx, url)
	if e := asError(t, err); e.Kind != medium.KindNotFound || !strings.Contains(err.Error(), "no such user") {
		t.Errorf("404: %v", err)
	}

	for name, h := range map[string]http.HandlerFunc{
		"malformed XML": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			w.Write([]byte(`<rss><channel><item><title>cut`))
		},
		"larger than": func(w http.ResponseWriter, _ *http.Request) {
			w.Write([]byte("<rss><channel>" + strings.Repeat("<item></item>", 1<<20)))
		},
		"not an RSS feed": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><title>Sign in</title></head></html>`))
		},
	} {
		hs := httptest.NewServer(h)
		_, err := medium.NewClient("").Feed(ctx, hs.URL+"/feed/@demo")
		hs.Close()
		if e := asError(t, err); e.Kind != medium.KindBadResponse || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v (kind %s)", name, err, e.Kind)
		}
	}

	hang := newFake(t)
	hang.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang, Path: "/feed/*", Times: -1})
	_, err = newClient(hang, medium.WithTimeout(50*time.Millisecond), medium.WithRetry(0, nil)).Feed(ctx, strings.ReplaceAll(hang.FeedURL(), "{username}", "demo"))
	if k := medium.KindOf(err); k != medium.KindTimeout {
		t.Errorf("hang: kind %s: %v", k, err)
	}
}

// The feed's answer is proposed as the truth about a story: a redirect to
// plain http off loopback is refused, not followed.
func TestFeedFollowsRedirectsOnlyToHTTPS(t *testing.T) {
	hs := httptest.NewServer(http.RedirectHandler("http://feed.example.invalid/feed/@demo", http.StatusFound))
	defer hs.Close()
	_, err := medium.NewClient("", medium.WithRetry(0, nil)).Feed(context.Background(), hs.URL+"/feed/@demo")
	if err == nil || !strings.Contains(err.Error(), "not https") || !strings.Contains(err.Error(), "feed.example.invalid") {
		t.Fatalf("a redirect to plain http: %v", err)
	}
}
