package store

import (
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// State is where a post stands on Medium, as far as the ledger knows. Medium
// offers no way to read a story back, so this is the only Medium status there is.
type State string

// The ledger states. A post without an entry has never been sent.
const (
	// StateSending is recorded before a create is sent. Found when the ledger
	// is opened, it means the process died waiting for Medium's answer, and it
	// becomes StateUnknown.
	StateSending State = "sending"
	// StateSent: Medium created the story (or the user recorded one by hand).
	StateSent State = "sent"
	// StateFailed: Medium definitely refused the create (a 4xx), or the user
	// confirmed that an unknown outcome made no story. Sending again is safe.
	StateFailed State = "failed"
	// StateUnknown: the create may or may not have made a story (timeout,
	// dropped connection, 5xx, crash). The user must look and resolve it
	// before the post can be sent again, or a duplicate may appear.
	StateUnknown State = "unknown"
)

// String returns the stored value.
func (s State) String() string { return string(s) }

// Label is the human name of the state.
func (s State) Label() string {
	switch s {
	case StateSending:
		return "Sending…"
	case StateSent:
		return "On Medium"
	case StateFailed:
		return "Failed"
	case StateUnknown:
		return "Outcome unknown"
	case "":
		return "Not sent"
	}
	return string(s)
}

func (s State) valid() bool {
	switch s {
	case StateSending, StateSent, StateFailed, StateUnknown:
		return true
	}
	return false
}

// Route is how a story reached Medium.
type Route string

// The routes.
const (
	// RouteAPI: created by wp2medium through Medium's API. Only these count
	// against Medium's daily limit (see Ledger.CreatesSince).
	RouteAPI Route = "api"
	// RouteImport: imported by the user through Medium's importer
	// (medium.ImportURL) or recorded by hand with Ledger.Record.
	RouteImport Route = "import"
)

// String returns the stored value.
func (r Route) String() string { return string(r) }

// Label is the human name of the route.
func (r Route) Label() string {
	switch r {
	case RouteAPI:
		return "Medium API"
	case RouteImport:
		return "Medium importer"
	}
	return string(r)
}

func (r Route) valid() bool { return r == RouteAPI || r == RouteImport }

// Where a story was found (Entry.Found).
const (
	// FoundWordPress: the post's content links the story (wp2medium's
	// cross-link paragraph, or the old Medium plugin's footer).
	FoundWordPress = "found-wordpress"
	// FoundFeed: Medium's public feed of the account lists the story.
	FoundFeed = "found-feed"
)

// Entry is the ledger's record of one WordPress post on Medium. The key is
// (Site, PostID); an earlier story of the same post, or an earlier failed
// attempt, is kept in History rather than overwritten.
type Entry struct {
	// Site is the site's SiteKey (given any spelling of its address, the
	// ledger stores the key of the site that address is known to be).
	Site   string `json:"site"`
	PostID int    `json:"post_id"`
	State  State  `json:"state"`
	Route  Route  `json:"route"`
	// GUID and Link are the post's guid and permalink when it was sent: the
	// same post found under another site key is found by them (Find).
	GUID string `json:"guid,omitempty"`
	Link string `json:"link,omitempty"`

	MediumID string `json:"medium_id,omitempty"`
	URL      string `json:"url,omitempty"`
	// PublishStatus, License, PublicationID and Tags are what was asked of
	// Medium, replaced by what Medium reported once the story exists.
	PublishStatus medium.PublishStatus `json:"publish_status,omitempty"`
	License       medium.License       `json:"license,omitempty"`
	PublicationID string               `json:"publication_id,omitempty"`
	Tags          []string             `json:"tags,omitempty"`
	// CrossLink: the Medium copy ends with "Originally published at …".
	CrossLink bool `json:"cross_link"`
	// WordPressLinked: the "Also published on Medium" paragraph was added on
	// the WordPress side.
	WordPressLinked bool `json:"wordpress_linked"`
	// SecondStory, given to BeginSend or Record, allows another story although
	// the post is already on Medium: the user's explicit choice. On a stored
	// entry it says that History holds an earlier story.
	SecondStory bool `json:"second_story,omitempty"`

	// At is when State was set; SentAt when the create was attempted (or,
	// for the import route, when the user recorded the story).
	At     time.Time `json:"at"`
	SentAt time.Time `json:"sent_at"`
	// ModifiedGMT is WordPress's modified_gmt of the post that was sent, and
	// ContentHash the SHA-256 (hex) of the content sent; see ChangedSince.
	ModifiedGMT time.Time `json:"modified_gmt"`
	ContentHash string    `json:"content_hash"`
	// UpdatedAt is when the user last said the story was brought up to date
	// by hand (wp2medium mark-updated): ModifiedGMT and ContentHash are then
	// the post's at that time, not at the send.
	UpdatedAt time.Time `json:"updated_at,omitzero"`

	// Error says what went wrong, for failed and unknown entries. It is
	// cleaned for the terminal and never holds a credential.
	Error string `json:"error,omitempty"`
	// Note says how a state was reached when the user decided it
	// ("confirmed on Medium by the user").
	Note string `json:"note,omitempty"`
	// Found says where a story this machine did not send was found, for an
	// entry made by `wp2medium reconcile` or the guard before a create:
	// FoundWordPress or FoundFeed; "" for a send or a user's record.
	Found string `json:"found,omitempty"`

	// History holds the post's earlier entries, oldest first: failed attempts
	// and earlier stories. Entries inside History have no History themselves.
	History []Entry `json:"history,omitempty"`

	// owner is the process sending it, for an entry read as "sending" (see
	// package store's owner); "" for an entry this process is making. It
	// travels with the entry, so a change that keeps it sending (an alias
	// move, an import's merge) never takes another process's send over.
	owner string
}

// ChangedSince reports whether the WordPress post was edited after it was
// sent: a later modified time (compared to the second, WordPress's precision)
// or a different content hash. What is not known on either side (a zero time,
// an empty hash, as on a hand-recorded entry) is not evidence of a change.
func (e Entry) ChangedSince(modified time.Time, contentHash string) bool {
	if !modified.IsZero() && !e.ModifiedGMT.IsZero() &&
		modified.Truncate(time.Second).After(e.ModifiedGMT.Truncate(time.Second)) {
		return true
	}
	return contentHash != "" && e.ContentHash != "" && contentHash != e.ContentHash
}

// Sendable reports whether BeginSend would accept a plain (not second-story)
// send of the post in this state: never sent, or failed.
func (e Entry) Sendable() bool { return e.State == "" || e.State == StateFailed }

// maxLedgerText bounds free text in the ledger: an error body from a proxy
// must not grow the file by megabytes.
const maxLedgerText = 500

// credentialPattern finds "Bearer <token>" and "Authorization: <scheme> <value>"
// in any case. medium.Error never holds the token, but other errors (a
// wrapped http error, a user's note) are not under our control.
var credentialPattern = regexp.MustCompile(`(?i)(authorization\s*[:=]\s*((basic|bearer|digest|token)\s+)?|bearer\s*)[^\s,;"']*`)

// ledgerText cleans free text for the ledger: one terminal-safe line, no
// credential, bounded length.
func ledgerText(s string) string {
	s = credentialPattern.ReplaceAllString(termtext.CleanLine(s), "[credential removed]")
	if len(s) > maxLedgerText {
		cut := maxLedgerText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// cleanEntry applies the ledger's rules for stored text to e (not to History,
// which was cleaned when it was current).
func cleanEntry(e Entry) Entry {
	e.Error = ledgerText(e.Error)
	e.GUID = termtext.CleanLine(e.GUID)
	e.Link = termtext.CleanLine(e.Link)
	e.Note = ledgerText(e.Note)
	e.MediumID = termtext.CleanLine(e.MediumID)
	e.URL = termtext.CleanLine(e.URL)
	e.PublicationID = termtext.CleanLine(e.PublicationID)
	if e.Tags != nil {
		tags := make([]string, 0, len(e.Tags))
		for _, t := range e.Tags {
			if t = termtext.CleanLine(t); t != "" {
				tags = append(tags, t)
			}
		}
		e.Tags = tags
	}
	return e
}

// copyEntry keeps callers from sharing an entry's slices.
func copyEntry(e Entry) Entry {
	if e.Tags != nil {
		e.Tags = append([]string(nil), e.Tags...)
	}
	if e.History != nil {
		h := make([]Entry, len(e.History))
		for i, p := range e.History {
			h[i] = copyEntry(p)
		}
		e.History = h
	}
	return e
}

// errorText is the stored description of err.
func errorText(err error) string {
	if err == nil {
		return "no error was given"
	}
	return err.Error()
}
