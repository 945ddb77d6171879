package crosspost

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The subprocess helper: the test binary re-runs itself with these variables
// set to act as a second wp2medium, or to die at a chosen step.
const (
	ledgerHelperEnv     = "WP2MEDIUM_LEDGER_HELPER"
	ledgerHelperPathEnv = "WP2MEDIUM_LEDGER_PATH"
	helperDiedExit      = 3 // the helper died at the intended step
)

// TestLedgerHelperProcess is not a test: it is the body of the subprocesses
// the tests below start, and does nothing when run normally.
func TestLedgerHelperProcess(t *testing.T) {
	mode := os.Getenv(ledgerHelperEnv)
	if mode == "" {
		return
	}
	os.Exit(runLedgerHelper(mode, os.Getenv(ledgerHelperPathEnv)))
}

func runLedgerHelper(mode, path string) int {
	l, err := OpenLedger(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper open:", err)
		return 2
	}
	die := func(at string) {
		ledgerWriteHook = func(step string) error {
			if step == at {
				os.Exit(helperDiedExit) // no deferred code, no Close: like a kill
			}
			return nil
		}
	}
	req := Entry{Site: ledgerTestSite, PostID: 1, ContentHash: "h"}
	switch mode {
	case "hold":
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
		os.Exit(0)                                 // without Close: the kernel must drop the lock
	case "begin-then-die":
		if err = l.BeginSend(req); err == nil {
			os.Exit(helperDiedExit) // between BeginSend and the result
		}
	case "begin-die-before-rename":
		die(stepTempWritten)
		err = l.BeginSend(req)
	case "begin-die-after-rename":
		die(stepRenamed)
		err = l.BeginSend(req)
	case "sent-die-before-rename", "failed-die-before-rename", "unknown-die-before-rename":
		if err = l.BeginSend(req); err != nil {
			break
		}
		die(stepTempWritten)
		switch mode {
		case "sent-die-before-rename":
			err = l.MarkSent(ledgerTestSite, 1, mediumPost("0123456789ab"))
		case "failed-die-before-rename":
			err = l.MarkFailed(ledgerTestSite, 1, errors.New("refused"))
		default:
			err = l.MarkUnknown(ledgerTestSite, 1, errors.New("timeout"))
		}
	default:
		err = fmt.Errorf("unknown helper mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	return 0 // the step to die at was never reached
}

func ledgerHelperCmd(t *testing.T, mode, path string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLedgerHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), ledgerHelperEnv+"="+mode, ledgerHelperPathEnv+"="+path)
	return cmd
}

func TestLedgerCrashSafety(t *testing.T) {
	cases := []struct {
		mode      string
		seedFail  bool  // the post had failed once before the crashing run
		wantState State // "" = no entry
	}{
		// The create may have been sent: never sendable again without asking.
		{"begin-then-die", false, StateUnknown},
		{"begin-then-die", true, StateUnknown},
		{"begin-die-after-rename", false, StateUnknown},
		{"sent-die-before-rename", false, StateUnknown},
		{"failed-die-before-rename", false, StateUnknown},
		{"unknown-die-before-rename", false, StateUnknown},
		// BeginSend never returned, so nothing was sent: the prior state stays.
		{"begin-die-before-rename", false, ""},
		{"begin-die-before-rename", true, StateFailed},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/seeded=%t", c.mode, c.seedFail), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ledger.json")
			var seeded Entry
			if c.seedFail {
				l := openTestLedgerAt(t, path)
				putState(t, l, 1, StateFailed)
				seeded = mustGet(t, l, 1)
				l.Close()
			}
			out, err := ledgerHelperCmd(t, c.mode, path).CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != helperDiedExit {
				t.Fatalf("helper did not die at its step: %v\n%s", err, out)
			}

			l := openTestLedgerAt(t, path)
			assertNoTempFiles(t, dir)
			e, ok := l.Get(ledgerTestSite, 1)
			switch {
			case c.wantState == "" && ok:
				t.Fatalf("entry %+v after a write that never landed", e)
			case c.wantState == "":
				return
			case !ok || e.State != c.wantState:
				t.Fatalf("after the crash: %+v (found %t), want state %s", e, ok, c.wantState)
			}
			if c.wantState == StateUnknown {
				if e.Error == "" {
					t.Error("unknown entry does not say what happened")
				}
				if err := l.BeginSend(sendRequest(1)); !errors.Is(err, ErrOutcomeUnknown) {
					t.Fatalf("BeginSend after a crash = %v, want ErrOutcomeUnknown", err)
				}
				l.Close()
				// The recovery was written: a second open finds the same unknown entry.
				l2 := openTestLedgerAt(t, path)
				if again := mustGet(t, l2, 1); again.State != StateUnknown || !again.At.Equal(e.At) {
					t.Fatalf("recovery not persisted: %+v", again)
				}
			}
			if c.wantState == StateFailed && (e.Error != seeded.Error || len(e.History) != len(seeded.History)) {
				t.Fatalf("prior entry changed: %+v, was %+v", e, seeded)
			}
		})
	}
}

func TestLedgerLockSameProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.json")
	l := openTestLedgerAt(t, path)
	_, err := OpenLedger(path)
	var le *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &le) || le.PID != os.Getpid() {
		t.Fatalf("second OpenLedger = %v, want ErrLocked with pid %d", err, os.Getpid())
	}
	if want := fmt.Sprintf("another wp2medium is running (pid %d)", os.Getpid()); !strings.Contains(err.Error(), want) {
		t.Fatalf("message %q lacks %q", err, want)
	}
	l.Close()
	l2, err := OpenLedger(path)
	if err != nil {
		t.Fatalf("open after Close: %v", err)
	}
	l2.Close()
}

func TestLedgerLockOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.json")
	cmd := ledgerHelperCmd(t, "hold", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper: %q %v", line, err)
	}

	_, err = OpenLedger(path)
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.PID != cmd.Process.Pid {
		t.Fatalf("OpenLedger while another process holds it = %v, want ErrLocked with pid %d", err, cmd.Process.Pid)
	}

	// The holder exits without Close: the lock must not outlive it.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	l, err := OpenLedger(path)
	if err != nil {
		t.Fatalf("open after the holder exited: %v", err)
	}
	l.Close()
}

func TestLedgerCorruptFileIsNeverOverwritten(t *testing.T) {
	valid := `{"version":1,"entries":[{"site":"https://blog.example.com","post_id":1,"state":"sent","route":"api","at":"2025-03-01T12:00:00Z"}]}`
	cases := map[string]string{
		"truncated":                 valid[:len(valid)/2],
		"garbage":                   "\x00\xffnot json at all\x89PNG",
		"empty":                     "",
		"whitespace":                " \n ",
		"no version":                `{"entries":[]}`,
		"newer version":             `{"version":3,"entries":[]}`,
		"negative version":          `{"version":-1,"entries":[]}`,
		"array":                     `[1,2,3]`,
		"trailing garbage":          valid + "}{",
		"unknown state":             strings.Replace(valid, `"sent"`, `"published"`, 1),
		"unknown route":             strings.Replace(valid, `"api"`, `"rss"`, 1),
		"no post id":                strings.Replace(valid, `"post_id":1,`, "", 1),
		"duplicate entries":         strings.Replace(valid, `]}`, `,{"site":"https://blog.example.com/","post_id":1,"state":"failed","route":"api"}]}`, 1),
		"duplicate key":             strings.Replace(valid, `"state":"sent"`, `"state":"failed","state":"sent"`, 1),
		"duplicate key, other case": strings.Replace(valid, `"state":"sent"`, `"state":"sent","STATE":"failed"`, 1),
		"duplicate top key":         strings.Replace(valid, `{"version":1,`, `{"version":1,"entries":[],`, 1),
		"unknown field":             strings.Replace(valid, `"post_id":1,`, `"post_id":1,"posted":true,`, 1),
		"v2 site not a key":         `{"version":2,"entries":[{"site":"https://blog.example.com","post_id":1,"state":"sent","route":"api"}]}`,
		"v2 bad alias":              `{"version":2,"sites":[{"address":"localhost:1","site":"localhost:1"}],"entries":[]}`,
		"nested history":            strings.Replace(valid, `"route":"api",`, `"route":"api","history":[{"site":"s","post_id":1,"state":"sent","route":"api","history":[{"site":"s","post_id":1,"state":"sent","route":"api"}]}],`, 1),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ledger.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-time.Hour).Truncate(time.Second)
			os.Chtimes(path, old, old)

			for range 2 { // twice: a failed open must release its lock
				_, err := OpenLedger(path)
				var fe *LedgerFileError
				if !errors.Is(err, ErrLedgerCorrupt) || !errors.As(err, &fe) || fe.Path != path {
					t.Fatalf("OpenLedger = %v, want a corrupt-file error naming the file", err)
				}
				if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "move it aside") {
					t.Fatalf("message does not say what to do: %s", msg)
				}
			}
			b, err := os.ReadFile(path)
			if err != nil || string(b) != content {
				t.Fatalf("file changed: %q", b)
			}
			if info, _ := os.Stat(path); !info.ModTime().Equal(old) {
				t.Fatal("file was rewritten")
			}
			assertNoTempFiles(t, dir)
		})
	}
	// The valid one opens, so the cases above fail for their flaw alone.
	path := filepath.Join(t.TempDir(), "ledger.json")
	os.WriteFile(path, []byte(valid), 0o600)
	l := openTestLedgerAt(t, path)
	if e := mustGet(t, l, 1); e.State != StateSent {
		t.Fatalf("valid file: %+v", e)
	}
}

func TestLedgerUnreadableFile(t *testing.T) {
	// A directory where the file should be: unreadable even for root, which
	// ignores permission bits.
	path := filepath.Join(t.TempDir(), "ledger.json")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := OpenLedger(path)
	var fe *LedgerFileError
	if !errors.As(err, &fe) || fe.Corrupt || errors.Is(err, ErrLedgerCorrupt) || !strings.Contains(err.Error(), path) {
		t.Fatalf("OpenLedger on an unreadable path = %v", err)
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		t.Fatal("the unreadable path was replaced")
	}
}
