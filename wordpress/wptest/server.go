// Package wptest is an in-process fake WordPress for tests, benchmarks and
// the --demo mode. It listens on 127.0.0.1 only and serves the shapes,
// headers and errors of the real REST API (wp/v2) for the routes wp2medium
// uses: the home page with its Link header, the REST index, posts (list,
// filtered by status, include and modified_after; single; and updating a
// post's content), users/me, tags, categories and
// media, under /wp-json/ and under ?rest_route=. Knobs turn on the ways real sites fail: no pretty
// permalinks, REST disabled, security plugins, application passwords
// unavailable, and per-route failures (status, HTML pages, malformed JSON,
// delays, 429/503 with Retry-After). WithMaxWorkers bounds how many requests
// it answers at once, as a PHP server's worker pool does.
//
// It does not import the wordpress package: it models the server, not the
// client, so the client's tests can use it from inside their package.
package wptest

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is a running fake WordPress. Create it with NewServer and Close it.
type Server struct {
	// URL is the site address, "http://127.0.0.1:port", no trailing slash.
	URL string

	ts  *httptest.Server
	cfg config

	mu         sync.Mutex
	posts      map[int]FakePost
	sorted     []*FakePost // date desc, id desc; nil when stale
	tags       map[int]string
	categories map[int]string
	media      map[int]FakeMedia
	failures   []*failure
	requests   []Request
	onRequest  func(Request)
	// slots bounds how many requests are answered at once (WithMaxWorkers);
	// nil means no bound.
	slots chan struct{}
}

type config struct {
	name, description       string
	username, appPassword   string
	user                    FakeUser
	pretty                  bool
	restDisabled            bool
	securityPlugin          bool
	appPasswordsUnavailable bool
	appPasswordsReject      bool
	cannotEdit              bool
	latency                 time.Duration
	maxWorkers              int
}

// FakeUser is the user the credentials belong to.
type FakeUser struct {
	ID   int
	Name string
	Slug string
}

// Option configures a Server.
type Option func(*config)

// WithSite sets the site name and tagline the REST index reports. They are
// served as given, so entities such as "&amp;" stay encoded like WordPress
// stores them.
func WithSite(name, description string) Option {
	return func(c *config) { c.name, c.description = name, description }
}

// WithCredentials makes the site accept this username and application
// password (spaces in the password are ignored, as WordPress does).
func WithCredentials(username, appPassword string) Option {
	return func(c *config) { c.username, c.appPassword = username, appPassword }
}

// WithUser sets who users/me says the credentials belong to.
func WithUser(u FakeUser) Option { return func(c *config) { c.user = u } }

// WithPrettyPermalinks turns pretty permalinks on (the default) or off. Off,
// /wp-json/ is the theme's 404 page and the Link header points to
// /?rest_route=/, as on a site with "Plain" permalinks.
func WithPrettyPermalinks(on bool) Option { return func(c *config) { c.pretty = on } }

// WithRESTDisabled mimics a plugin that disables the REST API: no Link
// header, and every REST request answers 401 rest_disabled.
func WithRESTDisabled() Option { return func(c *config) { c.restDisabled = true } }

// WithSecurityPlugin mimics security plugins that answer 401
// incorrect_password to every REST request carrying wrong credentials.
// Without it, wrong credentials are ignored and the request is anonymous.
func WithSecurityPlugin() Option { return func(c *config) { c.securityPlugin = true } }

// WithAppPasswordsUnavailable mimics a site where application passwords are
// off (plain http, or disabled by a plugin): the REST index does not
// advertise them, and credentials are ignored (requests are anonymous), or,
// with reject, every request carrying them answers 401
// application_passwords_disabled. Real sites do either.
func WithAppPasswordsUnavailable(reject bool) Option {
	return func(c *config) { c.appPasswordsUnavailable, c.appPasswordsReject = true, reject }
}

// WithoutEditRights makes the credentials belong to a user who may read but
// not edit the posts (a Subscriber, or an Author facing someone else's
// post): reading a single post with context=edit answers 403
// rest_forbidden_context and an update answers 403 rest_cannot_edit, as
// WordPress does for a logged-in user without the right.
func WithoutEditRights() Option { return func(c *config) { c.cannotEdit = true } }

// WithLatency delays every answer, to make loopback look like a network.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithMaxWorkers makes the site answer at most n requests at once, like
// PHP's built-in server with PHP_CLI_SERVER_WORKERS=n or PHP-FPM with
// pm.max_children=n: the others wait, in the order they arrived, until a
// worker is free. Delays (WithLatency, Delay failures) count as work, so a
// slow page holds its worker. The request log records arrival, not service.
func WithMaxWorkers(n int) Option { return func(c *config) { c.maxWorkers = n } }

// NewServer starts a fake WordPress with no posts. The caller must Close it.
func NewServer(opts ...Option) *Server {
	s := &Server{
		cfg: config{
			name:        "Fake Blog",
			description: "Just another WordPress site",
			pretty:      true,
			user:        FakeUser{ID: 1, Name: "Admin", Slug: "admin"},
		},
		posts:      map[int]FakePost{},
		tags:       map[int]string{},
		categories: map[int]string{1: "Uncategorized"},
		media:      map[int]FakeMedia{},
	}
	for _, opt := range opts {
		opt(&s.cfg)
	}
	if s.cfg.maxWorkers > 0 {
		s.slots = make(chan struct{}, s.cfg.maxWorkers)
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	return s
}

// Close shuts the server down.
func (s *Server) Close() { s.ts.Close() }

// Client returns an *http.Client for the server (plain http on loopback).
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Request is one request the server received, recorded for assertions.
// Whether credentials came is recorded; their value never is.
type Request struct {
	Method string
	// Route is the REST route ("/wp/v2/posts", "/" for the index), "home"
	// for the home page, or the URL path for anything else.
	Route string
	Query url.Values
	// RESTRouteForm is true for ?rest_route= requests.
	RESTRouteForm bool
	HasAuth       bool
	// RemoteAddr is the client's end of the connection ("127.0.0.1:53122"):
	// requests with the same one came over the same connection.
	RemoteAddr string
	// Body is the request body of a write (POST, PUT, PATCH), "" otherwise.
	Body string
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Count returns how many requests hit route (exact match).
func (s *Server) Count(route string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Route == route {
			n++
		}
	}
	return n
}

// OnRequest registers fn, called for every request before it is answered
// (outside the server's lock, so fn may add or delete posts).
func (s *Server) OnRequest(fn func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onRequest = fn
}

var numericRoute = regexp.MustCompile(`^(/wp/v2/(?:posts|media))/(\d+)$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := Request{Method: r.Method, Query: q, HasAuth: r.Header.Get("Authorization") != "", RemoteAddr: r.RemoteAddr}
	if isWrite(r.Method) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxWriteBody+1))
		if err != nil || len(body) > maxWriteBody {
			writeError(w, http.StatusRequestEntityTooLarge, "rest_request_too_large", "The request body could not be read.", nil)
			return
		}
		req.Body = string(body)
	}
	isREST := true
	switch {
	case q.Has("rest_route"):
		req.Route, req.RESTRouteForm = q.Get("rest_route"), true
		if req.Route == "" {
			req.Route = "/"
		}
		q.Del("rest_route")
	case r.URL.Path == "/wp-json" || strings.HasPrefix(r.URL.Path, "/wp-json/"):
		req.Route = strings.TrimPrefix(r.URL.Path, "/wp-json")
		if req.Route == "" {
			req.Route = "/"
		}
	case r.URL.Path == "/":
		req.Route, isREST = "home", false
	default:
		req.Route, isREST = r.URL.Path, false
	}
	if req.Route != "/" && req.Route != "home" {
		req.Route = strings.TrimSuffix(req.Route, "/")
	}

	s.mu.Lock()
	s.requests = append(s.requests, req)
	hook := s.onRequest
	f := s.takeFailure(req)
	s.mu.Unlock()
	if hook != nil {
		hook(req)
	}
	if s.slots != nil {
		select {
		case s.slots <- struct{}{}:
			defer func() { <-s.slots }()
		case <-r.Context().Done():
			return
		}
	}
	if s.cfg.latency > 0 {
		sleep(r, s.cfg.latency)
	}
	if f != nil && f.apply(w, r) {
		return
	}

	switch {
	case req.Route == "home":
		s.serveHome(w, r)
	case !isREST && strings.HasPrefix(req.Route, "/wp-content/uploads/"):
		serveImage(w, r)
	case !isREST:
		serveThemePage(w, http.StatusNotFound, "Page not found – "+s.cfg.name)
	case !req.RESTRouteForm && !s.cfg.pretty:
		// Plain permalinks: the rewrite rule for /wp-json/ does not exist.
		serveThemePage(w, http.StatusNotFound, "Page not found – "+s.cfg.name)
	case s.cfg.restDisabled:
		writeError(w, http.StatusUnauthorized, "rest_disabled", "The REST API has been disabled on this site.", nil)
	default:
		s.serveREST(w, r, req.Route, q, req.Body)
	}
}

func sleep(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// authState is who a REST request is from.
type authState int

const (
	anonymous authState = iota
	loggedIn
)

// authenticate mirrors WordPress: no credentials is anonymous; good ones log
// in; bad ones are ignored (anonymous) unless a security plugin, or
// unavailable application passwords, turn them into a 401 for every route.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (authState, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return anonymous, true
	}
	if s.cfg.appPasswordsUnavailable {
		if !s.cfg.appPasswordsReject {
			return anonymous, true
		}
		writeError(w, http.StatusUnauthorized, "application_passwords_disabled", "Application passwords are not available.", nil)
		return anonymous, false
	}
	user, pass, ok := parseBasic(h)
	if ok && s.cfg.username != "" && user == s.cfg.username && alnum(pass) == alnum(s.cfg.appPassword) {
		return loggedIn, true
	}
	if s.cfg.securityPlugin {
		if user != s.cfg.username {
			writeError(w, http.StatusUnauthorized, "invalid_username", "<strong>Error:</strong> Unknown username. Check again or try your email address.", nil)
		} else {
			writeError(w, http.StatusUnauthorized, "incorrect_password", "The provided password is an invalid application password.", nil)
		}
		return anonymous, false
	}
	return anonymous, true
}

func parseBasic(h string) (user, pass string, ok bool) {
	const prefix = "Basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(h[len(prefix):])
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(b), ":")
}

// alnum keeps letters and digits, as WordPress does before comparing an
// application password, so "abcd efgh" matches "abcdefgh".
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request, route string, q url.Values, body string) {
	who, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	fields := parseFields(q)
	if isWrite(r.Method) {
		if m := numericRoute.FindStringSubmatch(route); m != nil && m[1] == "/wp/v2/posts" {
			id, _ := strconv.Atoi(m[2])
			s.updatePost(w, r, who, id, fields, body)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
		return
	}
	switch route {
	case "/":
		s.serveIndex(w, fields)
		return
	case "/wp/v2/posts":
		s.servePosts(w, q, who, fields)
		return
	case "/wp/v2/users/me":
		s.serveMe(w, q, who, fields)
		return
	case "/wp/v2/tags", "/wp/v2/categories":
		s.serveTerms(w, route, q, fields)
		return
	}
	if m := numericRoute.FindStringSubmatch(route); m != nil {
		id, _ := strconv.Atoi(m[2])
		if m[1] == "/wp/v2/posts" {
			s.servePost(w, q, who, id, fields)
		} else {
			s.serveMedia(w, id, fields)
		}
		return
	}
	writeError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
}

func (s *Server) serveHome(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.restDisabled {
		root := s.URL + "/wp-json/"
		if !s.cfg.pretty {
			root = s.URL + "/?rest_route=/"
		}
		w.Header().Add("Link", "<"+root+`>; rel="https://api.w.org/"`)
	}
	serveThemePage(w, http.StatusOK, s.cfg.name)
}

func (s *Server) serveIndex(w http.ResponseWriter, fields fieldSet) {
	var auth any = []any{} // PHP's empty array
	if !s.cfg.appPasswordsUnavailable {
		auth = map[string]any{"application-passwords": map[string]any{
			"endpoints": map[string]any{"authorization": s.URL + "/wp-admin/authorize-application.php"},
		}}
	}
	writeJSON(w, http.StatusOK, fields.filter(map[string]any{
		"name":            s.cfg.name,
		"description":     s.cfg.description,
		"url":             s.URL,
		"home":            s.URL,
		"gmt_offset":      "0",
		"timezone_string": "",
		"namespaces":      []string{"oembed/1.0", "wp/v2", "wp-site-health/v1", "wp-block-editor/v1"},
		"authentication":  auth,
		"routes":          map[string]any{},
	}))
}

func (s *Server) serveMe(w http.ResponseWriter, q url.Values, who authState, fields fieldSet) {
	if who != loggedIn {
		writeError(w, http.StatusUnauthorized, "rest_not_logged_in", "You are not currently logged in.", nil)
		return
	}
	u := s.cfg.user
	data := map[string]any{
		"id": u.ID, "name": u.Name, "slug": u.Slug, "url": "", "description": "",
		"link": s.URL + "/author/" + u.Slug + "/",
	}
	if q.Get("context") == "edit" {
		data["username"] = s.cfg.username
		data["roles"] = []string{"administrator"}
	}
	writeJSON(w, http.StatusOK, fields.filter(data))
}
