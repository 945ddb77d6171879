// Package wordpress is a small client for the WordPress REST API (wp/v2): it
// discovers a site's REST root, lists posts page by page with bounded
// concurrency, and fetches one post with everything a preview or a cross-post
// needs. Every text field meant to be shown as it is (titles, names, links)
// is decoded and then cleaned with internal/termtext before it is returned;
// content is markup, returned as WordPress sent it, and cleaned by whatever
// decodes it (see PostDetail).
package wordpress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wp2medium/wp2medium/internal/urltext"
)

// Defaults for a new Client.
const (
	DefaultUserAgent = "wp2medium/dev"
	DefaultTimeout   = 30 * time.Second
	DefaultWorkers   = 4
	DefaultPerPage   = 100
)

// Client talks to one WordPress site. It is safe for concurrent use.
type Client struct {
	siteURL    *url.URL // normalised, no trailing slash
	restHint   string   // REST root given directly by the user (URL ending /wp-json), or ""
	httpClient *http.Client
	// foregroundHTTP carries the foreground requests (lane.go): httpClient
	// with a transport of its own, so its connections are never a listing's.
	foregroundHTTP *http.Client
	username       string
	password       string
	userAgent      string
	timeout        time.Duration
	workers        int

	// Retry policy; unexported so tests in this package can shorten it.
	maxRetries   int
	retryBase    time.Duration
	maxRetryWait time.Duration
	sleep        func(ctx context.Context, d time.Duration) error

	siteMu sync.Mutex
	site   *Site // cached after the first successful discovery
	// appPasswordsOff: the REST index lists authentication methods and
	// application passwords are not among them (WordPress hides them when
	// unavailable, e.g. on plain http).
	appPasswordsOff bool

	termsMu  sync.Mutex
	tagNames map[int]term
	catNames map[int]term

	fg foreground // the foreground requests in flight (lane.go)
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests through hc, for a proxy,
// custom TLS roots or a test transport. Previews go through a copy of hc
// with a clone of its transport, so they never wait for a connection a
// listing holds; a transport that is not an *http.Transport cannot be
// cloned and is shared.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithCredentials authenticates every REST request with HTTP Basic auth and
// an application password. The spaces WordPress shows in application
// passwords may be kept: WordPress ignores them. The credentials are never
// sent over plain http to a non-local host (KindAppPasswordsUnavailable):
// WordPress refuses application passwords there anyway.
func WithCredentials(username, appPassword string) Option {
	return func(c *Client) {
		c.username = strings.TrimSpace(username)
		c.password = appPassword
	}
}

// WithUserAgent sets the User-Agent header (default "wp2medium/dev").
func WithUserAgent(ua string) Option {
	return func(c *Client) {
		if ua != "" {
			c.userAgent = ua
		}
	}
}

// WithTimeout bounds each request, retries excluded (default 30s).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithWorkers sets how many listing pages are fetched at once (default 4).
func WithWorkers(n int) Option {
	return func(c *Client) {
		if n > 0 {
			c.workers = n
		}
	}
}

// NewClient returns a client for the site at siteURL, which may be a bare host
// ("blog.example.com"), a full URL ("https://blog.example.com/blog/") or the
// REST root itself ("https://blog.example.com/wp-json/").
//
// A bare host gets https, except for hosts that are only reachable locally
// (localhost, loopback and private addresses, *.localhost, *.local, *.test),
// which get http because local development sites rarely have a certificate.
// NewClient does no I/O; the REST root is discovered on first use.
func NewClient(siteURL string, opts ...Option) (*Client, error) {
	u, restHint, err := normaliseSiteURL(siteURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		siteURL:      u,
		restHint:     restHint,
		userAgent:    DefaultUserAgent,
		timeout:      DefaultTimeout,
		workers:      DefaultWorkers,
		maxRetries:   3,
		retryBase:    500 * time.Millisecond,
		maxRetryWait: 10 * time.Second,
		sleep:        sleepCtx,
		tagNames:     map[int]term{},
		catNames:     map[int]term{},
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.httpClient == nil {
		c.httpClient = defaultHTTPClient(c.workers)
	}
	c.foregroundHTTP = ownConnections(c.httpClient)
	return c, nil
}

// Authenticated reports whether credentials were given. It does not check
// them; Me does.
func (c *Client) Authenticated() bool { return c.username != "" && c.password != "" }

// SiteURL is the normalised site address, without a trailing slash.
func (c *Client) SiteURL() string { return c.siteURL.String() }

// String describes the client without its password.
func (c *Client) String() string {
	if c == nil {
		return "wordpress.Client(nil)"
	}
	auth := "none"
	if c.Authenticated() {
		auth = fmt.Sprintf("%q with an application password", c.username)
	}
	return fmt.Sprintf("wordpress.Client{site: %s, credentials: %s}", c.siteURL, auth)
}

// GoString is String, so %#v does not dump the password either.
func (c *Client) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s, %q) print String.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

func defaultHTTPClient(workers int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// The default of 2 idle connections per host would make the listing
	// workers open and close a connection for almost every page.
	tr.MaxIdleConnsPerHost = workers + 4
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			// Never follow a redirect from https to http with the password.
			if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
				req.Header.Del("Authorization")
			}
			return nil
		},
	}
}

func normaliseSiteURL(raw string) (*url.URL, string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, "", siteURLError(raw, "the site URL is empty")
	}
	if !strings.Contains(s, "://") {
		host := s
		if i := strings.IndexAny(host, "/?#"); i >= 0 {
			host = host[:i]
		}
		scheme := "https"
		if isLocalHost(hostOnly(host)) {
			scheme = "http"
		}
		s = scheme + "://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, "", siteURLError(raw, urltext.ParseProblem(err, raw, urltext.WithoutUserinfo(raw), ": put them in the settings, not in the URL"))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, "", siteURLError(raw, "only http and https sites are supported")
	case u.Host == "" || u.Hostname() == "":
		return nil, "", siteURLError(raw, "it has no host name")
	case u.User != nil:
		return nil, "", siteURLError(raw, "put the username and application password in the settings, not in the URL")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, "", siteURLError(raw, "it must not have a query (?...) or fragment (#...)")
	}
	u.Host = strings.ToLower(u.Host)
	path := strings.TrimRight(u.Path, "/")
	restHint := ""
	if strings.HasSuffix(path, "/wp-json") || path == "/wp-json" {
		path = strings.TrimSuffix(path, "/wp-json")
		restHint = u.Scheme + "://" + u.Host + path + "/wp-json/"
	}
	u.Path, u.RawPath = path, ""
	return u, restHint, nil
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// isLocalHost reports whether host can only be a development or LAN site,
// where WordPress itself allows application passwords over plain http.
func isLocalHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".test") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast()
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
