package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

const (
	setupUser = "alice"
	setupPass = "abcd efgh ijkl mnop qrst uvwx"
)

// runSetupCommand runs `wp2medium [--config path] setup args...` with the
// given input lines (a pipe: the wizard asks plain questions).
func runSetupCommand(t *testing.T, g *globalFlags, lines []string, args ...string) (string, string, error) {
	t.Helper()
	root := &cobra.Command{Use: "wp2medium", Version: "test", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(newSetupCmd(g))
	root.SetArgs(append([]string{"setup"}, args...))
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l + "\n")
	}
	var out, errb bytes.Buffer
	root.SetIn(strings.NewReader(in.String()))
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.Execute()
	return out.String(), errb.String(), err
}

func isolateSetup(t *testing.T) {
	t.Helper()
	for _, k := range []string{"WP2MEDIUM_CONFIG", "WP2MEDIUM_WP_URL", "WP2MEDIUM_WP_USERNAME",
		"WP2MEDIUM_WP_APP_PASSWORD", "WP2MEDIUM_MEDIUM_TOKEN", "WP2MEDIUM_MEDIUM_API_URL", "WP2MEDIUM_MEDIUM_FEED_URL"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
}

func TestSetupFirstRunSavesTheCheckedSettings(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithSite("My Blog", ""), wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()

	// No --config: the XDG location is used and its directory created.
	out, stderr, err := runSetupCommand(t, &globalFlags{}, []string{
		wp.URL, "1", setupUser, setupPass,
		"2",             // no Medium token: nothing goes to the real Medium
		"", "", "y", "", // defaults
		"",  // not automatically
		"1", // Save
	}, "--accessible")
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	path := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "wp2medium", "config.toml")
	if !strings.Contains(out, "✓ Found My Blog") || !strings.HasSuffix(out, "Saved settings to "+path+"\n") {
		t.Fatalf("output:\n%s", out)
	}
	if strings.Contains(out, setupPass) {
		t.Fatal("the application password was printed")
	}
	cfg, _, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WordPress.URL != wp.URL || cfg.WordPress.AppPassword != setupPass || cfg.Medium.Token != "" ||
		!cfg.Defaults.CrossLink || cfg.Medium.APIURL != config.DefaultMediumAPIURL {
		t.Fatalf("saved %v", cfg)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Fatalf("mode %04o", st.Mode().Perm())
		}
	}
}

// existingSetup writes a complete config against the fakes and returns its
// path and bytes.
func existingSetup(t *testing.T, wp *wptest.Server, md *mediumtest.Server) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	cfg := config.Default()
	cfg.WordPress = config.WordPress{URL: wp.URL, Username: setupUser, AppPassword: setupPass}
	cfg.Medium.Token, cfg.Medium.APIURL = mediumtest.DefaultToken, md.URL
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

func TestSetupEndOfInputLeavesTheFileUntouched(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path, before := existingSetup(t, wp, md)

	// Enter through the first steps, then the input ends (Ctrl+D).
	out, _, err := runSetupCommand(t, &globalFlags{configPath: path}, []string{"", "", "", ""})
	var cancelled errSetupCancelled
	if !errors.As(err, &cancelled) || !strings.Contains(err.Error(), "nothing was saved") {
		t.Fatalf("err = %v\n%s", err, out)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatalf("the file changed:\n%s", after)
	}
	// Read from a pipe there are no keys to press: the wizard does not
	// mention any.
	if strings.Contains(out, "Ctrl") || strings.Contains(strings.ToLower(out), "press enter") || !strings.Contains(out, "one per line") {
		t.Errorf("the plain prompts talk about keys a pipe does not have:\n%s", out)
	}
}

func TestSetupRerunKeepsSecretsAndNeverSavesTheEnvironment(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path, before := existingSetup(t, wp, md)
	const envToken = "token-from-the-environment-1234"
	t.Setenv("WP2MEDIUM_MEDIUM_TOKEN", envToken)
	t.Setenv("WP2MEDIUM_WP_USERNAME", "someone-else")

	// Enter keeps every value: site, sign-in, username, password, token
	// choice, token, four defaults, publication, automatic, Save.
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, make([]string, 13))
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	if !strings.Contains(out, "WP2MEDIUM_MEDIUM_TOKEN is set and overrides medium.token") {
		t.Fatalf("the summary does not name the override:\n%s", out)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatalf("keeping every value changed the file:\n%s\nwas:\n%s", after, before)
	}
	if bytes.Contains(after, []byte(envToken)) || bytes.Contains(after, []byte("someone-else")) {
		t.Fatal("a value from the environment was saved")
	}
	if strings.Contains(out, mediumtest.DefaultToken) || strings.Contains(out, setupPass) {
		t.Fatal("a secret was printed")
	}
}

func TestSetupRefusesDemo(t *testing.T) {
	isolateSetup(t)
	_, _, err := runSetupCommand(t, &globalFlags{demo: true}, nil)
	if !errors.As(err, new(usageError)) {
		t.Fatalf("err = %v", err)
	}
}

func TestSetupStartsFromABrokenFileAndSaysSo(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer()
	defer wp.Close()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[defaults]\nstatus = \"sometimes\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path},
		[]string{wp.URL, "2", "2", "", "", "", "", "", "1"})
	if err != nil {
		t.Fatalf("%v\n%s\n%s", err, out, stderr)
	}
	if !strings.Contains(stderr, "defaults.status") || !strings.Contains(stderr, "starts from what could be read") {
		t.Fatalf("stderr:\n%s", stderr)
	}
	cfg, _, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Fatalf("the saved file is still invalid: %v", err)
	}
	if cfg.Defaults.Status != "draft" || cfg.WordPress.URL != wp.URL {
		t.Fatalf("saved %v", cfg)
	}
}

// WP2MEDIUM_MEDIUM_API_URL wins over the file for every command, so the
// wizard checks the token there too; the file keeps its own value.
func TestSetupChecksTheTokenWhereTheEnvironmentSays(t *testing.T) {
	isolateSetup(t)
	wp := wptest.NewServer(wptest.WithCredentials(setupUser, setupPass))
	defer wp.Close()
	md := mediumtest.NewServer()
	defer md.Close()
	path := filepath.Join(t.TempDir(), "config.toml")
	cfg := config.Default()
	cfg.WordPress = config.WordPress{URL: wp.URL, Username: setupUser, AppPassword: setupPass}
	cfg.Medium.Token, cfg.Medium.APIURL = mediumtest.DefaultToken, "http://127.0.0.1:1" // nothing listens there
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	t.Setenv("WP2MEDIUM_MEDIUM_API_URL", md.URL)
	out, stderr, err := runSetupCommand(t, &globalFlags{configPath: path}, make([]string, 13))
	if err != nil {
		t.Fatalf("setup: %v\n%s\n%s", err, out, stderr)
	}
	if n := len(md.RequestsTo("GET", "/me")); n == 0 {
		t.Fatalf("the token was not checked at WP2MEDIUM_MEDIUM_API_URL:\n%s", out)
	}
	saved, _, err := config.LoadWithEnv(path, nil)
	if err != nil || saved.Medium.APIURL != "http://127.0.0.1:1" {
		t.Fatalf("the file's api_url should stay its own: %q (%v)", saved.Medium.APIURL, err)
	}
}
