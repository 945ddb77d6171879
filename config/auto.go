package config

import (
	"strconv"
	"time"
)

// The [auto] section's defaults and limits.
const (
	// DefaultExcludeTag is auto.exclude_tags' default: a tag a writer adds to
	// keep one post off Medium.
	DefaultExcludeTag = "no-medium"
	// DefaultDailyLimit is auto.daily_limit's default: Medium accepts about
	// 10 new stories a day.
	DefaultDailyLimit = 10
	// MaxDailyLimit is the most auto.daily_limit allows; more only meets
	// Medium's refusals sooner.
	MaxDailyLimit = 100
)

// SinceTime is Since as a time: zero when Since is empty or not RFC 3339
// (which Validate reports).
func (a Auto) SinceTime() time.Time {
	t, err := time.Parse(time.RFC3339, a.Since)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Enable turns automatic cross-posting on at now: Since becomes now, in UTC
// to the second. When it was already on with a valid Since, that Since is
// kept: moving it forward would skip the posts published in between that no
// pass has sent yet.
func (a *Auto) Enable(now time.Time) {
	if !a.Enabled || a.SinceTime().IsZero() {
		a.Since = FormatSince(now)
	}
	a.Enabled = true
}

// FormatSince writes t as auto.since holds it: RFC 3339 in UTC, to the second.
func FormatSince(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// sinceText is auto.since: a string, so the wrong-type message says how to
// write a time TOML would otherwise take as a date-time of its own.
func sinceText(field func(*Config) *string) value {
	return sinceField{textField[string]{field: field, validate: checkSince}}
}

type sinceField struct{ textField[string] }

func (sinceField) want() string {
	return `an RFC 3339 time in double quotes, e.g. "2026-12-01T00:00:00Z"`
}

func checkSince(v string) *Error {
	if v == "" {
		return nil
	}
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		return &Error{Problem: "is not an RFC 3339 time",
			Fix: `write the date, the time and the time zone, e.g. "2026-12-01T00:00:00Z" (UTC) or "2026-12-01T09:00:00+01:00"`}
	}
	return nil
}

// checkEnabledHasSince is auto.since's rule across keys: the rules pick posts
// first published after since, so turning them on without it would pick the
// whole archive.
func checkEnabledHasSince(c *Config) *Error {
	if !c.Auto.Enabled || c.Auto.Since != "" {
		return nil
	}
	return &Error{Value: quote(""), Problem: "is empty while auto.enabled is true",
		Fix: "set auto.since to when automatic cross-posting starts, e.g. the current time; `wp2medium setup` sets it"}
}

func checkDailyLimit(n int) *Error {
	if n >= 1 && n <= MaxDailyLimit {
		return nil
	}
	return &Error{Problem: "must be between 1 and " + strconv.Itoa(MaxDailyLimit),
		Fix: "Medium accepts about 10 stories a day; 10 is the default"}
}
