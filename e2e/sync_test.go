//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// syncOnce lists every post of the real site with the app's client, as the
// terminal app does, with the given number of concurrent page fetches. The
// REST root is discovered before the clock starts: only the pages count.
func syncOnce(tb testing.TB, workers int) (time.Duration, int) {
	tb.Helper()
	c, err := wordpress.NewClient(wpURL,
		wordpress.WithCredentials(wpUser, wpAppPass), wordpress.WithWorkers(workers))
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := c.Site(ctx); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	posts, err := c.ListAllPosts(ctx, wordpress.ListOptions{})
	elapsed := time.Since(start)
	if err != nil {
		tb.Fatalf("ListAllPosts with %d workers: %v", workers, err)
	}
	return elapsed, len(posts)
}

// BenchmarkSyncRealSite measures a full listing of the real site, sequential
// against concurrent:
//
//	go test -tags e2e ./e2e/ -run '^$' -bench SyncRealSite -benchtime 3x
func BenchmarkSyncRealSite(b *testing.B) {
	for _, workers := range []int{1, wordpress.DefaultWorkers} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var n int
			var total time.Duration
			for range b.N {
				d, got := syncOnce(b, workers)
				total += d
				n = got
			}
			b.ReportMetric(float64(n), "posts")
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "posts/s")
		})
	}
}

// TestSyncThroughput prints, in one run, how long syncing every post takes
// with the app's 4 concurrent page fetches against one at a time, and the
// ratio. It is a measurement, not a pass/fail timing: it only runs with
// E2E_MEASURE=1 (scripts/test.sh sets it) and fails only when a listing is
// incomplete.
func TestSyncThroughput(t *testing.T) {
	if os.Getenv("E2E_MEASURE") != "1" {
		t.Skip("a measurement: set E2E_MEASURE=1 to print it")
	}
	want := len(siteListing(t, true))
	const rounds = 3
	times := map[int][]time.Duration{}
	workersList := []int{1, wordpress.DefaultWorkers}
	for r := 0; r < rounds; r++ {
		// Alternate, so a slow moment of a shared machine hits both.
		for _, w := range workersList {
			d, n := syncOnce(t, w)
			if n != want {
				t.Fatalf("workers=%d synced %d posts, list --json listed %d", w, n, want)
			}
			times[w] = append(times[w], d)
		}
	}
	median := func(ds []time.Duration) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[len(s)/2]
	}
	seq, conc := median(times[1]), median(times[wordpress.DefaultWorkers])
	t.Logf("sync of %d posts from %s (%d per page), median of %d runs:", want, wpURL, wordpress.DefaultPerPage, rounds)
	for _, w := range workersList {
		m := median(times[w])
		t.Logf("  workers=%d: %v (runs %v), %.0f posts/s", w, m.Round(time.Millisecond), roundAll(times[w]), float64(want)/m.Seconds())
	}
	t.Logf("  ratio sequential/concurrent: %.2fx", seq.Seconds()/conc.Seconds())
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}
