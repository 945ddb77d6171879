package medium_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

var postsPath = "/users/" + mediumtest.DefaultUserID + "/posts"

func TestErrorCodesGiveKindAndAdvice(t *testing.T) {
	cases := []struct {
		code   int
		status int
		kind   medium.ErrorKind
		advice string
	}{
		{6000, 403, medium.KindInvalidToken, "did not accept the token that was sent"},
		{6001, 401, medium.KindInvalidToken, "if yours was revoked use the import route"},
		{6003, 401, medium.KindInvalidToken, "Medium no longer issues new tokens"},
		{6002, 403, medium.KindMissingScope, "publishPost scope"},
		{6004, 400, medium.KindUserNotFound, "no such user"},
		{6005, 401, medium.KindTokenDisabled, "application no longer exists"},
		{6027, 403, medium.KindAPIDisabled, "turned the API off"},
		{2014, 400, medium.KindPublishedAtInFuture, "check your clock"},
		{9999, 400, medium.KindInvalidRequest, ""},
		{9999, 418, medium.KindOther, ""},
	}
	for _, tc := range cases {
		srv := newFake(t)
		msg := fmt.Sprintf("Medium message for %d", tc.code)
		srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Status: tc.status, Code: tc.code, Message: msg})
		_, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
		e := asError(t, err)
		if e.Kind != tc.kind || e.Code != tc.code || e.StatusCode != tc.status || e.Message != msg {
			t.Errorf("code %d: %#v", tc.code, e)
		}
		s := err.Error()
		if !strings.Contains(s, msg) || !strings.Contains(s, fmt.Sprint(tc.code)) || !strings.Contains(s, e.Advice()) {
			t.Errorf("code %d: message, code or advice missing from %q", tc.code, s)
		}
		if tc.advice != "" && !strings.Contains(e.Advice(), tc.advice) {
			t.Errorf("code %d: advice %q lacks %q", tc.code, e.Advice(), tc.advice)
		}
		if medium.IsOutcomeUnknown(err) {
			t.Errorf("code %d: a 4xx must be a definite refusal", tc.code)
		}
		if tc.kind.String() == "" || strings.HasPrefix(tc.kind.String(), "ErrorKind(") {
			t.Errorf("kind %d has no name", tc.kind)
		}
	}
}

func TestTokenErrorsFromFake(t *testing.T) {
	srv := newFake(t)
	_, err := medium.NewClient("  ", medium.WithBaseURL(srv.URL)).Me(context.Background())
	if e := asError(t, err); e.Kind != medium.KindTokenRequired || len(srv.Requests()) != 0 {
		t.Errorf("no token: %#v, %d requests", e, len(srv.Requests()))
	}
	_, err = medium.NewClient("revoked-token-123", medium.WithBaseURL(srv.URL)).Me(context.Background())
	if e := asError(t, err); e.Kind != medium.KindInvalidToken || e.Code != 6003 || e.Message != "Token was invalid." {
		t.Errorf("unknown token: %#v", e)
	}
	if !strings.Contains(err.Error(), medium.ImportURL) {
		t.Errorf("no import route in %q", err)
	}
}

// A 6000 ("token required") to a request that carried the token must not
// tell the user to add the token they already have.
func TestTokenRequiredAlthoughTokenSent(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		srv := newFake(t)
		srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Status: status, Code: 6000, Message: "An access token is required."})
		_, err := newClient(srv).Me(context.Background())
		e := asError(t, err)
		if !srv.Requests()[0].BearerIs(mediumtest.DefaultToken) {
			t.Fatalf("HTTP %d: the request did not carry the token", status)
		}
		if e.Kind != medium.KindInvalidToken || e.Code != 6000 || e.StatusCode != status {
			t.Errorf("HTTP %d: %#v", status, e)
		}
		s := err.Error()
		for _, want := range []string{"did not accept the token that was sent", "revoked or disabled",
			"no longer issues new tokens", "Security and apps", medium.ImportURL, "code 6000"} {
			if !strings.Contains(s, want) {
				t.Errorf("HTTP %d: %q lacks %q", status, s, want)
			}
		}
		if strings.Contains(s, "Add your") {
			t.Errorf("HTTP %d: told to add a token that was sent: %q", status, s)
		}
	}
}

func TestTokenRequiredWithoutToken(t *testing.T) {
	srv := newFake(t)
	_, err := medium.NewClient("", medium.WithBaseURL(srv.URL)).Me(context.Background())
	if e := asError(t, err); e.Kind != medium.KindTokenRequired || !strings.Contains(err.Error(), "Add your Medium integration token") {
		t.Errorf("no token: %v", err)
	}
}

// A redirect to another host loses the Authorization header (Go's client
// drops it), so there the 6000 is true, but the fix is the base URL.
func TestTokenRequiredAfterRedirectToAnotherHost(t *testing.T) {
	srv := newFake(t)
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	other := "localhost:" + port
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+other+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirect.Close)
	_, err := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(redirect.URL)).Me(context.Background())
	e := asError(t, err)
	if e.Kind != medium.KindTokenRequired || e.Code != 6000 {
		t.Fatalf("redirected: %#v", e)
	}
	for _, want := range []string{"redirected to " + other, "base URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "Add your") {
		t.Errorf("told to add a token that is set: %q", err)
	}
}

func TestTokenNeverInOutput(t *testing.T) {
	const token = "s3cr3t-token-abcdef0123456789"
	srv := newFake(t, mediumtest.WithUser(token, medium.User{ID: "u9", Username: "nine"}))
	ctx := context.Background()
	var errs []error
	try := func(f mediumtest.Fault, call func(c *medium.Client) error) {
		srv.Inject(f)
		errs = append(errs, call(medium.NewClient(token, medium.WithBaseURL(srv.URL), medium.WithRetry(0, nil))))
	}
	me := func(c *medium.Client) error { _, err := c.Me(ctx); return err }
	create := func(c *medium.Client) error { _, err := c.CreatePost(ctx, "u9", samplePost()); return err }
	try(mediumtest.Fault{Kind: mediumtest.FaultError, Status: 401, Code: 6003, Message: "Token " + token + " was invalid."}, me)
	try(mediumtest.Fault{Kind: mediumtest.FaultStatus, Status: 503}, create)
	try(mediumtest.Fault{Kind: mediumtest.FaultDrop}, create)
	try(mediumtest.Fault{Kind: mediumtest.FaultHTML}, me)
	try(mediumtest.Fault{Kind: mediumtest.FaultMalformedJSON}, me)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang})
	_, err := medium.NewClient(token, medium.WithBaseURL(srv.URL)).Me(short)
	errs = append(errs, err)
	closed := mediumtest.NewServer()
	closed.Close()
	_, err = medium.NewClient(token, medium.WithBaseURL(closed.URL), fastRetry).Me(ctx)
	errs = append(errs, err)

	c := medium.NewClient(token, medium.WithBaseURL(srv.URL))
	var shown []string
	for _, v := range []any{c, *c} {
		shown = append(shown, fmt.Sprintf("%v %+v %#v %s", v, v, v, v))
	}
	for _, err := range errs {
		if err == nil {
			t.Fatal("expected an error")
		}
		shown = append(shown, fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err))
		if errors.Unwrap(err) != nil {
			shown = append(shown, fmt.Sprintf("%v %+v", errors.Unwrap(err), errors.Unwrap(err)))
		}
	}
	for _, s := range shown {
		if strings.Contains(s, token) {
			t.Errorf("token leaked: %s", s)
		}
	}
	if !strings.Contains(fmt.Sprint(errs[0]), "[redacted]") {
		t.Errorf("echoed token not redacted: %v", errs[0])
	}
	for _, r := range srv.Requests() {
		if strings.Contains(fmt.Sprint(r.Header), token) {
			t.Errorf("fake recorded the token: %v", r.Header)
		}
	}
}

func TestCreateIsNeverRetried(t *testing.T) {
	srv := newFake(t)
	srv.FailNext(5, http.StatusServiceUnavailable)
	_, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if medium.KindOf(err) != medium.KindServer || !medium.IsOutcomeUnknown(err) {
		t.Fatalf("503 on create: kind %v, unknown %t: %v", medium.KindOf(err), medium.IsOutcomeUnknown(err), err)
	}
	if n := len(srv.RequestsTo(http.MethodPost, postsPath)); n != 1 {
		t.Errorf("create sent %d times, want 1", n)
	}
	if !strings.Contains(err.Error(), "may have been created anyway") {
		t.Errorf("no warning in %q", err)
	}
}

func TestGetRetries(t *testing.T) {
	for _, status := range []int{429, 502, 503, 504} {
		srv := newFake(t)
		srv.FailNext(medium.DefaultMaxRetries, status)
		if _, err := newClient(srv).Me(context.Background()); err != nil {
			t.Errorf("%d x%d then OK: %v", status, medium.DefaultMaxRetries, err)
		}
		if n := len(srv.RequestsTo(http.MethodGet, "/me")); n != medium.DefaultMaxRetries+1 {
			t.Errorf("%d: %d requests, want %d", status, n, medium.DefaultMaxRetries+1)
		}
	}

	srv := newFake(t)
	srv.FailNext(10, 503)
	_, err := newClient(srv).Me(context.Background())
	if medium.KindOf(err) != medium.KindServer || medium.IsOutcomeUnknown(err) {
		t.Errorf("persistent 503: %v", err)
	}
	if n := len(srv.Requests()); n != medium.DefaultMaxRetries+1 {
		t.Errorf("persistent 503: %d requests, want %d", n, medium.DefaultMaxRetries+1)
	}

	srv = newFake(t)
	srv.FailNext(1, 500)
	if _, err := newClient(srv).Me(context.Background()); err == nil || len(srv.Requests()) != 1 {
		t.Errorf("500 must not be retried: err %v, %d requests", err, len(srv.Requests()))
	}

	srv = newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Path: "/me"})
	if _, err := newClient(srv).Me(context.Background()); err != nil {
		t.Errorf("dropped GET then OK: %v", err)
	}
}

func TestGetRetriesAfterAttemptTimeout(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang, Path: "/me"})
	u, err := newClient(srv, medium.WithTimeout(250*time.Millisecond)).Me(context.Background())
	if err != nil || u.ID != mediumtest.DefaultUserID {
		t.Fatalf("Me after one hung attempt: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestDroppedCreateIsOutcomeUnknown(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: http.MethodPost, Path: postsPath})
	_, err := newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if !medium.IsOutcomeUnknown(err) || medium.KindOf(err) != medium.KindNetwork {
		t.Fatalf("dropped create: kind %v, unknown %t: %v", medium.KindOf(err), medium.IsOutcomeUnknown(err), err)
	}
	if len(srv.Posts()) != 1 {
		t.Fatalf("fake has %d posts; the dropped create must have made one", len(srv.Posts()))
	}
	if n := len(srv.RequestsTo(http.MethodPost, postsPath)); n != 1 {
		t.Errorf("create sent %d times", n)
	}
}

func TestCreateTimeoutIsOutcomeUnknown(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang, Process: true})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := newClient(srv).CreatePost(ctx, mediumtest.DefaultUserID, samplePost())
	if medium.KindOf(err) != medium.KindTimeout || !medium.IsOutcomeUnknown(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung create: kind %v, unknown %t: %v", medium.KindOf(err), medium.IsOutcomeUnknown(err), err)
	}
	if len(srv.Posts()) != 1 {
		t.Errorf("fake has %d posts", len(srv.Posts()))
	}
}

func TestCanceledGetIsNotRetried(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHang, Times: -1})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := newClient(srv).Me(ctx)
	if medium.KindOf(err) != medium.KindCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled: %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests after cancel, want 1", n)
	}
}

func TestUnreachableCreateIsRefused(t *testing.T) {
	srv := newFake(t)
	base := srv.URL
	srv.Close()
	_, err := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(base)).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if medium.KindOf(err) != medium.KindNetwork || medium.IsOutcomeUnknown(err) {
		t.Fatalf("connection refused: kind %v, unknown %t: %v", medium.KindOf(err), medium.IsOutcomeUnknown(err), err)
	}
}

func TestHTMLBody(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHTML, Times: -1})
	_, err := newClient(srv, medium.WithRetry(0, nil)).Me(context.Background())
	e := asError(t, err)
	if e.Kind != medium.KindServer || e.StatusCode != 502 {
		t.Fatalf("HTML 502: %#v", e)
	}
	for _, want := range []string{"text/html", `"502 Bad Gateway"`, "HTTP 502"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "<") {
		t.Errorf("markup in %q", err)
	}

	srv = newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultHTML, Status: 403})
	_, err = newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if e := asError(t, err); e.Kind != medium.KindBadResponse || medium.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "403 Forbidden") {
		t.Errorf("HTML 403 on create: %v", err)
	}
}

func TestMalformedJSON(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultMalformedJSON})
	_, err := newClient(srv).Me(context.Background())
	if e := asError(t, err); e.Kind != medium.KindBadResponse || !strings.Contains(err.Error(), "malformed JSON") {
		t.Errorf("malformed /me: %v", err)
	}
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultMalformedJSON, Process: true, Status: 201})
	_, err = newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if medium.KindOf(err) != medium.KindBadResponse || !medium.IsOutcomeUnknown(err) || len(srv.Posts()) != 1 {
		t.Errorf("malformed 201 on create: unknown %t, posts %d: %v", medium.IsOutcomeUnknown(err), len(srv.Posts()), err)
	}
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultMalformedJSON, Status: 400})
	_, err = newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if medium.KindOf(err) != medium.KindBadResponse || medium.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "malformed JSON") {
		t.Errorf("malformed 400 on create: %v", err)
	}
}

func TestHostileMessageIsCleanedAndTruncated(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Status: 400, Code: 1234,
		Message: "\x1b]52;c;ZXZpbA==\x07bad\x1b[2J\r\n" + strings.Repeat("x", 1000)})
	_, err := newClient(srv).Me(context.Background())
	e := asError(t, err)
	if strings.ContainsAny(e.Message, "\x1b\x07\r\n") || !strings.HasPrefix(e.Message, "bad x") {
		t.Errorf("message not cleaned: %q", e.Message)
	}
	if n := len([]rune(e.Message)); n > 300 || !strings.HasSuffix(e.Message, "…") {
		t.Errorf("message not truncated: %d runes", n)
	}
}

// rawServer answers every request with status, content type and body, and
// counts the requests.
func rawServer(t *testing.T, status int, header map[string]string, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestPlainTextBodyShowsFirstBytes(t *testing.T) {
	srv, _ := rawServer(t, 503, map[string]string{"Content-Type": "text/plain"},
		"upstream connect error\x1b[31m or disconnect/reset before headers")
	_, err := medium.NewClient("tok-1234", medium.WithBaseURL(srv.URL), medium.WithRetry(0, nil)).Me(context.Background())
	s := fmt.Sprint(err)
	if medium.KindOf(err) != medium.KindServer || !strings.Contains(s, "text/plain") ||
		!strings.Contains(s, "upstream connect error or disconnect") || strings.Contains(s, "\x1b") {
		t.Errorf("plain-text 503: %q", s)
	}
}

func TestRetryAfter(t *testing.T) {
	srv, n := rawServer(t, 429, map[string]string{"Retry-After": "3600"}, `{"errors":[{"message":"slow down"}]}`)
	_, err := medium.NewClient("tok-1234", medium.WithBaseURL(srv.URL), fastRetry).Me(context.Background())
	if medium.KindOf(err) != medium.KindRateLimited || n.Load() != 1 {
		t.Errorf("Retry-After 1h: %d requests, %v", n.Load(), err)
	}
	srv, n = rawServer(t, 429, map[string]string{"Retry-After": "0"}, `{"errors":[{"message":"slow down"}]}`)
	medium.NewClient("tok-1234", medium.WithBaseURL(srv.URL), fastRetry).Me(context.Background())
	if n.Load() != medium.DefaultMaxRetries+1 {
		t.Errorf("Retry-After 0: %d requests", n.Load())
	}
}

// A 429, or the daily limit under any status, with Retry-After says when to
// try again and exposes the time.
func TestRateLimitSaysWhenToRetry(t *testing.T) {
	at := time.Now().Add(3 * time.Hour).UTC().Truncate(time.Second)
	cases := []struct {
		name       string
		fault      mediumtest.Fault
		get        bool
		retryAfter time.Time // zero: about 42 minutes from now
		want       []string
	}{
		{"429 seconds on a GET", mediumtest.Fault{Kind: mediumtest.FaultStatus, Status: 429, RetryAfter: "2520", Times: -1}, true, time.Time{},
			[]string{"Medium asks to wait until ", "(in 42 minutes)"}},
		{"daily limit as 403 with a date", mediumtest.Fault{Kind: mediumtest.FaultError, Status: 403, Message: mediumtest.RateLimitMessage,
			RetryAfter: at.Format(http.TimeFormat)}, false, at,
			[]string{"about 10 new posts per 24 hours", "Medium asks to wait until ", "(in 3 hours)"}},
		{"daily limit as 429", mediumtest.Fault{Kind: mediumtest.FaultError, Status: 429, Code: 1007, Message: mediumtest.RateLimitMessage,
			RetryAfter: "2520"}, false, time.Time{},
			[]string{"about 10 new posts per 24 hours", "(in 42 minutes)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			srv.Inject(tc.fault)
			start := time.Now()
			var err error
			if tc.get {
				_, err = newClient(srv).Me(context.Background())
			} else {
				_, err = newClient(srv).CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
			}
			e := asError(t, err)
			if e.Kind != medium.KindRateLimited || medium.IsOutcomeUnknown(err) {
				t.Fatalf("%#v", e)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests; a wait of hours must not be retried", n)
			}
			want := tc.retryAfter
			if want.IsZero() {
				want = start.Add(42 * time.Minute)
			}
			if d := e.RetryAfter.Sub(want); d < -time.Second || d > time.Second {
				t.Errorf("RetryAfter = %v, want about %v", e.RetryAfter, want)
			}
			s := err.Error()
			for _, w := range append(tc.want, e.RetryAfter.UTC().Format("15:04 UTC")) {
				if !strings.Contains(s, w) {
					t.Errorf("%q lacks %q", s, w)
				}
			}
			if strings.Contains(s, "try again tomorrow") || strings.Contains(s, "wait a minute") {
				t.Errorf("generic advice despite Retry-After: %q", s)
			}
			if !strings.Contains(fmt.Sprintf("%#v", e), "RetryAfter:"+e.RetryAfter.UTC().Format(time.RFC3339)) {
				t.Errorf("%%#v lacks RetryAfter: %#v", e)
			}
		})
	}
}

// After the retries a GET allows, the last answer's Retry-After is still
// reported.
func TestRetryAfterSurvivesRetries(t *testing.T) {
	srv := newFake(t)
	srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultStatus, Status: 503, RetryAfter: "1", Times: -1})
	c := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL), medium.WithRetry(1, func(int) time.Duration { return time.Millisecond }))
	_, err := c.Me(context.Background())
	e := asError(t, err)
	if e.Kind != medium.KindServer || e.RetryAfter.IsZero() || len(srv.Requests()) != 2 {
		t.Fatalf("%d requests: %#v", len(srv.Requests()), e)
	}
	if !strings.Contains(err.Error(), "Medium asks to wait until ") && !strings.Contains(err.Error(), "Medium asked to wait until ") {
		t.Errorf("%q does not say when", err)
	}
}

// https sent to a port that speaks plain http: say so, and what to use.
func TestHTTPSToPlainHTTPPort(t *testing.T) {
	srv := newFake(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	c := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL("https://"+addr+"/v1"), fastRetry)
	_, err := c.Me(context.Background())
	e := asError(t, err)
	if e.Kind != medium.KindNetwork {
		t.Fatalf("%#v", e)
	}
	want := "this port speaks http, not https. Use http://" + addr + "/v1 as the API base URL (or the server's https port)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("%q lacks %q", err, want)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the handler", n)
	}

	_, err = c.CreatePost(context.Background(), mediumtest.DefaultUserID, samplePost())
	if !strings.Contains(fmt.Sprint(err), "speaks http, not https") || medium.IsOutcomeUnknown(err) {
		t.Errorf("create: unknown %t: %v", medium.IsOutcomeUnknown(err), err)
	}

	// Not loopback: http would send the token in clear, so only https fits.
	public := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL("https://api.example.com:8080/v1"), medium.WithHTTPClient(dialTo(addr)))
	_, err = public.Me(context.Background())
	if s := fmt.Sprint(err); !strings.Contains(s, "speaks http, not https") || !strings.Contains(s, "Use the server's https port") || strings.Contains(s, "Use http://") {
		t.Errorf("public host: %q", s)
	}
}

// A port that answers with something that is neither TLS nor HTTP.
func TestHTTPSToPortThatIsNotTLS(t *testing.T) {
	addr := bannerServer(t, "SSH-2.0-OpenSSH_9.6\r\n")
	_, err := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL("https://"+addr), fastRetry).Me(context.Background())
	want := "does not speak https (what it sent first is not TLS). If it is a plain http server, use http://" + addr + " as the API base URL"
	if medium.KindOf(err) != medium.KindNetwork || !strings.Contains(fmt.Sprint(err), want) {
		t.Errorf("%q lacks %q", err, want)
	}
}

// dialTo sends every connection to addr, so a public host name reaches a
// local server.
func dialTo(addr string) *http.Client {
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// bannerServer listens on 127.0.0.1 and writes banner to every connection,
// as a server of another protocol would, and returns its address.
func bannerServer(t *testing.T, banner string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				io.WriteString(conn, banner)
				io.Copy(io.Discard, conn)
			}()
		}
	}()
	return ln.Addr().String()
}
