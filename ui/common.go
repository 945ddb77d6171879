package ui

import (
	"context"
	"io"
	"sync"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/wordpress"
)

// PostSource is what the app needs from WordPress. *wordpress.Client satisfies it;
// tests may pass anything else that does.
type PostSource interface {
	Site(ctx context.Context) (wordpress.Site, error)
	ListPosts(ctx context.Context, opt wordpress.ListOptions, onPage func(wordpress.Page)) error
	Post(ctx context.Context, id int) (wordpress.PostDetail, error)
}

// MediumStatuses tells the list what is known on Medium of each post. The
// record of what was sent fills it; without one every post shows "—".
type MediumStatuses interface {
	MediumStatus(p wordpress.Post) string
}

type noMediumStatuses struct{}

func (noMediumStatuses) MediumStatus(wordpress.Post) string { return "—" }

// Common is the state every pane shares: the size it was given, the styles,
// the keys and the clients. Panes hold a pointer to the one instance.
type Common struct {
	Width, Height int
	Styles        *Styles
	Keys          *KeyMap
	Source        PostSource
	Medium        MediumStatuses
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
}

// PublisherStatuses fills the Medium column from the publisher's ledger: what
// was recorded is all that is known, since Medium cannot be read back. The
// labels are kept until the ledger changes: the column is drawn on every
// frame, and finding a post's record parses its addresses.
func PublisherStatuses(p *crosspost.Publisher) MediumStatuses {
	return &publisherStatuses{p: p, labels: map[statusKey]string{}}
}

type publisherStatuses struct {
	p       *crosspost.Publisher
	mu      sync.Mutex
	version uint64
	labels  map[statusKey]string
}

type statusKey struct {
	id       int
	modified int64
}

func (s *publisherStatuses) MediumStatus(post wordpress.Post) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v := s.p.Ledger.Version(); v != s.version || len(s.labels) > 100_000 {
		clear(s.labels)
		s.version = v
	}
	k := statusKey{post.ID, post.ModifiedGMT.UnixNano()}
	if label, ok := s.labels[k]; ok {
		return label
	}
	e, ok := s.p.Status(post)
	label := crosspost.StatusLabel(e, ok, post.ModifiedGMT)
	s.labels[k] = label
	return label
}
