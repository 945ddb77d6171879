package main

// The README's automatic cross-posting section gives files that users copy as
// they are: a crontab line, systemd units, a config section, commands. These
// tests take each block marked <!-- file: NAME --> or <!-- commands --> out of
// README.md and check that it does what the README says, with the tools that
// will read it (systemd-analyze, a cron parser and /bin/sh, the config loader,
// the built binary). The systemd and cron checks are in readme_systemd_test.go
// and readme_cron_test.go.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/wp2medium/wp2medium/config"
)

// readmeBlock is one marked fenced block of README.md.
type readmeBlock struct {
	name string // the marker's file name, or "commands"
	info string // the fence's info string, e.g. "ini"
	text string // the lines between the fences, each ending in "\n"
	line int    // the README line of the opening fence, for messages
}

// The marker goes on the line right before the fence it names.
var readmeMarker = regexp.MustCompile(`^<!-- (?:file: (\S+)|(commands)) -->$`)

// readmeBlocks returns README.md's marked blocks by name.
func readmeBlocks(t *testing.T) map[string]readmeBlock {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]readmeBlock{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n, name := 0, ""
	var cur *readmeBlock
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur != nil && line == "```":
			blocks[cur.name] = *cur
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		case name != "":
			info, ok := strings.CutPrefix(line, "```")
			if !ok {
				t.Fatalf("README.md:%d: the marker of %q is not right above a ``` fence", n-1, name)
			}
			if _, dup := blocks[name]; dup {
				t.Fatalf("README.md:%d: a second block marked %q", n-1, name)
			}
			cur, name = &readmeBlock{name: name, info: info, line: n}, ""
		default:
			if m := readmeMarker.FindStringSubmatch(line); m != nil {
				name = m[1] + m[2]
			}
		}
	}
	if cur != nil || name != "" {
		t.Fatal("README.md ends inside a marked block")
	}
	for _, want := range []string{"config.toml", "commands", "crontab", "wp2medium-sync.service", "wp2medium-sync.timer", "wp2medium-watch.service"} {
		if _, ok := blocks[want]; !ok {
			t.Errorf("README.md has no block marked %q", want)
		}
	}
	return blocks
}

var (
	builtOnce sync.Once
	builtPath string
	builtErr  error
	builtDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// builtBinary builds this module's wp2medium once per test run.
func builtBinary(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		builtDir, builtErr = os.MkdirTemp("", "wp2medium-readme-")
		if builtErr != nil {
			return
		}
		builtPath = filepath.Join(builtDir, "wp2medium")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			builtErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtPath
}

// readmeInvocations is every wp2medium command line the marked blocks run, as
// the arguments after the binary, keyed by where it was found.
func readmeInvocations(t *testing.T, blocks map[string]readmeBlock) map[string][]string {
	t.Helper()
	calls := map[string][]string{}
	for i, line := range strings.Split(blocks["commands"].text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		words := strings.Fields(line)
		if len(words) == 0 {
			continue
		}
		if words[0] != "wp2medium" {
			t.Errorf("commands block, line %d: %q does not start with wp2medium", i+1, line)
			continue
		}
		calls[fmt.Sprintf("commands block, line %d", i+1)] = words[1:]
	}
	if job, ok := crontabJob(t, blocks["crontab"]); ok {
		calls["crontab"] = job.args
	}
	for _, name := range []string{"wp2medium-sync.service", "wp2medium-watch.service"} {
		if args, ok := execStartArgs(t, blocks[name]); ok {
			calls[name] = args
		}
	}
	return calls
}

// TestReadmeCommands runs every wp2medium command line of the marked blocks
// with --help added, on the built binary: the subcommand must exist and take
// the flags the README gives it.
func TestReadmeCommands(t *testing.T) {
	bin := builtBinary(t)
	calls := readmeInvocations(t, readmeBlocks(t))
	if len(calls) == 0 {
		t.Fatal("no wp2medium command found in the marked blocks")
	}
	home := t.TempDir()
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "WP2MEDIUM_") || strings.HasPrefix(kv, "XDG_") || strings.HasPrefix(kv, "HOME=")
	})
	env = append(env, "HOME="+home) // --help reads no config; if it did, nothing of the user's
	for _, where := range slices.Sorted(maps.Keys(calls)) {
		args := calls[where]
		if len(args) == 0 {
			t.Errorf("%s: wp2medium without a subcommand", where)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, bin, append(slices.Clone(args), "--help")...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		cancel()
		// Cobra parses every flag before it acts on --help, so an unknown flag
		// fails here. But an unknown subcommand with --help prints the root's
		// help and exits 0 (the root takes no arguments), so exit 0 alone does
		// not prove the subcommand exists: its own usage line must be there.
		usage := regexp.MustCompile(`(?m)^  wp2medium ` + regexp.QuoteMeta(args[0]) + `( |$)`)
		switch call := "`wp2medium " + strings.Join(args, " ") + " --help`"; {
		case err != nil:
			t.Errorf("%s: %s: %v\n%s", where, call, err, out.String())
		case strings.Contains(out.String(), "\n  wp2medium [command]\n"):
			t.Errorf("%s: %s printed the root's help: wp2medium has no %q command", where, call, args[0])
		case !usage.MatchString(out.String()):
			t.Errorf("%s: %s does not show the usage of %q:\n%s", where, call, args[0], out.String())
		}
	}
}

// TestReadmeAutoConfig loads the README's [auto] section with the config
// package: every key known, every value read, and every key of config.Auto shown.
func TestReadmeAutoConfig(t *testing.T) {
	block := readmeBlocks(t)["config.toml"]
	var want struct {
		Auto config.Auto `toml:"auto"`
	}
	md, err := toml.Decode(block.text, &want)
	if err != nil {
		t.Fatalf("README.md:%d: the [auto] block is not TOML: %v", block.line, err)
	}
	shown := map[string]bool{}
	for _, k := range md.Keys() {
		shown[k.String()] = true
	}
	auto := reflect.TypeFor[config.Auto]()
	for i := range auto.NumField() {
		if key := "auto." + auto.Field(i).Tag.Get("toml"); !shown[key] {
			t.Errorf("README.md:%d: the [auto] block leaves out %s", block.line, key)
		}
	}

	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(block.text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, warnings, err := config.LoadWithEnv(path, nil)
	if err != nil {
		t.Errorf("README.md:%d: the [auto] block does not load: %v", block.line, err)
	}
	for _, w := range warnings {
		t.Errorf("README.md:%d: loading the [auto] block warns: %v", block.line, w)
	}
	// %+v, not DeepEqual: an empty list may load as nil.
	if got, want := fmt.Sprintf("%+v", cfg.Auto), fmt.Sprintf("%+v", want.Auto); got != want {
		t.Errorf("README.md:%d: the [auto] block loads as\n%s\nwant\n%s", block.line, got, want)
	}
}
