package wordpress

import (
	"context"
	"net/http"
	"sync"
)

// The preview lane. A site has a few PHP workers and a listing keeps
// WithWorkers of them busy with pages; a preview asked for meanwhile
// competed with every page requested after it, for the workers and for
// the site's CPU, and each of its look-ups queued again. So the requests a
// person is waiting for (Post and its look-ups, the cross-link) are
// foreground: while any runs, listing workers start no new page (pages
// already asked for finish), and foreground requests travel over their own
// connections, so no client-side connection limit or busy HTTP/2
// connection holds them.

// foreground counts the foreground requests in flight. The zero value is
// ready: nothing in flight.
type foreground struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while n is 0
}

// begin counts one foreground request in; call end exactly once when it
// is over, whatever its outcome.
func (f *foreground) begin() (end func()) {
	f.mu.Lock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.n--; f.n == 0 {
				close(f.idle)
				f.idle = nil
			}
		})
	}
}

// wait returns nil when no foreground request is in flight, or ctx's error
// if it ends first. A request that begins right after wait returned does
// not stop the page about to be fetched: that page is already under way.
func (f *foreground) wait(ctx context.Context) error {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type foregroundKey struct{}

// foregroundCtx marks ctx as a foreground request's and counts it in; end
// counts it out. Nested calls count once.
func (c *Client) foregroundCtx(ctx context.Context) (_ context.Context, end func()) {
	if isForeground(ctx) {
		return ctx, func() {}
	}
	return context.WithValue(ctx, foregroundKey{}, true), c.fg.begin()
}

func isForeground(ctx context.Context) bool {
	on, _ := ctx.Value(foregroundKey{}).(bool)
	return on
}

// httpFor is the HTTP client a request under ctx goes through.
func (c *Client) httpFor(ctx context.Context) *http.Client {
	if isForeground(ctx) {
		return c.foregroundHTTP
	}
	return c.httpClient
}

// ownConnections returns a client like hc whose transport is a clone of
// hc's, so it shares settings (proxy, TLS, dialer, limits) but not
// connections. A transport that is not an *http.Transport cannot be cloned:
// then hc itself is returned and the lane only has the ordering.
func ownConnections(hc *http.Client) *http.Client {
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	tr, ok := rt.(*http.Transport)
	if !ok {
		return hc
	}
	own := *hc
	own.Transport = tr.Clone()
	return &own
}
