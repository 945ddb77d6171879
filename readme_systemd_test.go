package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// installedBinary is where the README's `go install` puts wp2medium, under
// the home directory (GOBIN unset, GOPATH its default ~/go). The crontab line
// and the units all run it from there.
const installedBinary = "go/bin/wp2medium"

// readmeUnits are the systemd units of the README, installed as it says.
var readmeUnits = []string{"wp2medium-sync.service", "wp2medium-sync.timer", "wp2medium-watch.service"}

// unitPromises are the settings the README's prose promises of each unit.
var unitPromises = map[string][][3]string{ // section, key, value
	// TimeoutStopSec: systemd's default 90 s is less than the 3 minutes a
	// send may take (crosspost.PublishTimeout); a send killed becomes unknown.
	"wp2medium-sync.service": {{"Service", "Type", "oneshot"}, {"Service", "TimeoutStopSec", "4min"}},
	"wp2medium-sync.timer":   {{"Timer", "Persistent", "true"}, {"Install", "WantedBy", "timers.target"}},
	"wp2medium-watch.service": {{"Service", "Type", "simple"}, {"Service", "Restart", "on-failure"}, {"Service", "TimeoutStopSec", "4min"},
		{"Install", "WantedBy", "default.target"}},
}

// unitSetting is one Key=Value line of a unit file.
type unitSetting struct{ section, key, value string }

// unitSettings reads a unit file's settings, in order. The README's units
// have no continued lines, and this reader does not need them.
func unitSettings(t *testing.T, block readmeBlock) []unitSetting {
	t.Helper()
	var all []unitSetting
	section := ""
	for i, line := range strings.Split(block.text, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case strings.HasSuffix(line, `\`):
			t.Errorf("README.md:%d: %s: a continued line; keep each setting on one line", block.line+1+i, block.name)
		case line[0] == '[' && line[len(line)-1] == ']':
			section = line[1 : len(line)-1]
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Errorf("README.md:%d: %s: %q is no Key=Value", block.line+1+i, block.name, line)
				continue
			}
			all = append(all, unitSetting{section, strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return all
}

// unitValues are the values of section.key, in order.
func unitValues(settings []unitSetting, section, key string) []string {
	var vs []string
	for _, s := range settings {
		if s.section == section && s.key == key {
			vs = append(vs, s.value)
		}
	}
	return vs
}

// execStartArgs are the arguments after the binary in a service's ExecStart.
func execStartArgs(t *testing.T, block readmeBlock) ([]string, bool) {
	t.Helper()
	starts := unitValues(unitSettings(t, block), "Service", "ExecStart")
	if len(starts) != 1 {
		t.Errorf("README.md:%d: %s should have one ExecStart, not %d", block.line, block.name, len(starts))
		return nil, false
	}
	words := strings.Fields(starts[0])
	if len(words) == 0 || words[0] != "%h/"+installedBinary {
		t.Errorf("README.md:%d: %s should run %%h/%s, not %q", block.line, block.name, installedBinary, starts[0])
		return nil, false
	}
	return words[1:], true
}

// systemdAnalyze finds systemd-analyze. Outside CI a machine without it skips
// the unit checks; in CI (which installs it, scripts/test.sh) that is a failure.
func systemdAnalyze(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("systemd-analyze")
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatal("systemd-analyze is not installed: scripts/test.sh installs Debian's systemd package for it")
	}
	t.Skip("systemd-analyze is not installed (Debian: apt-get install systemd): the README's units are not checked")
	return ""
}

// TestReadmeSystemdUnits installs the README's units, unchanged, in the user
// unit folder of a home of our own and has systemd-analyze verify them.
func TestReadmeSystemdUnits(t *testing.T) {
	analyze := systemdAnalyze(t)
	blocks := readmeBlocks(t)
	bin := builtBinary(t)

	home, runtimeDir := t.TempDir(), t.TempDir()
	unitDir := filepath.Join(home, ".config/systemd/user")
	var files []string
	for _, name := range readmeUnits {
		block := blocks[name]
		path := filepath.Join(unitDir, name)
		mustWrite(t, path, block.text, 0o644)
		files = append(files, path)
		// verify fails a unit whose ExecStart program is missing or not
		// executable. %h is $HOME to systemd-analyze, so the unit's own path
		// is checked: the built binary stands there, as go install puts it.
		for _, start := range unitValues(unitSettings(t, block), "Service", "ExecStart") {
			prog := filepath.Join(home, strings.TrimPrefix(strings.Fields(start)[0], "%h/"))
			if _, err := os.Lstat(prog); err == nil {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(prog), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(bin, prog); err != nil {
				t.Fatal(err)
			}
		}
	}

	// A user manager needs XDG_RUNTIME_DIR, which a container or CI may lack;
	// warnings must reach stderr whatever the caller's SYSTEMD_LOG_* say.
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "XDG_") || strings.HasPrefix(kv, "SYSTEMD_")
	})
	env = append(env, "HOME="+home, "XDG_RUNTIME_DIR="+runtimeDir, "TZ=UTC",
		"SYSTEMD_LOG_LEVEL=info", "SYSTEMD_LOG_TARGET=console", "SYSTEMD_LOG_COLOR=0")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(analyze, args...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}

	// verify exits 0 on some mistakes and only says so: an unparsable value
	// ("Failed to parse service type, ignoring"). So any line that names one of
	// the files fails the test too; other lines (about units of the system) are
	// logged only.
	verify := func(files ...string) (problems []string) {
		out, err := run(append([]string{"--user", "verify", "--man=no", "--recursive-errors=no"}, files...)...)
		if err != nil {
			problems = append(problems, "exit: "+err.Error())
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if line == "" {
				continue
			}
			if slices.ContainsFunc(files, func(f string) bool { return strings.Contains(line, filepath.Base(f)) }) {
				problems = append(problems, line)
			} else {
				t.Logf("systemd-analyze verify (not about the units checked): %s", line)
			}
		}
		return problems
	}
	for _, p := range verify(files...) {
		t.Errorf("systemd-analyze --user verify: %s", p)
	}
	// A control, so that a verify that checks nothing here cannot pass the
	// README: a misspelt key, a bad value, a missing program must be reported.
	control := filepath.Join(t.TempDir(), "wp2medium-control.service")
	mustWrite(t, control, "[Service]\nType=oneshoot\nExecStart=%h/no/such/wp2medium sync\nRestrat=on-failure\n", 0o644)
	if got := strings.Join(verify(control), "\n"); !strings.Contains(got, "exit") ||
		!strings.Contains(got, "oneshoot") || !strings.Contains(got, "Restrat") || !strings.Contains(got, "no/such") {
		t.Errorf("systemd-analyze verify missed mistakes in a broken unit; it reported only:\n%s", got)
	}

	// What verify does not check.
	paths, err := run("--user", "unit-paths")
	if err != nil {
		t.Fatalf("systemd-analyze --user unit-paths: %v\n%s", err, paths)
	}
	for _, name := range readmeUnits {
		block := blocks[name]
		settings := unitSettings(t, block)
		for _, p := range unitPromises[name] {
			if got := unitValues(settings, p[0], p[1]); !slices.Equal(got, []string{p[2]}) {
				t.Errorf("README.md:%d: %s: [%s] %s=%v, the README says %s", block.line, name, p[0], p[1], got, p[2])
			}
		}
		// An [Install] target that does not exist is silently never reached.
		for _, target := range unitValues(settings, "Install", "WantedBy") {
			if !unitExists(strings.Fields(paths), target) {
				t.Errorf("README.md:%d: %s: WantedBy=%s: the user manager has no such unit", block.line, name, target)
			}
		}
		if strings.HasSuffix(name, ".service") {
			execStartArgs(t, block) // the binary is the one the README installs
		}
		if !strings.HasSuffix(name, ".timer") {
			continue
		}
		// A timer whose service is missing verifies without a word.
		triggers := unitValues(settings, "Timer", "Unit")
		if len(triggers) == 0 {
			triggers = []string{strings.TrimSuffix(name, ".timer") + ".service"}
		}
		for _, u := range triggers {
			if _, ok := blocks[u]; !ok {
				t.Errorf("README.md:%d: %s starts %s, which the README does not give", block.line, name, u)
			}
		}
		// The README says every 15 minutes.
		calendars := unitValues(settings, "Timer", "OnCalendar")
		if len(calendars) != 1 {
			t.Fatalf("README.md:%d: %s should have one OnCalendar, not %d", block.line, name, len(calendars))
		}
		out, err := run("calendar", "--iterations=6", "--base-time=2026-12-01 23:00:00 UTC", calendars[0])
		if err != nil {
			t.Fatalf("systemd-analyze calendar %q: %v\n%s", calendars[0], err, out)
		}
		times := elapses(t, out)
		for i := 1; i < len(times); i++ {
			if gap := times[i].Sub(times[i-1]); gap != 15*time.Minute {
				t.Errorf("README.md:%d: %s: OnCalendar=%s runs %s after %s, not 15 minutes",
					block.line, name, calendars[0], gap, times[i-1].Format(time.DateTime))
			}
		}
		if len(times) != 6 {
			t.Errorf("systemd-analyze calendar gave %d times, want 6:\n%s", len(times), out)
		}
	}
}

// unitExists says whether a unit file of that name is in one of the folders.
func unitExists(dirs []string, name string) bool {
	return slices.ContainsFunc(dirs, func(dir string) bool {
		_, err := os.Stat(filepath.Join(dir, name))
		return err == nil
	})
}

var elapseLine = regexp.MustCompile(`(?m)^\s*(?:Next elapse|Iter\. #\d+): (.+?)\s*$`)

// elapses reads the times systemd-analyze calendar prints (in UTC, as TZ says).
func elapses(t *testing.T, out string) []time.Time {
	t.Helper()
	var times []time.Time
	for _, m := range elapseLine.FindAllStringSubmatch(out, -1) {
		at, err := time.Parse("Mon 2006-01-02 15:04:05 MST", m[1])
		if err != nil {
			t.Fatalf("systemd-analyze calendar printed %q: %v", m[1], err)
		}
		times = append(times, at)
	}
	return times
}
