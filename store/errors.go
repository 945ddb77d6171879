package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors of the ledger, for errors.Is. The errors returned carry a
// full message (what is wrong and what to do); these only classify them.
var (
	// ErrCorrupt: the store or a ledger file cannot be understood (see FileError).
	ErrCorrupt = errors.New("the file is corrupt")
	// ErrClosed: the Store was closed.
	ErrClosed = errors.New("the store is closed")

	// ErrAlreadySent: the post is already on Medium; sending again would make
	// a second story, which needs Entry.SecondStory.
	ErrAlreadySent = errors.New("the post is already on Medium")
	// ErrOutcomeUnknown: an earlier create may or may not have made a story;
	// resolve it (ResolveOnMedium or ResolveNotSent) first.
	ErrOutcomeUnknown = errors.New("the outcome of the last send is unknown")
	// ErrSendInProgress: a create for the post is in flight.
	ErrSendInProgress = errors.New("the post is being sent")
	// ErrNotSending: a result was reported for a post with no send in flight.
	ErrNotSending = errors.New("no send is in progress for the post")
	// ErrNoRecord: the ledger has no entry for the post.
	ErrNoRecord = errors.New("the ledger has no record of the post")
	// ErrNotSent: the operation needs a post that is on Medium.
	ErrNotSent = errors.New("the post is not on Medium")
	// ErrNothingToResolve: ResolveNotSent on a post whose outcome is known.
	ErrNothingToResolve = errors.New("the post's outcome is already known")
	// ErrInvalidEntry: the entry given lacks a field the ledger needs.
	ErrInvalidEntry = errors.New("invalid ledger entry")
	// ErrInvalidMediumURL: the text is not the address of a Medium story.
	ErrInvalidMediumURL = errors.New("not a Medium story URL")
)

// FileError is a store, or a ledger JSON file, that cannot be read or
// understood. The file is left exactly as it was: it may be the only record
// of stories on Medium.
type FileError struct {
	Path    string
	Problem string // what is wrong, in words
	// Corrupt: the file was read but is not one this version understands
	// (errors.Is(err, ErrCorrupt)); otherwise it could not be read.
	Corrupt bool
	// JSON: the file is a ledger JSON document (an export or the old
	// ledger.json), not the store.
	JSON bool
	Err  error // the underlying error, if any
}

func (e *FileError) Error() string {
	what := "store"
	if e.JSON {
		what = "ledger file"
	}
	if !e.Corrupt {
		return fmt.Sprintf("cannot read the %s %s: %s. Fix its permissions (it should be a file readable by you, mode 0600) or move it aside, then start wp2medium again",
			what, e.Path, e.Problem)
	}
	return fmt.Sprintf("the %s %s is unusable: %s. wp2medium will not overwrite it, since it holds the record of what was sent to Medium: "+
		"move it aside (mv %s %s.broken) and start again, then bring the record back with wp2medium ledger import from a backup", what, e.Path, e.Problem, e.Path, e.Path)
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrCorrupt) true for a corrupt file.
func (e *FileError) Is(target error) bool { return e.Corrupt && target == ErrCorrupt }

// StateError is a ledger operation refused because of the post's state. Kind
// is one of the sentinel errors (ErrAlreadySent, ErrOutcomeUnknown, ...).
type StateError struct {
	Op     string // what was asked, in words ("send", "record the result")
	Site   string
	PostID int
	State  State  // the post's state, "" when the ledger has no entry
	URL    string // the Medium URL on record, if any
	Detail string // the recorded error, for an unknown outcome
	Kind   error
}

func (e *StateError) Error() string {
	post := fmt.Sprintf("post %d of %s", e.PostID, e.Site)
	switch e.Kind {
	case ErrAlreadySent:
		where := "on Medium"
		if e.URL != "" {
			where = "on Medium at " + e.URL
		}
		return fmt.Sprintf("cannot %s %s: it is already %s. Sending it again makes a second story; ask for a second story explicitly if that is what you want",
			e.Op, post, where)
	case ErrOutcomeUnknown:
		msg := fmt.Sprintf("cannot %s %s: the last send may or may not have created a story", e.Op, post)
		if e.Detail != "" {
			msg += " (" + e.Detail + ")"
		}
		return msg + ". Look at your Medium profile and drafts, then either record the story's URL or mark the post as not sent"
	case ErrSendInProgress:
		return fmt.Sprintf("cannot %s %s: it is being sent right now; wait for Medium's answer", e.Op, post)
	case ErrNotSending:
		return fmt.Sprintf("cannot %s %s: no send is in progress (the ledger says %q); this is a bug in the caller", e.Op, post, e.State.Label())
	case ErrNoRecord:
		return fmt.Sprintf("cannot %s %s: the ledger has no record of it (it was never sent)", e.Op, post)
	case ErrNotSent:
		return fmt.Sprintf("cannot %s %s: it is not on Medium (the ledger says %q)", e.Op, post, e.State.Label())
	case ErrNothingToResolve:
		return fmt.Sprintf("cannot %s %s: its outcome is known (the ledger says %q); only an unknown outcome needs resolving", e.Op, post, e.State.Label())
	}
	return fmt.Sprintf("cannot %s %s in state %q", e.Op, post, e.State.Label())
}

// Unwrap returns Kind, so errors.Is works with the sentinels.
func (e *StateError) Unwrap() error { return e.Kind }

func stateError(op string, e Entry, kind error) *StateError {
	return &StateError{Op: op, Site: e.Site, PostID: e.PostID, State: e.State, URL: e.URL, Detail: e.Error, Kind: kind}
}

// MediumURLError explains why a text is not a Medium story URL.
type MediumURLError struct {
	URL    string // as given, cleaned for the terminal
	Reason string
}

func (e *MediumURLError) Error() string {
	reason := e.Reason
	if !strings.HasSuffix(reason, "?") {
		reason += "."
	}
	return fmt.Sprintf("%q is not a Medium story URL: %s Paste the story's address as the browser shows it, e.g. https://medium.com/@you/my-post-1a2b3c4d5e6f",
		e.URL, reason)
}

// Is makes errors.Is(err, ErrInvalidMediumURL) true.
func (e *MediumURLError) Is(target error) bool { return target == ErrInvalidMediumURL }

// ErrDailyLimit is the Kind of a LimitError.
var ErrDailyLimit = errors.New("the daily limit of new stories is reached")

// LimitError is BeginSendWithin's refusal: Count creates were sent in the
// last Window, and the limit is Max. NextAt is when one leaves the window.
type LimitError struct {
	Max    int
	Window time.Duration
	Count  int
	NextAt time.Time
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d stories were created in the last %s and the limit is %d: the next may go at %s",
		e.Count, windowText(e.Window), e.Max, e.NextAt.Local().Format("2006-01-02 15:04"))
}

func (e *LimitError) Unwrap() error { return ErrDailyLimit }

func windowText(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return d.String()
}
