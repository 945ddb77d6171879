package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/store"
)

// completions are the candidates `__complete` printed (without the
// directive line).
func completions(out string) []string {
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, ":") {
			got = append(got, l)
		}
	}
	return got
}

// Post ids complete from the store, with their titles, with WordPress and
// Medium gone: a tab press asks the network nothing.
func TestCompletePostIDsFromTheStore(t *testing.T) {
	e := newPublishEnv(t, "")
	if _, stderr, code := e.run(t, "list"); code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	e.wp.Close()
	e.medium.Close()
	for _, cmd := range []string{"publish", "plan", "resolve", "link", "import", "record"} {
		out, stderr, code := e.run(t, "__complete", cmd, "")
		got := completions(out)
		if code != 0 || strings.Join(got, "|") != "12\tNot yet|11\tShip it" { // newest first, as listed
			t.Errorf("%s: exit %d, completions %q (stderr %s)", cmd, code, got, stderr)
		}
	}
	if got := completions(must(e.run(t, "__complete", "publish", "12"))); strings.Join(got, "|") != "12\tNot yet" {
		t.Errorf("publish 12<tab>: %q", got)
	}
	if got := completions(must(e.run(t, "__complete", "record", "11", ""))); len(got) != 0 {
		t.Errorf("record 11 <tab> (the Medium URL): %q", got)
	}
}

func must(out, _ string, _ int) string { return out }

// Without a store, nothing completes and no store is made.
func TestCompletePostIDsWithoutAStore(t *testing.T) {
	e := newPublishEnv(t, "")
	out, _, code := e.run(t, "__complete", "publish", "")
	if code != 0 || len(completions(out)) != 0 {
		t.Errorf("exit %d, %q", code, out)
	}
	path, err := store.DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a tab press created the store %s (%v)", path, err)
	}
}

func TestCompleteFlagValues(t *testing.T) {
	e := newPublishEnv(t, "")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"publish", "1", "--license", ""}, []string{"all-rights-reserved\tAll rights reserved", "cc-40-by\tCC 4.0 BY", "public-domain\tPublic domain"}},
		{[]string{"publish", "1", "--status", ""}, []string{"draft\t", "public\t", "unlisted\t"}},
		{[]string{"plan", "1", "--status", ""}, []string{"draft\t", "public\t", "unlisted\t"}},
		{[]string{"plan", "1", "--license", ""}, []string{"cc-40-zero\t"}},
		{[]string{"record", "1", "--status", ""}, []string{"unlisted\t"}},
		{[]string{"list", "--status", ""}, []string{"publish\t", "draft\t", "future\t"}},
		{[]string{"list", "--status", "publish,"}, []string{"publish,draft\t", "publish,private\t"}},
	}
	for _, c := range cases {
		out, stderr, code := e.run(t, append([]string{"__complete"}, c.args...)...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args, code, stderr)
			continue
		}
		joined := strings.Join(completions(out), "\n")
		for _, w := range c.want {
			if !strings.Contains(joined, w) {
				t.Errorf("%v: %q lacks %q", c.args, joined, w)
			}
		}
	}
	if out := must(e.run(t, "__complete", "list", "--status", "publish,")); strings.Contains(out, "publish,publish") {
		t.Errorf("a status given already is offered again: %s", out)
	}
}

// The scripts are there, and bash's parses.
func TestCompletionScripts(t *testing.T) {
	isolate(t)
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, stderr, code := run(t, "completion", shell)
		if code != 0 || !strings.Contains(out, "wp2medium") || !strings.Contains(out, "__complete") {
			t.Errorf("completion %s: exit %d, %d bytes: %s", shell, code, len(out), stderr)
		}
		if shell != "bash" {
			continue
		}
		path := filepath.Join(t.TempDir(), "wp2medium.bash")
		if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		bash, err := exec.LookPath("bash")
		if err != nil {
			t.Fatal("bash is needed to check the bash script: " + err.Error())
		}
		if msg, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v: %s", err, msg)
		}
	}
	if out, _, _ := run(t, "--help"); !strings.Contains(out, "completion") {
		t.Errorf("--help does not list the completion command:\n%s", out)
	}
}
