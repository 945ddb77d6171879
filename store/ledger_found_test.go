package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
)

func TestRecordFound(t *testing.T) {
	const story = "https://medium.com/@mara/a-post-1a2b3c4d5e6f"
	const other = "https://medium.com/@mara/another-0123456789ab"
	ref := PostRef{Site: ledgerTestSite, ID: 7}
	tests := []struct {
		name    string
		before  func(t *testing.T, l *Ledger)
		outcome FoundOutcome
		why     string
		state   State
		url     string
	}{
		{"no record", func(*testing.T, *Ledger) {}, FoundRecorded, "", StateSent, story},
		{"failed attempt", func(t *testing.T, l *Ledger) {
			mustBegin(t, l)
			if err := l.MarkFailed(ledgerTestSite, 7, errors.New("refused")); err != nil {
				t.Fatal(err)
			}
		}, FoundRecorded, "", StateSent, story},
		{"same story sent", func(t *testing.T, l *Ledger) {
			mustBegin(t, l)
			if err := l.MarkSent(ledgerTestSite, 7, medium.Post{ID: "1a2b3c4d5e6f", URL: story + "?source=x"}); err != nil {
				t.Fatal(err)
			}
		}, FoundAlready, "", StateSent, story + "?source=x"},
		{"another story sent", func(t *testing.T, l *Ledger) {
			mustBegin(t, l)
			if err := l.MarkSent(ledgerTestSite, 7, medium.Post{ID: "0123456789ab", URL: other}); err != nil {
				t.Fatal(err)
			}
		}, FoundKept, "another story (" + other + ")", StateSent, other},
		{"unknown outcome", func(t *testing.T, l *Ledger) {
			mustBegin(t, l)
			if err := l.MarkUnknown(ledgerTestSite, 7, errors.New("timeout")); err != nil {
				t.Fatal(err)
			}
		}, FoundKept, "wp2medium resolve 7 --on-medium " + story, StateUnknown, ""},
		{"sending", mustBegin, FoundKept, "in flight", StateSending, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := openTestLedger(t)
			tt.before(t, l)
			before := exported(t, l)
			dry, err := l.CheckFound(ref, story, FoundWordPress, "found in the post")
			if err != nil || dry.Outcome != tt.outcome {
				t.Fatalf("CheckFound = %+v, %v; want %s", dry, err, tt.outcome)
			}
			if exported(t, l) != before {
				t.Fatal("CheckFound changed the ledger")
			}
			res, err := l.RecordFound(ref, story, FoundWordPress, "found in the post")
			if err != nil || res.Outcome != tt.outcome || !strings.Contains(res.Why, tt.why) || res.Recorded() != (tt.outcome == FoundRecorded) {
				t.Fatalf("RecordFound = %+v, %v; want %s (%q)", res, err, tt.outcome, tt.why)
			}
			e, _ := l.Get(ledgerTestSite, 7)
			if e.State != tt.state || e.URL != tt.url {
				t.Errorf("entry = %s %q; want %s %q", e.State, e.URL, tt.state, tt.url)
			}
			if tt.outcome == FoundRecorded {
				if e.Found != FoundWordPress || e.Route != RouteImport || e.Note != "found in the post" || e.MediumID != "1a2b3c4d5e6f" {
					t.Errorf("recorded entry = %+v", e)
				}
				if n := l.CreatesSince(ledgerT0.Add(-1)); n != 0 {
					t.Errorf("CreatesSince = %d; a found story was not created by this machine", n)
				}
				again, err := l.RecordFound(ref, story, FoundWordPress, "found in the post")
				if err != nil || again.Outcome != FoundAlready {
					t.Errorf("second RecordFound = %+v, %v; want already-recorded", again, err)
				}
			} else if exported(t, l) != before {
				t.Error("RecordFound changed a record that says more")
			}
		})
	}
}

func TestRecordFoundRefusesWhatIsNotAStory(t *testing.T) {
	l := openTestLedger(t)
	ref := PostRef{Site: ledgerTestSite, ID: 7}
	if _, err := l.RecordFound(ref, "https://medium.com/@mara", FoundWordPress, ""); !errors.Is(err, ErrInvalidMediumURL) {
		t.Errorf("profile URL: err = %v", err)
	}
	if _, err := l.RecordFound(ref, "https://medium.com/p/1a2b3c4d5e6f", "somewhere", ""); !errors.Is(err, ErrInvalidEntry) {
		t.Errorf("bad source: err = %v", err)
	}
}

func mustBegin(t *testing.T, l *Ledger) {
	t.Helper()
	if err := l.BeginSend(Entry{Site: ledgerTestSite, PostID: 7}); err != nil {
		t.Fatal(err)
	}
}
