// Package retryafter reads a Retry-After header and says it in words, the
// same way for the Medium and the WordPress clients.
package retryafter

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Parse reads a Retry-After value, delay-seconds or an HTTP date,
// as the moment it names. ok is false when v is neither.
func Parse(v string, now time.Time) (t time.Time, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		// Capped so an absurd value cannot overflow the duration.
		const maxSeconds = 400 * 24 * 3600
		return now.Add(time.Duration(min(max(s, 0), maxSeconds)) * time.Second), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// WaitText says when a server asked to be called again, for who ("Medium",
// "the site"): "Medium asks to wait until 14:05 UTC (in 42 minutes)". Times
// are in UTC so a message reads the same on screen, in a log and in a bug
// report; the relative part is what a reader acts on.
func WaitText(who string, t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	d := t.Sub(now)
	layout := "15:04 UTC"
	if d < 2*time.Minute {
		layout = "15:04:05 UTC"
	}
	if y, m, day := t.Date(); y != now.Year() || m != now.Month() || day != now.Day() {
		layout = "Mon 2 Jan " + layout
	}
	if d < time.Second {
		return who + " asked to wait until " + t.Format(layout) + "; that time has passed, so try again now"
	}
	return who + " asks to wait until " + t.Format(layout) + " (" + inText(d) + ")"
}

// inText is a positive duration in words: "in 42 minutes", "in 2 hours 5
// minutes", "in about 3 days".
func inText(d time.Duration) string {
	if s := d.Round(time.Second); s < time.Minute {
		return "in " + plural(int(s/time.Second), "second")
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return "in " + plural(m, "minute")
	case m < 24*60 && m%60 == 0:
		return "in " + plural(m/60, "hour")
	case m < 24*60:
		return "in " + plural(m/60, "hour") + " " + plural(m%60, "minute")
	}
	return "in about " + plural(int((d+12*time.Hour)/(24*time.Hour)), "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
