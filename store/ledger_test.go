package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

const ledgerTestSite = "https://blog.example.com"

var ledgerT0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// openTestLedger opens a ledger in a fresh directory with its clock at ledgerT0.
func openTestLedger(t *testing.T) *Ledger {
	t.Helper()
	return openTestLedgerAt(t, filepath.Join(t.TempDir(), FileName))
}

// openTestLedgerAt opens the store at path, as a process of its own would.
func openTestLedgerAt(t *testing.T, path string) *Ledger {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	setLedgerClock(s.Ledger(), ledgerT0)
	return s.Ledger()
}

func setLedgerClock(l *Ledger, at time.Time) {
	l.s.now = func() time.Time { return at }
}

// exported is the ledger as JSON, to compare before and after.
func exported(t *testing.T, l *Ledger) string {
	t.Helper()
	var b bytes.Buffer
	if err := l.Export(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// onDisk is every byte of the store's files (the database and its WAL).
func onDisk(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func sendRequest(postID int) Entry {
	return Entry{
		Site: ledgerTestSite, PostID: postID,
		PublishStatus: medium.StatusDraft, License: medium.LicenseCC40BY, Tags: []string{"go", "tui"},
		CrossLink: true, ModifiedGMT: ledgerT0.Add(-time.Hour), ContentHash: "hash-" + fmt.Sprint(postID),
	}
}

func mediumPost(id string) medium.Post {
	return medium.Post{
		ID: id, URL: "https://medium.com/@me/a-post-" + id, PublishStatus: medium.StatusDraft,
		License: medium.LicenseCC40BY, Tags: []string{"go"}, PublicationID: "pub1",
	}
}

// putState drives post postID to state through the public transitions.
func putState(t *testing.T, l *Ledger, postID int, state State) {
	t.Helper()
	if err := l.BeginSend(sendRequest(postID)); err != nil {
		t.Fatalf("BeginSend(%d): %v", postID, err)
	}
	var err error
	switch state {
	case StateSending:
		return
	case StateSent:
		err = l.MarkSent(ledgerTestSite, postID, mediumPost(fmt.Sprintf("%012x", postID)))
	case StateFailed:
		err = l.MarkFailed(ledgerTestSite, postID, errors.New("Medium said no"))
	case StateUnknown:
		err = l.MarkUnknown(ledgerTestSite, postID, errors.New("timeout"))
	}
	if err != nil {
		t.Fatalf("driving post %d to %s: %v", postID, state, err)
	}
}

func mustGet(t *testing.T, l *Ledger, postID int) Entry {
	t.Helper()
	e, ok := l.Get(ledgerTestSite, postID)
	if !ok {
		t.Fatalf("post %d: no entry", postID)
	}
	return e
}

func TestLedgerSendLifecycle(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l := openTestLedgerAt(t, path)
	if _, ok := l.Get(ledgerTestSite, 7); ok {
		t.Fatal("new ledger has an entry")
	}
	if err := l.BeginSend(sendRequest(7)); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, l, 7)
	if e.State != StateSending || e.Route != RouteAPI || !e.SentAt.Equal(ledgerT0) || !e.At.Equal(ledgerT0) {
		t.Fatalf("after BeginSend: %+v", e)
	}
	// The sending state must be committed before the create goes out: a
	// second process sees it (as in flight: its owner is alive).
	if other, ok := openTestLedgerAt(t, l.Path()).Get(ledgerTestSite, 7); !ok || other.State != StateSending {
		t.Fatalf("sending not committed: %+v %v", other, ok)
	}

	later := ledgerT0.Add(3 * time.Second)
	setLedgerClock(l, later)
	p := mediumPost("1a2b3c4d5e6f")
	p.PublishStatus, p.Tags = medium.StatusPublic, []string{"golang"}
	if err := l.MarkSent(ledgerTestSite, 7, p); err != nil {
		t.Fatal(err)
	}
	e = mustGet(t, l, 7)
	want := sendRequest(7)
	want.State, want.Route, want.At, want.SentAt = StateSent, RouteAPI, later, ledgerT0
	want.Site = SiteKey(ledgerTestSite)
	want.MediumID, want.URL, want.PublicationID = p.ID, p.URL, "pub1"
	want.PublishStatus, want.Tags = medium.StatusPublic, []string{"golang"}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("after MarkSent:\n got %+v\nwant %+v", e, want)
	}

	// Round trip: everything survives a reopen.
	before := l.Entries(ledgerTestSite)
	if err := l.s.Close(); err != nil {
		t.Fatal(err)
	}
	l2 := openTestLedgerAt(t, path)
	if got := l2.Entries(ledgerTestSite); !reflect.DeepEqual(got, before) {
		t.Fatalf("after reopen:\n got %+v\nwant %+v", got, before)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("ledger mode %v, want 0600", info.Mode().Perm())
	}
}

func TestLedgerBeginSendRefusals(t *testing.T) {
	cases := []struct {
		state  State
		second bool
		want   error // nil: accepted
	}{
		{StateSending, false, ErrSendInProgress},
		{StateSending, true, ErrSendInProgress},
		{StateUnknown, false, ErrOutcomeUnknown},
		{StateUnknown, true, ErrOutcomeUnknown},
		{StateSent, false, ErrAlreadySent},
		{StateSent, true, nil},
		{StateFailed, false, nil},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/second=%t", c.state, c.second), func(t *testing.T) {
			l := openTestLedger(t)
			putState(t, l, 1, c.state)
			prev := mustGet(t, l, 1)
			fileBefore, versionBefore := exported(t, l), l.Version()

			req := sendRequest(1)
			req.SecondStory = c.second
			setLedgerClock(l, ledgerT0.Add(time.Hour))
			err := l.BeginSend(req)
			if c.want != nil {
				var se *StateError
				if !errors.Is(err, c.want) || !errors.As(err, &se) || se.State != c.state {
					t.Fatalf("BeginSend = %v, want %v as *StateError in state %s", err, c.want, c.state)
				}
				if got := mustGet(t, l, 1); !reflect.DeepEqual(got, prev) {
					t.Fatalf("refused BeginSend changed the entry: %+v", got)
				}
				if exported(t, l) != fileBefore || l.Version() != versionBefore {
					t.Fatal("refused BeginSend wrote the store")
				}
				return
			}
			if err != nil {
				t.Fatalf("BeginSend: %v", err)
			}
			got := mustGet(t, l, 1)
			if got.State != StateSending || got.URL != "" || got.Error != "" || !got.SentAt.Equal(ledgerT0.Add(time.Hour)) {
				t.Fatalf("new attempt: %+v", got)
			}
			prev.History = nil
			if len(got.History) != 1 || !reflect.DeepEqual(got.History[0], prev) {
				t.Fatalf("history = %+v, want the previous entry %+v", got.History, prev)
			}
			if got.SecondStory != (c.state == StateSent) {
				t.Fatalf("SecondStory = %t for a previous %s entry", got.SecondStory, c.state)
			}
		})
	}
}

func TestLedgerHistoryKeepsEveryAttempt(t *testing.T) {
	l := openTestLedger(t)
	putState(t, l, 1, StateFailed)
	putState(t, l, 1, StateSent)
	req := sendRequest(1)
	req.SecondStory = true
	if err := l.BeginSend(req); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkFailed(ledgerTestSite, 1, errors.New("rate limit")); err != nil {
		t.Fatal(err)
	}
	// A retry after the failed second story needs no flag: the user chose it.
	if err := l.BeginSend(sendRequest(1)); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, l, 1)
	var states []State
	for _, h := range e.History {
		states = append(states, h.State)
		if len(h.History) != 0 {
			t.Fatal("history nested inside history")
		}
	}
	if want := []State{StateFailed, StateSent, StateFailed}; !reflect.DeepEqual(states, want) {
		t.Fatalf("history states %v, want %v", states, want)
	}
	if !e.SecondStory {
		t.Fatal("entry after an earlier story is not marked SecondStory")
	}
}

func TestLedgerResultsNeedASendInProgress(t *testing.T) {
	marks := map[string]func(*Ledger) error{
		"MarkSent":    func(l *Ledger) error { return l.MarkSent(ledgerTestSite, 1, mediumPost("aaaaaaaaaaaa")) },
		"MarkFailed":  func(l *Ledger) error { return l.MarkFailed(ledgerTestSite, 1, errors.New("x")) },
		"MarkUnknown": func(l *Ledger) error { return l.MarkUnknown(ledgerTestSite, 1, errors.New("x")) },
	}
	for name, mark := range marks {
		t.Run(name+"/no record", func(t *testing.T) {
			l := openTestLedger(t)
			if err := mark(l); !errors.Is(err, ErrNoRecord) {
				t.Fatalf("%s without record = %v, want ErrNoRecord", name, err)
			}
			if _, ok := l.Get(ledgerTestSite, 1); ok {
				t.Fatal("a refused mark created an entry")
			}
		})
		for _, st := range []State{StateSent, StateFailed, StateUnknown} {
			t.Run(name+"/"+string(st), func(t *testing.T) {
				l := openTestLedger(t)
				putState(t, l, 1, st)
				prev := mustGet(t, l, 1)
				if err := mark(l); !errors.Is(err, ErrNotSending) {
					t.Fatalf("%s in %s = %v, want ErrNotSending", name, st, err)
				}
				if got := mustGet(t, l, 1); !reflect.DeepEqual(got, prev) {
					t.Fatalf("refused mark changed the entry: %+v", got)
				}
			})
		}
	}
}

func TestLedgerFinishClassifies(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want State
	}{
		{"success", nil, StateSent},
		{"4xx refusal", &medium.Error{StatusCode: 400, Kind: medium.KindInvalidRequest}, StateFailed},
		{"wrapped 4xx", fmt.Errorf("publishing: %w", &medium.Error{StatusCode: 403, Kind: medium.KindForbidden}), StateFailed},
		{"timeout", &medium.Error{Kind: medium.KindTimeout, OutcomeUnknown: true}, StateUnknown},
		{"5xx", &medium.Error{StatusCode: 502, Kind: medium.KindServer, OutcomeUnknown: true}, StateUnknown},
		{"not a medium error", errors.New("something odd"), StateUnknown},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := openTestLedger(t)
			putState(t, l, 3, StateSending)
			if err := l.Finish(ledgerTestSite, 3, mediumPost("abcdef012345"), c.err); err != nil {
				t.Fatal(err)
			}
			e := mustGet(t, l, 3)
			if e.State != c.want {
				t.Fatalf("state %s, want %s", e.State, c.want)
			}
			if c.err != nil && !strings.Contains(e.Error, termtextLine(c.err.Error())) {
				t.Fatalf("Error %q does not keep %q", e.Error, c.err.Error())
			}
		})
	}
}

// termtextLine mirrors what the ledger stores for a short, clean message.
func termtextLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestLedgerResolve(t *testing.T) {
	const storyURL = "https://medium.com/@me/my-post-0123456789ab?source=rss"

	t.Run("unknown is on Medium", func(t *testing.T) {
		l := openTestLedger(t)
		putState(t, l, 1, StateUnknown)
		setLedgerClock(l, ledgerT0.Add(time.Hour))
		if err := l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, storyURL); err != nil {
			t.Fatal(err)
		}
		e := mustGet(t, l, 1)
		if e.State != StateSent || e.URL != "https://medium.com/@me/my-post-0123456789ab" || e.MediumID != "0123456789ab" ||
			e.Error != "" || !strings.Contains(e.Note, "timeout") || !e.At.Equal(ledgerT0.Add(time.Hour)) {
			t.Fatalf("resolved entry: %+v", e)
		}
		if err := l.BeginSend(sendRequest(1)); !errors.Is(err, ErrAlreadySent) {
			t.Fatalf("BeginSend after resolving on Medium = %v, want ErrAlreadySent", err)
		}
	})
	t.Run("failed but on Medium anyway", func(t *testing.T) {
		l := openTestLedger(t)
		putState(t, l, 1, StateFailed)
		if err := l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, storyURL); err != nil {
			t.Fatal(err)
		}
		if e := mustGet(t, l, 1); e.State != StateSent {
			t.Fatalf("state %s", e.State)
		}
	})
	t.Run("unknown is not on Medium", func(t *testing.T) {
		l := openTestLedger(t)
		putState(t, l, 1, StateUnknown)
		if err := l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}); err != nil {
			t.Fatal(err)
		}
		e := mustGet(t, l, 1)
		if e.State != StateFailed || e.Error != "timeout" || e.Note == "" {
			t.Fatalf("resolved entry: %+v", e)
		}
		if err := l.BeginSend(sendRequest(1)); err != nil {
			t.Fatalf("BeginSend after resolving not sent: %v", err)
		}
	})
	refusals := []struct {
		name  string
		state State // "" = no entry
		call  func(*Ledger) error
		want  error
	}{
		{"on Medium without record", "", func(l *Ledger) error { return l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, storyURL) }, ErrNoRecord},
		{"on Medium while sending", StateSending, func(l *Ledger) error { return l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, storyURL) }, ErrSendInProgress},
		{"on Medium when sent", StateSent, func(l *Ledger) error { return l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, storyURL) }, ErrAlreadySent},
		{"bad URL", StateUnknown, func(l *Ledger) error {
			return l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, "https://medium.com/@me")
		}, ErrInvalidMediumURL},
		{"WordPress URL", StateUnknown, func(l *Ledger) error {
			return l.ResolveOnMedium(PostRef{Site: ledgerTestSite, ID: 1}, "https://www.blog.example.com/2024/my-post-0123456789ab/")
		}, ErrInvalidMediumURL},
		{"not sent without record", "", func(l *Ledger) error { return l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}) }, ErrNoRecord},
		{"not sent while sending", StateSending, func(l *Ledger) error { return l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}) }, ErrSendInProgress},
		{"not sent when sent", StateSent, func(l *Ledger) error { return l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}) }, ErrNothingToResolve},
		{"not sent when failed", StateFailed, func(l *Ledger) error { return l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}) }, ErrNothingToResolve},
	}
	for _, r := range refusals {
		t.Run("refused/"+r.name, func(t *testing.T) {
			l := openTestLedger(t)
			if r.state != "" {
				putState(t, l, 1, r.state)
			}
			prev, _ := l.Get(ledgerTestSite, 1)
			if err := r.call(l); !errors.Is(err, r.want) {
				t.Fatalf("got %v, want %v", err, r.want)
			}
			if got, _ := l.Get(ledgerTestSite, 1); !reflect.DeepEqual(got, prev) {
				t.Fatalf("refused call changed the entry: %+v", got)
			}
		})
	}
}

func TestLedgerRecordImport(t *testing.T) {
	l := openTestLedger(t)
	imp := Entry{Site: ledgerTestSite, PostID: 9, URL: " https://me.medium.com/imported-post-abcdef123456/ ", ModifiedGMT: ledgerT0}
	if err := l.Record(imp); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, l, 9)
	if e.State != StateSent || e.Route != RouteImport || e.URL != "https://me.medium.com/imported-post-abcdef123456" ||
		e.MediumID != "abcdef123456" || !e.SentAt.Equal(ledgerT0) {
		t.Fatalf("recorded entry: %+v", e)
	}
	before := mustGet(t, l, 9)
	if err := l.Record(Entry{Site: "http://www.blog.example.com", PostID: 9, URL: "https://medium.com/p/abcdef123456"}); err != nil {
		t.Fatalf("recording the same story again (another spelling of its URL and of the site) = %v, want nil", err)
	}
	if again := mustGet(t, l, 9); !reflect.DeepEqual(again, before) {
		t.Fatalf("recording the same story again changed the entry:\n%+v\nwas\n%+v", again, before)
	}
	other := imp
	other.URL = "https://medium.com/p/0a1b2c3d4e5f"
	if err := l.Record(other); !errors.Is(err, ErrAlreadySent) {
		t.Fatalf("Record of another story = %v, want ErrAlreadySent", err)
	}
	if err := l.BeginSend(sendRequest(9)); !errors.Is(err, ErrAlreadySent) {
		t.Fatalf("BeginSend after import = %v, want ErrAlreadySent", err)
	}
	imp.SecondStory, imp.URL = true, "https://medium.com/p/fedcba654321"
	if err := l.Record(imp); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, l, 9); len(e.History) != 1 || e.History[0].MediumID != "abcdef123456" || e.MediumID != "fedcba654321" {
		t.Fatalf("second story: %+v", e)
	}
	if n := l.CreatesSince(time.Time{}); n != 0 {
		t.Fatalf("imports counted as API creates: %d", n)
	}

	for _, c := range []struct {
		name  string
		state State
		e     Entry
		want  error
	}{
		{"no URL", "", Entry{Site: ledgerTestSite, PostID: 1}, ErrInvalidMediumURL},
		{"no site", "", Entry{PostID: 1, URL: "https://medium.com/p/0123456789ab"}, ErrInvalidEntry},
		{"bad post id", "", Entry{Site: ledgerTestSite, URL: "https://medium.com/p/0123456789ab"}, ErrInvalidEntry},
		{"unknown", StateUnknown, Entry{Site: ledgerTestSite, PostID: 1, URL: "https://medium.com/p/0123456789ab"}, ErrOutcomeUnknown},
		{"sending", StateSending, Entry{Site: ledgerTestSite, PostID: 1, URL: "https://medium.com/p/0123456789ab"}, ErrSendInProgress},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := openTestLedger(t)
			if c.state != "" {
				putState(t, l, 1, c.state)
			}
			prev, _ := l.Get(ledgerTestSite, 1)
			if err := l.Record(c.e); !errors.Is(err, c.want) {
				t.Fatalf("Record = %v, want %v", err, c.want)
			}
			if got, _ := l.Get(ledgerTestSite, 1); !reflect.DeepEqual(got, prev) {
				t.Fatalf("refused Record changed the entry: %+v", got)
			}
		})
	}
}

func TestLedgerBeginSendRejectsBadEntries(t *testing.T) {
	l := openTestLedger(t)
	bad := []Entry{
		{PostID: 1},
		{Site: "  ", PostID: 1},
		{Site: ledgerTestSite, PostID: 0},
		{Site: ledgerTestSite, PostID: 1, Route: RouteImport},
	}
	for _, e := range bad {
		if err := l.BeginSend(e); !errors.Is(err, ErrInvalidEntry) {
			t.Errorf("BeginSend(%+v) = %v, want ErrInvalidEntry", e, err)
		}
	}
	if v := l.Version(); v != 0 {
		t.Fatalf("refused entries wrote the ledger (version %d)", v)
	}
}

func TestLedgerSetWordPressLinked(t *testing.T) {
	l := openTestLedger(t)
	if err := l.SetWordPressLinked(PostRef{Site: ledgerTestSite, ID: 1}, time.Time{}); !errors.Is(err, ErrNoRecord) {
		t.Fatalf("no record: %v", err)
	}
	for i, st := range []State{StateSending, StateFailed, StateUnknown} {
		putState(t, l, 10+i, st)
		if err := l.SetWordPressLinked(PostRef{Site: ledgerTestSite, ID: 10 + i}, time.Time{}); !errors.Is(err, ErrNotSent) {
			t.Fatalf("in %s: %v, want ErrNotSent", st, err)
		}
	}
	putState(t, l, 3, StateSent)
	if err := l.SetWordPressLinked(PostRef{Site: ledgerTestSite, ID: 3}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	l.s.Close()
	l2 := openTestLedgerAt(t, l.Path())
	if e := mustGet(t, l2, 3); !e.WordPressLinked {
		t.Fatal("WordPressLinked not persisted")
	}
}
