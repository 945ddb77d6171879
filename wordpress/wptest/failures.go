package wptest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Failure is a canned misbehaviour for the requests of one route. Build one
// with the helpers (HTMLPage, MalformedJSON, WPError, RetryAfter, Delay) or
// by hand, and install it with Server.Fail.
type Failure struct {
	// Status and Body replace the normal answer when Status is not 0.
	Status      int
	Body        string
	ContentType string // default application/json
	RetryAfter  string // sets the Retry-After header
	// Delay holds the answer back (the normal one when Status is 0); a
	// client with a shorter timeout sees a timeout.
	Delay time.Duration
	// Times is how many requests fail; 0 means all of them.
	Times int
	// Page, if not 0, only matches requests for that page (?page=N).
	Page int
	// Method, if not "", only matches requests with that method ("POST"),
	// so a write can fail while the reads around it succeed.
	Method string
}

// HTMLPage answers with an HTML page titled title, as a security plugin, a
// CDN challenge or a login redirect would.
func HTMLPage(status int, title string) Failure {
	return Failure{Status: status, ContentType: "text/html; charset=UTF-8",
		Body: "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>"}
}

// MalformedJSON answers 200 with JSON cut short, as when PHP dies mid-answer.
func MalformedJSON() Failure {
	return Failure{Status: http.StatusOK, Body: `[{"id":1,"title":{"rendered":"Cut sh`}
}

// NoticeBeforeJSON answers 200 with a PHP notice printed before the JSON, a
// common sight on sites with WP_DEBUG_DISPLAY on.
func NoticeBeforeJSON() Failure {
	return Failure{Status: http.StatusOK, Body: "\nNotice: Undefined index: foo in /var/www/wp-content/plugins/x.php on line 3\n[]"}
}

// WPError answers with WordPress's error envelope.
func WPError(status int, code, message string) Failure {
	return Failure{Status: status, Body: `{"code":` + strconv.Quote(code) + `,"message":` + strconv.Quote(message) +
		`,"data":{"status":` + strconv.Itoa(status) + `}}`}
}

// RetryAfter answers status (429 or 503) with a Retry-After header for the
// first times requests, then normally.
func RetryAfter(status int, retryAfter string, times int) Failure {
	f := WPError(status, "too_many_requests", "Too many requests, slow down.")
	if status != http.StatusTooManyRequests {
		f = HTMLPage(status, "Service Unavailable")
	}
	f.RetryAfter, f.Times = retryAfter, times
	return f
}

// Delay holds every answer of the route back by d.
func Delay(d time.Duration) Failure { return Failure{Delay: d} }

type failure struct {
	route string
	Failure
	used int
}

// Fail installs f for route: a REST route ("/wp/v2/posts", "/" for the
// index; a trailing "*" matches a prefix, as in "/wp/v2/posts/*"), or "home"
// for the home page. Later failures for the same request win.
func (s *Server) Fail(route string, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failure{route: route, Failure: f})
}

// ClearFailures removes every installed failure.
func (s *Server) ClearFailures() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = nil
}

// takeFailure returns the failure for req and counts its use; s.mu held.
func (s *Server) takeFailure(req Request) *failure {
	for i := len(s.failures) - 1; i >= 0; i-- {
		f := s.failures[i]
		if !routeMatches(f.route, req.Route) || (f.Times > 0 && f.used >= f.Times) {
			continue
		}
		if f.Page != 0 && req.Query.Get("page") != strconv.Itoa(f.Page) {
			continue
		}
		if f.Method != "" && !strings.EqualFold(f.Method, req.Method) {
			continue
		}
		f.used++
		return f
	}
	return nil
}

func routeMatches(pattern, route string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(route, prefix)
	}
	return pattern == route
}

// apply writes the failure; false means "answer normally after the delay".
func (f *failure) apply(w http.ResponseWriter, r *http.Request) bool {
	if f.Delay > 0 {
		sleep(r, f.Delay)
		if r.Context().Err() != nil {
			return true
		}
	}
	if f.Status == 0 {
		return false
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json; charset=UTF-8"
	}
	w.Header().Set("Content-Type", ct)
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	return true
}
