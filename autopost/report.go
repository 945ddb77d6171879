package autopost

import (
	"time"
)

// Why a post is due.
const (
	WhyRules    = "rules"    // the [auto] rules picked it
	WhyPlan     = "plan"     // the user planned it
	WhyBackfill = "backfill" // sync --backfill queued it
)

// Reasons a post waits or is blocked, stable for --json.
const (
	WaitDailyLimit  = "daily-limit" // over auto.daily_limit (or Medium's own)
	WaitBackoff     = "backoff"     // failed before; tried again at At
	WaitOtherSender = "being-sent"  // another process is sending it
	WaitStopped     = "stopped"     // the pass was asked to stop first
	WaitToken       = "token"       // the token was refused earlier in the pass
	WaitUnreachable = "unreachable" // Medium could not be reached earlier in the pass
	BlockUnknown    = "unknown-outcome"
	BlockToken      = "invalid-token"
)

// Item is one post in a report.
type Item struct {
	PostID int       `json:"post_id"`
	Title  string    `json:"title"`
	Date   time.Time `json:"date"`
	// Why it is due: WhyRules, WhyPlan or WhyBackfill.
	Why string `json:"why,omitempty"`
	// URL and Status are the story's, once sent.
	URL    string `json:"url,omitempty"`
	Status string `json:"status,omitempty"`
	// Reason is a stable code (the Wait*, Block* and Skip* constants);
	// Message says it in words.
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// At is when a waiting post may go (the daily limit, the backoff).
	At *time.Time `json:"at,omitempty"`
	// Warnings are what the send went out with.
	Warnings []string `json:"warnings,omitempty"`
}

// Report is what one pass did, for the text and --json output.
type Report struct {
	Site    string `json:"site"`
	DryRun  bool   `json:"dry_run"`
	Enabled bool   `json:"enabled"`
	// DailyLimit and SentLast24h: the limit and what counted against it
	// when the pass started.
	DailyLimit  int `json:"daily_limit"`
	SentLast24h int `json:"sent_last_24h"`
	// Sent holds the stories created (in a dry run: that would be).
	Sent    []Item `json:"sent"`
	Waiting []Item `json:"waiting"`
	Failed  []Item `json:"failed"`
	Blocked []Item `json:"blocked"`
	Skipped []Item `json:"skipped"`
	// Linked holds posts sent earlier whose "Also published on Medium" was
	// added on WordPress by this pass (it had failed at the send).
	Linked []Item `json:"linked"`
	// Found holds stories of posts found outside this machine's record
	// (Medium's public feed) by a pass on a machine with no record of the
	// site, and recorded; FoundError says why that look failed.
	Found      []Item `json:"found,omitempty"`
	FoundError string `json:"found_error,omitempty"`
	// Backfilled is how many posts --backfill queued.
	Backfilled int `json:"backfilled,omitempty"`
	// Stopped: a signal ended the pass before every due post was tried.
	Stopped bool `json:"stopped,omitempty"`
}

// Exit codes of sync.
const (
	ExitOK      = 0
	ExitFailed  = 1
	ExitBlocked = 3
)

// ExitCode is 3 when something is blocked (an unknown outcome waits for
// resolve, or the token was refused), else 1 when a send failed, else 0.
func (r Report) ExitCode() int {
	switch {
	case len(r.Blocked) > 0:
		return ExitBlocked
	case len(r.Failed) > 0:
		return ExitFailed
	}
	return ExitOK
}

// NextAt is the soonest time a waiting post may go, if any says.
func (r Report) NextAt() (time.Time, bool) {
	var next time.Time
	for _, it := range r.Waiting {
		if it.At != nil && (next.IsZero() || it.At.Before(next)) {
			next = *it.At
		}
	}
	return next, !next.IsZero()
}

func newReport() Report {
	return Report{Sent: []Item{}, Waiting: []Item{}, Failed: []Item{}, Blocked: []Item{}, Skipped: []Item{}, Linked: []Item{}}
}
