package wordpress

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

const (
	testUser = "editor"
	testPass = "abcd EFGH 1234 ijkl MNOP 5678"
)

// sleepLog records the waits the retry loop asked for, and waits only a
// millisecond, so retry tests stay fast and can assert the waits.
type sleepLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return sleepCtx(ctx, time.Millisecond)
}

func (s *sleepLog) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func newTestClient(t testing.TB, siteURL string, opts ...Option) (*Client, *sleepLog) {
	t.Helper()
	c, err := NewClient(siteURL, opts...)
	if err != nil {
		t.Fatalf("NewClient(%q): %v", siteURL, err)
	}
	log := &sleepLog{}
	c.retryBase = 100 * time.Millisecond
	c.sleep = log.sleep
	return c, log
}

func newFake(t testing.TB, opts ...wptest.Option) *wptest.Server {
	t.Helper()
	s := wptest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// wpErr asserts err is an *Error of kind and returns it.
func wpErr(t *testing.T, err error, kind ErrorKind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *wordpress.Error", err, err)
	}
	if e.Kind != kind {
		t.Fatalf("kind = %v, want %v; error: %v", e.Kind, kind, e)
	}
	return e
}

var base = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
