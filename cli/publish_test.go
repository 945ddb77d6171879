package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// publishEnv is a WordPress with two posts, a fake Medium and a config
// pointing at both.
type publishEnv struct {
	wp     *wptest.Server
	medium *mediumtest.Server
	config string
}

func newPublishEnv(t *testing.T, defaults string) publishEnv {
	t.Helper()
	isolate(t)
	wp := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh"))
	t.Cleanup(wp.Close)
	date := time.Now().Add(-48 * time.Hour).UTC()
	wp.SetPosts([]wptest.FakePost{
		{ID: 11, Title: "Ship it", Content: "<p>Words &amp; more words.</p>", Status: "publish", Date: date},
		{ID: 12, Title: "Not yet", Content: "<p>Draft words.</p>", Status: "draft", Date: date},
	})
	m := mediumtest.NewServer()
	t.Cleanup(m.Close)
	path := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("[wordpress]\nurl = %q\nusername = \"alice\"\napp_password = \"abcd efgh\"\n[medium]\ntoken = %q\napi_url = %q\nfeed_url = %q\n%s",
		wp.URL, mediumtest.DefaultToken, m.URL, m.FeedURL(), defaults)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return publishEnv{wp: wp, medium: m, config: path}
}

func (e publishEnv) run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return run(t, append([]string{"--config", e.config}, args...)...)
}

func TestPublishDryRunJSONIsTheExactBody(t *testing.T) {
	e := newPublishEnv(t, "")
	dry, stderr, code := e.run(t, "publish", "11", "--tags", "go,shipping", "--dry-run", "--json")
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, stderr)
	}
	if len(e.medium.Posts()) != 0 {
		t.Fatal("a dry run sent a post")
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(dry), &body); err != nil {
		t.Fatalf("dry run JSON: %v\n%s", err, dry)
	}
	if body["publishStatus"] != "draft" || body["title"] != "Ship it" || !strings.HasPrefix(body["canonicalUrl"].(string), e.wp.URL) {
		t.Errorf("body = %v", body)
	}
	out, stderr, code := e.run(t, "publish", "11", "--tags", "go,shipping")
	if code != 0 {
		t.Fatalf("publish: exit %d: %s", code, stderr)
	}
	creates := e.medium.RequestsTo(http.MethodPost, "/users/"+mediumtest.DefaultUserID+"/posts")
	if len(creates) != 1 {
		t.Fatalf("%d creates", len(creates))
	}
	if got := string(creates[0].Body); got != strings.TrimSuffix(dry, "\n") {
		t.Errorf("the dry run is not the body that was sent:\ndry:  %s\nsent: %s", dry, got)
	}
	if url := strings.TrimSpace(out); url != e.medium.Posts()[0].URL {
		t.Errorf("printed %q, want the story URL", out)
	}
}

func TestPublishTwiceIsRefusedUnlessForced(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, stderr, code := e.run(t, "publish", "11")
	if code != exitRefused || !strings.Contains(stderr, "--force") {
		t.Fatalf("second publish: exit %d, stderr %s", code, stderr)
	}
	out, stderr, code := e.run(t, "publish", "11", "--force", "--json")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	var entry map[string]any
	if err := json.Unmarshal([]byte(out), &entry); err != nil || entry["state"] != "sent" {
		t.Fatalf("--json entry: %v %s", err, out)
	}
	if n := len(e.medium.Posts()); n != 2 {
		t.Fatalf("Medium has %d posts, want 2 after --force", n)
	}
}

func TestPublishUnknownOutcomeThenResolve(t *testing.T) {
	e := newPublishEnv(t, "")
	e.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: http.MethodPost, Path: "/users/*"})
	_, stderr, code := e.run(t, "publish", "11")
	if code != 1 || !strings.Contains(stderr, "resolve 11") {
		t.Fatalf("dropped create: exit %d, stderr %s", code, stderr)
	}
	_, stderr, code = e.run(t, "publish", "11")
	if code != exitRefused {
		t.Fatalf("publish after an unknown outcome: exit %d, want %d: %s", code, exitRefused, stderr)
	}
	if _, stderr, code = e.run(t, "resolve", "11", "--not-sent"); code != 0 {
		t.Fatalf("resolve: exit %d: %s", code, stderr)
	}
	if _, stderr, code = e.run(t, "publish", "11"); code != 0 {
		t.Fatalf("publish after resolving: exit %d: %s", code, stderr)
	}
}

func TestPublishUsageErrors(t *testing.T) {
	e := newPublishEnv(t, "[defaults]\nstatus = \"none\"\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"publish", "11"}, "--status"},
		{[]string{"publish", "abc", "--status", "draft"}, "POST_ID"},
		{[]string{"publish", "11", "--status", "published"}, "publish status"},
		{[]string{"publish", "11", "--status", "draft", "--license", "mit"}, "license"},
		{[]string{"publish", "12", "--status", "public"}, "--allow-unpublished"},
	}
	for _, c := range cases {
		_, stderr, code := e.run(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %s", c.args, code, stderr)
		}
	}
	if len(e.medium.Posts()) != 0 {
		t.Fatal("a usage error sent something")
	}
}

func TestPublishWithoutTokenPointsToImport(t *testing.T) {
	isolate(t)
	wp := wptest.NewServer()
	defer wp.Close()
	_, stderr, code := run(t, "--config", writeConfig(t, wp.URL, "", ""), "publish", "1", "--status", "draft")
	if code != 1 || !strings.Contains(stderr, "import") {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
}

func TestListShowsWhatWasSent(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "publish", "11", "--status", "unlisted"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, _, code := e.run(t, "list", "--json")
	if code != 0 {
		t.Fatal(out)
	}
	var posts []struct {
		ID     int                    `json:"id"`
		Medium map[string]interface{} `json:"medium"`
	}
	if err := json.Unmarshal([]byte(out), &posts); err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		switch p.ID {
		case 11:
			m := p.Medium
			if m == nil || m["state"] != "sent" || m["status"] != "unlisted" || m["url"] != e.medium.Posts()[0].URL ||
				m["id"] == "" || m["changed_since"] != false || m["published_at"] == "" {
				t.Errorf("post 11 medium = %v", m)
			}
		case 12:
			if p.Medium != nil {
				t.Errorf("post 12 was never sent but medium = %v", p.Medium)
			}
		}
	}
	table, _, _ := e.run(t, "list")
	if !strings.Contains(table, "unlisted ✓") {
		t.Errorf("table lacks the Medium status:\n%s", table)
	}
}

func TestPublishCrossLinkEditsWordPressOnce(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "publish", "11", "--cross-link"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sent := e.medium.Posts()[0].Sent.Content
	if !strings.Contains(sent, "Originally published at") {
		t.Errorf("the story lacks the footer: %s", sent)
	}
	writes := 0
	for _, r := range e.wp.Requests() {
		if r.Method == http.MethodPost {
			writes++
		}
	}
	if writes != 1 {
		t.Fatalf("%d writes to WordPress, want 1", writes)
	}
	if _, stderr, code := e.run(t, "link", "11"); code != 0 {
		t.Fatalf("link: exit %d: %s", code, stderr)
	}
	out, _, _ := e.run(t, "list", "--json")
	if !strings.Contains(out, `"changed_since": false`) {
		t.Errorf("wp2medium's own WordPress edit made the post look changed:\n%s", out)
	}
}

func TestImportAndRecordWithoutAToken(t *testing.T) {
	isolate(t)
	wp := wptest.NewServer()
	defer wp.Close()
	wp.SetPosts([]wptest.FakePost{
		{ID: 5, Title: "Old favourite", Content: "<p>x</p>", Status: "publish", Date: time.Now().Add(-time.Hour)},
		{ID: 6, Title: "Not yet", Content: "<p>y</p>", Status: "publish", Password: "secret", Date: time.Now().Add(-time.Hour)},
	})
	cfg := writeConfig(t, wp.URL, "", "")

	out, stderr, code := run(t, "--config", cfg, "import", "5")
	importer := medium.ImporterFor(wp.URL + "/post-5/")
	if code != 0 || !strings.Contains(out, importer) || !strings.Contains(out, "wp2medium record 5") {
		t.Fatalf("import: exit %d, want the steps with %s\n%s%s", code, importer, out, stderr)
	}
	if !strings.Contains(stderr, "Medium cannot reach") {
		t.Errorf("a site on 127.0.0.1 is not reachable by Medium's importer, and the user is not told:\n%s", stderr)
	}
	if _, stderr, code := run(t, "--config", cfg, "import", "6"); code != exitUsage || !strings.Contains(stderr, "--allow-unpublished") {
		t.Errorf("import of a password-protected post: exit %d, want %d and the way out: %s", code, exitUsage, stderr)
	}
	if _, stderr, code := run(t, "--config", cfg, "import", "6", "--allow-unpublished"); code != 0 {
		t.Errorf("import --allow-unpublished: exit %d: %s", code, stderr)
	}
	for _, bad := range []string{"https://example.com/blog/post", "http://medium.com/@me/x-1a2b3c4d5e6f", "not a url"} {
		if _, stderr, code := run(t, "--config", cfg, "record", "5", bad); code != exitUsage {
			t.Errorf("record %q: exit %d, want %d: %s", bad, code, exitUsage, stderr)
		}
	}
	const story = "https://medium.com/@me/old-favourite-1a2b3c4d5e6f"
	if _, stderr, code := run(t, "--config", cfg, "record", "5", story, "--status", "draft"); code != 0 {
		t.Fatalf("record: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, "--config", cfg, "record", "5", story+"?source=copy"); code != 0 {
		t.Errorf("recording the same story twice is no second story: exit %d, want 0: %s", code, stderr)
	}
	if _, _, code := run(t, "--config", cfg, "record", "5", "https://medium.com/@me/another-0a1b2c3d4e5f"); code != exitRefused {
		t.Errorf("recording another story: exit %d, want %d", code, exitRefused)
	}
	if _, _, code := run(t, "--config", cfg, "import", "5"); code != exitRefused {
		t.Errorf("import of a recorded post: exit %d, want %d", code, exitRefused)
	}
	out, _, _ = run(t, "--config", cfg, "list", "--json")
	if !strings.Contains(out, `"route": "import"`) || !strings.Contains(out, story) || !strings.Contains(out, `"status": "draft"`) {
		t.Errorf("list does not show the recorded story:\n%s", out)
	}
}

// Every way the fake Medium can fail, through 'publish': what the user is
// told, the exit code, and what the ledger says (and so whether a second
// publish is allowed).
func TestPublishEveryMediumFailure(t *testing.T) {
	cases := []struct {
		name     string
		fault    mediumtest.Fault
		state    string // ledger state after the failed publish
		says     string
		resendOK bool
	}{
		{"5xx", mediumtest.Fault{Kind: mediumtest.FaultStatus, Status: 503}, "unknown", "may", false},
		{"proxy HTML page", mediumtest.Fault{Kind: mediumtest.FaultHTML, Status: 502}, "unknown", "instead of JSON", false},
		{"malformed JSON after creating", mediumtest.Fault{Kind: mediumtest.FaultMalformedJSON, Process: true}, "unknown", "resolve 11", false},
		{"dropped connection", mediumtest.Fault{Kind: mediumtest.FaultDrop}, "unknown", "resolve 11", false},
		{"timeout", mediumtest.Fault{Kind: mediumtest.FaultHang}, "unknown", "resolve 11", false},
		{"revoked token", mediumtest.Fault{Kind: mediumtest.FaultError, Status: 401, Code: 6003, Message: "Token was invalid."}, "failed", "no longer issues", true},
		{"API disabled", mediumtest.Fault{Kind: mediumtest.FaultError, Status: 403, Code: 6027, Message: "API access disabled."}, "failed", "6027", true},
		{"date in the future", mediumtest.Fault{Kind: mediumtest.FaultError, Status: 400, Code: 2014, Message: "Publish date cannot be in the future."}, "failed", "original date", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newPublishEnv(t, "")
			f := c.fault
			f.Method, f.Path = http.MethodPost, "/users/*"
			e.medium.Inject(f)
			_, stderr, code := e.run(t, "--timeout", "1s", "publish", "11")
			if code != 1 || !strings.Contains(stderr, c.says) {
				t.Fatalf("exit %d, want 1 and a message with %q:\n%s", code, c.says, stderr)
			}
			if strings.Contains(stderr, mediumtest.DefaultToken) {
				t.Fatal("the token was printed")
			}
			out, _, _ := e.run(t, "list", "--json")
			if !strings.Contains(out, `"state": "`+c.state+`"`) {
				t.Fatalf("ledger state is not %s:\n%s", c.state, out)
			}
			_, _, code = e.run(t, "publish", "11")
			if got := code == 0; got != c.resendOK {
				t.Fatalf("publishing again: exit %d; allowed should be %v", code, c.resendOK)
			}
		})
	}
}
