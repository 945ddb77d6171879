package medium

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wp2medium/wp2medium/internal/retryafter"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/internal/urltext"
)

// Defaults of a new Client.
const (
	DefaultBaseURL   = "https://api.medium.com/v1"
	DefaultUserAgent = "wp2medium/dev"
	DefaultTimeout   = 30 * time.Second
	// DefaultMaxRetries is how many times a GET is retried after a 429, 502,
	// 503, 504 or network error. Creates are never retried.
	DefaultMaxRetries = 3
)

// maxResponseBytes bounds what is read of an answer: Medium's are small, and a
// misbehaving proxy must not make the client buffer without limit.
const maxResponseBytes = 4 << 20

// maxRetryAfter is the longest Retry-After a GET waits for; a server asking
// for more is answered with the error instead of a frozen screen.
const maxRetryAfter = 10 * time.Second

// Client talks to Medium's API v1. Create it with NewClient; it is safe for
// concurrent use. Formatting a Client (%v, %+v, %#v) never shows its token.
type Client struct {
	// token is a closure, not a string: fmt prints a func as an address under
	// every verb, so even printing a dereferenced Client cannot show it.
	token      func() string
	baseURL    *url.URL
	httpClient *http.Client
	userAgent  string
	timeout    time.Duration
	maxRetries int
	backoff    func(retry int) time.Duration
	// err is a bad option (such as an invalid base URL), returned by every call
	// because options cannot fail on their own.
	err error
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another server, such as a fake in tests.
// HTTPS is required except for loopback hosts (127.0.0.1, ::1, localhost), so a
// token is never sent in clear over a network.
func WithBaseURL(raw string) Option {
	return func(c *Client) {
		u, err := ParseBaseURL(raw)
		if err != nil {
			c.err = err
			return
		}
		c.baseURL = u
	}
}

// WithHTTPClient uses hc for every request (its Transport, proxy, TLS
// settings). The client's own timeout still applies per request.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithUserAgent sets the User-Agent header, "name/version".
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua = strings.TrimSpace(ua); ua != "" {
			c.userAgent = ua
		}
	}
}

// WithTimeout bounds each request attempt (0 or less keeps the default).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithRetry sets how many times a GET is retried (0 disables retries) and the
// wait before retry number n (1-based); nil backoff keeps the default
// exponential one. Tests pass a backoff of a few milliseconds.
func WithRetry(maxRetries int, backoff func(retry int) time.Duration) Option {
	return func(c *Client) {
		c.maxRetries = max(maxRetries, 0)
		if backoff != nil {
			c.backoff = backoff
		}
	}
}

// NewClient returns a client that authenticates with an integration token.
func NewClient(token string, opts ...Option) *Client {
	token = strings.TrimSpace(token)
	base, _ := url.Parse(DefaultBaseURL)
	c := &Client{
		token:      func() string { return token },
		baseURL:    base,
		httpClient: http.DefaultClient,
		userAgent:  DefaultUserAgent,
		timeout:    DefaultTimeout,
		maxRetries: DefaultMaxRetries,
		backoff:    defaultBackoff,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// ParseBaseURL validates a base URL the way WithBaseURL does, so a settings
// form can reject a bad one before a client is built.
func ParseBaseURL(raw string) (*url.URL, error) {
	s := strings.TrimRight(strings.TrimSpace(raw), "/")
	// The URL is echoed in the errors, so never with a password typed into it.
	shown := termtext.CleanLine(urltext.WithoutUserinfo(strings.TrimSpace(raw)))
	u, err := url.Parse(s)
	if err != nil {
		return nil, &Error{Op: "configuring the client", Kind: KindInvalidRequest,
			Detail: fmt.Sprintf("base URL %q cannot be used: %s; give an absolute http(s) URL such as %s", shown, urltext.ParseProblem(err, s, urltext.WithoutUserinfo(s), ", which a base URL must not have"), DefaultBaseURL)}
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, &Error{Op: "configuring the client", Kind: KindInvalidRequest,
			Detail: fmt.Sprintf("base URL %q is not an absolute http(s) URL such as %s", shown, DefaultBaseURL)}
	}
	u.User = nil
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, &Error{Op: "configuring the client", Kind: KindInvalidRequest,
			Detail: fmt.Sprintf("base URL %q uses plain http; the token would travel unencrypted, use https (plain http is only allowed for 127.0.0.1 and localhost)", u.String())}
	}
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL is the API root the client sends requests to.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// String describes the client without its token.
func (c *Client) String() string {
	if c == nil {
		return "medium.Client(nil)"
	}
	tok := "none"
	if c.token != nil && c.token() != "" {
		tok = "set"
	}
	return fmt.Sprintf("medium.Client{baseURL: %s, userAgent: %q, token: %s}", c.baseURL, c.userAgent, tok)
}

// GoString is String, so %#v does not dump the token either.
func (c *Client) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q) print String.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	io.WriteString(f, c.String())
}

// call describes one API call for do.
type call struct {
	op          string // what the user would call it, for messages
	method      string
	path        string // below the base URL, already escaped
	body        []byte
	contentType string
	scope       string // the scope the call needs, named in a 6002 error
	create      bool   // not idempotent: never retried, outcome may be unknown
	// check inspects the decoded data and names what is missing, if anything.
	check func() string
}

// do runs a call, retrying GETs, and decodes the "data" envelope into out.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	if c.err != nil {
		e := *c.err.(*Error)
		e.Op = cl.op
		return &e
	}
	if c.token() == "" {
		return &Error{Op: cl.op, Kind: KindTokenRequired, Scope: cl.scope, Detail: "no Medium integration token is set"}
	}
	retries := 0
	if cl.method == http.MethodGet && !cl.create {
		retries = c.maxRetries
	}
	for attempt := 0; ; attempt++ {
		retryAfter, err := c.once(ctx, cl, out)
		if err == nil {
			return nil // not the typed nil *Error
		}
		if attempt >= retries || !err.retryable() || ctx.Err() != nil || retryAfter > maxRetryAfter {
			return err
		}
		t := time.NewTimer(max(c.backoff(attempt+1), retryAfter))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// once sends one request. The duration is the server's Retry-After, if any.
func (c *Client) once(ctx context.Context, cl call, out any) (time.Duration, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	// The trace tells a create that failed before anything was sent (refused
	// for sure) from one that failed after (the story may exist).
	var started, wrote atomic.Bool
	trace := &httptrace.ClientTrace{
		GetConn:      func(string) { started.Store(true) },
		WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, trace), cl.method, c.baseURL.String()+cl.path, bytes.NewReader(cl.body))
	if err != nil {
		return 0, &Error{Op: cl.op, Kind: KindInvalidRequest, Detail: err.Error(), Err: err}
	}
	if cl.body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	req.Header.Set("Authorization", "Bearer "+c.token())
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Accept-Charset", "utf-8")
	req.Header.Set("Content-Type", "application/json")
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	req.Header.Set("User-Agent", c.userAgent)

	resp, err := c.httpClient.Do(req)
	if err != nil {
		sent := wrote.Load() || (!started.Load() && !clearlyUnsent(err))
		return 0, c.transportError(ctx, actx, cl, err, sent, 0)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		// The status line arrived, the body did not: a refused create is still
		// refused, anything else may have happened.
		return 0, c.transportError(ctx, actx, cl, err, resp.StatusCode/100 != 4, resp.StatusCode)
	}
	if resp.StatusCode/100 != 2 {
		e := c.responseError(cl, resp, raw)
		now := time.Now()
		t, ok := retryafter.Parse(resp.Header.Get("Retry-After"), now)
		if !ok || !t.After(now) {
			return 0, e
		}
		e.RetryAfter = t
		return t.Sub(now), e
	}
	if err := decodeData(raw, out); err != nil {
		return 0, c.badBody(cl, resp, raw, err.Error())
	}
	if cl.check != nil {
		if missing := cl.check(); missing != "" {
			return 0, c.badBody(cl, resp, raw, missing)
		}
	}
	return 0, nil
}

// decodeData unwraps {"data": ...}. An answer that is not JSON at all is
// reported as such, with no JSON error details that would only confuse.
func decodeData(raw []byte, out any) error {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errNotJSON
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return fmt.Errorf("malformed JSON: %w", err)
	}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		return errors.New(`the answer has no "data"`)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("unexpected data: %w", err)
	}
	return nil
}

var errNotJSON = errors.New("not JSON")

// clearlyUnsent reports errors that happen before a request can leave: no
// address, no connection, no TLS session.
func clearlyUnsent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// defaultBackoff waits 0.5s, 1s, 2s, ... with jitter so that several clients
// do not retry in step.
func defaultBackoff(retry int) time.Duration {
	d := 500 * time.Millisecond << min(retry-1, 5)
	return d/2 + rand.N(d/2+1)
}
