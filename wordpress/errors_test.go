package wordpress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestErrorKindString(t *testing.T) {
	seen := map[string]bool{}
	for k := KindUnknown; k <= KindInvalidURL; k++ {
		s := k.String()
		if s == "" || strings.HasPrefix(s, "ErrorKind(") || seen[s] {
			t.Errorf("kind %d has bad or duplicate name %q", int(k), s)
		}
		seen[s] = true
	}
	if got := ErrorKind(99).String(); got != "ErrorKind(99)" {
		t.Errorf("unknown kind = %q", got)
	}
}

func TestNotWordPress(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><head><title>My static site</title></head><body>hi</body></html>"))
	}))
	defer plain.Close()
	c, _ := newTestClient(t, plain.URL)
	_, err := c.Site(context.Background())
	e := wpErr(t, err, KindNotWordPress)
	if !strings.Contains(e.Error(), "check the URL") {
		t.Errorf("message lacks what to do: %v", e)
	}

	// JSON, but not a WordPress REST index.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	}))
	defer api.Close()
	c, _ = newTestClient(t, api.URL)
	_, err = c.Site(context.Background())
	wpErr(t, err, KindNotWordPress)
}

func TestRESTDisabled(t *testing.T) {
	s := newFake(t, wptest.WithRESTDisabled())
	c, _ := newTestClient(t, s.URL)
	_, err := c.Site(context.Background())
	e := wpErr(t, err, KindNotWordPress)
	if e.Code != "rest_disabled" || !strings.Contains(e.Error(), "disabled") {
		t.Errorf("error does not say the REST API is disabled: %v", e)
	}
}

func TestWrongPasswordIsFoundByMe(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	s.SetPosts(wptest.GeneratePosts(3, base))
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, "wrong pass word"))
	// Public endpoints answer anonymously, as real WordPress does.
	if _, err := c.Site(context.Background()); err != nil {
		t.Fatalf("Site with a wrong password: %v", err)
	}
	_, err := c.Me(context.Background())
	e := wpErr(t, err, KindAuth)
	if e.Code != "rest_not_logged_in" || e.StatusCode != 401 {
		t.Errorf("Me: %+v", e)
	}
	if !strings.Contains(e.Error(), "Users > Profile > Application Passwords") {
		t.Errorf("message does not say where to create an application password: %v", e)
	}
	// The listing is refused too: WordPress treats the request as anonymous
	// and refuses the non-public statuses, the reason only in data.details.
	err = c.ListPosts(context.Background(), ListOptions{}, func(Page) {})
	if e := wpErr(t, err, KindAuth); e.Code != "rest_forbidden_status" || !strings.Contains(e.Error(), "application password") {
		t.Errorf("ListPosts: %+v", e)
	}
}

func TestMeWithoutCredentials(t *testing.T) {
	s := newFake(t)
	c, _ := newTestClient(t, s.URL)
	_, err := c.Me(context.Background())
	wpErr(t, err, KindAuth)
	if len(s.Requests()) != 0 {
		t.Errorf("Me without credentials should not call the site")
	}
}

func TestMeSuccess(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass),
		wptest.WithUser(wptest.FakeUser{ID: 7, Name: "Ed &amp; \x1b[2JTor", Slug: "editor"}))
	// The password as WordPress displays it, with spaces, and without.
	for _, pass := range []string{testPass, strings.ReplaceAll(testPass, " ", "")} {
		c, _ := newTestClient(t, s.URL, WithCredentials(testUser, pass))
		u, err := c.Me(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if u != (User{ID: 7, Name: "Ed & Tor", Slug: "editor"}) {
			t.Errorf("Me = %+v", u)
		}
	}
}

func TestSecurityPluginWrongPassword(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass), wptest.WithSecurityPlugin())
	c, _ := newTestClient(t, s.URL, WithCredentials(testUser, "nope"))
	_, err := c.Site(context.Background())
	if e := wpErr(t, err, KindAuth); e.Code != "incorrect_password" {
		t.Errorf("code = %q", e.Code)
	}
	c, _ = newTestClient(t, s.URL, WithCredentials("nobody", testPass))
	_, err = c.Site(context.Background())
	if e := wpErr(t, err, KindAuth); e.Code != "invalid_username" || strings.Contains(e.Message, "<strong>") {
		t.Errorf("error = %+v", e)
	}
}

func TestAppPasswordsUnavailable(t *testing.T) {
	t.Run("rejected", func(t *testing.T) {
		s := newFake(t, wptest.WithCredentials(testUser, testPass), wptest.WithAppPasswordsUnavailable(true))
		c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
		_, err := c.Site(context.Background())
		if e := wpErr(t, err, KindAppPasswordsUnavailable); !strings.Contains(e.Error(), "HTTPS") {
			t.Errorf("message does not mention HTTPS: %v", e)
		}
	})
	t.Run("ignored", func(t *testing.T) {
		s := newFake(t, wptest.WithCredentials(testUser, testPass), wptest.WithAppPasswordsUnavailable(false))
		c, _ := newTestClient(t, s.URL, WithCredentials(testUser, testPass))
		_, err := c.Me(context.Background())
		wpErr(t, err, KindAppPasswordsUnavailable)
	})
}

func TestTLSError(t *testing.T) {
	ts := httptest.NewTLSServer(http.NotFoundHandler())
	defer ts.Close()
	c, _ := newTestClient(t, ts.URL) // default client: the test certificate is not trusted
	_, err := c.Site(context.Background())
	wpErr(t, err, KindTLS)
}

func TestTimeout(t *testing.T) {
	s := newFake(t)
	s.Fail("/wp/v2/posts", wptest.Delay(2*time.Second))
	c, _ := newTestClient(t, s.URL, WithTimeout(100*time.Millisecond))
	start := time.Now()
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	wpErr(t, err, KindTimeout)
	if time.Since(start) > 1500*time.Millisecond {
		t.Errorf("timeout took %v", time.Since(start))
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, DeadlineExceeded) = false: %v", err)
	}
}

func TestNetworkError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now: connection refused
	c, _ := newTestClient(t, "http://"+addr)
	_, err = c.Site(context.Background())
	e := wpErr(t, err, KindNetwork)
	if !strings.Contains(e.Error(), "is the site up") || !strings.Contains(e.Error(), addr) {
		t.Errorf("message: %v", e)
	}
}

func TestHTMLInsteadOfJSON(t *testing.T) {
	cases := []struct {
		name    string
		failure wptest.Failure
		title   string
	}{
		{"cdn challenge", wptest.HTMLPage(http.StatusForbidden, "Just a moment..."), "Just a moment..."},
		{"login redirect answered 200", wptest.HTMLPage(http.StatusOK, "Log In &lsaquo; Blog &#8212; WordPress"), "Log In ‹ Blog — WordPress"},
		{"hostile title", wptest.HTMLPage(http.StatusForbidden, "Blocked\x1b]0;pwned\x07 by firewall"), "Blocked by firewall"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			s.Fail("/wp/v2/posts", tc.failure)
			c, _ := newTestClient(t, s.URL)
			_, err := c.ListAllPosts(context.Background(), ListOptions{})
			e := wpErr(t, err, KindHTMLResponse)
			if !strings.Contains(e.Message, "“"+tc.title+"”") {
				t.Errorf("message %q lacks the cleaned title %q", e.Message, tc.title)
			}
		})
	}
}

func TestMalformedJSON(t *testing.T) {
	for _, f := range []wptest.Failure{wptest.MalformedJSON(), wptest.NoticeBeforeJSON()} {
		s := newFake(t)
		s.Fail("/wp/v2/posts", f)
		c, _ := newTestClient(t, s.URL)
		_, err := c.ListAllPosts(context.Background(), ListOptions{})
		wpErr(t, err, KindMalformedJSON)
	}
}

func TestNotFound(t *testing.T) {
	s := newFake(t)
	c, _ := newTestClient(t, s.URL)
	_, err := c.Post(context.Background(), 4242)
	if e := wpErr(t, err, KindNotFound); e.Code != "rest_post_invalid_id" || e.StatusCode != 404 {
		t.Errorf("error = %+v", e)
	}
}

func TestServerErrorIsNotRetried(t *testing.T) {
	s := newFake(t)
	s.Fail("/wp/v2/posts", wptest.WPError(500, "internal_server_error", "There has been a critical error on this website."))
	c, _ := newTestClient(t, s.URL)
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	wpErr(t, err, KindServer)
	if n := s.Count("/wp/v2/posts"); n != 1 {
		t.Errorf("500 requested %d times, want 1 (not retryable)", n)
	}
}

func TestRejected(t *testing.T) {
	s := newFake(t)
	s.Fail("/wp/v2/posts", wptest.WPError(400, "rest_invalid_param", "Invalid parameter(s): orderby"))
	c, _ := newTestClient(t, s.URL)
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	if e := wpErr(t, err, KindRejected); e.Message != "Invalid parameter(s): orderby" {
		t.Errorf("message = %q", e.Message)
	}
}

func TestServerMessageIsCleanedAndTruncated(t *testing.T) {
	s := newFake(t)
	long := "\x1b[31m" + strings.Repeat("very long message ", 50)
	s.Fail("/wp/v2/posts", wptest.WPError(500, "boom", long))
	c, _ := newTestClient(t, s.URL)
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	e := wpErr(t, err, KindServer)
	if strings.ContainsRune(e.Message, 0x1b) || len([]rune(e.Message)) > maxMessageRunes {
		t.Errorf("message not cleaned or not truncated (%d runes): %q", len([]rune(e.Message)), e.Message)
	}
}

func TestCanceled(t *testing.T) {
	s := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, _ := newTestClient(t, s.URL)
	_, err := c.Site(ctx)
	wpErr(t, err, KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false")
	}
}

func TestPasswordNeverInErrors(t *testing.T) {
	const pass = "Sup3r SECRET app Pw42 zzzz"
	echo := wptest.WPError(401, "incorrect_password", "Bad password "+pass+" for "+testUser)
	scenarios := []struct {
		name  string
		setup func(s *wptest.Server)
		call  func(c *Client) error
	}{
		{"wrong password me", func(*wptest.Server) {}, func(c *Client) error { _, err := c.Me(context.Background()); return err }},
		{"wrong password listing", func(*wptest.Server) {},
			func(c *Client) error { _, err := c.ListAllPosts(context.Background(), ListOptions{}); return err }},
		{"server echoes password", func(s *wptest.Server) { s.Fail("/wp/v2/users/me", echo) },
			func(c *Client) error { _, err := c.Me(context.Background()); return err }},
		{"html page", func(s *wptest.Server) { s.Fail("/wp/v2/posts", wptest.HTMLPage(403, "Denied")) },
			func(c *Client) error { _, err := c.ListAllPosts(context.Background(), ListOptions{}); return err }},
		{"security plugin", func(s *wptest.Server) { s.Fail("/", echo) },
			func(c *Client) error { _, err := c.Site(context.Background()); return err }},
		{"timeout", func(s *wptest.Server) { s.Fail("/wp/v2/posts/*", wptest.Delay(time.Second)) },
			func(c *Client) error { _, err := c.Post(context.Background(), 1); return err }},
		{"not found", func(*wptest.Server) {}, func(c *Client) error { _, err := c.Post(context.Background(), 99); return err }},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			s := newFake(t, wptest.WithCredentials(testUser, "the right one"))
			s.SetPosts(wptest.GeneratePosts(2, base))
			sc.setup(s)
			c, _ := newTestClient(t, s.URL, WithCredentials(testUser, pass), WithTimeout(100*time.Millisecond))
			err := sc.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			if sc.name == "server echoes password" && !strings.Contains(err.Error(), "Bad password *** for") {
				t.Errorf("echoed password not redacted: %v", err)
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				for _, secret := range []string{pass, strings.ReplaceAll(pass, " ", ""), "Authorization", "Basic "} {
					if strings.Contains(text, secret) {
						t.Errorf("error text contains %q: %s", secret, text)
					}
				}
			}
		})
	}
}

func TestDiscoveryBehindChallengePage(t *testing.T) {
	s := newFake(t)
	challenge := wptest.HTMLPage(http.StatusForbidden, "Just a moment...")
	s.Fail("home", challenge)
	s.Fail("/", challenge)
	c, _ := newTestClient(t, s.URL)
	_, err := c.Site(context.Background())
	if e := wpErr(t, err, KindHTMLResponse); !strings.Contains(e.Error(), "Just a moment...") {
		t.Errorf("message lacks the page title: %v", e)
	}
}

// After the retries, the error still says when the site asked to be called
// again, and exposes the time.
func TestRetryAfterInFinalError(t *testing.T) {
	at := time.Now().Add(3 * time.Hour).UTC().Truncate(time.Second)
	cases := []struct {
		name    string
		failure wptest.Failure
		kind    ErrorKind
		want    time.Duration // from the start; 0 means at
		text    []string
	}{
		{"429 seconds", wptest.RetryAfter(http.StatusTooManyRequests, "2520", 0), KindRateLimited, 42 * time.Minute,
			[]string{"is limiting requests", "the site asks to wait until ", "(in 42 minutes)"}},
		{"429 date", wptest.RetryAfter(http.StatusTooManyRequests, at.Format(http.TimeFormat), 0), KindRateLimited, 0,
			[]string{"the site asks to wait until ", "(in 3 hours)"}},
		{"503 maintenance", wptest.RetryAfter(http.StatusServiceUnavailable, "600", 0), KindServer, 10 * time.Minute,
			[]string{"had a server error", "the site asks to wait until ", "(in 10 minutes)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFake(t)
			s.Fail("/wp/v2/posts", tc.failure)
			c, log := newTestClient(t, s.URL)
			start := time.Now()
			_, err := c.ListAllPosts(context.Background(), ListOptions{})
			e := wpErr(t, err, tc.kind)
			if n := s.Count("/wp/v2/posts"); n != 4 || len(log.all()) != 3 {
				t.Errorf("%d requests, %d waits; want 4 and 3", n, len(log.all()))
			}
			want := at
			if tc.want != 0 {
				want = start.Add(tc.want)
			}
			if d := e.RetryAfter.Sub(want); d < -time.Second || d > time.Second {
				t.Errorf("RetryAfter = %v, want about %v", e.RetryAfter, want)
			}
			msg := err.Error()
			for _, w := range append(tc.text, e.RetryAfter.UTC().Format("15:04 UTC")) {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "wait a minute") || strings.Contains(msg, "try again later") {
				t.Errorf("generic advice despite Retry-After: %q", msg)
			}
		})
	}
}

func TestNoRetryAfterKeepsGenericAdvice(t *testing.T) {
	s := newFake(t)
	s.Fail("/wp/v2/posts", wptest.WPError(http.StatusTooManyRequests, "too_many_requests", "Slow down."))
	c, _ := newTestClient(t, s.URL)
	_, err := c.ListAllPosts(context.Background(), ListOptions{})
	if e := wpErr(t, err, KindRateLimited); !e.RetryAfter.IsZero() || !strings.Contains(err.Error(), "wait a minute and try again") {
		t.Errorf("RetryAfter %v: %v", e.RetryAfter, err)
	}
}

// https sent to a port that speaks plain http: say so, and what to use.
func TestHTTPSToPlainHTTPPort(t *testing.T) {
	s := newFake(t)
	addr := strings.TrimPrefix(s.URL, "http://")
	c, _ := newTestClient(t, "https://"+addr)
	_, err := c.Site(context.Background())
	e := wpErr(t, err, KindTLS)
	want := "this port speaks http, not https — use http://" + addr + " (or the site's https port)"
	if !strings.Contains(e.Error(), want) {
		t.Errorf("%q lacks %q", e, want)
	}

	// A public host: over http WordPress would refuse the application password.
	c, _ = newTestClient(t, "https://blog.example.com:8080", WithHTTPClient(dialTo(addr)))
	_, err = c.Site(context.Background())
	want = "use the site's https port, usually the default one (https://blog.example.com); over plain http://blog.example.com:8080 WordPress refuses application passwords"
	if e := wpErr(t, err, KindTLS); !strings.Contains(e.Error(), want) {
		t.Errorf("%q lacks %q", e, want)
	}
}

// A port that answers with something that is neither TLS nor HTTP.
func TestHTTPSToPortThatIsNotTLS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				_, _ = conn.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
				_, _ = io.Copy(io.Discard, conn)
			}()
		}
	}()
	addr := ln.Addr().String()
	c, _ := newTestClient(t, "https://"+addr)
	_, err = c.Site(context.Background())
	want := "does not speak https (what it sent first is not TLS) — if it is a plain http site, use http://" + addr
	if e := wpErr(t, err, KindTLS); !strings.Contains(e.Error(), want) {
		t.Errorf("%q lacks %q", e, want)
	}
}
