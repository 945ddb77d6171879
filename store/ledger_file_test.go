//go:build unix

package store

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The subprocess helper: the test binary re-runs itself with these variables
// set to act as a second wp2medium, or to die at a chosen step.
const (
	ledgerHelperEnv     = "WP2MEDIUM_STORE_HELPER"
	ledgerHelperPathEnv = "WP2MEDIUM_STORE_PATH"
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
	if mode == "open" {
		bufio.NewReader(os.Stdin).ReadString('\n') // the go
		s, err := Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper open:", err)
			return 2
		}
		s.Close()
		return 0
	}
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper open:", err)
		return 2
	}
	l := s.Ledger()
	die := func(at string) {
		s.writeHook = func(step string) error {
			if step == at {
				os.Exit(helperDiedExit) // no deferred code, no Close: like a kill
			}
			return nil
		}
	}
	req := Entry{Site: ledgerTestSite, PostID: 1, ContentHash: "h"}
	switch mode {
	case "hold":
		// Begin a send, say so, and wait (alive) until stdin closes.
		if err = l.BeginSend(req); err != nil {
			break
		}
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n')
		os.Exit(0) // without Close or an answer: the send is left in flight
	case "race":
		// Wait for the go, then try to send post 1: print "won" when this
		// process may send it.
		bufio.NewReader(os.Stdin).ReadString('\n')
		if err := l.BeginSend(req); err != nil {
			if errors.Is(err, ErrSendInProgress) || errors.Is(err, ErrAlreadySent) {
				fmt.Println("refused")
				return 0
			}
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 2
		}
		fmt.Println("won")
		if err := l.MarkSent(ledgerTestSite, 1, mediumPost("0123456789ab")); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 2
		}
		return 0
	case "begin-then-die":
		if err = l.BeginSend(req); err == nil {
			os.Exit(helperDiedExit) // between BeginSend and the result
		}
	case "begin-die-before-commit":
		die("before-commit")
		err = l.BeginSend(req)
	case "begin-die-after-commit":
		die("after-commit")
		err = l.BeginSend(req)
	case "sent-die-before-commit", "failed-die-before-commit", "unknown-die-before-commit":
		if err = l.BeginSend(req); err != nil {
			break
		}
		die("before-commit")
		switch mode {
		case "sent-die-before-commit":
			err = l.MarkSent(ledgerTestSite, 1, mediumPost("0123456789ab"))
		case "failed-die-before-commit":
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
		{"begin-die-after-commit", false, StateUnknown},
		{"sent-die-before-commit", false, StateUnknown},
		{"failed-die-before-commit", false, StateUnknown},
		{"unknown-die-before-commit", false, StateUnknown},
		// BeginSend never returned, so nothing was sent: the prior state stays.
		{"begin-die-before-commit", false, ""},
		{"begin-die-before-commit", true, StateFailed},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/seeded=%t", c.mode, c.seedFail), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			var seeded Entry
			if c.seedFail {
				l := openTestLedgerAt(t, path)
				putState(t, l, 1, StateFailed)
				seeded = mustGet(t, l, 1)
				l.s.Close()
			}
			out, err := ledgerHelperCmd(t, c.mode, path).CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != helperDiedExit {
				t.Fatalf("helper did not die at its step: %v\n%s", err, out)
			}

			l := openTestLedgerAt(t, path)
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
				l.s.Close()
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

// Processes share the store: a send in flight in a live process is shown as
// in flight (not taken over as unknown) and refused, and becomes unknown
// once that process is gone, without it closing anything.
func TestLedgerSendInFlightInAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
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

	l := openTestLedgerAt(t, path) // opening while the other process runs: no error
	if e := mustGet(t, l, 1); e.State != StateSending {
		t.Fatalf("a live process's send reads as %s", e.State)
	}
	if err := l.BeginSend(sendRequest(1)); !errors.Is(err, ErrSendInProgress) {
		t.Fatalf("BeginSend while another process sends = %v, want ErrSendInProgress", err)
	}
	if err := l.BeginSend(sendRequest(2)); err != nil {
		t.Fatalf("another post while the other process sends: %v", err)
	}
	// An import that would merge a record into the send in flight is
	// refused whole, and the send stays the other process's.
	doc, _ := jsonDoc([]Entry{{Site: SiteKey(ledgerTestSite), PostID: 1, State: StateSent, Route: RouteImport,
		URL: "https://medium.com/p/0123456789ab"}, {Site: SiteKey(ledgerTestSite), PostID: 3, State: StateFailed, Route: RouteAPI}})
	if _, err := l.Import("backup.json", doc); !errors.Is(err, ErrSendInProgress) {
		t.Fatalf("import over a send in flight = %v, want ErrSendInProgress", err)
	}
	if _, ok := l.Get(ledgerTestSite, 3); ok {
		t.Fatal("a refused import imported part of the file")
	}
	if e := mustGet(t, l, 1); e.State != StateSending {
		t.Fatalf("after the refused import the send reads as %s", e.State)
	}

	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	if e := mustGet(t, l, 1); e.State != StateUnknown {
		t.Fatalf("the dead process's send reads as %s, want unknown", e.State)
	}
	if err := l.BeginSend(sendRequest(1)); !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("BeginSend after the sender died = %v, want ErrOutcomeUnknown", err)
	}
	if e := mustGet(t, l, 2); e.State != StateSending {
		t.Fatalf("this process's own send reads as %s", e.State)
	}
}

// Processes race to send the same post: in each of 20 rounds exactly one
// may, and the post ends with one story.
func TestLedgerProcessesRacingMakeOneStory(t *testing.T) {
	const rounds, racers = 20, 3
	for round := 1; round <= rounds; round++ {
		path := filepath.Join(t.TempDir(), FileName)
		openTestLedgerAt(t, path).s.Close() // the schema exists before the race
		type racer struct {
			cmd   *exec.Cmd
			stdin interface{ Close() error }
			out   *strings.Builder
		}
		var rs []racer
		for range racers {
			cmd := ledgerHelperCmd(t, "race", path)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			out := &strings.Builder{}
			cmd.Stdout, cmd.Stderr = out, os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, racer{cmd, stdin, out})
		}
		time.Sleep(100 * time.Millisecond) // let them open the store; the go is the same for all
		var wg sync.WaitGroup
		for _, r := range rs {
			wg.Go(func() { r.stdin.Close() })
		}
		wg.Wait()
		won := 0
		for _, r := range rs {
			if err := r.cmd.Wait(); err != nil {
				t.Fatalf("round %d: racer: %v", round, err)
			}
			switch strings.TrimSpace(r.out.String()) {
			case "won":
				won++
			case "refused":
			default:
				t.Fatalf("round %d: racer said %q", round, r.out.String())
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d processes sent the post, want exactly 1", round, won)
		}
		l := openTestLedgerAt(t, path)
		if e := mustGet(t, l, 1); e.State != StateSent || len(e.History) != 0 {
			t.Fatalf("round %d: after the race: %+v", round, e)
		}
		l.s.Close()
	}
}

// Processes opening a store that does not exist yet, all at once (the app
// and a cron job after an upgrade): every one opens it.
func TestProcessesCreatingTheStoreAtOnce(t *testing.T) {
	for round := 1; round <= 10; round++ {
		path := filepath.Join(t.TempDir(), FileName)
		var cmds []*exec.Cmd
		var stdins []interface{ Close() error }
		var outs []*strings.Builder
		for range 8 {
			cmd := ledgerHelperCmd(t, "open", path)
			stdin, _ := cmd.StdinPipe()
			out := &strings.Builder{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, stdins, outs = append(cmds, cmd), append(stdins, stdin), append(outs, out)
		}
		time.Sleep(150 * time.Millisecond)
		for _, in := range stdins {
			in.Close()
		}
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("round %d: a process could not open the new store: %v\n%s", round, err, outs[i])
			}
		}
	}
}

func TestStoreCorruptFileIsNeverOverwritten(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":   "\x00\xffnot a database at all\x89PNG" + strings.Repeat("x", 5000),
		"a ledger":  `{"version":2,"entries":[]}`,
		"truncated": "SQLite format 3\x00" + strings.Repeat("\x00", 50),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				_, err := Open(path)
				if err == nil || !strings.Contains(err.Error(), path) {
					t.Fatalf("Open = %v, want an error naming the file", err)
				}
			}
			if b, _ := os.ReadFile(path); string(b) != content {
				t.Fatalf("file changed: %q", b)
			}
		})
	}
}

func TestStoreUnreadablePath(t *testing.T) {
	// A directory where the file should be: unreadable even for root.
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Corrupt || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open on an unreadable path = %v", err)
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		t.Fatal("the unreadable path was replaced")
	}
}

// The store's files are private: 0600 in a 0700 directory.
func TestStoreFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "wp2medium")
	l := openTestLedgerAt(t, filepath.Join(dir, FileName))
	putState(t, l, 1, StateSent)
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("directory mode: %v %v", info.Mode(), err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		info, _ := e.Info()
		if e.IsDir() {
			if info.Mode().Perm() != 0o700 {
				t.Errorf("%s: mode %v", e.Name(), info.Mode())
			}
			continue
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", e.Name(), info.Mode())
		}
	}
}
func TestLegacyLedgerCorruptIsNeverOverwritten(t *testing.T) {
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
			legacy := filepath.Join(dir, LegacyLedgerName)
			if err := os.WriteFile(legacy, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			for range 2 { // and again: a failed open imports nothing, half or whole
				_, err := Open(filepath.Join(dir, FileName))
				var fe *FileError
				if !errors.Is(err, ErrCorrupt) || !errors.As(err, &fe) || fe.Path != legacy {
					t.Fatalf("Open = %v, want a corrupt-file error naming the old ledger", err)
				}
				if msg := err.Error(); !strings.Contains(msg, legacy) || !strings.Contains(msg, "move it aside") {
					t.Fatalf("message does not say what to do: %s", msg)
				}
			}
			if b, err := os.ReadFile(legacy); err != nil || string(b) != content {
				t.Fatalf("file changed: %q", b)
			}
		})
	}
	// The valid one imports, so the cases above fail for their flaw alone.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, LegacyLedgerName), []byte(valid), 0o600)
	l := openTestLedgerAt(t, filepath.Join(dir, FileName))
	if e := mustGet(t, l, 1); e.State != StateSent {
		t.Fatalf("valid file: %+v", e)
	}
}

// An older wp2medium still running holds ledger.json.lock: the store is not
// opened (nor the ledger imported) until it is closed.
func TestOlderWp2mediumStillRunning(t *testing.T) {
	dir := t.TempDir()
	legacy := filepath.Join(dir, LegacyLedgerName)
	os.WriteFile(legacy, []byte(`{"version":2,"entries":[]}`), 0o600)
	lock, err := os.OpenFile(legacy+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	lock.WriteString("4242\n")
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	_, err = Open(filepath.Join(dir, FileName))
	if err == nil || !strings.Contains(err.Error(), "pid 4242") || !strings.Contains(err.Error(), "close it") {
		t.Fatalf("Open beside a running older wp2medium = %v", err)
	}
	lock.Close() // the older one exits
	l := openTestLedgerAt(t, filepath.Join(dir, FileName))
	if l.Version() != 0 {
		t.Fatal("an empty old ledger changed the store")
	}
}
