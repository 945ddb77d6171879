package store

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
)

func TestPlansSaveListCancel(t *testing.T) {
	l := openTestLedger(t)
	s := l.s
	v0 := l.Version()
	p := Plan{Site: "https://blog.example.com/", PostID: 7, Source: PlanByUser, CreatedAt: ledgerT0,
		Options: PlanOptions{Status: medium.StatusPublic, License: medium.License("cc-40-by"), CrossLink: true, Tags: []string{}}}
	if err := s.SetPlan(p); err != nil {
		t.Fatal(err)
	}
	if l.Version() == v0 {
		t.Error("saving a plan left the ledger's version alone: the app would not show it without a restart")
	}
	// Any spelling of the site finds it; nil and empty tags stay apart.
	got, err := s.Plans("blog.example.com")
	if err != nil || len(got) != 1 {
		t.Fatalf("Plans = %+v, %v; want the plan", got, err)
	}
	if g := got[0]; g.PostID != 7 || g.Source != PlanByUser || g.Options.Status != medium.StatusPublic || !g.Options.CrossLink ||
		g.Options.Tags == nil || !g.CreatedAt.Equal(ledgerT0) {
		t.Errorf("read back %+v", g)
	}

	// A backfill neither replaces the user's plan nor queues a post twice.
	back := []Plan{{Site: ledgerTestSite, PostID: 7, Source: PlanBackfill}, {Site: ledgerTestSite, PostID: 8, Source: PlanBackfill}}
	if n, err := s.AddPlans(back); err != nil || n != 1 {
		t.Fatalf("AddPlans = %d, %v; want 1 added", n, err)
	}
	if n, err := s.AddPlans(back); err != nil || n != 0 {
		t.Fatalf("AddPlans again = %d, %v; want 0", n, err)
	}
	got, _ = s.Plans(ledgerTestSite)
	if len(got) != 2 || got[0].Source != PlanByUser || got[1].Source != PlanBackfill || got[1].Options.Tags != nil {
		t.Errorf("after the backfill: %+v", got)
	}

	if ok, err := s.CancelPlan(ledgerTestSite, 7); err != nil || !ok {
		t.Fatalf("CancelPlan = %v, %v", ok, err)
	}
	if ok, _ := s.CancelPlan(ledgerTestSite, 7); ok {
		t.Error("cancelling twice said it removed a plan")
	}
	if err := s.SetPlan(Plan{Site: ledgerTestSite, PostID: 0, Source: PlanByUser}); err == nil {
		t.Error("a plan without a post id was saved")
	}
}

func TestAutoPostsRecordAndClear(t *testing.T) {
	s := openTestLedger(t).s
	retry := ledgerT0.Add(time.Hour)
	a := AutoPost{Site: ledgerTestSite, PostID: 3, Failures: 2, LastError: "400 bad\x1b[2J", RetryAt: retry}
	if err := s.SetAutoPost(a); err != nil {
		t.Fatal(err)
	}
	got, err := s.AutoPosts(ledgerTestSite)
	if err != nil {
		t.Fatal(err)
	}
	if g := got[3]; g.Failures != 2 || !g.RetryAt.Equal(retry) || g.LastError != "400 bad" {
		t.Errorf("read back %+v (the error's escape sequence must be gone)", g)
	}
	if err := s.SetAutoPost(AutoPost{Site: ledgerTestSite, PostID: 3}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.AutoPosts(ledgerTestSite); len(got) != 0 {
		t.Errorf("the zero AutoPost left %+v", got)
	}
}

// Two processes sending at once never pass the limit together: the count
// and the new record are one transaction.
func TestBeginSendWithinHoldsAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	a, b := openTestLedgerAt(t, path), openTestLedgerAt(t, path)
	lim := Limit{Max: 3, Window: 24 * time.Hour}
	// One create an hour ago counts; one Medium refused does not.
	setLedgerClock(a, ledgerT0.Add(-time.Hour))
	if err := a.BeginSend(Entry{Site: ledgerTestSite, PostID: 100}); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkSent(ledgerTestSite, 100, medium.Post{ID: "abc123def456", URL: "https://medium.com/@u/x-abc123def456"}); err != nil {
		t.Fatal(err)
	}
	if err := a.BeginSend(Entry{Site: ledgerTestSite, PostID: 101}); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkFailed(ledgerTestSite, 101, errors.New("refused")); err != nil {
		t.Fatal(err)
	}
	setLedgerClock(a, ledgerT0)
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		l := a
		if i%2 == 1 {
			l = b
		}
		wg.Go(func() { errs[i] = l.BeginSendWithin(Entry{Site: ledgerTestSite, PostID: 200 + i}, lim) })
	}
	wg.Wait()
	began := 0
	for _, err := range errs {
		var le *LimitError
		switch {
		case err == nil:
			began++
		case errors.As(err, &le):
			if !errors.Is(err, ErrDailyLimit) || le.Max != 3 || le.Count != 3 {
				t.Errorf("limit error %+v", le)
			}
			if want := ledgerT0.Add(-time.Hour).Add(24 * time.Hour); !le.NextAt.Equal(want) {
				t.Errorf("NextAt = %v, want %v (when the oldest create leaves the window)", le.NextAt, want)
			}
		default:
			t.Errorf("BeginSendWithin: %v", err)
		}
	}
	if began != 2 {
		t.Errorf("%d sends began, want 2 (a limit of 3 with one create in the window)", began)
	}
	if n := a.CreatesSince(ledgerT0.Add(-24 * time.Hour)); n != 3 {
		t.Errorf("CreatesSince = %d, want 3", n)
	}
}
