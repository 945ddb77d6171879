package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A post sent through one address of the site is the same post through every
// other: the alias spellings, its guid, its permalink.
func TestLedgerOnePostWhateverTheAddress(t *testing.T) {
	l := openTestLedger(t)
	sent := sendRequest(7)
	sent.Site = "http://127.0.0.1:8080"
	sent.GUID = "http://127.0.0.1:8080/?p=7"
	sent.Link = "http://127.0.0.1:8080/2025/03/a-post/"
	if err := l.BeginSend(sent); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(sent.Site, 7, mediumPost("0000000000a7")); err != nil {
		t.Fatal(err)
	}
	for _, again := range []Entry{
		{Site: "http://localhost:8080/index.php", PostID: 7},
		{Site: "https://127.0.0.1:8443", PostID: 7, GUID: "http://127.0.0.1:8080/?p=7"}, // an https proxy: another port
		{Site: "https://blog.moved.example", PostID: 7, Link: "https://127.0.0.1:8080/2025/03/a-post"},
		{Site: "https://blog.moved.example", PostID: 70, GUID: "http://localhost:8080/?p=7"}, // reimported: a new id
	} {
		if err := l.BeginSend(again); !errors.Is(err, ErrAlreadySent) {
			t.Errorf("BeginSend(%+v) = %v, want ErrAlreadySent", again, err)
		}
		if _, ok := l.Find(again.Site, again.PostID, again.GUID, again.Link); !ok {
			t.Errorf("Find(%+v) found nothing", again)
		}
	}
	if _, ok := l.Find("https://blog.moved.example", 7, "", ""); ok {
		t.Error("another site's post 7 was found without a matching guid or link")
	}

	// A second story, confirmed, moves the record to the address used now.
	second := Entry{Site: "https://blog.moved.example", PostID: 7, GUID: sent.GUID, SecondStory: true}
	if err := l.BeginSend(second); err != nil {
		t.Fatal(err)
	}
	e, ok := l.Get("https://blog.moved.example", 7)
	if !ok || e.State != StateSending || len(e.History) != 1 || e.History[0].State != StateSent {
		t.Fatalf("second story: %+v", e)
	}
	if _, ok := l.Get("http://127.0.0.1:8080", 7); ok {
		t.Error("the record stayed under the old address too")
	}
}

func TestLedgerSiteAlias(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l := openTestLedgerAt(t, path)
	e := sendRequest(3)
	e.Site = "https://proxy.example:8443"
	if err := l.BeginSend(e); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkFailed(e.Site, 3, errors.New("no")); err != nil {
		t.Fatal(err)
	}
	putState(t, l, 3, StateSent) // the same post under the site's own address
	if err := l.SetAlias("https://proxy.example:8443", ledgerTestSite); err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, l, 3)
	if got.State != StateSent || len(got.History) != 1 || got.History[0].Error != "no" {
		t.Fatalf("merged entry: %+v", got)
	}
	if via, ok := l.Get("https://proxy.example:8443", 3); !ok || via.MediumID != got.MediumID {
		t.Fatalf("the alias does not find the entry: %+v %v", via, ok)
	}
	l.s.Close()

	// The alias is on disk: a process that cannot ask WordPress finds it.
	r := openTestLedgerAt(t, path)
	if _, ok := r.Get("proxy.example:8443", 3); !ok {
		t.Fatal("the alias was not saved")
	}
	if n := len(r.Entries(ledgerTestSite)); n != 1 {
		t.Fatalf("%d entries for the site, want 1", n)
	}
}

// A version 1 ledger kept one site under two spellings: it is imported, the
// records merged without losing either, and the old file kept as it was.
func TestLedgerImportsVersion1(t *testing.T) {
	v1 := `{"version":1,"entries":[
 {"site":"http://127.0.0.1:8080","post_id":5,"state":"failed","route":"api","at":"2025-02-01T10:00:00Z","error":"refused"},
 {"site":"http://localhost:8080","post_id":5,"state":"sent","route":"api","url":"https://medium.com/p/00000000a5a5","medium_id":"00000000a5a5","at":"2025-02-02T10:00:00Z"},
 {"site":"https://Blog.Example.com/","post_id":1,"state":"sent","route":"import","url":"https://medium.com/p/000000000001","at":"2025-01-01T10:00:00Z"}
]}`
	dir := t.TempDir()
	legacy := filepath.Join(dir, LegacyLedgerName)
	if err := os.WriteFile(legacy, []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}
	l := openTestLedgerAt(t, filepath.Join(dir, FileName))
	if e, ok := l.Get("http://[::1]:8080/", 5); !ok || e.State != StateSent || len(e.History) != 1 || e.History[0].Error != "refused" {
		t.Fatalf("imported v1: %+v %v", e, ok)
	}
	if e := mustGet(t, l, 1); e.URL != "https://medium.com/p/000000000001" {
		t.Fatalf("imported: %+v", e)
	}
	if b, _ := os.ReadFile(legacy); string(b) != v1 {
		t.Fatal("the old ledger was changed; it is the backup")
	}
	if err := l.BeginSend(Entry{Site: "http://127.0.0.1:8080", PostID: 5}); !errors.Is(err, ErrAlreadySent) {
		t.Fatalf("BeginSend after the merge = %v, want ErrAlreadySent", err)
	}
	// Imported once: a change made since is not undone by the next open.
	if err := l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 1}); !errors.Is(err, ErrNothingToResolve) {
		t.Fatal(err)
	}
	if err := l.Record(Entry{Site: ledgerTestSite, PostID: 1, URL: "https://medium.com/p/000000000002", SecondStory: true}); err != nil {
		t.Fatal(err)
	}
	l.s.Close()
	l = openTestLedgerAt(t, filepath.Join(dir, FileName))
	if e := mustGet(t, l, 1); e.URL != "https://medium.com/p/000000000002" || len(e.History) != 1 {
		t.Fatalf("after reopening: %+v", e)
	}
}

// A permalink alone may be another post's: a deleted post's address taken
// by a new one. It is a reason to refuse, but a confirmed second story makes
// a record of its own and never takes over the other post's.
func TestLedgerPermalinkMatchRefusesButNeverMoves(t *testing.T) {
	l := openTestLedger(t)
	seven := sendRequest(7)
	seven.GUID, seven.Link = "https://blog.example.com/?p=7", "https://blog.example.com/hello/"
	if err := l.BeginSend(seven); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(ledgerTestSite, 7, mediumPost("000000000007")); err != nil {
		t.Fatal(err)
	}
	eight := Entry{Site: ledgerTestSite, PostID: 8, GUID: "https://blog.example.com/?p=8", Link: "https://blog.example.com/hello/"}
	if err := l.BeginSend(eight); !errors.Is(err, ErrAlreadySent) {
		t.Fatalf("a post at a sent post's permalink: %v, want ErrAlreadySent", err)
	}
	eight.SecondStory = true
	if err := l.BeginSend(eight); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, l, 8); len(e.History) != 0 || e.State != StateSending {
		t.Fatalf("post 8 took post 7's record: %+v", e)
	}
	if e := mustGet(t, l, 7); e.State != StateSent || e.MediumID != "000000000007" {
		t.Fatalf("post 7's record is gone: %+v", e)
	}
	if _, ok := l.Find("", 0, seven.GUID, ""); !ok {
		t.Fatal("post 7 is no longer found by its guid")
	}
}

// A failed record under the site's key does not hide a story recorded for
// the same guid under another key.
func TestLedgerEveryMatchIsChecked(t *testing.T) {
	l := openTestLedger(t)
	old := sendRequest(7)
	old.Site, old.GUID = "https://old.example", "https://old.example/?p=7"
	if err := l.BeginSend(old); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(old.Site, 7, mediumPost("0000000000a7")); err != nil {
		t.Fatal(err)
	}
	putState(t, l, 7, StateFailed) // the same post under today's address, failed
	again := sendRequest(7)
	again.GUID = old.GUID
	if err := l.BeginSend(again); !errors.Is(err, ErrAlreadySent) {
		t.Fatalf("BeginSend = %v, want ErrAlreadySent: the guid's record has a story", err)
	}
}

// An unknown outcome recorded under another address of the site is settled
// through the guid, and the record moves to the address used now.
func TestLedgerResolveFindsTheRecordByGUID(t *testing.T) {
	l := openTestLedger(t)
	old := sendRequest(7)
	old.Site, old.GUID = "https://old.example", "https://old.example/?p=7"
	if err := l.BeginSend(old); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkUnknown(old.Site, 7, errors.New("timeout")); err != nil {
		t.Fatal(err)
	}
	ref := PostRef{Site: "https://new.example", ID: 7, GUID: old.GUID}
	if err := l.ResolveNotSent(ref); err != nil {
		t.Fatalf("ResolveNotSent by guid: %v", err)
	}
	if e, ok := l.Get("https://new.example", 7); !ok || e.State != StateFailed {
		t.Fatalf("after resolving: %+v %v", e, ok)
	}
	if _, ok := l.Get("https://old.example", 7); ok {
		t.Fatal("the record stayed under the old address")
	}
}

// Aliases never chain or loop, whatever order they are learnt in.
func TestLedgerAliasesStayOneStepDeep(t *testing.T) {
	l := openTestLedger(t)
	for _, a := range [][2]string{{"a.example", "b.example"}, {"b.example", "c.example"}, {"c.example", "a.example"}} {
		if err := l.SetAlias(a[0], a[1]); err != nil {
			t.Fatal(err)
		}
	}
	aliases := map[string]string{}
	rows, err := l.s.db.Query("SELECT address, site FROM site_aliases")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var from, to string
		rows.Scan(&from, &to)
		aliases[from] = to
	}
	rows.Close()
	if len(aliases) == 0 {
		t.Fatal("no alias recorded")
	}
	for from, to := range aliases {
		if _, chained := aliases[to]; chained || from == to {
			t.Fatalf("aliases %v chain or loop", aliases)
		}
	}
}

// A Snapshot finds exactly what Find finds, for every spelling, guid,
// permalink and alias.
func TestSnapshotFindsWhatFindFinds(t *testing.T) {
	l := openTestLedger(t)
	for i, s := range []Entry{
		{Site: "http://127.0.0.1:8080", PostID: 7, GUID: "http://127.0.0.1:8080/?p=7", Link: "http://127.0.0.1:8080/2025/03/a-post/"},
		{Site: "https://blog.example.com", PostID: 8, Link: "https://blog.example.com/taken-address/"},
		{Site: "https://proxy.example:8443", PostID: 9},
	} {
		if err := l.BeginSend(s); err != nil {
			t.Fatal(err)
		}
		if i != 1 {
			if err := l.MarkSent(s.Site, s.PostID, mediumPost(fmt.Sprintf("%012x", s.PostID))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.SetAlias("https://proxy.example:8443", "https://blog.example.com"); err != nil {
		t.Fatal(err)
	}
	snap, err := l.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if snap.Version() != l.Version() {
		t.Fatalf("snapshot version %d, ledger %d", snap.Version(), l.Version())
	}
	queries := []Entry{
		{Site: "http://localhost:8080/index.php", PostID: 7},
		{Site: "https://blog.moved.example", PostID: 70, GUID: "http://localhost:8080/?p=7"},
		{Site: "https://blog.moved.example", PostID: 7, Link: "https://127.0.0.1:8080/2025/03/a-post"},
		{Site: "https://blog.moved.example", PostID: 7},
		{Site: "https://blog.example.com", PostID: 8},
		{Site: "https://blog.example.com", PostID: 80, Link: "https://blog.example.com/taken-address"},
		{Site: "https://proxy.example:8443", PostID: 9},
		{Site: "https://blog.example.com", PostID: 9},
		{Site: "https://blog.example.com", PostID: 10},
	}
	found := 0
	for _, q := range queries {
		want, wok := l.Find(q.Site, q.PostID, q.GUID, q.Link)
		got, gok := snap.Find(q.Site, q.PostID, q.GUID, q.Link)
		if wok != gok || !reflect.DeepEqual(want, got) {
			t.Errorf("Find(%+v): ledger %v %+v, snapshot %v %+v", q, wok, want, gok, got)
		}
		if wok {
			found++
		}
	}
	if found < 5 {
		t.Fatalf("only %d of the queries found a record: the comparison proves little", found)
	}
}

// A record moved by another process's SetAlias keeps its owner: once that
// process has gone, the send in flight is still this process's, and its
// answer is recorded.
func TestAliasMoveKeepsTheSendersOwnership(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	sender := openTestLedgerAt(t, path)
	e := sendRequest(5)
	e.Site = "https://proxy.example:8443"
	if err := sender.BeginSend(e); err != nil {
		t.Fatal(err)
	}
	other := openTestLedgerAt(t, path) // another process
	if err := other.SetAlias("https://proxy.example:8443", ledgerTestSite); err != nil {
		t.Fatal(err)
	}
	other.s.Close()
	if got := mustGet(t, sender, 5); got.State != StateSending {
		t.Fatalf("after the other process moved it and left: %s", got.State)
	}
	if err := sender.MarkSent(e.Site, 5, mediumPost("0000000000a5")); err != nil {
		t.Fatalf("the sender's answer: %v", err)
	}
}

// A record this version does not understand is never taken for a post
// that can be sent.
func TestUnreadableRecordIsRefusedNotOverwritten(t *testing.T) {
	l := openTestLedger(t)
	putState(t, l, 4, StateSent)
	if _, err := l.s.db.Exec(`UPDATE entries SET data = json_set(data, '$.state', 'archived'), state = 'archived' WHERE post_id = 4`); err != nil {
		t.Fatal(err)
	}
	if err := l.BeginSend(sendRequest(4)); err == nil || !strings.Contains(err.Error(), "unknown state") {
		t.Fatalf("BeginSend over an unreadable record = %v", err)
	}
	var state string
	l.s.db.QueryRow("SELECT state FROM entries WHERE post_id = 4").Scan(&state)
	if state != "archived" {
		t.Fatalf("the record was rewritten: %s", state)
	}
}
