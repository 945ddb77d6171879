package autopost

import (
	"time"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The Medium column's labels for posts without a ledger entry.
const (
	LabelPlanned  = "planned"  // a plan waits for the post (or the next pass)
	LabelDue      = "due"      // the rules pick it at the next pass
	LabelExcluded = "excluded" // a pass found that the rules keep it out
	LabelLinked   = "linked"   // a pass found the post links a story another wp2medium sent
	LabelFailed   = "failed"   // automatic tries failed; a later pass tries again
)

// Column is the Medium column for a site with automatic cross-posting: the
// ledger's state of each post, else whether a pass will send it. It does no
// network I/O; the app reads it in commands.
type Column struct {
	Publisher *crosspost.Publisher
	Store     *store.Store
	Site      string
	Rules     Rules
	Now       func() time.Time
}

// Version changes whenever a label may have: the ledger's version, which a
// plan's change bumps too.
func (c Column) Version() uint64 { return c.Publisher.Ledger.Version() }

// Labels is the column's text for each post.
func (c Column) Labels(posts []wordpress.Post) []string {
	plans, autos := c.state()
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	find := c.Publisher.Status
	if len(posts) > snapshotFrom {
		// The whole list (the app's Medium filter): one read of the
		// ledger, not a query per post.
		if snap, err := c.Publisher.Ledger.Snapshot(); err == nil {
			find = func(p wordpress.Post) (store.Entry, bool) { return snap.Find(c.Publisher.SiteURL, p.ID, "", p.Link) }
		}
	}
	out := make([]string, len(posts))
	for i, p := range posts {
		out[i] = c.label(p, find, plans, autos, now)
	}
	return out
}

// snapshotFrom is the number of posts from which Labels reads the whole
// ledger once rather than each post's record.
const snapshotFrom = 200

func (c Column) state() (map[int]store.Plan, map[int]store.AutoPost) {
	plans := map[int]store.Plan{}
	if ps, err := c.Store.Plans(c.Site); err == nil {
		for _, p := range ps {
			plans[p.PostID] = p
		}
	}
	autos, err := c.Store.AutoPosts(c.Site)
	if err != nil {
		autos = nil
	}
	return plans, autos
}

func (c Column) label(p wordpress.Post, find func(wordpress.Post) (store.Entry, bool), plans map[int]store.Plan, autos map[int]store.AutoPost, now time.Time) string {
	if e, ok := find(p); ok {
		return crosspost.StatusLabel(e, ok, p.ModifiedGMT)
	}
	if a, ok := autos[p.ID]; ok && a.Failures > 0 {
		return LabelFailed
	}
	if _, ok := plans[p.ID]; ok {
		return LabelPlanned
	}
	if p.Status == wordpress.StatusPublish && c.Rules.inDates(p, now.UTC()) {
		if a, ok := autos[p.ID]; ok && c.Rules.skipHolds(a, p, false) {
			switch a.Skip {
			case SkipLinked:
				return LabelLinked
			case SkipRefusedByHand, SkipOnMedium:
				return "—"
			}
			return LabelExcluded
		}
		return LabelDue
	}
	return "—"
}

// Story is the ledger's record of the post, if it has one.
func (c Column) Story(p wordpress.Post) (store.Entry, bool) { return c.Publisher.Status(p) }

// Waiting counts the posts of list a pass would try: planned, due or
// failed before (tried again later), with no ledger entry. The app's header
// shows it.
func (c Column) Waiting(list []wordpress.Post) int {
	plans, autos := c.state()
	now := time.Now().UTC()
	n := 0
	for _, p := range list {
		if _, planned := plans[p.ID]; !planned && !(p.Status == wordpress.StatusPublish && c.Rules.inDates(p, now)) {
			continue
		}
		switch c.label(p, c.Publisher.Status, plans, autos, now) {
		case LabelPlanned, LabelDue, LabelFailed:
			n++
		}
	}
	return n
}
