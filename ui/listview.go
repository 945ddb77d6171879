package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wp2medium/wp2medium/wordpress"
)

// listView is what the list shows of the site's posts beyond the title
// filter: which WordPress status and which Medium state, in which order.
// It is kept across syncs and reloads (postList.Replace, Reset).
type listView struct {
	status wordpress.Status // "" is every status
	medium mediumFilter
	sort   sortOrder
}

// needsAllLabels: the Medium filter and the Medium order look at every
// post's Medium state, not only the rows on screen.
func (v listView) needsAllLabels() bool { return v.medium != mediumAny || v.sort == sortMedium }

// narrowed reports that a filter of the view hides posts.
func (v listView) narrowed() bool { return v.status != "" || v.medium != mediumAny }

// nextStatus is the WordPress status the w key moves to: every status in
// turn, then all again.
func nextStatus(s wordpress.Status) wordpress.Status {
	if s == "" {
		return wordpress.AllStatuses[0]
	}
	i := slices.Index(wordpress.AllStatuses, s)
	if i < 0 || i == len(wordpress.AllStatuses)-1 {
		return ""
	}
	return wordpress.AllStatuses[i+1]
}

// mediumFilter is the Medium state the list is narrowed to (the m key).
type mediumFilter int

const (
	mediumAny     mediumFilter = iota
	mediumNotOn                // no story: never sent, failed, planned, due, excluded
	mediumOn                   // a story exists (changed since or not)
	mediumChanged              // on Medium, and the post was edited after it was sent
	mediumFailed               // the last send failed (by hand or automatically)
	mediumUnknown              // a send whose outcome nobody knows yet (or in flight)
	mediumPlanned              // a plan waits for `wp2medium sync`
	mediumFilterCount
)

// String is how the list's view line names the filter.
func (f mediumFilter) String() string {
	switch f {
	case mediumNotOn:
		return "not on Medium"
	case mediumOn:
		return "on Medium"
	case mediumChanged:
		return "changed since sent"
	case mediumFailed:
		return "send failed"
	case mediumUnknown:
		return "outcome unknown"
	case mediumPlanned:
		return "planned"
	}
	return "any Medium state"
}

// mediumKind is what a Medium column label says, in the terms of the
// filters. The labels are crosspost.StatusLabel's for a post with a ledger
// entry and package autopost's for one without.
type mediumKind int

const (
	kindUnread  mediumKind = iota // not read yet
	kindUnknown                   // "unknown", "sending"
	kindFailed                    // "failed"
	kindChanged                   // "changed"
	kindPlanned                   // "planned"
	kindDue                       // "due": the rules pick it at the next sync
	kindNone                      // "—", "excluded": not on Medium, nothing planned
	kindOn                        // "public ✓", "draft ✓", "linked"…
)

func kindOf(label string) mediumKind {
	switch {
	case label == "":
		return kindUnread
	case label == "unknown", label == "sending":
		return kindUnknown
	case label == "failed":
		return kindFailed
	case label == "changed":
		return kindChanged
	case label == "planned":
		return kindPlanned
	case label == "due":
		return kindDue
	case label == "linked", strings.HasSuffix(label, "✓"):
		return kindOn
	}
	return kindNone
}

// matches reports whether a post with this Medium label is shown.
func (f mediumFilter) matches(label string) bool {
	k := kindOf(label)
	switch f {
	case mediumAny:
		return true
	case mediumNotOn:
		return k == kindFailed || k == kindPlanned || k == kindDue || k == kindNone
	case mediumOn:
		return k == kindOn || k == kindChanged
	case mediumChanged:
		return k == kindChanged
	case mediumFailed:
		return k == kindFailed
	case mediumUnknown:
		return k == kindUnknown
	case mediumPlanned:
		return k == kindPlanned
	}
	return false
}

// sortOrder is the list's order (the S key cycles it).
type sortOrder int

const (
	sortDate     sortOrder = iota // newest first, as the site lists them
	sortModified                  // last edited first
	sortTitle                     // A to Z
	sortMedium                    // what needs a look first: unknown, failed, changed, planned, due, the rest, on Medium
	sortOrderCount
)

// String is how the list names the order.
func (s sortOrder) String() string {
	switch s {
	case sortModified:
		return "modified"
	case sortTitle:
		return "title"
	case sortMedium:
		return "Medium state"
	}
	return "date"
}

// sortPosts orders the indexes of posts (lower is their lower-cased titles,
// labels their Medium labels) for s. Ties keep the site's order, newest
// first.
func sortPosts(idx []int, s sortOrder, posts []wordpress.Post, lower []string, labels func(int) string) {
	slices.SortStableFunc(idx, orderOf(s, posts, lower, labels))
}

// mergeSorted merges b into a, both in the order of cmp, in one pass.
func mergeSorted(a, b []int, cmp func(x, y int) int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// orderOf compares two posts' indexes in the order s; ties keep the site's
// order.
func orderOf(s sortOrder, posts []wordpress.Post, lower []string, labels func(int) string) func(a, b int) int {
	var less func(a, b int) int
	switch s {
	case sortDate:
		return cmp.Compare[int]
	case sortModified:
		less = func(a, b int) int { return posts[b].ModifiedGMT.Compare(posts[a].ModifiedGMT) }
	case sortTitle:
		less = func(a, b int) int { return strings.Compare(lower[a], lower[b]) }
	case sortMedium:
		less = func(a, b int) int { return cmp.Compare(kindOf(labels(a)), kindOf(labels(b))) }
	}
	return func(a, b int) int {
		if c := less(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
}

// viewLine is the list pane's first line: the filter input while it has
// focus, else the filters and the order in force and how many posts they
// show.
func (l *postList) viewLine() string {
	st := l.common.Styles
	if l.filtering {
		return l.filter.View()
	}
	var parts []string
	if q := strings.TrimSpace(l.filter.Value()); q != "" {
		parts = append(parts, st.FilterPrompt.Render("/ ")+q)
	}
	if l.view.status != "" {
		parts = append(parts, l.view.status.Label())
	}
	if l.view.medium != mediumAny {
		m := l.view.medium.String()
		if !l.labelsRead() {
			m += " (reading…)"
		}
		parts = append(parts, m)
	}
	if l.view.sort != sortDate {
		parts = append(parts, "by "+l.view.sort.String())
	}
	line := strings.Join(parts, st.Muted.Render(" · "))
	if l.Narrowed() {
		line += st.Muted.Render("  " + thousands(len(l.shown)) + " of " + thousands(len(l.posts)))
	}
	return line
}

// columnHeader names the columns; the one the list is ordered by carries
// the direction.
func (l *postList) columnHeader(c columns) string {
	title, date, med := "Title", "Date", "Medium"
	switch l.view.sort {
	case sortDate:
		date += " ↓"
	case sortModified:
		date = "Edited ↓"
		if c.date < 8 {
			date = "Edit ↓"
		}
	case sortTitle:
		title += " ↑"
	case sortMedium:
		med += " ↓"
	}
	status := "Status"
	if c.status < len(status) {
		status = "WP" // beside "Medium": the post's status on WordPress
	}
	head := " " + pad(title, c.title) + "  " + pad(status, c.status)
	if c.date > 0 {
		head += "  " + pad(date, c.date)
	}
	return head + "  " + pad(med, c.medium)
}

// emptyNote says why no post is shown although the site has some.
func (l *postList) emptyNote() string {
	if l.view.needsAllLabels() && !l.labelsRead() {
		return "Reading every post's Medium state…"
	}
	if l.view.narrowed() {
		return "No post matches. Esc clears the filters."
	}
	return "No title, tag or category matches. Esc clears it."
}
