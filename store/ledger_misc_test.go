package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
)

func TestLedgerCreatesSince(t *testing.T) {
	l := openTestLedger(t)
	other := "https://other.example.org"
	at := func(h int) time.Time { return ledgerT0.Add(time.Duration(h) * time.Hour) }

	setLedgerClock(l, at(0))
	putState(t, l, 1, StateSent) // counted
	setLedgerClock(l, at(1))
	putState(t, l, 2, StateFailed) // refused by Medium: not counted
	setLedgerClock(l, at(2))
	putState(t, l, 3, StateUnknown) // may exist: counted
	setLedgerClock(l, at(3))
	putState(t, l, 4, StateSending) // in flight: counted
	setLedgerClock(l, at(4))
	if err := l.BeginSend(Entry{Site: other, PostID: 1}); err != nil { // another site, same Medium user
		t.Fatal(err)
	}
	if err := l.MarkSent(other, 1, mediumPost("0000000000aa")); err != nil {
		t.Fatal(err)
	}
	setLedgerClock(l, at(5))
	if err := l.Record(Entry{Site: ledgerTestSite, PostID: 5, URL: "https://medium.com/p/0000000000bb"}); err != nil { // import: not counted
		t.Fatal(err)
	}
	setLedgerClock(l, at(6))
	req := sendRequest(1)
	req.SecondStory = true
	if err := l.BeginSend(req); err != nil { // second story: the first moves to History and still counts
		t.Fatal(err)
	}
	setLedgerClock(l, at(7))
	if err := l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 3}); err != nil { // the user says no story: stops counting
		t.Fatal(err)
	}

	cases := []struct {
		since time.Time
		want  int
	}{
		{at(-1), 4}, // 1 (history), 4, other/1, 1 (second story)
		{at(0), 4},  // since is inclusive
		{at(1), 3},
		{at(4), 2},
		{at(5), 1},
		{at(6), 1},
		{at(7), 0},
	}
	for _, c := range cases {
		if got := l.CreatesSince(c.since); got != c.want {
			t.Errorf("CreatesSince(t0%+v) = %d, want %d", c.since.Sub(ledgerT0), got, c.want)
		}
	}
}

func TestEntryChangedSince(t *testing.T) {
	sent := Entry{ModifiedGMT: ledgerT0, ContentHash: "abc"}
	cases := []struct {
		name     string
		e        Entry
		modified time.Time
		hash     string
		want     bool
	}{
		{"unchanged", sent, ledgerT0, "abc", false},
		{"edited later", sent, ledgerT0.Add(time.Minute), "abc", true},
		{"older modified time", sent, ledgerT0.Add(-time.Minute), "abc", false},
		{"same second, sub-second noise", sent, ledgerT0.Add(400 * time.Millisecond), "abc", false},
		{"content differs", sent, ledgerT0, "xyz", true},
		{"hash unknown now, time same", sent, ledgerT0, "", false},
		{"time unknown now, hash differs", sent, time.Time{}, "xyz", true},
		{"nothing recorded (hand-made entry)", Entry{}, ledgerT0, "xyz", false},
		{"only time recorded", Entry{ModifiedGMT: ledgerT0}, ledgerT0.Add(time.Second), "xyz", true},
	}
	for _, c := range cases {
		if got := c.e.ChangedSince(c.modified, c.hash); got != c.want {
			t.Errorf("%s: ChangedSince = %t, want %t", c.name, got, c.want)
		}
	}
}

func TestLedgerErrorTextIsSanitised(t *testing.T) {
	l := openTestLedger(t)
	secrets := []string{
		"Post \"https://api.medium.com/v1\": header Authorization: Bearer 2a9b8c7d6e5f4a3b2c1d",
		"token BEARER2a9b8c7d6e5f4a3b2c1d leaked",
		"bearer\t2a9b8c7d6e5f4a3b2c1d",
		"authorization=2a9b8c7d6e5f4a3b2c1d",
	}
	for i, msg := range secrets {
		id := i + 1
		putState(t, l, id, StateSending)
		if err := l.MarkUnknown(ledgerTestSite, id, errors.New(msg+"\x1b]0;evil\x07\r\nnext line")); err != nil {
			t.Fatal(err)
		}
		e := mustGet(t, l, id)
		if strings.Contains(strings.ToLower(e.Error), "bearer") || strings.Contains(e.Error, "2a9b8c7d6e5f4a3b2c1d") {
			t.Errorf("stored error keeps a credential: %q", e.Error)
		}
		if strings.ContainsAny(e.Error, "\x1b\x07\r\n") || strings.Contains(e.Error, "evil") {
			t.Errorf("stored error keeps control text: %q", e.Error)
		}
		if !strings.Contains(e.Error, "next line") {
			t.Errorf("stored error lost its text: %q", e.Error)
		}
	}
	putState(t, l, 50, StateSending)
	if err := l.MarkFailed(ledgerTestSite, 50, errors.New(strings.Repeat("é", 5000))); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, l, 50); len(e.Error) > maxLedgerText+len("…") || !strings.HasSuffix(e.Error, "…") || !strings.HasPrefix(e.Error, "éé") {
		t.Errorf("long error not bounded cleanly: %d bytes", len(e.Error))
	}
	if b := onDisk(t, l.Path()); strings.Contains(string(b), "2a9b8c7d6e5f4a3b2c1d") {
		t.Fatal("a credential reached the ledger file")
	}
}

func TestLedgerSitesAndCopies(t *testing.T) {
	l := openTestLedger(t)
	if err := l.BeginSend(Entry{Site: "https://Blog.Example.com/", PostID: 5, Tags: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	putState(t, l, 2, StateSent)
	if err := l.BeginSend(Entry{Site: "https://other.example.org", PostID: 1}); err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Get("https://blog.example.com", 5); !ok {
		t.Fatal("site key not normalised: scheme/host case or trailing slash matters")
	}
	var ids []int
	for _, e := range l.Entries(ledgerTestSite + "/") {
		ids = append(ids, e.PostID)
	}
	if !reflect.DeepEqual(ids, []int{2, 5}) {
		t.Fatalf("Entries = %v, want [2 5] (sorted, this site only)", ids)
	}
	e := mustGet(t, l, 5)
	e.Tags[0] = "changed"
	if again := mustGet(t, l, 5); again.Tags[0] != "a" {
		t.Fatal("Get returned the ledger's own slice")
	}
}

func TestLedgerClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l := s.Ledger()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close = %v", err)
	}
	if err := l.BeginSend(sendRequest(1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("BeginSend after Close = %v", err)
	}
	if err := l.Record(Entry{Site: ledgerTestSite, PostID: 1, URL: "https://medium.com/p/0123456789ab"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Record after Close = %v", err)
	}
	s2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after Close: %v", err)
	}
	s2.Close()
}

// Commands run in goroutines: concurrent sends of different posts must all
// land, in memory and on disk.
func TestLedgerConcurrentSends(t *testing.T) {
	l := openTestLedger(t)
	const n = 20
	errs := make(chan error, n)
	for i := 1; i <= n; i++ {
		go func() {
			if err := l.BeginSend(sendRequest(i)); err != nil {
				errs <- err
				return
			}
			errs <- l.MarkSent(ledgerTestSite, i, mediumPost("0123456789ab"))
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	l.s.Close()
	l2 := openTestLedgerAt(t, l.Path())
	got := l2.Entries(ledgerTestSite)
	if len(got) != n {
		t.Fatalf("%d entries on disk, want %d", len(got), n)
	}
	for _, e := range got {
		if e.State != StateSent {
			t.Fatalf("post %d: %s", e.PostID, e.State)
		}
	}
}

// A write that fails (a full disk) changes nothing.
func TestLedgerFailedWriteChangesNothing(t *testing.T) {
	l := openTestLedger(t)
	putState(t, l, 1, StateFailed)
	putState(t, l, 2, StateSending)
	before, version := exported(t, l), l.Version()
	e1, e2 := mustGet(t, l, 1), mustGet(t, l, 2)

	l.s.writeHook = func(step string) error {
		if step == "before-commit" {
			return errors.New("no space left on device")
		}
		return nil
	}
	t.Cleanup(func() { l.s.writeHook = nil })

	if err := l.BeginSend(sendRequest(1)); err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("BeginSend on a failing disk = %v", err)
	}
	err := l.MarkSent(ledgerTestSite, 2, mediumPost("0123456789ab"))
	if err == nil || !strings.Contains(err.Error(), "https://medium.com/@me/a-post-0123456789ab") {
		t.Fatalf("MarkSent on a failing disk must give the story's URL so it is not lost: %v", err)
	}
	if got := mustGet(t, l, 1); !reflect.DeepEqual(got, e1) {
		t.Fatalf("post 1 changed: %+v", got)
	}
	if got := mustGet(t, l, 2); !reflect.DeepEqual(got, e2) {
		t.Fatalf("post 2 changed: %+v", got)
	}
	if exported(t, l) != before || l.Version() != version {
		t.Fatal("the store changed")
	}
}

func TestDefaultPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	p, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "wp2medium", FileName); p != want {
		t.Fatalf("DefaultPath = %s, want %s", p, want)
	}
	info, err := os.Stat(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Fatalf("data dir mode %v, want 0700", info.Mode().Perm())
	}
}

func TestStateAndRouteLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range []State{StateSending, StateSent, StateFailed, StateUnknown, ""} {
		if s.Label() == "" || seen[s.Label()] {
			t.Errorf("state %q has an empty or duplicate label %q", s, s.Label())
		}
		seen[s.Label()] = true
		if s.String() != string(s) {
			t.Errorf("String of %q", s)
		}
	}
	if RouteAPI.Label() == RouteImport.Label() || RouteAPI.String() != "api" || RouteImport.String() != "import" {
		t.Error("route names")
	}
}

// Medium has answered, but another process holds the store past the busy
// timeout: the answer is recorded once it lets go, not lost.
func TestMarkSentWaitsOutABusyStore(t *testing.T) {
	old := busyTimeout
	busyTimeout = 150 * time.Millisecond
	t.Cleanup(func() { busyTimeout = old })
	path := filepath.Join(t.TempDir(), FileName)
	l := openTestLedgerAt(t, path)
	putState(t, l, 1, StateSending)
	other := openTestLedgerAt(t, path)
	tx, err := other.s.db.Begin() // IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(300 * time.Millisecond) // longer than one busy timeout
		tx.Rollback()
		close(released)
	}()
	if err := l.MarkSent(ledgerTestSite, 1, mediumPost("0123456789ab")); err != nil {
		t.Fatalf("MarkSent while another process held the store a while: %v", err)
	}
	<-released
	if e := mustGet(t, l, 1); e.State != StateSent {
		t.Fatalf("after the wait: %s", e.State)
	}
}
