package autopost

import (
	"time"

	"github.com/wp2medium/wp2medium/store"
)

// SitePlans is the store's plans of one site, by post: what the app's plan
// form reads and writes (ui.PlanStore). Site is the configured address, as
// `wp2medium plan` and Column use it, so a plan made in one is seen by the
// others. Every method reads or writes the store.
type SitePlans struct {
	Store *store.Store
	Site  string
	Now   func() time.Time
}

// Plan is the post's plan, if it has one.
func (s SitePlans) Plan(postID int) (store.Plan, bool, error) {
	plans, err := s.Store.Plans(s.Site)
	if err != nil {
		return store.Plan{}, false, err
	}
	for _, p := range plans {
		if p.PostID == postID {
			return p, true, nil
		}
	}
	return store.Plan{}, false, nil
}

// SetPlan saves the user's plan for the post, replacing any it had.
func (s SitePlans) SetPlan(postID int, opts store.PlanOptions) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return s.Store.SetPlan(store.Plan{Site: s.Site, PostID: postID, Source: store.PlanByUser, Options: opts, CreatedAt: now()})
}

// CancelPlan removes the post's plan; false when it had none.
func (s SitePlans) CancelPlan(postID int) (bool, error) { return s.Store.CancelPlan(s.Site, postID) }
