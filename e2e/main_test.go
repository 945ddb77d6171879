//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The environment the tests run against; set once by TestMain.
var (
	binPath   string // the wp2medium binary built for this run
	wpURL     string
	wpUser    string
	wpAppPass string
	seed      seedManifest
	// scalePosts is how many plain "Scale post N" posts the runner seeded
	// (E2E_SCALE_POSTS), 0 when it seeded none.
	scalePosts int
)

// seedManifest is $WP_ENV_DIR/seed.json, written by scripts/wordpress-env/seed.php.
type seedManifest struct {
	WPURL     string     `json:"wp_url"`
	WPVersion string     `json:"wp_version"`
	DBName    string     `json:"db_name"` // the site's database on the runner's MariaDB
	Posts     []seedPost `json:"posts"`
}

// seedPost is what WordPress says about one seeded post.
type seedPost struct {
	Key                string `json:"key"`
	ID                 int    `json:"id"`
	TitleRaw           string `json:"title_raw"`
	TitleRendered      string `json:"title_rendered"`
	ExpectedTitle      string `json:"expected_title"`
	Status             string `json:"status"`
	VisibleAnonymously bool   `json:"visible_anonymously"`
	PasswordProtected  bool   `json:"password_protected"`
	Password           string `json:"password"`
	Sticky             bool   `json:"sticky"`
	DateGMT            string `json:"date_gmt"` // "2024-03-02T10:00:00", GMT without a zone
	Link               string `json:"link"`
}

func (m seedManifest) byKey(key string) seedPost {
	for _, p := range m.Posts {
		if p.Key == key {
			return p
		}
	}
	panic("e2e: seed.json has no post with key " + key)
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := setup()
	if dir != "" {
		defer os.RemoveAll(dir)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		fmt.Fprintln(os.Stderr, "e2e: run `bash scripts/test.sh`, or start the site by hand (see e2e/doc.go)")
		return 1
	}
	return m.Run()
}

// setup reads the environment and builds the binary into a temp folder,
// which it returns for removal.
func setup() (string, error) {
	var missing []string
	get := func(k string) string {
		v := os.Getenv(k)
		if v == "" {
			missing = append(missing, k)
		}
		return v
	}
	wpURL, wpUser, wpAppPass = get("WP_URL"), get("WP_USER"), get("WP_APP_PASSWORD")
	envDir := get("WP_ENV_DIR")
	if len(missing) > 0 {
		return "", fmt.Errorf("the e2e tag is on but %s not set", strings.Join(missing, ", "))
	}
	if s := os.Getenv("E2E_SCALE_POSTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return "", fmt.Errorf("E2E_SCALE_POSTS=%q is not a count", s)
		}
		scalePosts = n
	}
	raw, err := os.ReadFile(filepath.Join(envDir, "seed.json"))
	if err != nil {
		return "", fmt.Errorf("reading the seed manifest: %w", err)
	}
	if err := json.Unmarshal(raw, &seed); err != nil {
		return "", fmt.Errorf("%s/seed.json: %w", envDir, err)
	}
	if strings.TrimRight(seed.WPURL, "/") != strings.TrimRight(wpURL, "/") || len(seed.Posts) == 0 {
		return "", fmt.Errorf("%s/seed.json describes %q with %d posts, not WP_URL=%q", envDir, seed.WPURL, len(seed.Posts), wpURL)
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		return "", fmt.Errorf("tmux is not installed (apt-get install tmux): %w", err)
	}
	// The binary and everything it starts must not see a developer's own
	// settings: no WP2MEDIUM_* variables, config and state in temp folders.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "WP2MEDIUM_") {
			os.Unsetenv(k)
		}
	}
	dir, err := os.MkdirTemp("", "wp2medium-e2e-")
	if err != nil {
		return "", err
	}
	// XDG_DATA_HOME holds the ledger: a test that publishes uses its own.
	for k, sub := range map[string]string{"XDG_CONFIG_HOME": "config", "XDG_STATE_HOME": "state", "XDG_DATA_HOME": "data"} {
		p := filepath.Join(dir, sub)
		if err := os.MkdirAll(p, 0o700); err != nil {
			return dir, err
		}
		os.Setenv(k, p)
	}
	binPath = filepath.Join(dir, "wp2medium")
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Dir = ".." // the module root
	if out, err := build.CombinedOutput(); err != nil {
		return dir, fmt.Errorf("go build: %v\n%s", err, out)
	}
	return dir, nil
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// runBin runs the binary with args and returns what it printed and its exit code.
func runBin(t testing.TB, args ...string) result {
	t.Helper()
	return runBinEnv(t, nil, args...)
}

// runBinEnv is runBin with extra KEY=VALUE environment entries, which win
// over the test process's own.
func runBinEnv(t testing.TB, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ctx.Err() != nil {
		t.Fatalf("wp2medium %s: still running after 2 minutes", strings.Join(args, " "))
	}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running wp2medium: %v", err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// writeConfig writes a config file for url (credentials optional) and returns its path.
func writeConfig(t testing.TB, url, user, pass string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	body := fmt.Sprintf("[wordpress]\nurl = %q\n", url)
	if user != "" || pass != "" {
		body += fmt.Sprintf("username = %q\napp_password = %q\n", user, pass)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// listedPost is one element of `wp2medium list --json`.
type listedPost struct {
	ID          int             `json:"id"`
	Title       string          `json:"title"`
	Status      string          `json:"status"`
	DateGMT     string          `json:"date_gmt"`
	ModifiedGMT string          `json:"modified_gmt"`
	Link        string          `json:"link"`
	Medium      json.RawMessage `json:"medium"`
	Tags        []string        `json:"tags"`
	Categories  []string        `json:"categories"`
}

// listJSON runs `wp2medium --config CONFIG list --json ARGS...` and decodes the output.
func listJSON(t testing.TB, config string, args ...string) []listedPost {
	t.Helper()
	r := runBin(t, append([]string{"--config", config, "list", "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("list --json %v: exit %d\nstderr: %s", args, r.code, r.stderr)
	}
	return decodeListing(t, r.stdout)
}

func decodeListing(t testing.TB, out string) []listedPost {
	t.Helper()
	var posts []listedPost
	if err := json.Unmarshal([]byte(out), &posts); err != nil {
		t.Fatalf("list --json: output is not a JSON array: %v\n%.500s", err, out)
	}
	return posts
}
