package ui

import (
	"slices"

	"github.com/wp2medium/wp2medium/wordpress"
)

// SavedView is how the list was being looked at, kept between runs
// (Options.SavedView at start, Model.SavedView at the end): the WordPress status filter (w), the
// Medium filter (m), the order (S) and the selected post. The title filter
// is not part of it: a search is for the moment, and a list that opens
// narrowed by words nobody sees typed would look empty. The names are
// stable: they are what a saved file holds.
type SavedView struct {
	// Status is a WordPress status ("publish", "draft"…); "" is every one.
	Status string `json:"status,omitempty"`
	// Medium is a Medium filter's name (not-on-medium, on-medium, changed, failed, unknown, planned); "" is any.
	Medium string `json:"medium,omitempty"`
	// Order is an order's name (modified, title, medium); "" is by date.
	Order string `json:"order,omitempty"`
	// Selected is the selected post's id; 0 is the first row (the top is
	// saved as 0: a list left at its top opens at its top, newest post
	// first, whatever came in since).
	Selected int `json:"selected,omitempty"`
}

// mediumNames and orderNames are the saved names of the Medium filters and
// the orders, by value: "" for the default.
var (
	mediumNames = [mediumFilterCount]string{"", "not-on-medium", "on-medium", "changed", "failed", "unknown", "planned"}
	orderNames  = [sortOrderCount]string{"", "modified", "title", "medium"}
)

// listViewOf reads v's filters and order. A name it does not know (a file
// from a newer version, or edited by hand) keeps that part's default.
func listViewOf(v SavedView) listView {
	var lv listView
	if slices.Contains(wordpress.AllStatuses, wordpress.Status(v.Status)) {
		lv.status = wordpress.Status(v.Status)
	}
	if i := slices.Index(mediumNames[:], v.Medium); i > 0 {
		lv.medium = mediumFilter(i)
	}
	if i := slices.Index(orderNames[:], v.Order); i > 0 {
		lv.sort = sortOrder(i)
	}
	return lv
}

// savedView is the list's view as SavedView names it.
func (l *postList) savedView() SavedView {
	v := SavedView{Status: string(l.view.status), Medium: mediumNames[l.view.medium], Order: orderNames[l.view.sort]}
	switch p, ok := l.Selected(); {
	case l.restore != 0: // quit before the labels that show it were read
		v.Selected = l.restore
	case ok && l.cursor > 0:
		v.Selected = p.ID
	}
	return v
}

// SavedView is how the list is being looked at now, for the next run.
func (m *Model) SavedView() SavedView { return m.browse.list.savedView() }
