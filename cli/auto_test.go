package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// autoEnv is a site with posts published around auto.since, a fake Medium
// and a config with [auto] on.
type autoEnv struct {
	publishEnv
	since time.Time
}

func newAutoEnv(t *testing.T, auto string, opts ...mediumtest.Option) autoEnv {
	t.Helper()
	isolate(t)
	wp := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh"))
	t.Cleanup(wp.Close)
	m := mediumtest.NewServer(opts...)
	t.Cleanup(m.Close)
	since := time.Now().UTC().Add(-10 * time.Hour).Truncate(time.Second)
	path := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("[wordpress]\nurl = %q\nusername = \"alice\"\napp_password = \"abcd efgh\"\n[medium]\ntoken = %q\napi_url = %q\nfeed_url = %q\n"+
		"[defaults]\nstatus = \"draft\"\n[auto]\nenabled = true\nsince = %q\n%s",
		wp.URL, mediumtest.DefaultToken, m.URL, m.FeedURL(), since.Format(time.RFC3339), auto)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return autoEnv{publishEnv: publishEnv{wp: wp, medium: m, config: path}, since: since}
}

func (e autoEnv) post(id int, title string, age time.Duration, status string) wptest.FakePost {
	return wptest.FakePost{ID: id, Title: title, Content: "<p>" + title + " words.</p>", Status: status, Date: time.Now().UTC().Add(-age)}
}

// syncJSON runs sync --json and decodes the report.
func (e autoEnv) syncJSON(t *testing.T, args ...string) (autopost.Report, string, int) {
	t.Helper()
	out, stderr, code := e.run(t, append([]string{"sync", "--json"}, args...)...)
	var rep autopost.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("sync --json is not a report: %v\nstdout: %s\nstderr: %s", err, out, stderr)
	}
	return rep, stderr, code
}

func ids(items []autopost.Item) []int {
	var out []int
	for _, it := range items {
		out = append(out, it.PostID)
	}
	return out
}

func storyTitles(m *mediumtest.Server) []string {
	var out []string
	for _, p := range m.Posts() {
		out = append(out, p.Title)
	}
	return out
}

// The rules pick what was published after since, oldest first, and a
// second pass sends nothing again.
func TestSyncSendsWhatIsDueOnce(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.AddTag(5, "no-medium")
	excluded := e.post(4, "Excluded", 2*time.Hour, "publish")
	excluded.Tags = []int{5}
	e.wp.SetPosts([]wptest.FakePost{
		e.post(1, "Old", 20*time.Hour, "publish"),  // before since
		e.post(2, "Newer", 1*time.Hour, "publish"), // due
		e.post(3, "Older", 3*time.Hour, "publish"), // due, goes first
		excluded,
		e.post(6, "Draft", 2*time.Hour, "draft"),
	})

	dry, _, code := e.syncJSON(t, "--dry-run")
	if code != 0 || fmt.Sprint(ids(dry.Sent)) != "[3 2]" || len(e.medium.Posts()) != 0 {
		t.Fatalf("dry run: exit %d, would send %v, Medium has %v; want 0, [3 2], nothing", code, ids(dry.Sent), storyTitles(e.medium))
	}
	if !strings.Contains(dry.Sent[0].Message, "after auto.since") {
		t.Errorf("the dry run does not say why: %q", dry.Sent[0].Message)
	}
	out, _, _ := e.run(t, "sync", "--dry-run")
	if !strings.Contains(out, "would send") || !strings.Contains(out, "skipped") || !strings.Contains(out, "Excluded") {
		t.Errorf("sync --dry-run's text does not show what and why:\n%s", out)
	}

	rep, stderr, code := e.syncJSON(t)
	if code != 0 {
		t.Fatalf("sync: exit %d: %s", code, stderr)
	}
	if got := fmt.Sprint(storyTitles(e.medium)); got != "[Older Newer]" {
		t.Fatalf("Medium got %s, want [Older Newer] in that order", got)
	}
	if len(rep.Sent) != 2 || rep.Sent[0].URL == "" || rep.Sent[0].Status != "draft" {
		t.Errorf("report: %+v", rep.Sent)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].PostID != 4 || rep.Skipped[0].Reason != autopost.SkipExcludedTag {
		t.Errorf("skipped = %+v, want post 4 for its excluded tag", rep.Skipped)
	}
	for _, c := range e.medium.RequestsTo("POST", "/users/*") {
		var body medium.CreatePostRequest
		_ = json.Unmarshal(c.Body, &body)
		if body.PublishStatus != medium.StatusDraft {
			t.Errorf("sent with status %q, want defaults.status draft", body.PublishStatus)
		}
	}

	// An edit after the send is never a second story.
	e.wp.UpdatePost(2, func(p *wptest.FakePost) { p.Content = "<p>Edited.</p>" })
	rep, _, code = e.syncJSON(t)
	if code != 0 || len(rep.Sent) != 0 || len(e.medium.Posts()) != 2 {
		t.Fatalf("second sync: exit %d, sent %v, Medium has %d stories; want nothing new", code, ids(rep.Sent), len(e.medium.Posts()))
	}
}

// A plan sends a post the rules would not pick, with its own choices, once
// it is live; cancel and list work on it.
func TestPlanSendsWithItsChoicesWhenLive(t *testing.T) {
	e := newAutoEnv(t, "categories = [\"Go\"]\n")
	future := e.post(7, "Later", -2*time.Hour, "future")
	e.wp.SetPosts([]wptest.FakePost{future, e.post(8, "Other", time.Hour, "publish")})

	out, stderr, code := e.run(t, "plan", "7", "--status", "unlisted", "--license", "cc-40-by", "--tags", "one,two", "--cross-link")
	if code != 0 || !strings.Contains(out, "once it goes live") {
		t.Fatalf("plan: exit %d\n%s%s", code, out, stderr)
	}
	out, _, _ = e.run(t, "plan", "--list")
	if !strings.Contains(out, "7") || !strings.Contains(out, "unlisted (cross-link)") || !strings.Contains(out, "cc-40-by") {
		t.Errorf("plan --list:\n%s", out)
	}

	// Not yet live: nothing goes; post 8 is not in the categories.
	rep, _, code := e.syncJSON(t)
	if code != 0 || len(e.medium.Posts()) != 0 {
		t.Fatalf("before the post is live: exit %d, Medium has %v", code, storyTitles(e.medium))
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != autopost.SkipNoCategory {
		t.Errorf("skipped = %+v, want post 8 outside auto.categories", rep.Skipped)
	}

	e.wp.UpdatePost(7, func(p *wptest.FakePost) { p.Status = "publish"; p.Date = time.Now().UTC().Add(-time.Minute) })
	rep, stderr, code = e.syncJSON(t)
	if code != 0 || fmt.Sprint(ids(rep.Sent)) != "[7]" {
		t.Fatalf("once live: exit %d, sent %v: %s\n%+v", code, ids(rep.Sent), stderr, rep)
	}
	var body medium.CreatePostRequest
	creates := e.medium.RequestsTo("POST", "/users/*")
	_ = json.Unmarshal(creates[len(creates)-1].Body, &body)
	if body.PublishStatus != medium.StatusUnlisted || body.License != "cc-40-by" || fmt.Sprint(body.Tags) != "[one two]" ||
		!strings.Contains(body.Content, "Originally published at") {
		t.Errorf("sent %+v, want the plan's choices", body)
	}
	if out, _, _ := e.run(t, "plan", "--list"); !strings.Contains(out, "No plans") {
		t.Errorf("the plan outlived its send:\n%s", out)
	}

	// Planning a post already on Medium is refused; cancelling nothing says so.
	if _, stderr, code := e.run(t, "plan", "7"); code != exitRefused || !strings.Contains(stderr, "already on Medium") {
		t.Errorf("plan of a sent post: exit %d: %s", code, stderr)
	}
	if _, stderr, code := e.run(t, "plan", "8", "--cancel"); code != 1 || !strings.Contains(stderr, "no plan") {
		t.Errorf("cancel without a plan: exit %d: %s", code, stderr)
	}
	if _, _, code := e.run(t, "plan", "8"); code != 0 {
		t.Fatal("plan 8 failed")
	}
	if _, _, code := e.run(t, "plan", "8", "--cancel"); code != 0 {
		t.Error("cancel failed")
	}
	if rep, _, _ := e.syncJSON(t); len(rep.Sent) != 0 {
		t.Errorf("a cancelled plan was sent: %v", ids(rep.Sent))
	}
}

// The daily limit counts every route and says when the rest will go.
func TestSyncWaitsAtTheDailyLimit(t *testing.T) {
	e := newAutoEnv(t, "daily_limit = 2\n")
	e.wp.SetPosts([]wptest.FakePost{
		e.post(1, "Manual", 30*time.Hour, "publish"),
		e.post(2, "A", 3*time.Hour, "publish"),
		e.post(3, "B", 2*time.Hour, "publish"),
		e.post(4, "C", time.Hour, "publish"),
	})
	if _, stderr, code := e.run(t, "publish", "1"); code != 0 {
		t.Fatalf("publish: %s", stderr)
	}
	rep, _, code := e.syncJSON(t)
	if code != 0 || fmt.Sprint(ids(rep.Sent)) != "[2]" || fmt.Sprint(ids(rep.Waiting)) != "[3 4]" {
		t.Fatalf("exit %d, sent %v, waiting %v; want [2] and [3 4] (the manual publish counts)", code, ids(rep.Sent), ids(rep.Waiting))
	}
	if rep.Waiting[0].Reason != autopost.WaitDailyLimit || rep.Waiting[0].At == nil || rep.Waiting[0].At.Before(time.Now().Add(23*time.Hour)) {
		t.Errorf("waiting = %+v, want the daily limit and a time about 24 h on", rep.Waiting[0])
	}
	out, _, _ := e.run(t, "sync")
	if !strings.Contains(out, "2 posts waiting; next at") {
		t.Errorf("sync's summary does not say when the rest go:\n%s", out)
	}
}

// An unknown outcome blocks the post (exit 3) on every later pass until
// resolve; a refused create is failed (exit 1) and tried again later.
func TestSyncBlocksOnUnknownAndRetriesRefusals(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "Dropped", 2*time.Hour, "publish"), e.post(2, "Refused", time.Hour, "publish")})
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: "POST", Path: "/users/*"})
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Method: "POST", Path: "/users/*", Status: 400, Code: 9999, Message: "bad"})
	rep, _, code := e.syncJSON(t)
	if code != autopost.ExitBlocked || fmt.Sprint(ids(rep.Blocked)) != "[1]" || fmt.Sprint(ids(rep.Failed)) != "[2]" {
		t.Fatalf("exit %d, blocked %v, failed %v; want 3, [1], [2]", code, ids(rep.Blocked), ids(rep.Failed))
	}
	if len(e.medium.Posts()) != 1 {
		t.Fatalf("Medium has %d stories, want the dropped one", len(e.medium.Posts()))
	}
	// The next pass: 1 still blocked, never sent again; 2 tried again (a
	// first failure waits for the next pass only) and sent.
	rep, _, code = e.syncJSON(t)
	if code != autopost.ExitBlocked || fmt.Sprint(ids(rep.Sent)) != "[2]" || fmt.Sprint(ids(rep.Blocked)) != "[1]" {
		t.Fatalf("second pass: exit %d, sent %v, blocked %v", code, ids(rep.Sent), ids(rep.Blocked))
	}
	if n := len(e.medium.Posts()); n != 2 {
		t.Fatalf("Medium has %d stories, want 2", n)
	}
	if _, _, code := e.run(t, "resolve", "1", "--on-medium", e.medium.Posts()[0].URL); code != 0 {
		t.Fatal("resolve failed")
	}
	if rep, _, code := e.syncJSON(t); code != 0 || len(rep.Blocked)+len(rep.Sent) != 0 {
		t.Errorf("after resolve: exit %d, %+v", code, rep)
	}
}

// A revoked token stops the pass: exit 3, nothing more tried.
func TestSyncStopsOnARevokedToken(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "A", 2*time.Hour, "publish"), e.post(2, "B", time.Hour, "publish")})
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Status: 401, Code: 6003, Message: "Token was invalid.", Times: -1})
	rep, stderr, code := e.syncJSON(t)
	if code != autopost.ExitBlocked || len(rep.Blocked) != 1 || rep.Blocked[0].Reason != autopost.BlockToken {
		t.Fatalf("exit %d, blocked %+v: %s", code, rep.Blocked, stderr)
	}
	if len(rep.Waiting) != 1 || rep.Waiting[0].Reason != autopost.WaitToken {
		t.Errorf("waiting = %+v, want B held back", rep.Waiting)
	}
	out, _, _ := e.run(t, "sync")
	for what, text := range map[string]string{"stderr": stderr, "stdout": out, "the JSON": fmt.Sprintf("%+v", rep)} {
		if strings.Contains(text, mediumtest.DefaultToken) {
			t.Errorf("the token is in %s", what)
		}
	}
}

func TestSyncUsageErrors(t *testing.T) {
	e := newAutoEnv(t, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--backfill"}, "--backfill and --before go together"},
		{[]string{"sync", "--backfill", "--before", "soon"}, "is not a date"},
		{[]string{"watch", "--every", "5s"}, "at least 1m"},
		{[]string{"plan"}, "needs one POST_ID"},
		{[]string{"plan", "--list", "3"}, "takes no post id"},
		{[]string{"plan", "x"}, "positive number"},
	} {
		if _, stderr, code := e.run(t, c.args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// notify_command runs after each send with the result in its environment,
// and never the token or the password, even when they came from the
// environment.
func TestSyncNotifyCommand(t *testing.T) {
	dir := t.TempDir()
	e := newAutoEnv(t, fmt.Sprintf("notify_command = %q\n", "env > "+dir+"/notify-$WP2MEDIUM_POST_ID.env"))
	t.Setenv("WP2MEDIUM_MEDIUM_TOKEN", mediumtest.DefaultToken)
	t.Setenv("WP2MEDIUM_WP_APP_PASSWORD", "abcd efgh")
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "Refused", 2*time.Hour, "publish"), e.post(2, "Goes", time.Hour, "publish")})
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Method: "POST", Path: "/users/*", Status: 400, Code: 9999, Message: "no"})
	if _, stderr, code := e.run(t, "sync"); code != autopost.ExitFailed {
		t.Fatalf("sync: exit %d, want 1 (one failed): %s", code, stderr)
	}
	for id, want := range map[int][]string{
		1: {"WP2MEDIUM_RESULT=failed", "WP2MEDIUM_POST_TITLE=Refused", "WP2MEDIUM_MESSAGE="},
		2: {"WP2MEDIUM_RESULT=sent", "WP2MEDIUM_STORY_URL=https://medium.com/", "WP2MEDIUM_STATUS=draft"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("notify-%d.env", id)))
		if err != nil {
			t.Fatalf("notify_command did not run for post %d: %v", id, err)
		}
		env := string(b)
		for _, w := range want {
			if !strings.Contains(env, w) {
				t.Errorf("post %d: the environment lacks %q:\n%s", id, w, env)
			}
		}
		for _, secret := range []string{mediumtest.DefaultToken, "abcd efgh", "WP2MEDIUM_MEDIUM_TOKEN", "WP2MEDIUM_WP_APP_PASSWORD"} {
			if strings.Contains(env, secret) {
				t.Errorf("post %d: notify_command's environment holds %q", id, secret)
			}
		}
	}
}

// --backfill queues the archive (whatever since says), drains it at the
// limit after the posts the rules pick, and the queue outlives the pass.
func TestSyncBackfillDrainsAtTheLimit(t *testing.T) {
	e := newAutoEnv(t, "daily_limit = 2\n")
	var posts []wptest.FakePost
	for i := range 14 {
		posts = append(posts, e.post(10+i, fmt.Sprintf("Archive %d", i), time.Duration(100+i)*24*time.Hour, "publish"))
	}
	posts = append(posts, e.post(2, "Today", time.Hour, "publish"), e.post(3, "Recent archive", 30*24*time.Hour, "publish"))
	e.wp.SetPosts(posts)
	rep, stderr, code := e.syncJSON(t, "--backfill", "--before", time.Now().UTC().Add(-60*24*time.Hour).Format(time.DateOnly))
	if code != 0 || rep.Backfilled != 14 {
		t.Fatalf("exit %d, %d queued, want 14: %s", code, rep.Backfilled, stderr)
	}
	// Today's post first, then the oldest of the archive.
	if got := fmt.Sprint(ids(rep.Sent)); got != "[2 23]" {
		t.Errorf("sent %s, want [2 23]: the rules' pick, then the oldest queued", got)
	}
	if len(rep.Waiting) != 13 || rep.Waiting[0].Why != autopost.WhyBackfill {
		t.Errorf("waiting %v, want the 13 others of the archive", ids(rep.Waiting))
	}
	out, _, _ := e.run(t, "plan", "--list")
	if strings.Count(out, "backfill") != 13 || strings.Contains(out, "Recent archive") {
		t.Errorf("plan --list does not hold the queue (13 backfill plans, not the post after --before):\n%s", out)
	}
	out, _, _ = e.run(t, "sync")
	if !strings.Contains(out, "13 posts waiting; next at") || !strings.Contains(out, "and 3 more") {
		t.Errorf("the text report:\n%s", out)
	}
	if n := len(e.medium.Posts()); n != 2 {
		t.Errorf("Medium has %d stories, want 2 (the limit)", n)
	}
}

// Medium out of reach fails the first post (nothing left, so it is tried
// again at the next pass) and holds back the rest, rather than failing
// every post one by one.
func TestSyncWithMediumUnreachable(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "A", 2*time.Hour, "publish"), e.post(2, "B", time.Hour, "publish")})
	e.medium.Close()
	rep, stderr, code := e.syncJSON(t)
	if code != autopost.ExitFailed || fmt.Sprint(ids(rep.Failed)) != "[1]" || fmt.Sprint(ids(rep.Waiting)) != "[2]" {
		t.Fatalf("exit %d, failed %v, waiting %v; want 1, [1], [2]: %s", code, ids(rep.Failed), ids(rep.Waiting), stderr)
	}
	if rep.Failed[0].At != nil || rep.Waiting[0].Reason != autopost.WaitUnreachable {
		t.Errorf("a first failure goes again at the next pass (no time), the rest wait as unreachable: %+v %+v", rep.Failed[0], rep.Waiting[0])
	}
	out, _, _ := e.run(t, "sync")
	if !strings.Contains(out, "tried again after") {
		t.Errorf("a second failure backs off, and says until when:\n%s", out)
	}
}

// Medium's own daily limit is a wait, not a failure: nothing is sent (or
// refused again) until the time it gives, and then the oldest goes first.
func TestSyncWaitsOnMediumsOwnLimit(t *testing.T) {
	e := newAutoEnv(t, "", mediumtest.WithDailyLimit(1))
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "A", 4*time.Hour, "publish"), e.post(2, "B", 3*time.Hour, "publish"), e.post(3, "C", 2*time.Hour, "publish")})
	// Another tool (Medium's web editor, another machine) used today's story.
	if _, err := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(e.medium.URL)).CreatePost(t.Context(), mediumtest.DefaultUserID, medium.CreatePostRequest{Title: "Elsewhere", ContentFormat: "html", Content: "<p>x</p>"}); err != nil {
		t.Fatal(err)
	}
	rep, stderr, code := e.syncJSON(t)
	if code != 0 || len(rep.Sent) != 0 || fmt.Sprint(ids(rep.Waiting)) != "[1 2 3]" || rep.Waiting[0].Reason != autopost.WaitDailyLimit || rep.Waiting[0].At == nil {
		t.Fatalf("exit %d, sent %v, waiting %+v; want 0, nothing, all three for the limit with a time: %s", code, ids(rep.Sent), rep.Waiting, stderr)
	}
	creates := len(e.medium.RequestsTo("POST", "/users/*"))
	for range 2 {
		rep, _, code = e.syncJSON(t)
		if code != 0 || len(rep.Waiting) != 3 || len(rep.Failed) != 0 {
			t.Fatalf("a later pass: exit %d, waiting %v, failed %v", code, ids(rep.Waiting), ids(rep.Failed))
		}
	}
	if n := len(e.medium.RequestsTo("POST", "/users/*")); n != creates {
		t.Errorf("passes during the limit sent %d more creates, want none", n-creates)
	}
}

// A post Medium refused when it was sent by hand is the user's to retry:
// sync leaves it and says so.
func TestSyncLeavesARefusalByHand(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{e.post(1, "By hand", time.Hour, "publish")})
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Method: "POST", Path: "/users/*", Status: 400, Code: 9999, Message: "no"})
	if _, _, code := e.run(t, "publish", "1", "--status", "unlisted"); code != 1 {
		t.Fatalf("publish: exit %d, want 1", code)
	}
	rep, _, code := e.syncJSON(t)
	if code != 0 || len(rep.Sent) != 0 || len(rep.Skipped) != 1 || rep.Skipped[0].Reason != autopost.SkipRefusedByHand {
		t.Fatalf("exit %d, sent %v, skipped %+v; want the post left, refused by hand", code, ids(rep.Sent), rep.Skipped)
	}
	if !strings.Contains(rep.Skipped[0].Message, "wp2medium publish 1") {
		t.Errorf("the way out is not said: %s", rep.Skipped[0].Message)
	}
}

// A skip holds while the rules do: widening them picks the post up.
func TestSyncLooksAgainWhenTheRulesChange(t *testing.T) {
	e := newAutoEnv(t, "categories = [\"go\"]\n")
	e.wp.AddCategory(4, "Cooking")
	p := e.post(1, "Soup", time.Hour, "publish")
	p.Categories = []int{4}
	e.wp.SetPosts([]wptest.FakePost{p})
	if rep, _, _ := e.syncJSON(t); len(rep.Skipped) != 1 || rep.Skipped[0].Reason != autopost.SkipNoCategory {
		t.Fatalf("skipped %+v, want the post outside the categories", rep.Skipped)
	}
	b, _ := os.ReadFile(e.config)
	if err := os.WriteFile(e.config, []byte(strings.Replace(string(b), "categories = [\"go\"]", "categories = [\"go\", \"cooking\"]", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, stderr, code := e.syncJSON(t); code != 0 || fmt.Sprint(ids(rep.Sent)) != "[1]" {
		t.Fatalf("after adding the category: exit %d, sent %v: %s", code, ids(rep.Sent), stderr)
	}
}

// A backfilled post the rules keep out leaves the queue at once.
func TestSyncBackfillDropsWhatTheRulesExclude(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.AddTag(5, "no-medium")
	kept := e.post(1, "Private notes", 90*24*time.Hour, "publish")
	kept.Tags = []int{5}
	e.wp.SetPosts([]wptest.FakePost{kept, e.post(2, "Essay", 80*24*time.Hour, "publish")})
	rep, _, code := e.syncJSON(t, "--backfill", "--before", time.Now().UTC().Add(-30*24*time.Hour).Format(time.DateOnly))
	if code != 0 || fmt.Sprint(ids(rep.Sent)) != "[2]" || len(rep.Skipped) != 1 || rep.Skipped[0].Reason != autopost.SkipExcludedTag {
		t.Fatalf("exit %d, sent %v, skipped %+v", code, ids(rep.Sent), rep.Skipped)
	}
	if out, _, _ := e.run(t, "plan", "--list"); !strings.Contains(out, "No plans") {
		t.Errorf("the excluded post is still queued:\n%s", out)
	}
}

// A new machine (an empty data directory): a post another machine sent
// public, without a cross-link (so WordPress says nothing), is found in
// Medium's public feed by the first pass and not sent again; the other due
// post goes.
func TestSyncOnANewMachineLooksInTheFeedFirst(t *testing.T) {
	e := newAutoEnv(t, "")
	e.wp.SetPosts([]wptest.FakePost{
		e.post(2, "Sent from the old laptop", 2*time.Hour, "publish"),
		e.post(3, "Not sent yet", 1*time.Hour, "publish"),
	})
	if _, stderr, code := e.run(t, "publish", "2", "--status", "public"); code != 0 {
		t.Fatalf("publish 2: exit %d: %s", code, stderr)
	}
	story := e.medium.Posts()[0].URL
	t.Setenv("XDG_DATA_HOME", t.TempDir()) // the new machine

	rep, stderr, code := e.syncJSON(t)
	if code != 0 || fmt.Sprint(ids(rep.Found)) != "[2]" || rep.Found[0].URL != story || fmt.Sprint(ids(rep.Sent)) != "[3]" {
		t.Fatalf("sync on the new machine: exit %d, found %v, sent %v (%s); want found [2] with %s, sent [3]", code, ids(rep.Found), ids(rep.Sent), stderr, story)
	}
	if n := len(e.medium.Posts()); n != 2 {
		t.Errorf("Medium has %d stories, want 2 (post 2 once, post 3): %v", n, storyTitles(e.medium))
	}
	// The feed is asked only while the machine has no record of the site.
	feeds := len(e.medium.RequestsTo("GET", "/feed/*"))
	if rep, _, _ := e.syncJSON(t); len(rep.Sent) != 0 || len(e.medium.RequestsTo("GET", "/feed/*")) != feeds {
		t.Errorf("the second pass sent %v or read the feed again", ids(rep.Sent))
	}
}

// The feed refused: the pass warns that this machine has no record and
// goes on (the guard still reads each post's own content).
func TestSyncOnANewMachineWarnsWhenTheFeedIsRefused(t *testing.T) {
	e := newAutoEnv(t, "", mediumtest.WithFeedRefused())
	e.wp.SetPosts([]wptest.FakePost{e.post(3, "Not sent yet", 1*time.Hour, "publish")})
	out, stderr, code := e.run(t, "sync")
	if code != 0 || !strings.Contains(out, "this machine has no record of the site, and Medium's public feed could not be read") || !strings.Contains(out, "wp2medium reconcile") {
		t.Fatalf("sync with the feed refused: exit %d\n%s%s", code, out, stderr)
	}
}
