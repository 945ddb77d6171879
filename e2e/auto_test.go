//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// syncReport is `wp2medium sync --json`, as a script reads it.
type syncReport struct {
	DryRun      bool         `json:"dry_run"`
	Enabled     bool         `json:"enabled"`
	DailyLimit  int          `json:"daily_limit"`
	SentLast24h int          `json:"sent_last_24h"`
	Sent        []syncedItem `json:"sent"`
	Waiting     []syncedItem `json:"waiting"`
	Failed      []syncedItem `json:"failed"`
	Blocked     []syncedItem `json:"blocked"`
	Skipped     []syncedItem `json:"skipped"`
}

type syncedItem struct {
	PostID  int        `json:"post_id"`
	Title   string     `json:"title"`
	Why     string     `json:"why"`
	URL     string     `json:"url"`
	Status  string     `json:"status"`
	Reason  string     `json:"reason"`
	Message string     `json:"message"`
	At      *time.Time `json:"at"`
}

// idsOf is the post ids of items, restricted to the ones in mine (other
// tests' posts are not this test's business).
func idsOf(items []syncedItem, mine ...wpPost) []int {
	out := []int{}
	for _, it := range items {
		for _, p := range mine {
			if it.PostID == p.ID {
				out = append(out, it.PostID)
			}
		}
	}
	return out
}

// itemOf is the item of post p in items (the zero item when absent).
func itemOf(items []syncedItem, p wpPost) syncedItem {
	for _, it := range items {
		if it.PostID == p.ID {
			return it
		}
	}
	return syncedItem{}
}

// withAuto appends an [auto] section to the setup's config: on, since now
// (a second back: WordPress dates have whole seconds), plus extra lines.
func (pe *publishEnv) withAuto(t *testing.T, extra string) time.Time {
	t.Helper()
	since := time.Now().UTC().Add(-time.Second).Truncate(time.Second)
	f, err := os.OpenFile(pe.config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fmt.Fprintf(f, "\n[auto]\nenabled = true\nsince = %q\n%s", since.Format(time.RFC3339), extra)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return since
}

// sync runs `wp2medium sync --json ARGS...` and decodes the report.
func (pe *publishEnv) sync(t *testing.T, args ...string) (syncReport, result) {
	t.Helper()
	r := pe.run(t, append([]string{"sync", "--json"}, args...)...)
	var rep syncReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("sync --json %v: exit %d, not a report: %v\nstdout: %.800s\nstderr: %s", args, r.code, err, r.stdout, r.stderr)
	}
	return rep, r
}

// creates counts the creates the fake Medium received.
func (pe *publishEnv) creates() int { return len(pe.srv.RequestsTo(http.MethodPost, "/users/*")) }

// lastCreate is the body of the newest create the fake Medium received.
func (pe *publishEnv) lastCreate(t *testing.T) medium.CreatePostRequest {
	t.Helper()
	reqs := pe.srv.RequestsTo(http.MethodPost, "/users/*")
	if len(reqs) == 0 {
		t.Fatal("the fake Medium received no create")
	}
	return decodeCreate(t, reqs[len(reqs)-1].Body)
}

// createTag makes a tag of its own for the test, deleted when it ends.
func createTag(t *testing.T, name string) int {
	t.Helper()
	var tag struct {
		ID int `json:"id"`
	}
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/tags", map[string]any{"name": name}, &tag)
	t.Cleanup(func() { wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.ID), nil, nil) })
	return tag.ID
}

const autoContent = "<!-- wp:paragraph -->\n<p>Sent by the automatic route.</p>\n<!-- /wp:paragraph -->"

// A post published through the REST API is sent once by sync, and not
// again by a second sync or after an edit; a post with an excluded tag is
// never sent.
func TestSyncSendsAPublishedPostOnce(t *testing.T) {
	pe := newPublishEnv(t)
	tagName := fmt.Sprintf("e2e-no-medium-%d", os.Getpid())
	pe.withAuto(t, fmt.Sprintf("exclude_tags = [%q]\n", tagName))
	tag := createTag(t, tagName)
	id := os.Getpid()
	post := createOwnPost(t, fmt.Sprintf("E2E auto once %d", id), autoContent, nil)
	excluded := createOwnPost(t, fmt.Sprintf("E2E auto excluded %d", id), autoContent, map[string]any{"tags": []int{tag}})

	start := time.Now()
	dry, r := pe.sync(t, "--dry-run")
	firstPass := time.Since(start)
	if r.code != 0 || fmt.Sprint(idsOf(dry.Sent, post, excluded)) != fmt.Sprint([]int{post.ID}) || pe.creates() != 0 {
		t.Fatalf("dry run: exit %d, would send %v, %d creates reached Medium; want 0, [%d], none\n%s", r.code, idsOf(dry.Sent, post, excluded), pe.creates(), post.ID, r.stderr)
	}
	start = time.Now()
	rep, r := pe.sync(t)
	took := time.Since(start)
	if r.code != 0 || fmt.Sprint(idsOf(rep.Sent, post, excluded)) != fmt.Sprint([]int{post.ID}) {
		t.Fatalf("sync: exit %d, sent %v, want [%d]\n%s", r.code, idsOf(rep.Sent, post, excluded), post.ID, r.stderr)
	}
	if got := idsOf(rep.Skipped, excluded); len(got) != 1 || itemOf(rep.Skipped, excluded).Reason != "excluded-tag" {
		t.Errorf("skipped = %+v, want the excluded post for its tag", rep.Skipped)
	}
	story := pe.created(t, fmt.Sprintf("E2E auto once %d", id))
	if got := itemOf(rep.Sent, post).URL; got != story.URL {
		t.Errorf("the report says %q, Medium made %q", got, story.URL)
	}
	if body := pe.lastCreate(t); body.PublishStatus != medium.StatusDraft || body.CanonicalURL != post.Link {
		t.Errorf("sent status %q, canonical %q; want defaults.status draft and the permalink", body.PublishStatus, body.CanonicalURL)
	}
	checkCrossLinked(t, post.ID, story.URL) // defaults.cross_link is on in this setup
	t.Logf("a dry run on a fresh store (the full list of %d posts): %s; then a sync (delta, one send): %s",
		wpTotal(t, true), firstPass.Round(time.Millisecond), took.Round(time.Millisecond))

	// Again, then after an edit on WordPress: nothing new.
	for _, step := range []string{"a second sync", "a sync after an edit"} {
		if step == "a sync after an edit" {
			time.Sleep(1100 * time.Millisecond) // modified_gmt has whole seconds: after the cross-link's edit
			wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", post.ID), map[string]any{"content": autoContent + "\n<p>Edited.</p>"}, nil)
		}
		rep, r = pe.sync(t)
		if r.code != 0 || len(idsOf(rep.Sent, post, excluded)) != 0 || pe.creates() != 1 {
			t.Fatalf("%s: exit %d, sent %v, %d creates; want nothing new", step, r.code, idsOf(rep.Sent, post, excluded), pe.creates())
		}
	}
	if m := pe.listedMediumOf(t, post.ID); m == nil || m.State != "sent" || !m.ChangedSince {
		t.Errorf("after the edit, list says %+v; want sent and changed since", m)
	}
	if m := pe.listedMediumOf(t, excluded.ID); m != nil {
		t.Errorf("the excluded post has a Medium record: %+v", m)
	}
}

// A scheduled post with a plan goes with the plan's choices once WordPress
// publishes it (its own cron), and not before.
func TestSyncSendsAScheduledPlanWhenItGoesLive(t *testing.T) {
	pe := newPublishEnv(t)
	pe.withAuto(t, "")
	title := fmt.Sprintf("E2E auto scheduled %d", os.Getpid())
	// WordPress schedules a post only a minute or more ahead (less is
	// published at once).
	live := time.Now().UTC().Add(62 * time.Second).Truncate(time.Second)
	post := createOwnPost(t, title, autoContent, map[string]any{"status": "future", "date_gmt": live.Format("2006-01-02T15:04:05")})
	if post.Status != "future" {
		t.Fatalf("the post is %q, want future", post.Status)
	}
	r := pe.run(t, "plan", fmt.Sprint(post.ID), "--status", "unlisted", "--license", "cc-40-by-sa", "--tags", "alpha,beta", "--no-cross-link")
	if r.code != 0 || !strings.Contains(r.stdout, "once it goes live") {
		t.Fatalf("plan: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := pe.run(t, "plan", "--list"); !strings.Contains(r.stdout, fmt.Sprint(post.ID)) || !strings.Contains(r.stdout, "unlisted") {
		t.Errorf("plan --list does not show it:\n%s", r.stdout)
	}

	rep, r := pe.sync(t)
	if r.code != 0 || len(idsOf(rep.Sent, post)) != 0 || pe.creates() != 0 {
		t.Fatalf("before it is live: exit %d, sent %v, %d creates (%+v)", r.code, idsOf(rep.Sent, post), pe.creates(), rep.Sent)
	}

	// WordPress publishes a scheduled post from its cron once the date passes.
	time.Sleep(time.Until(live) + 500*time.Millisecond)
	deadline := time.Now().Add(30 * time.Second)
	for wpGetPost(t, post.ID).Status != "publish" {
		if time.Now().After(deadline) {
			t.Fatal("WordPress's cron did not publish the scheduled post")
		}
		// What a system cron does with DISABLE_WP_CRON (the env's setting).
		resp, err := wpHTTP.Get(wpURL + "/wp-cron.php")
		if err == nil {
			resp.Body.Close()
		}
		time.Sleep(300 * time.Millisecond)
	}

	rep, r = pe.sync(t)
	if r.code != 0 || fmt.Sprint(idsOf(rep.Sent, post)) != fmt.Sprint([]int{post.ID}) || itemOf(rep.Sent, post).Why != "plan" {
		t.Fatalf("once live: exit %d, sent %+v\n%s", r.code, rep.Sent, r.stderr)
	}
	body := pe.lastCreate(t)
	if body.PublishStatus != medium.StatusUnlisted || body.License != "cc-40-by-sa" || fmt.Sprint(body.Tags) != "[alpha beta]" ||
		strings.Contains(body.Content, "Originally published") {
		t.Errorf("sent status %q, license %q, tags %v, cross-link footer %t; want the plan's unlisted, cc-40-by-sa, [alpha beta], none",
			body.PublishStatus, body.License, body.Tags, strings.Contains(body.Content, "Originally published"))
	}
	pe.created(t, title)
	if r := pe.run(t, "plan", "--list"); strings.Contains(r.stdout, fmt.Sprint(post.ID)) {
		t.Errorf("the plan outlived the send:\n%s", r.stdout)
	}
}

// daily_limit = 2 sends 2 of 3 and says when the third goes (that other
// routes count is TestSyncWaitsAtTheDailyLimit's, in cli/).
func TestSyncDailyLimit(t *testing.T) {
	pe := newPublishEnv(t)
	pe.withAuto(t, "daily_limit = 2\n")
	var posts []wpPost
	for i := range 3 {
		posts = append(posts, createOwnPost(t, fmt.Sprintf("E2E auto limit %d %d", os.Getpid(), i), autoContent, nil))
		time.Sleep(1100 * time.Millisecond) // distinct dates: oldest first is checkable
	}
	rep, r := pe.sync(t)
	if r.code != 0 || fmt.Sprint(idsOf(rep.Sent, posts...)) != fmt.Sprint([]int{posts[0].ID, posts[1].ID}) {
		t.Fatalf("exit %d, sent %v; want the two oldest\n%s", r.code, idsOf(rep.Sent, posts...), r.stderr)
	}
	third := itemOf(rep.Waiting, posts[2])
	if w := idsOf(rep.Waiting, posts...); len(w) != 1 || w[0] != posts[2].ID || third.Reason != "daily-limit" || third.At == nil {
		t.Fatalf("waiting = %+v; want the third, for the daily limit, with a time", rep.Waiting)
	}
	if at := *third.At; at.Before(time.Now().Add(23*time.Hour)) || at.After(time.Now().Add(24*time.Hour)) {
		t.Errorf("the third goes at %s; want about 24 hours after the first send", at)
	}
	r = pe.run(t, "sync")
	if r.code != 0 || !strings.Contains(r.stdout, "1 post waiting; next at") || pe.creates() != 2 {
		t.Errorf("a second sync: exit %d, %d creates, output:\n%s", r.code, pe.creates(), r.stdout)
	}
}

// Two syncs started together (a timer firing while another pass runs)
// make one story per post.
func TestTwoSyncsAtOnceMakeOneStoryEach(t *testing.T) {
	pe := newPublishEnv(t)
	pe.withAuto(t, "")
	var titles []string
	for i := range 3 {
		titles = append(titles, fmt.Sprintf("E2E auto race %d %d", os.Getpid(), i))
		createOwnPost(t, titles[i], autoContent, nil)
	}
	// Medium takes a second over each create, so the two passes overlap.
	pe.srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultSlow, Method: http.MethodPost, Path: "/users/*", Delay: time.Second, Times: -1})
	var wg sync.WaitGroup
	reps := make([]syncReport, 2)
	res := make([]result, 2)
	for i := range res {
		wg.Go(func() { reps[i], res[i] = pe.sync(t) })
	}
	wg.Wait()
	sent := 0
	for i, r := range res {
		if r.code != 0 {
			t.Errorf("sync %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
		}
		sent += len(reps[i].Sent)
	}
	for _, title := range titles {
		pe.created(t, title)
	}
	if n := pe.creates(); n != 3 || sent != 3 {
		t.Errorf("%d creates reached Medium and the two reports say %d sent, want 3 and 3", n, sent)
	}
	t.Logf("two syncs at once: %d and %d sent, 3 stories", len(reps[0].Sent), len(reps[1].Sent))
}

// A create whose outcome is unknown (a 5xx, no answer, the connection
// dropped after Medium made the story) blocks its post on every later pass
// until resolve, and is never sent again on its own.
func TestSyncUnknownOutcomeBlocksUntilResolve(t *testing.T) {
	for _, c := range []struct {
		name    string
		fault   mediumtest.Fault
		created bool
	}{
		{"5xx", mediumtest.Fault{Kind: mediumtest.FaultStatus, Status: 502}, false},
		{"hang", mediumtest.Fault{Kind: mediumtest.FaultHang}, false},
		{"drop after create", mediumtest.Fault{Kind: mediumtest.FaultDrop}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			pe := newPublishEnv(t)
			pe.withAuto(t, "")
			title := fmt.Sprintf("E2E auto unknown %s %d", c.name, os.Getpid())
			post := createOwnPost(t, title, autoContent, nil)
			f := c.fault
			f.Method, f.Path = http.MethodPost, "/users/*"
			pe.srv.Inject(f)
			for pass := 1; pass <= 2; pass++ {
				// The hang lasts until the client gives up: --timeout
				// bounds it (and every WordPress request of the pass).
				rep, r := pe.sync(t, "--timeout", "6s")
				if r.code != 3 || fmt.Sprint(idsOf(rep.Blocked, post)) != fmt.Sprint([]int{post.ID}) || itemOf(rep.Blocked, post).Reason != "unknown-outcome" {
					t.Fatalf("pass %d: exit %d, blocked %+v; want 3 and the post's unknown outcome\n%s", pass, r.code, rep.Blocked, r.stderr)
				}
				if n := pe.creates(); n != 1 {
					t.Fatalf("pass %d: %d creates reached Medium, want the one", pass, n)
				}
			}
			if m := pe.listedMediumOf(t, post.ID); m == nil || m.State != "unknown" {
				t.Fatalf("list says %+v, want unknown", m)
			}
			if c.created {
				story := pe.created(t, title)
				if r := pe.run(t, "resolve", fmt.Sprint(post.ID), "--on-medium", story.URL); r.code != 0 {
					t.Fatalf("resolve: %s", r.stderr)
				}
			} else if r := pe.run(t, "resolve", fmt.Sprint(post.ID), "--not-sent"); r.code != 0 {
				t.Fatalf("resolve: %s", r.stderr)
			}
			rep, r := pe.sync(t)
			if r.code != 0 {
				t.Fatalf("after resolve: exit %d\n%s", r.code, r.stderr)
			}
			pe.created(t, title) // one story, whichever way
			if sent := idsOf(rep.Sent, post); c.created == (len(sent) == 1) {
				t.Errorf("after resolve, sent %v (the story existed: %t)", sent, c.created)
			}
		})
	}
}

// watch stopped with SIGTERM while Medium takes its time over a create
// waits for the answer, records it, and exits 0; between passes it exits
// at once.
func TestWatchStopsCleanlyOnSIGTERM(t *testing.T) {
	pe := newPublishEnv(t)
	pe.withAuto(t, "")
	title := fmt.Sprintf("E2E auto watch %d", os.Getpid())
	post := createOwnPost(t, title, autoContent, nil)
	const delay = 3 * time.Second
	pe.srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultSlow, Method: http.MethodPost, Path: "/users/*", Delay: delay})

	start := func() (*exec.Cmd, *lockedBuffer, chan error) {
		cmd := exec.Command(binPath, "--config", pe.config, "watch", "--every", "1m")
		cmd.Env = append(os.Environ(), pe.env...)
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		return cmd, out, done
	}
	wait := func(done chan error, within time.Duration) (time.Duration, int) {
		t0 := time.Now()
		select {
		case err := <-done:
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			return time.Since(t0), code
		case <-time.After(within):
			t.Fatalf("watch did not exit within %s of SIGTERM", within)
		}
		return 0, 0
	}

	cmd, out, done := start()
	deadline := time.Now().Add(60 * time.Second)
	for pe.creates() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("watch sent no create within a minute:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	arrived := time.Now() // within 20 ms after the create reached Medium
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	took, code := wait(done, delay+30*time.Second)
	if code != 0 {
		t.Fatalf("watch exited %d:\n%s", code, out)
	}
	if since := time.Since(arrived); since < delay-100*time.Millisecond {
		t.Errorf("watch exited %s after the create reached Medium, before Medium's answer (%s)", since, delay)
	}
	story := pe.created(t, title)
	if m := pe.listedMediumOf(t, post.ID); m == nil || m.State != "sent" || m.URL != story.URL {
		t.Fatalf("after SIGTERM mid-send the record is %+v; want sent at %s", m, story.URL)
	}
	t.Logf("SIGTERM during a create Medium answered in %s: watch exited %s later, with the story recorded", delay, took.Round(time.Millisecond))

	// Between passes: at once.
	cmd, out, done = start()
	deadline = time.Now().Add(60 * time.Second)
	for !strings.Contains(out.String(), "0 sent") {
		if time.Now().After(deadline) {
			t.Fatalf("watch's first pass did not end:\n%s", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The next pass is a minute away: exiting within seconds is "at once".
	took, code = wait(done, 20*time.Second)
	if code != 0 {
		t.Errorf("between passes, watch exited %d after SIGTERM", code)
	}
	t.Logf("SIGTERM between passes: watch exited in %s", took.Round(time.Millisecond))
}

// lockedBuffer is a buffer a process writes to while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Two machines that share nothing but WordPress: the second finds the
// "Also published on Medium" link the first added (cross-link is on in
// this setup) and sends nothing.
func TestSecondMachineFindsTheCrossLink(t *testing.T) {
	first := newPublishEnv(t)
	since := first.withAuto(t, "")
	title := fmt.Sprintf("E2E auto two machines %d", os.Getpid())
	post := createOwnPost(t, title, autoContent, nil)
	if rep, r := first.sync(t); r.code != 0 || len(idsOf(rep.Sent, post)) != 1 {
		t.Fatalf("first machine: exit %d, sent %v\n%s", r.code, idsOf(rep.Sent, post), r.stderr)
	}
	story := first.created(t, title)
	checkCrossLinked(t, post.ID, story.URL)

	// Another machine: its own empty store, the same Medium account and site.
	second := &publishEnv{srv: first.srv, env: []string{"XDG_DATA_HOME=" + t.TempDir()}, siteName: first.siteName}
	second.config = second.configFor(t, wpURL)
	f, err := os.OpenFile(second.config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n[auto]\nenabled = true\nsince = %q\n", since.Format(time.RFC3339))
	f.Close()
	rep, r := second.sync(t)
	if r.code != 0 || len(idsOf(rep.Sent, post)) != 0 || first.creates() != 1 {
		t.Fatalf("second machine: exit %d, sent %v, %d creates; want nothing sent\n%s", r.code, idsOf(rep.Sent, post), first.creates(), r.stderr)
	}
	if got := idsOf(rep.Skipped, post); len(got) != 1 {
		t.Fatalf("skipped = %+v, want the post, found linked on WordPress", rep.Skipped)
	}
	for _, it := range rep.Skipped {
		if it.PostID == post.ID && (it.Reason != "linked-on-wordpress" || !strings.Contains(it.Message, "another wp2medium")) {
			t.Errorf("skipped for %q: %s", it.Reason, it.Message)
		}
	}
	// The pass recorded the story (found-wordpress): later passes see it
	// on Medium, like any sent post, and still send nothing.
	if r := second.run(t, "history", "--json"); !strings.Contains(r.stdout, story.URL) {
		t.Errorf("second machine: the story is not recorded:\n%s", r.stdout)
	}
	if rep, r := second.sync(t); r.code != 0 || len(idsOf(rep.Sent, post)) != 0 || first.creates() != 1 {
		t.Errorf("second machine, next pass: exit %d, sent %v, %d creates", r.code, idsOf(rep.Sent, post), first.creates())
	}
}

// sync, stopped with SIGTERM by cron or systemd while Medium takes its
// time over a create, records the answer and exits 0 (a stop is not a
// failure); the ledger says sent.
func TestSyncStopsCleanlyOnSIGTERM(t *testing.T) {
	pe := newPublishEnv(t)
	pe.withAuto(t, "")
	titles := []string{fmt.Sprintf("E2E auto stop %d a", os.Getpid()), fmt.Sprintf("E2E auto stop %d b", os.Getpid())}
	first := createOwnPost(t, titles[0], autoContent, nil)
	time.Sleep(1100 * time.Millisecond) // the first is the older: it goes first
	second := createOwnPost(t, titles[1], autoContent, nil)
	const delay = 2 * time.Second
	pe.srv.Inject(mediumtest.Fault{Kind: mediumtest.FaultSlow, Method: http.MethodPost, Path: "/users/*", Delay: delay, Times: -1})
	cmd := exec.Command(binPath, "--config", pe.config, "sync", "--json")
	cmd.Env = append(os.Environ(), pe.env...)
	out, errb := &lockedBuffer{}, &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	deadline := time.Now().Add(60 * time.Second)
	for pe.creates() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("sync sent no create within a minute: %s", errb)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if err != nil {
		t.Fatalf("sync stopped mid-send: %v\n%s", err, errb)
	}
	var rep syncReport
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("no report: %v\n%s", err, out)
	}
	if fmt.Sprint(idsOf(rep.Sent, first, second)) != fmt.Sprint([]int{first.ID}) || itemOf(rep.Waiting, second).Reason != "stopped" || pe.creates() != 1 {
		t.Fatalf("sent %v, waiting %+v, %d creates; want the first sent, the second left for the next pass", idsOf(rep.Sent, first, second), rep.Waiting, pe.creates())
	}
	story := pe.created(t, titles[0])
	if m := pe.listedMediumOf(t, first.ID); m == nil || m.State != "sent" || m.URL != story.URL {
		t.Errorf("the record is %+v, want sent at %s", m, story.URL)
	}
}
