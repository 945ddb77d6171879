package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// crontabLine is the README's crontab entry, split as cron splits it.
type crontabLine struct {
	schedule string   // the five time fields
	command  string   // the rest, which cron hands to /bin/sh
	binary   string   // the command's first word
	args     []string // its words after the binary, up to the first redirection
}

var crontabEntry = regexp.MustCompile(`^\s*(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S.*)$`)

// crontabJob takes the one job out of the crontab block (comments and blank
// lines aside).
func crontabJob(t *testing.T, block readmeBlock) (crontabLine, bool) {
	t.Helper()
	var jobs []string
	for _, line := range strings.Split(block.text, "\n") {
		if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
			jobs = append(jobs, line)
		}
	}
	if len(jobs) != 1 {
		t.Errorf("README.md:%d: the crontab block should hold one line, not %d", block.line, len(jobs))
		return crontabLine{}, false
	}
	m := crontabEntry.FindStringSubmatch(jobs[0])
	if m == nil {
		t.Errorf("README.md:%d: %q is not five time fields and a command", block.line, jobs[0])
		return crontabLine{}, false
	}
	job := crontabLine{schedule: m[1], command: m[2]}
	words := strings.Fields(job.command)
	job.binary = words[0]
	for _, w := range words[1:] {
		if strings.ContainsAny(w[:1], "<>|;&") || strings.HasPrefix(w, "2>") {
			break
		}
		job.args = append(job.args, w)
	}
	return job, true
}

// TestReadmeCrontab checks the crontab line: its schedule with a cron parser,
// then its command run the way cron runs it.
func TestReadmeCrontab(t *testing.T) {
	block := readmeBlocks(t)["crontab"]
	job, ok := crontabJob(t, block)
	if !ok {
		return
	}

	sched, err := cron.ParseStandard(job.schedule)
	if err != nil {
		t.Fatalf("README.md:%d: cron cannot parse %q: %v", block.line, job.schedule, err)
	}
	// The README says every 15 minutes.
	at := time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC) // runs over midnight
	for range 8 {
		next := sched.Next(at)
		if next.Sub(at) != 15*time.Minute {
			t.Fatalf("README.md:%d: %q runs at %s after %s, not every 15 minutes",
				block.line, job.schedule, next.Format(time.DateTime), at.Format(time.DateTime))
		}
		at = next
	}

	// Cron gives the command to /bin/sh with its own small environment:
	// HOME, LOGNAME and SHELL from the user's passwd entry, PATH=/usr/bin:/bin.
	// So the binary must be named by an absolute path, $HOME being the one
	// variable that can be relied on to spell it; and % would end the command.
	if strings.Contains(job.command, "%") {
		t.Errorf("README.md:%d: cron turns %% into a newline: write \\%%", block.line)
	}
	if !strings.HasPrefix(job.binary, "/") && !strings.HasPrefix(job.binary, "$HOME/") {
		t.Errorf("README.md:%d: %q is not an absolute path: cron's PATH is /usr/bin:/bin", block.line, job.binary)
	}
	if job.binary != "$HOME/"+installedBinary || len(job.args) == 0 || job.args[0] != "sync" {
		t.Fatalf("README.md:%d: the line should run $HOME/%s sync, not %q", block.line, installedBinary, job.command)
	}
	logFile := regexp.MustCompile(`>>\s*(\S+)`).FindStringSubmatch(job.command)
	const logDir = "$HOME/.local/state/wp2medium/"
	if logFile == nil || !strings.HasPrefix(logFile[1], logDir) {
		t.Fatalf("README.md:%d: the line should append its output to a file in %s", block.line, logDir)
	}
	// Run it in cron's environment on a home of our own, where the binary is a
	// stand-in that records its arguments and writes to both outputs. The log
	// folder is made first, as the README tells the user to.
	home := t.TempDir()
	stub := filepath.Join(home, strings.TrimPrefix(job.binary, "$HOME/"))
	mustWrite(t, stub, "#!/bin/sh\n"+
		`printf '%s\n' "$*" >>"$HOME/args"`+"\n"+
		"echo 'pass: stdout'\necho 'pass: stderr' >&2\n", 0o755)
	if err := os.MkdirAll(filepath.Join(home, ".local/state/wp2medium"), 0o700); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		cmd := exec.Command("/bin/sh", "-c", job.command)
		cmd.Env = []string{"HOME=" + home, "LOGNAME=you", "SHELL=/bin/sh", "PATH=/usr/bin:/bin"}
		cmd.Dir = home
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("README.md:%d: the command as cron runs it: %v\n%s", block.line, err, out)
		}
		if len(out) > 0 {
			t.Fatalf("README.md:%d: the command prints outside its log (cron would mail it):\n%s", block.line, out)
		}
	}
	if got, want := readFile(t, filepath.Join(home, "args")), "sync\nsync\n"; got != want {
		t.Errorf("two runs passed the arguments %q, want %q", got, want)
	}
	log := readFile(t, filepath.Join(home, strings.TrimPrefix(logFile[1], "$HOME/")))
	if want := strings.Repeat("pass: stdout\npass: stderr\n", 2); log != want {
		t.Errorf("after two runs the log holds %q, want both outputs of both runs: %q", log, want)
	}
}

func mustWrite(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
