package store

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMigrationFromV3KeepsTheLedger opens a file as wp2medium wrote it
// before bodies were kept: its record is still there, with no body (so diff
// says none was kept), and the next send keeps one.
func TestMigrationFromV3KeepsTheLedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:3] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	data := `{"site":"blog.example.com","post_id":4,"state":"sent","route":"api","url":"https://medium.com/p/000000000004","medium_id":"000000000004","cross_link":false,"wordpress_linked":false,"at":"2025-02-01T10:00:00Z","sent_at":"2025-02-01T10:00:00Z","modified_gmt":"2025-01-31T10:00:00Z","content_hash":"h"}`
	if _, err := db.Exec("INSERT INTO entries (site, post_id, state, data) VALUES ('blog.example.com', 4, 'sent', ?); PRAGMA user_version = 3", data); err != nil {
		t.Fatal(err)
	}
	db.Close()

	l := openTestLedgerAt(t, path)
	var v int
	if err := l.s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 4 {
		t.Fatalf("schema version %d (%v), want 4", v, err)
	}
	if e := mustGet(t, l, 4); e.State != StateSent || e.URL != "https://medium.com/p/000000000004" {
		t.Fatalf("the v3 record after the migration: %+v", e)
	}
	if _, ok, err := l.SentBody(ledgerTestSite, 4, "", ""); ok || err != nil {
		t.Fatalf("a record from before bodies were kept has a body: %v %v", ok, err)
	}
	if err := l.BeginSendKeeping(sendRequest(5), Limit{}, []byte(`{"title":"Five"}`)); err != nil {
		t.Fatal(err)
	}
	if b, ok, err := l.SentBody(ledgerTestSite, 5, "", ""); !ok || err != nil || string(b.Body) != `{"title":"Five"}` {
		t.Fatalf("the body of a send after the migration: %q %v %v", b.Body, ok, err)
	}
}

// The body is kept at BeginSend, so an unknown outcome has it too; it is
// stored compressed; a later send replaces it; a story recorded by hand
// afterwards does not read back the API send's body.
func TestSentBodyIsKeptPerSend(t *testing.T) {
	l := openTestLedger(t)
	body := []byte(`{"title":"T","content":"` + strings.Repeat("<p>Same paragraph again.</p>", 5000) + `"}`)
	if err := l.BeginSendKeeping(sendRequest(7), Limit{}, body); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkUnknown(ledgerTestSite, 7, errors.New("timeout")); err != nil {
		t.Fatal(err)
	}
	got, ok, err := l.SentBody("https://BLOG.example.com/", 7, "", "")
	if !ok || err != nil || string(got.Body) != string(body) || !got.SentAt.Equal(ledgerT0) {
		t.Fatalf("the body of an unknown outcome: ok=%v err=%v sentAt=%v len=%d", ok, err, got.SentAt, len(got.Body))
	}
	var stored int
	if err := l.s.db.QueryRow("SELECT length(body) FROM sent_bodies WHERE post_id = 7").Scan(&stored); err != nil || stored*20 > len(body) {
		t.Fatalf("stored %d bytes for a %d-byte body (%v): not compressed", stored, len(body), err)
	}
	if err := l.ResolveNotSent(PostRef{Site: ledgerTestSite, ID: 7}); err != nil {
		t.Fatal(err)
	}
	setLedgerClock(l, ledgerT0.Add(time.Hour))
	if err := l.BeginSendKeeping(sendRequest(7), Limit{}, []byte(`{"title":"second"}`)); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(ledgerTestSite, 7, mediumPost("000000000007")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := l.SentBody(ledgerTestSite, 7, "", ""); string(got.Body) != `{"title":"second"}` {
		t.Fatalf("the next send did not replace the body: %q", got.Body)
	}
	setLedgerClock(l, ledgerT0.Add(2*time.Hour))
	if err := l.Record(Entry{Site: ledgerTestSite, PostID: 7, URL: "https://medium.com/p/0000000000aa", SecondStory: true}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := l.SentBody(ledgerTestSite, 7, "", ""); ok || err != nil {
		t.Fatalf("a story recorded by hand reads back the earlier send's body: %v %v", ok, err)
	}
}

// A record moved to the site's own address (an alias learnt later) takes
// its body along.
func TestSentBodyMovesWithItsRecord(t *testing.T) {
	l := openTestLedger(t)
	e := sendRequest(3)
	e.Site = "https://proxy.example:8443"
	if err := l.BeginSendKeeping(e, Limit{}, []byte(`{"title":"moved"}`)); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(e.Site, 3, mediumPost("000000000003")); err != nil {
		t.Fatal(err)
	}
	if err := l.SetAlias("https://proxy.example:8443", ledgerTestSite); err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{ledgerTestSite, "https://proxy.example:8443"} {
		if got, ok, err := l.SentBody(site, 3, "", ""); !ok || err != nil || string(got.Body) != `{"title":"moved"}` {
			t.Fatalf("via %s: %q %v %v", site, got.Body, ok, err)
		}
	}
	var n int
	if err := l.s.db.QueryRow("SELECT count(*) FROM sent_bodies WHERE site = 'proxy.example:8443'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d bodies left under the old key (%v)", n, err)
	}
}

// MarkUpdated takes the post's modified time and hash, keeps the new body
// and a note, and is refused for a post not on Medium.
func TestMarkUpdated(t *testing.T) {
	l := openTestLedger(t)
	ref := PostRef{Site: ledgerTestSite, ID: 9}
	if err := l.MarkUpdated(ref, Update{}); !errors.Is(err, ErrNoRecord) {
		t.Fatalf("never sent: %v", err)
	}
	putState(t, l, 9, StateUnknown)
	if err := l.MarkUpdated(ref, Update{}); !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("unknown outcome: %v", err)
	}
	if err := l.ResolveOnMedium(ref, "https://medium.com/p/000000000009"); err != nil {
		t.Fatal(err)
	}
	edited := ledgerT0.Add(30 * time.Minute)
	if !mustGet(t, l, 9).ChangedSince(edited, "") {
		t.Fatal("the edit does not read as a change before MarkUpdated")
	}
	setLedgerClock(l, ledgerT0.Add(time.Hour))
	if err := l.MarkUpdated(ref, Update{ModifiedGMT: edited, ContentHash: "new", Body: []byte(`{"title":"now"}`)}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, l, 9)
	if e.ChangedSince(edited, "") || e.ContentHash != "new" || e.Note == "" || !e.UpdatedAt.Equal(ledgerT0.Add(time.Hour)) || e.State != StateSent {
		t.Fatalf("after MarkUpdated: %+v", e)
	}
	if got, ok, _ := l.SentBody(ledgerTestSite, 9, "", ""); !ok || string(got.Body) != `{"title":"now"}` || !got.KeptAt.Equal(ledgerT0.Add(time.Hour)) {
		t.Fatalf("the body after MarkUpdated: %q %v %+v", got.Body, ok, got)
	}
}

// The export does not carry bodies; importing it back (a merge) keeps the
// body of the send it still names, and a fresh store has none.
func TestSentBodySurvivesAnImportAndIsNotExported(t *testing.T) {
	l := openTestLedger(t)
	if err := l.BeginSendKeeping(sendRequest(2), Limit{}, []byte(`{"title":"kept"}`)); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(ledgerTestSite, 2, mediumPost("000000000002")); err != nil {
		t.Fatal(err)
	}
	export := exported(t, l)
	if strings.Contains(export, "kept") {
		t.Fatalf("the export carries the body:\n%s", export)
	}
	if _, err := l.Import("backup.json", []byte(export)); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := l.SentBody(ledgerTestSite, 2, "", ""); !ok || err != nil || string(got.Body) != `{"title":"kept"}` {
		t.Fatalf("after importing the export back: %q %v %v", got.Body, ok, err)
	}
	fresh := openTestLedger(t)
	if _, err := fresh.Import("backup.json", []byte(export)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := fresh.SentBody(ledgerTestSite, 2, "", ""); ok || err != nil {
		t.Fatalf("a new machine has a body it was never given: %v %v", ok, err)
	}
	if e := mustGet(t, fresh, 2); e.State != StateSent {
		t.Fatalf("the imported record: %+v", e)
	}
}
