// Package mediumtest is an in-process fake of Medium's API v1 that follows
// docs/medium-api.md: tokens, users, publications and their roles,
// create-post validation (including code 2014 and the daily limit), image
// uploads, and injectable faults (5xx, hangs, dropped connections, HTML and
// malformed answers). It records every request for assertions and needs no
// *testing.T, so the demo mode can run on it too.
package mediumtest

import (
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

// The demo account every Server starts with.
const (
	DefaultToken  = "mediumtest-token-2f6c0d1e9a7b4c3d"
	DefaultUserID = "1f86a2b3c4d5"
	// EditorPublicationID is a publication where the default user is an editor.
	EditorPublicationID = "b45573563f5a"
	// WriterPublicationID is a publication where the default user is a writer,
	// so only drafts are accepted there.
	WriterPublicationID = "29cc3a48d9e1"
	// DefaultDailyLimit is how many posts a user may create per 24 hours.
	DefaultDailyLimit = 10
)

// RateLimitMessage is the message of the daily-limit error, word for word.
const RateLimitMessage = "User has reached the rate limit for publishing today."

// maxBodyBytes bounds a request body; images are the largest.
const maxBodyBytes = 32 << 20

// Server is a running fake. Its zero value is not usable: call NewServer.
type Server struct {
	// URL is the root of the fake, such as http://127.0.0.1:41234. The API
	// answers both at URL and at URL+"/v1", so either works as a base URL.
	URL string

	srv       *httptest.Server
	done      chan struct{} // closed by Close, releases hanging handlers
	closeOnce sync.Once

	mu            sync.Mutex
	now           func() time.Time
	tokens        map[string]string // token -> user id
	users         map[string]medium.User
	pubs          map[string]medium.Publication
	pubOrder      []string
	members       map[string][]medium.Contributor // publication id -> contributors
	missingScopes map[string]map[string]bool      // token -> scope -> lacks it
	dailyLimit    int
	posts         []Post
	images        []Image
	requests      []Request
	faults        []*Fault
	// The public feed (feed.go): items set by WithFeed or SetFeed, else the
	// public stories created; feedRefused answers 403.
	feed        []medium.FeedItem
	feedSet     bool
	feedRefused bool
}

// Option configures a Server.
type Option func(*Server)

// WithUser makes token authenticate as u (added if new). Several tokens may
// map to one user.
func WithUser(token string, u medium.User) Option {
	return func(s *Server) {
		s.users[u.ID] = u
		s.tokens[token] = u.ID
	}
}

// WithPublication adds a publication with its contributors (their
// PublicationID is filled in). Users listed here see it in their publications.
func WithPublication(p medium.Publication, contributors ...medium.Contributor) Option {
	return func(s *Server) {
		if _, ok := s.pubs[p.ID]; !ok {
			s.pubOrder = append(s.pubOrder, p.ID)
		}
		s.pubs[p.ID] = p
		for _, c := range contributors {
			c.PublicationID = p.ID
			s.members[p.ID] = append(s.members[p.ID], c)
		}
	}
}

// WithoutScope makes token lack a scope (medium.ScopeListPublications,
// medium.ScopeUploadImage, ...): calls needing it fail with 403, code 6002.
func WithoutScope(token, scope string) Option {
	return func(s *Server) {
		if s.missingScopes[token] == nil {
			s.missingScopes[token] = map[string]bool{}
		}
		s.missingScopes[token][scope] = true
	}
}

// WithDailyLimit sets how many posts a user may create in any 24 hours
// (DefaultDailyLimit unless set; 0 or less removes the limit).
func WithDailyLimit(n int) Option {
	return func(s *Server) { s.dailyLimit = n }
}

// WithNow sets the fake's clock, used for the future-date check, the daily
// window and default publishedAt values.
func WithNow(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// NewServer starts a fake on 127.0.0.1 with the demo account (DefaultToken,
// DefaultUserID, an editor and a writer publication), then applies opts.
// Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		done:          make(chan struct{}),
		now:           time.Now,
		tokens:        map[string]string{},
		users:         map[string]medium.User{},
		pubs:          map[string]medium.Publication{},
		members:       map[string][]medium.Contributor{},
		missingScopes: map[string]map[string]bool{},
		dailyLimit:    DefaultDailyLimit,
	}
	demo := []Option{
		WithUser(DefaultToken, medium.User{
			ID: DefaultUserID, Username: "demo", Name: "Demo Writer",
			URL: "https://medium.com/@demo", ImageURL: "https://cdn-images-1.medium.com/fit/c/400/400/demo.png",
		}),
		WithPublication(medium.Publication{
			ID: EditorPublicationID, Name: "Demo Engineering", Description: "Where the demo user is an editor",
			URL: "https://medium.com/demo-engineering",
		}, medium.Contributor{UserID: DefaultUserID, Role: medium.RoleEditor}),
		WithPublication(medium.Publication{
			ID: WriterPublicationID, Name: "Demo Letters", Description: "Where the demo user is a writer",
			URL: "https://medium.com/demo-letters",
		}, medium.Contributor{UserID: DefaultUserID, Role: medium.RoleWriter}),
	}
	for _, opt := range append(demo, opts...) {
		opt(s)
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close releases hanging requests and shuts the server down.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		// Connections first: a hanging handler woken before its connection is
		// gone would answer an empty 200.
		s.srv.CloseClientConnections()
		close(s.done)
		s.srv.Close()
	})
}

// SetNow replaces the fake's clock while it runs.
func (s *Server) SetNow(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// Request is one request the fake received.
type Request struct {
	Method string
	// Path is the request path without the optional /v1 prefix.
	Path string
	// Header is the request's headers with the Authorization value replaced
	// by "[redacted]", so recorded requests never hold a token.
	Header http.Header
	Body   []byte
	// authSum is a hash of the Authorization value, for BearerIs.
	authSum [32]byte
	hasAuth bool
}

// BearerIs reports whether the request's Authorization header was exactly
// "Bearer " + token.
func (r Request) BearerIs(token string) bool {
	return r.hasAuth && r.authSum == sha256.Sum256([]byte("Bearer "+token))
}

// Post is a story the fake created.
type Post struct {
	medium.Post
	// Sent is the create-post body as received.
	Sent      medium.CreatePostRequest
	UserID    string
	CreatedAt time.Time
}

// Image is an uploaded image.
type Image struct {
	medium.Image
	Filename    string
	ContentType string
	Data        []byte
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsTo returns the requests with this method and path (without /v1);
// a trailing "*" matches a prefix ("/users/*"), as in a Fault.
func (s *Server) RequestsTo(method, path string) []Request {
	var out []Request
	match := Fault{Method: method, Path: path}
	for _, r := range s.Requests() {
		if r.Method == method && match.matches(r.Method, r.Path) {
			out = append(out, r)
		}
	}
	return out
}

// Posts returns the stories created so far, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// Images returns the images uploaded so far, in order.
func (s *Server) Images() []Image {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Image(nil), s.images...)
}

// serveHTTP records the request, then lets a fault or the API answer it.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		writeReply(w, fail(http.StatusRequestEntityTooLarge, 0, "Request body too large."))
		return
	}
	path := strings.TrimPrefix(r.URL.EscapedPath(), "/v1")
	if path == "" {
		path = "/"
	}
	if r.Method == http.MethodGet && strings.HasPrefix(path, "/img/") {
		s.serveImage(w, r, strings.TrimPrefix(path, "/img/"))
		return
	}
	rec := Request{Method: r.Method, Path: path, Header: r.Header.Clone(), Body: body}
	if auth, ok := r.Header["Authorization"]; ok && len(auth) > 0 {
		rec.hasAuth = true
		rec.authSum = sha256.Sum256([]byte(auth[0]))
		rec.Header.Set("Authorization", "[redacted]")
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	fault := s.takeFault(r.Method, path)
	s.mu.Unlock()

	if fault != nil && !fault.processes() {
		s.misbehave(w, r, fault)
		return
	}
	if r.Method == http.MethodGet && strings.HasPrefix(path, "/feed/@") {
		s.serveFeed(w, path) // public: no token, and RSS rather than JSON
		return
	}
	rep := s.route(r, path, body)
	if fault != nil && fault.Kind == FaultSlow {
		select {
		case <-time.After(fault.Delay):
		case <-s.done:
		}
	} else if fault != nil {
		s.misbehave(w, r, fault)
		return
	}
	writeReply(w, rep)
}
