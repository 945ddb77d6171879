package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// run executes the command line as a user would and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Execute("test", args, &out, &errb)
	return out.String(), errb.String(), code
}

// writeConfig writes a config file for srv and returns its path.
func writeConfig(t *testing.T, url, user, pass string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("[wordpress]\nurl = %q\nusername = %q\napp_password = %q\n", url, user, pass)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func isolate(t *testing.T) {
	t.Helper()
	for _, k := range []string{"WP2MEDIUM_CONFIG", "WP2MEDIUM_WP_URL", "WP2MEDIUM_WP_USERNAME", "WP2MEDIUM_WP_APP_PASSWORD", "WP2MEDIUM_MEDIUM_TOKEN", "WP2MEDIUM_MEDIUM_API_URL", "WP2MEDIUM_MEDIUM_FEED_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
}

func TestListJSONHasTheContractKeys(t *testing.T) {
	isolate(t)
	srv := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh ijkl mnop"))
	defer srv.Close()
	base := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	srv.SetPosts([]wptest.FakePost{
		{ID: 7, Title: "It&#8217;s <em>here</em>\x1b[31m", Status: "publish", Date: base, Modified: base.Add(time.Hour), Tags: []int{20, 21}, Categories: []int{3}},
		{ID: 8, Title: "A draft", Status: "draft", Date: base.Add(-time.Hour)},
	})
	srv.AddTag(20, "go")
	srv.AddTag(21, "Tools &amp; tricks\x1b]0;pwned\x07")
	srv.AddCategory(3, "Notes")
	cfg := writeConfig(t, srv.URL, "alice", "abcd efgh ijkl mnop")

	out, stderr, code := run(t, "--config", cfg, "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("got %d posts, want 2: %s", len(got), out)
	}
	first := got[0]
	for _, k := range []string{"id", "title", "status", "date_gmt", "modified_gmt", "link", "medium", "tags", "categories"} {
		if _, ok := first[k]; !ok {
			t.Errorf("key %q missing from %v", k, first)
		}
	}
	if first["title"] != "It’s here" || first["status"] != "publish" || first["id"] != float64(7) {
		t.Errorf("first post = %v", first)
	}
	if first["date_gmt"] != "2025-03-01T09:30:00Z" || first["modified_gmt"] != "2025-03-01T10:30:00Z" {
		t.Errorf("dates = %v / %v", first["date_gmt"], first["modified_gmt"])
	}
	if first["medium"] != nil {
		t.Errorf("medium = %v, want null", first["medium"])
	}
	if fmt.Sprint(first["tags"], first["categories"]) != "[go Tools & tricks] [Notes]" {
		t.Errorf("tags, categories = %v, %v", first["tags"], first["categories"])
	}
	if tags, ok := got[1]["tags"].([]any); !ok || len(tags) != 0 {
		t.Errorf("the draft's tags = %#v, want [] (never null)", got[1]["tags"])
	}

	out, _, code = run(t, "--config", cfg, "list", "--json", "--status", "draft")
	if code != 0 || !strings.Contains(out, "A draft") || strings.Contains(out, "here") {
		t.Fatalf("--status draft: exit %d, %s", code, out)
	}
}

func TestListTable(t *testing.T) {
	isolate(t)
	out, stderr, code := run(t, "--demo", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "ID") || !strings.Contains(out, "Start here") || !strings.Contains(out, "scheduled") {
		t.Fatalf("table lacks demo posts:\n%s", out)
	}
}

func TestListErrors(t *testing.T) {
	isolate(t)
	srv := wptest.NewServer(wptest.WithCredentials("alice", "right password"))
	defer srv.Close()

	cases := []struct {
		name     string
		args     func() []string
		code     int
		contains string
	}{
		{"wrong password", func() []string {
			return []string{"--config", writeConfig(t, srv.URL, "alice", "wrong password"), "list"}
		}, 1, "application password"},
		{"no config", func() []string { return []string{"list"} }, 1, "--demo"},
		{"bad status", func() []string {
			return []string{"--config", writeConfig(t, srv.URL, "alice", "right password"), "list", "--status", "published"}
		}, 2, "publish, future, draft"},
		{"unknown flag", func() []string { return []string{"list", "--jsn"} }, 2, "unknown flag"},
		{"site down", func() []string {
			return []string{"--config", writeConfig(t, "http://127.0.0.1:1", "", ""), "list"}
		}, 1, "127.0.0.1:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, code := run(t, c.args()...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, c.code, stderr)
			}
			if !strings.Contains(stderr, c.contains) {
				t.Errorf("stderr lacks %q:\n%s", c.contains, stderr)
			}
			if strings.Contains(stderr+out, "wrong password") {
				t.Errorf("the password was printed:\n%s", stderr)
			}
		})
	}
}

func TestListServerErrorSaysWhatCameBack(t *testing.T) {
	isolate(t)
	srv := wptest.NewServer()
	defer srv.Close()
	srv.Fail("/wp/v2/posts", wptest.HTMLPage(http.StatusForbidden, "Just a moment..."))
	_, stderr, code := run(t, "--config", writeConfig(t, srv.URL, "", ""), "list")
	if code != 1 || !strings.Contains(stderr, "Just a moment") {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, code := run(t, args...)
		if code != 0 || out != "wp2medium test\n" {
			t.Errorf("%v: exit %d, %q", args, code, out)
		}
	}
}

// With the site down, list says so and points to --offline, which answers
// from the store.
func TestListOfflineAnswersFromTheStore(t *testing.T) {
	isolate(t)
	srv := wptest.NewServer(wptest.WithCredentials("alice", "pw pw"))
	srv.SetPosts([]wptest.FakePost{{ID: 3, Title: "Kept here", Status: "publish", Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}})
	cfg := writeConfig(t, srv.URL, "alice", "pw pw")
	if _, stderr, code := run(t, "--config", cfg, "--timeout", "2s", "list"); code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	srv.Close()
	_, stderr, code := run(t, "--config", cfg, "--timeout", "2s", "list")
	if code == 0 || !strings.Contains(stderr, "--offline") {
		t.Fatalf("list with the site down: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, "--config", cfg, "list", "--offline")
	if code != 0 || !strings.Contains(out, "Kept here") || !strings.Contains(stderr, "From the store: synced") {
		t.Fatalf("list --offline: exit %d\n%s\n%s", code, out, stderr)
	}
	// A site never listed has nothing to show offline: say what to do.
	other := writeConfig(t, "http://127.0.0.1:1", "alice", "pw pw")
	if _, stderr, code := run(t, "--config", other, "list", "--offline"); code == 0 || !strings.Contains(stderr, "nothing is stored") {
		t.Fatalf("list --offline of a site never listed: exit %d: %s", code, stderr)
	}
}

// A first listing that fails half-way: the table printed so far stays (it
// streams), the JSON is not printed at all, and both exit non-zero.
func TestListFailingHalfWay(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		t.Run(fmt.Sprintf("json=%v", asJSON), func(t *testing.T) {
			isolate(t)
			srv := wptest.NewServer(wptest.WithCredentials("alice", "pw pw"))
			defer srv.Close()
			var posts []wptest.FakePost
			for i := 1; i <= 350; i++ {
				posts = append(posts, wptest.FakePost{ID: i, Title: fmt.Sprintf("Post %d", i), Status: "publish",
					Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)})
			}
			srv.SetPosts(posts)
			f := wptest.WPError(403, "rest_forbidden", "Sorry, you are not allowed to do that.")
			f.Page = 3
			srv.Fail("/wp/v2/posts", f)
			args := []string{"--config", writeConfig(t, srv.URL, "alice", "pw pw"), "list"}
			if asJSON {
				args = append(args, "--json")
			}
			out, stderr, code := run(t, args...)
			if code == 0 || stderr == "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			switch {
			case asJSON && out != "":
				t.Fatalf("a failed --json listing printed %d bytes a script would take for a document", len(out))
			case !asJSON && !strings.Contains(out, "Post 350"):
				t.Fatalf("the table did not stream the first pages:\n%.300s", out)
			}
		})
	}
}

// A renamed tag leaves its posts alone, so a plain list keeps the stored
// name; list --check asks for the names again.
func TestListCheckShowsARenamedTag(t *testing.T) {
	isolate(t)
	srv := wptest.NewServer(wptest.WithCredentials("alice", "abcd efgh ijkl mnop"))
	defer srv.Close()
	base := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	srv.SetPosts([]wptest.FakePost{{ID: 7, Title: "Tagged", Status: "publish", Date: base, Tags: []int{20}}})
	srv.AddTag(20, "old name")
	cfg := writeConfig(t, srv.URL, "alice", "abcd efgh ijkl mnop")
	tags := func(args ...string) string {
		t.Helper()
		out, stderr, code := run(t, append([]string{"--config", cfg, "list", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var got []listedPost
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
			t.Fatalf("%v: %s", err, out)
		}
		return strings.Join(got[0].Tags, "|")
	}
	if got := tags(); got != "old name" {
		t.Fatalf("first list: tags %q", got)
	}
	srv.AddTag(20, "new name")
	if got := tags(); got != "old name" {
		t.Fatalf("a plain list after the rename: tags %q, want the stored name", got)
	}
	if got := tags("--check"); got != "new name" {
		t.Fatalf("list --check after the rename: tags %q, want the new name", got)
	}
	if got := tags("--offline"); got != "new name" {
		t.Fatalf("list --offline after the check: tags %q", got)
	}
}
