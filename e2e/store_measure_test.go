//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// countingTransport counts the requests a client sends.
type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

func measuredClient(t *testing.T) (*wordpress.Client, *countingTransport) {
	t.Helper()
	ct := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	c, err := wordpress.NewClient(wpURL, wordpress.WithCredentials(wpUser, wpAppPass), wordpress.WithHTTPClient(&http.Client{Transport: ct}))
	if err != nil {
		t.Fatal(err)
	}
	return c, ct
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestStoreMeasurements prints, in one run on the real site, what the store
// saves: a delta sync of the unchanged site against a full one (time and
// requests), reading the stored list against listing the site, and
// previewing a 512 KB post while a full listing runs against an idle site.
// A measurement, not a timing test: it runs with E2E_MEASURE=1 (scripts/
// test.sh sets it) and fails only when a result is wrong.
func TestStoreMeasurements(t *testing.T) {
	if os.Getenv("E2E_MEASURE") != "1" {
		t.Skip("a measurement: set E2E_MEASURE=1 to print it")
	}
	ctx := context.Background()
	c, ct := measuredClient(t)
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &sitesync.Syncer{Store: st, Source: c, Site: wpURL}
	if _, err := c.Site(ctx); err != nil { // discovery is not what is measured
		t.Fatal(err)
	}

	const rounds = 3
	var fullT, deltaT, readT []time.Duration
	var fullReq, deltaReq int64
	var n int
	for range rounds {
		ct.n.Store(0)
		began := time.Now()
		res, err := s.Sync(ctx, sitesync.Full, nil)
		fullT = append(fullT, time.Since(began))
		fullReq = ct.n.Load()
		if err != nil {
			t.Fatal(err)
		}
		n = res.State.Count

		ct.n.Store(0)
		began = time.Now()
		res, err = s.Sync(ctx, sitesync.Auto, nil)
		deltaT = append(deltaT, time.Since(began))
		deltaReq = ct.n.Load()
		if err != nil || res.Full || res.Checked {
			t.Fatalf("the delta of an unchanged site: %+v %v", res, err)
		}

		began = time.Now()
		posts, _, err := s.Cached()
		readT = append(readT, time.Since(began))
		if err != nil || len(posts) != n {
			t.Fatalf("reading the stored list: %d posts, %v", len(posts), err)
		}
	}
	t.Logf("MEASURE sync of %d posts, median of %d: full %s in %d requests; delta of the unchanged site %s in %d requests (%.0fx faster, %dx fewer requests)",
		n, rounds, median(fullT).Round(time.Millisecond), fullReq, median(deltaT).Round(time.Millisecond), deltaReq,
		float64(median(fullT))/float64(median(deltaT)), fullReq/max(deltaReq, 1))
	t.Logf("MEASURE the list to show: from the store %s, from the site %s (%.0fx)",
		median(readT).Round(time.Millisecond), median(fullT).Round(time.Millisecond), float64(median(fullT))/float64(median(readT)))

	// A 512 KB post, previewed idle and while a full listing runs.
	para := "<!-- wp:paragraph -->\n<p>" + strings.Repeat("Long post words for the preview lane. ", 40) + "</p>\n<!-- /wp:paragraph -->\n\n"
	body := strings.Repeat(para, 560*1024/len(para)+1) // the rendered HTML is 512 KB and more
	big := createOwnPost(t, fmt.Sprintf("E2E 512 KB post %d", os.Getpid()), body, nil)
	preview := func() time.Duration {
		began := time.Now()
		d, err := c.Post(ctx, big.ID)
		if err != nil || len(d.ContentHTML) < 512*1024 {
			t.Fatalf("the 512 KB post: %d bytes, %v", len(d.ContentHTML), err)
		}
		return time.Since(began)
	}
	var idle, busy []time.Duration
	for range rounds {
		idle = append(idle, preview())
		lc := c // the app lists and previews through one client
		lctx, cancel := context.WithCancel(ctx)
		first := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			once := false
			_ = lc.ListPosts(lctx, wordpress.ListOptions{}, func(wordpress.Page) {
				if !once {
					once = true
					close(first)
				}
			})
		}()
		<-first // the listing runs: its workers fetch the next pages
		time.Sleep(50 * time.Millisecond)
		busy = append(busy, preview())
		cancel()
		<-done
	}
	t.Logf("MEASURE preview of a 512 KB post, median of %d: idle %s, while a full listing runs %s (%.1fx idle; one client, as in the app)",
		rounds, median(idle).Round(time.Millisecond), median(busy).Round(time.Millisecond), float64(median(busy))/float64(median(idle)))
}
