package retryafter

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 13, 23, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2520", now.Add(42 * time.Minute), true},
		{" 0 ", now, true},
		{"-5", now, true},
		{"99999999999999", now.Add(400 * 24 * time.Hour), true},
		{now.Add(time.Hour).Format(http.TimeFormat), now.Add(time.Hour), true},
		{"", time.Time{}, false},
		{"soon", time.Time{}, false},
	}
	for _, tc := range cases {
		got, ok := Parse(tc.in, now)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("Parse(%q) = %v, %t; want %v, %t", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWaitText(t *testing.T) {
	now := time.Date(2025, 3, 1, 13, 23, 0, 0, time.UTC)
	cases := []struct {
		after time.Duration
		want  string
	}{
		{42 * time.Minute, "Medium asks to wait until 14:05 UTC (in 42 minutes)"},
		{41*time.Minute + 59*time.Second + 900*time.Millisecond, "Medium asks to wait until 14:04 UTC (in 42 minutes)"},
		{30 * time.Second, "Medium asks to wait until 13:23:30 UTC (in 30 seconds)"},
		{time.Minute, "Medium asks to wait until 13:24:00 UTC (in 1 minute)"},
		{time.Hour, "Medium asks to wait until 14:23 UTC (in 1 hour)"},
		{2*time.Hour + 5*time.Minute, "Medium asks to wait until 15:28 UTC (in 2 hours 5 minutes)"},
		{11 * time.Hour, "Medium asks to wait until Sun 2 Mar 00:23 UTC (in 11 hours)"},
		{3 * 24 * time.Hour, "Medium asks to wait until Tue 4 Mar 13:23 UTC (in about 3 days)"},
		{-time.Minute, "Medium asked to wait until 13:22:00 UTC; that time has passed, so try again now"},
	}
	for _, tc := range cases {
		if got := WaitText("Medium", now.Add(tc.after), now); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.after, got, tc.want)
		}
	}
	// Shown in UTC whatever the zone of the time given.
	local := now.Add(42 * time.Minute).In(time.FixedZone("CET", 3600))
	if got := WaitText("Medium", local, now); got != cases[0].want {
		t.Errorf("CET: %q", got)
	}
}
