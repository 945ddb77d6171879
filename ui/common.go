package ui

import (
	"context"
	"io"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// PostSource is what the app needs from WordPress. *wordpress.Client satisfies it;
// tests may pass anything else that does.
type PostSource interface {
	Site(ctx context.Context) (wordpress.Site, error)
	ListPosts(ctx context.Context, opt wordpress.ListOptions, onPage func(wordpress.Page)) error
	Post(ctx context.Context, id int) (wordpress.PostDetail, error)
}

// PostCache is the local store's copy of the site's post list and the sync
// that keeps it; *sitesync.Syncer satisfies it. Both methods read or write
// the disk and the network: the app calls them in commands only.
type PostCache interface {
	// Cached is the stored list, newest first, and its state.
	Cached() ([]wordpress.Post, store.SyncState, error)
	// Sync brings the store up to date; onPage sees each page of a full
	// listing (see sitesync.Syncer.Sync).
	Sync(ctx context.Context, mode sitesync.Mode, onPage func(wordpress.Page)) (sitesync.Result, error)
}

// MediumStatuses tells the list what is known on Medium of each post. The
// record of what was sent fills it. Both methods read the store, so the app
// calls them in commands and View draws the labels they returned.
type MediumStatuses interface {
	// Version changes whenever the labels may have, in any process; it is
	// cheap enough to ask every few seconds.
	Version() uint64
	// Labels is the column's text for each post, in order.
	Labels(posts []wordpress.Post) []string
}

// StoryRecords is what a MediumStatuses may also give: the record of one
// post on Medium, for the preview's header and the keys that open or copy
// the story. It reads the store, so the app calls it in commands.
type StoryRecords interface {
	Story(p wordpress.Post) (store.Entry, bool)
}

// WaitingCounter is what a MediumStatuses may also say: how many of the
// site's posts the next `wp2medium sync` would try to send (planned, or
// picked by the [auto] rules). The header shows it. It reads the store, so
// the app calls it in commands.
type WaitingCounter interface {
	Waiting(posts []wordpress.Post) int
}

// PlanStore keeps the site's plans: a post to be sent by `wp2medium sync`
// with the choices saved ahead, once it is published on WordPress (see
// package autopost). Every method reads or writes the store, so the app
// calls them in commands.
type PlanStore interface {
	// Plan is the post's plan, if it has one.
	Plan(postID int) (store.Plan, bool, error)
	// SetPlan saves the user's plan for the post, replacing any it had.
	SetPlan(postID int, opts store.PlanOptions) error
	// CancelPlan removes the post's plan; false when it had none.
	CancelPlan(postID int) (bool, error)
}

// SendHistory is the record of every send to Medium of the site, newest
// first (see store.Store.History). It reads the store, so the app calls it
// in a command.
type SendHistory interface {
	History() ([]store.Send, error)
}

// Common is the state every pane shares: the size it was given, the styles,
// the keys and the clients. Panes hold a pointer to the one instance.
type Common struct {
	Width, Height int
	Styles        *Styles
	Keys          *KeyMap
	Source        PostSource
	// Posts is the local store's list (nil: every (re)load lists the site).
	Posts PostCache
	// GlamourStyle is the glamour standard style ("dark", "light", "notty"),
	// chosen once before the program starts.
	GlamourStyle string
	// Publish is nil when publishing through the API is not possible (no
	// Medium token).
	Publish *PublishDeps
	// Setup is nil when the settings cannot be changed from the app (the demo).
	Setup *SetupDeps
	// Terminal is the program's output; clipboard requests are written
	// through it (see Terminal).
	Terminal io.Writer
}

// PublishDeps is what publishing needs: the publisher (clients and ledger)
// and the choices the form starts from.
type PublishDeps struct {
	Publisher     *crosspost.Publisher
	Defaults      config.Defaults
	PublicationID string
	// Plans, when set, lets the app plan a post for `wp2medium sync`
	// instead of sending it now (the a key).
	Plans PlanStore
	// History, when set, is the history of sends (the h key).
	History SendHistory
	// Feed, when set, reads the account's public feed (FeedURL is the
	// [medium] feed_url setting), so the unknown-outcome screen can propose
	// a story the feed shows.
	Feed    crosspost.FeedAccount
	FeedURL string
}
