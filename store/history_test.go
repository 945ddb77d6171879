package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

// sendAt drives post postID to state at the given time.
func sendAt(t *testing.T, l *Ledger, at time.Time, postID int, state State) {
	t.Helper()
	setLedgerClock(l, at)
	putState(t, l, postID, state)
}

type sendRow struct {
	PostID  int
	State   State
	Title   string
	Current bool
}

func sendRows(sends []Send) []sendRow {
	out := make([]sendRow, len(sends))
	for i, s := range sends {
		out[i] = sendRow{s.PostID, s.State, s.Title, s.Current}
	}
	return out
}

// Every send, earlier attempts and stories included, newest first, each
// with its post's title when the cache has it.
func TestHistoryNewestFirstWithEarlierAttempts(t *testing.T) {
	l := openTestLedger(t)
	sendAt(t, l, ledgerT0, 1, StateFailed)
	sendAt(t, l, ledgerT0.Add(time.Hour), 2, StateSent)
	sendAt(t, l, ledgerT0.Add(2*time.Hour), 1, StateSent) // the failure goes into History
	sendAt(t, l, ledgerT0.Add(3*time.Hour), 3, StateUnknown)
	if err := l.s.ChangePosts(ledgerTestSite, PostsChange{Put: []wordpress.Post{{ID: 1, Title: "One"}, {ID: 3, Title: "Three"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := l.s.History(ledgerTestSite)
	if err != nil {
		t.Fatal(err)
	}
	want := []sendRow{
		{3, StateUnknown, "Three", true},
		{1, StateSent, "One", true},
		{2, StateSent, "", true},
		{1, StateFailed, "One", false},
	}
	if !reflect.DeepEqual(sendRows(got), want) {
		t.Fatalf("history:\n got %+v\nwant %+v", sendRows(got), want)
	}
	if got[3].Error != "Medium said no" || !got[3].SentAt.Equal(ledgerT0) || len(got[1].History) != 0 {
		t.Errorf("the earlier attempt: %+v", got[3])
	}
	if got[1].URL == "" || got[1].Route != RouteAPI {
		t.Errorf("the story: %+v", got[1])
	}
	if other, err := l.s.History("https://another.example"); err != nil || len(other) != 0 {
		t.Errorf("another site's history: %v %v", other, err)
	}
}

// The history of a site reached through an alias is the site's, and a post
// of the cache recorded under another address with the same permalink and
// id is in it too; another post's permalink is not.
func TestHistoryFollowsAliasesAndPermalinks(t *testing.T) {
	l := openTestLedger(t)
	const proxy = "https://proxy.example:8443"
	e := sendRequest(4)
	e.Site = proxy
	if err := l.BeginSend(e); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkFailed(proxy, 4, errors.New("no")); err != nil {
		t.Fatal(err)
	}
	if err := l.SetAlias(proxy, ledgerTestSite); err != nil {
		t.Fatal(err)
	}
	moved := sendRequest(5)
	moved.Site, moved.Link = "http://old.example", "https://blog.example.com/five/"
	if err := l.BeginSend(moved); err != nil {
		t.Fatal(err)
	}
	stranger := sendRequest(9) // another post that once had post 6's address
	stranger.Site, stranger.Link = "http://old.example", "https://blog.example.com/six/"
	if err := l.BeginSend(stranger); err != nil {
		t.Fatal(err)
	}
	if err := l.s.ChangePosts(proxy, PostsChange{Put: []wordpress.Post{
		{ID: 4, Title: "Four"}, {ID: 5, Title: "Five", Link: "https://blog.example.com/five"}, {ID: 6, Title: "Six", Link: "https://blog.example.com/six/"},
	}}); err != nil {
		t.Fatal(err)
	}
	for _, address := range []string{proxy, ledgerTestSite} {
		got, err := l.s.History(address)
		if err != nil {
			t.Fatal(err)
		}
		titles := map[int]string{}
		for _, s := range got {
			titles[s.PostID] = s.Title
		}
		if len(got) != 2 || titles[4] != "Four" || got[0].PostID != 5 && got[1].PostID != 5 {
			t.Errorf("History(%s) = %+v", address, sendRows(got))
		}
	}
}
