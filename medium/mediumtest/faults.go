package mediumtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// FaultKind is how the fake misbehaves.
type FaultKind int

// The faults a Server can be told to produce.
const (
	// FaultStatus answers Status (503 if unset) with a JSON error.
	FaultStatus FaultKind = iota
	// FaultError answers Status (400 if unset) with Medium error Code and
	// Message, for codes the fake does not produce on its own (6001, 6005,
	// 6027, ...).
	FaultError
	// FaultHTML answers Status (502 if unset) with an HTML page, as a proxy
	// or load balancer does.
	FaultHTML
	// FaultMalformedJSON answers Status (200 if unset) with JSON cut short.
	FaultMalformedJSON
	// FaultHang never answers: the handler waits until the client gives up
	// or the server closes.
	FaultHang
	// FaultDrop reads the whole request, always processes it (a create makes
	// its post), then closes the connection without answering: the case a
	// client cannot tell from a refusal.
	FaultDrop
	// FaultSlow processes the request and sends the true answer after
	// Delay: a create Medium takes its time over.
	FaultSlow
)

// String names the fault kind.
func (k FaultKind) String() string {
	switch k {
	case FaultStatus:
		return "status"
	case FaultError:
		return "error"
	case FaultHTML:
		return "html"
	case FaultMalformedJSON:
		return "malformed-json"
	case FaultHang:
		return "hang"
	case FaultDrop:
		return "drop"
	case FaultSlow:
		return "slow"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault is a misbehaviour for the next matching requests.
type Fault struct {
	Kind FaultKind
	// Method matches any method when empty.
	Method string
	// Path is the request path without /v1 ("/me", "/users/ID/posts"). Empty
	// matches any path; a trailing "*" matches a prefix ("/users/*").
	Path string
	// Times is how many matching requests get the fault: 0 means one,
	// negative means every one.
	Times int
	// Process handles the request before misbehaving, so a create makes its
	// post although the client sees a failure. FaultDrop always processes.
	Process bool
	Status  int
	Code    int
	Message string
	// RetryAfter, when set, is sent as the Retry-After header: seconds
	// ("3600") or an HTTP date, as a 429 or 503 may carry.
	RetryAfter string
	// Delay is how long FaultSlow waits before answering.
	Delay time.Duration
}

// Inject queues a fault. Faults are matched in the order they were injected.
func (s *Server) Inject(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// FailNext makes the next n requests, whatever their path, answer status
// with a JSON error.
func (s *Server) FailNext(n, status int) {
	s.Inject(Fault{Kind: FaultStatus, Times: n, Status: status})
}

func (f *Fault) processes() bool { return f.Process || f.Kind == FaultDrop || f.Kind == FaultSlow }

func (f *Fault) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(f.Path, "*"))
	}
	return f.Path == path
}

// takeFault returns the first fault matching the request and uses up one of
// its times. The caller holds s.mu.
func (s *Server) takeFault(method, path string) *Fault {
	for i, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// misbehave answers (or does not answer) the way the fault says.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, f *Fault) {
	status := func(def int) int {
		if f.Status != 0 {
			return f.Status
		}
		return def
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch f.Kind {
	case FaultStatus:
		st := status(http.StatusServiceUnavailable)
		writeReply(w, fail(st, 0, http.StatusText(st)))
	case FaultError:
		writeReply(w, fail(status(http.StatusBadRequest), f.Code, f.Message))
	case FaultHTML:
		st := status(http.StatusBadGateway)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(st)
		fmt.Fprintf(w, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
			st, http.StatusText(st), st, http.StatusText(st))
	case FaultMalformedJSON:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status(http.StatusOK))
		fmt.Fprint(w, `{"data": {"id": "5e3a`)
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		dropConnection(w) // returning normally would send an empty 200
	case FaultDrop:
		dropConnection(w)
	}
}

// dropConnection closes the connection without writing anything.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("mediumtest: dropping a connection needs HTTP/1")
	}
	if conn, _, err := hj.Hijack(); err == nil {
		conn.Close()
	}
}
