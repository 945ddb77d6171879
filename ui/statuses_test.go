package ui

import (
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The app's own Medium column is autopost.Column (cli wires it); the tests
// of this package fill it from the publisher's ledger alone.

// PublisherStatuses fills the Medium column from the publisher's ledger.
func PublisherStatuses(p *crosspost.Publisher) MediumStatuses { return publisherStatuses{p: p} }

type publisherStatuses struct{ p *crosspost.Publisher }

func (s publisherStatuses) Version() uint64 { return s.p.Ledger.Version() }

func (s publisherStatuses) Labels(posts []wordpress.Post) []string {
	out := make([]string, len(posts))
	for i, post := range posts {
		e, ok := s.p.Status(post)
		out[i] = crosspost.StatusLabel(e, ok, post.ModifiedGMT)
	}
	return out
}
