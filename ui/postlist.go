package ui

import (
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// postList is the left pane: every post, one row each, with a title filter.
// It renders only the rows on screen, so a keypress costs the same with ten
// posts or ten thousand.
type postList struct {
	common *Common
	medium *mediumColumn
	width  int
	height int

	now func() time.Time // the date column shortens this year's dates

	posts []wordpress.Post
	rev   int      // bumped whenever posts changes: what was counted of it is stale
	lower []string // lower-cased titles and terms, parallel to posts, for the filter
	byID  map[int]int
	// view is the status and Medium filters and the order; order is the
	// indexes of posts in that order, rank the place of each in order.
	view  listView
	order []int
	rank  []int
	// labels are every post's Medium labels (parallel to posts, for the
	// list at revision labelsRev), read when the view needs them.
	labels    []string
	labelsRev int
	labelsGen int // the Medium column's gen they were read at
	anchor    int // the post selected last, whose place a filter keeps
	// restore is a post to select once every Medium label is read, on
	// restoreRow: a saved selection, or one a sync hid (restoreSelection).
	restore, restoreRow int
	shown               []int // indexes into posts that the filters show, in order
	cursor              int   // index into shown
	offset              int   // first row of shown on screen

	marked map[int]bool // post ids marked for a bulk publish
	// rowCache holds drawn rows: a keypress redraws two rows, not a screen.
	rowCache map[rowKey]string

	filter    textinput.Model
	filtering bool // the filter input has focus and gets every key
	focused   bool
}

func newPostList(c *Common, medium *mediumColumn) postList {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.PromptStyle = c.Styles.FilterPrompt
	ti.Placeholder = "filter by title or tag (#tag: exact)"
	ti.CharLimit = 200
	// A steady cursor: blinking would redraw the whole screen twice a second.
	ti.Cursor.SetMode(cursor.CursorStatic)
	return postList{common: c, medium: medium, filter: ti, focused: true, now: time.Now,
		byID: map[int]int{}, marked: map[int]bool{}, rowCache: map[rowKey]string{}}
}

// SetSize sets the outer size of the pane's content (borders excluded).
func (l *postList) SetSize(w, h int) {
	l.width, l.height = w, h
	l.filter.Width = max(w-4, 1)
	l.clampOffset()
}

// Reset forgets every post, for a reload. Marks stay: they are kept by
// post id, and a post gone from the site is simply not listed.
func (l *postList) Reset() {
	l.posts, l.lower, l.shown, l.order, l.rank, l.labels = nil, nil, nil, nil, nil, nil
	l.rev++
	l.byID = map[int]int{}
	l.cursor, l.offset, l.restore = 0, 0, 0
}

// listData is a list of posts ready to show: titles cleaned for the
// screen, lower-cased for the filter, indexed by id. Making it costs a pass
// over every title, so for a whole site it is made in a command
// (preparePosts) and only swapped in by Update.
type listData struct {
	posts []wordpress.Post
	lower []string
	byID  map[int]int
}

// preparePosts cleans and indexes posts, dropping repeated ids.
func preparePosts(posts []wordpress.Post) listData {
	d := listData{posts: make([]wordpress.Post, 0, len(posts)), lower: make([]string, 0, len(posts)), byID: make(map[int]int, len(posts))}
	for _, p := range posts {
		if _, dup := d.byID[p.ID]; dup {
			continue
		}
		d.byID[p.ID] = len(d.posts)
		p.Title = screenTitle(p.Title)
		d.posts = append(d.posts, p)
		d.lower = append(d.lower, haystack(p))
	}
	return d
}

// haystack is what the title filter searches in a post: its title, then
// each tag and category name after a NUL (and a NUL at the end), all
// lower-cased. A query holds no NUL, so it never matches across two of
// them, and "#go" finds the term "go" whole (termQuery).
func haystack(p wordpress.Post) string {
	if len(p.Terms) == 0 {
		return strings.ToLower(p.Title)
	}
	return strings.ToLower(p.Title + "\x00" + strings.Join(p.Terms, "\x00") + "\x00")
}

// termQuery is what a query of the form "#name" looks for in a haystack:
// the term whole; "" for any other query.
func termQuery(q string) string {
	if len(q) < 2 || q[0] != '#' {
		return ""
	}
	return "\x00" + q[1:] + "\x00"
}

// screenTitle is a title as the list draws it. Titles come cleaned from the
// client; clean again all the same: this is the last step before the
// screen. ForCells keeps the row as wide as it is measured in every
// terminal.
func screenTitle(t string) string { return termtext.ForCells(termtext.CleanLine(t)) }

// Replace puts d in place of the list, as a sync left it, keeping what the
// user was looking at: the selected post (or, gone, the row where it was),
// its row on screen, the filter and the marks of the posts still listed.
func (l *postList) Replace(d listData) {
	cur, hadCur := l.Selected()
	cursor, row := l.cursor, l.cursor-l.offset
	l.posts, l.lower, l.byID = d.posts, d.lower, d.byID
	l.rev++
	l.labels = nil
	l.reorder()
	clear(l.rowCache) // a title may change without its modified time
	for id := range l.marked {
		if _, ok := l.byID[id]; !ok {
			delete(l.marked, id)
		}
	}
	l.refilter()
	l.cursor = max(0, min(cursor, len(l.shown)-1))
	if hadCur {
		if i, ok := l.byID[cur.ID]; ok {
			if si, ok := l.shownIndex(i); ok {
				l.cursor = si
			} else if l.view.needsAllLabels() && !l.labelsRead() {
				// The Medium filter shows it again once the new list's
				// labels are read.
				l.restore, l.restoreRow = cur.ID, row
			}
		}
	}
	l.offset = l.cursor - row
	l.clampOffset()
}

// shownIndex is where posts[i] is in the shown order, if it matches the
// filters: shown is in the view's order, so a binary search by rank finds it.
func (l *postList) shownIndex(i int) (int, bool) {
	if i < 0 || i >= len(l.rank) {
		return 0, false
	}
	return slices.BinarySearchFunc(l.shown, l.rank[i], func(s, r int) int { return l.rank[s] - r })
}

// reorder puts every post in the view's order.
func (l *postList) reorder() {
	l.order = l.order[:0]
	for i := range l.posts {
		l.order = append(l.order, i)
	}
	sortPosts(l.order, l.view.sort, l.posts, l.lower, l.labelOf)
	l.rerank()
}

func (l *postList) rerank() {
	l.rank = slices.Grow(l.rank[:0], len(l.order))[:len(l.order)]
	for r, i := range l.order {
		l.rank[i] = r
	}
}

// labelOf is post i's Medium label: from the labels read for the whole
// list, else the column's, else "" (not read yet).
func (l *postList) labelOf(i int) string {
	if l.labelsRead() && i < len(l.labels) {
		return l.labels[i]
	}
	return l.medium.label(l.posts[i])
}

// LabelsReady reports that the view has every post's Medium label it
// needs, as of the ledger's latest version the column knows.
func (l *postList) LabelsReady() bool {
	return !l.view.needsAllLabels() || (l.labelsRead() && l.labelsGen == l.medium.gen)
}

// labelsRead: every post's label was read for this list (maybe at an
// older ledger version, until the next read replaces them).
func (l *postList) labelsRead() bool { return l.labels != nil && l.labelsRev == l.rev }

// SetLabels gives the list every post's Medium label, read at revision
// rev and the column's gen: the Medium filter and order apply them,
// keeping the selection.
func (l *postList) SetLabels(labels []string, rev, gen int) {
	if rev != l.rev || len(labels) != len(l.posts) {
		return
	}
	l.labels, l.labelsRev, l.labelsGen = labels, rev, gen
	if l.view.needsAllLabels() {
		l.setView(l.view)
	}
	if l.restore != 0 {
		l.selectAt(l.restore, l.restoreRow)
		l.restore = 0
	}
}

// restoreSelection selects the post with id, as a saved view names it. A
// post the Medium filter or order will show once every label is read is
// selected then, unless the user chose another post or view first.
func (l *postList) restoreSelection(id int) {
	const row = 2 // the third row: what comes after it is what the user was working through
	if id == 0 || l.selectAt(id, row) {
		return
	}
	if _, listed := l.byID[id]; listed && l.view.needsAllLabels() && !l.labelsRead() {
		l.restore, l.restoreRow = id, row
	}
}

// setView applies v, keeping the selected post selected if it is still
// shown, else the first row.
func (l *postList) setView(v listView) {
	resort := v.sort != l.view.sort || v.sort == sortMedium
	l.view = v
	if resort {
		l.reorder()
	}
	l.applyFilter()
}

// around is the posts on screen and a screen's worth each side: the rows
// whose Medium labels are read ahead of a scroll.
func (l *postList) around() iter.Seq[wordpress.Post] {
	return func(yield func(wordpress.Post) bool) {
		rows := l.rows()
		for si := max(0, l.offset-rows); si < min(len(l.shown), l.offset+2*rows); si++ {
			if !yield(l.posts[l.shown[si]]) {
				return
			}
		}
	}
}

// neighbours are the posts just above and below the selection, in the
// shown order.
func (l *postList) neighbours() []wordpress.Post {
	var out []wordpress.Post
	for _, si := range []int{l.cursor + 1, l.cursor - 1} {
		if si >= 0 && si < len(l.shown) {
			out = append(out, l.posts[l.shown[si]])
		}
	}
	return out
}

// Select moves the cursor to the post with id, if it is shown.
func (l *postList) Select(id int) bool {
	i, ok := l.byID[id]
	if !ok {
		return false
	}
	si, ok := l.shownIndex(i)
	if ok {
		l.moveTo(si)
	}
	return ok
}

// selectAt selects the post with id, if shown, on row (of the list's rows
// on screen) as far as the list allows. Before the first size, SetSize
// keeps the row in view.
func (l *postList) selectAt(id, row int) bool {
	if !l.Select(id) {
		return false
	}
	l.offset = max(0, l.cursor-row)
	if l.height > 0 {
		l.clampOffset()
	}
	return true
}

// Append adds a page of posts at the end, skipping ids already listed. In
// the site's order (by date) they go at the end; in another, the page is
// merged into the order, a pass over the list per page.
func (l *postList) Append(posts []wordpress.Post) {
	q := l.prepared()
	first := len(l.posts)
	for _, p := range posts {
		if _, dup := l.byID[p.ID]; dup {
			continue
		}
		i := len(l.posts)
		l.byID[p.ID] = i
		p.Title = screenTitle(p.Title)
		l.posts = append(l.posts, p)
		l.rev++
		l.lower = append(l.lower, haystack(p))
		if l.view.sort == sortDate {
			l.order = append(l.order, i)
			l.rank = append(l.rank, i)
			if l.matches(i, q) {
				l.shown = append(l.shown, i)
			}
		}
	}
	if l.view.sort != sortDate && len(l.posts) > first {
		cur, had := l.Selected()
		page := make([]int, 0, len(l.posts)-first)
		for i := first; i < len(l.posts); i++ {
			page = append(page, i)
		}
		order := orderOf(l.view.sort, l.posts, l.lower, l.labelOf)
		slices.SortStableFunc(page, order)
		l.order = mergeSorted(l.order, page, order)
		l.rerank()
		l.refilter()
		if had {
			l.Select(cur.ID)
		}
	}
}

// ToggleMark marks or unmarks the selected post for a bulk publish.
func (l *postList) ToggleMark() {
	if p, ok := l.Selected(); ok {
		if l.marked[p.ID] {
			delete(l.marked, p.ID)
		} else {
			l.marked[p.ID] = true
		}
	}
}

// MarkedCount is how many posts are marked.
func (l *postList) MarkedCount() int { return len(l.marked) }

// Marked returns the marked posts in list order.
func (l *postList) Marked() []wordpress.Post {
	var out []wordpress.Post
	for _, p := range l.posts {
		if l.marked[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// MarkShown marks every post the filters show; it returns how many more
// are marked.
func (l *postList) MarkShown() int {
	n := 0
	for _, i := range l.shown {
		if id := l.posts[i].ID; !l.marked[id] {
			l.marked[id] = true
			n++
		}
	}
	return n
}

// ClearMarks unmarks every post; it returns how many were marked.
func (l *postList) ClearMarks() int {
	n := len(l.marked)
	clear(l.marked)
	return n
}

// Unmark unmarks the posts with these ids.
func (l *postList) Unmark(ids ...int) {
	for _, id := range ids {
		delete(l.marked, id)
	}
}

// Len is the number of posts loaded; Shown the number matching the filter.
func (l *postList) Len() int   { return len(l.posts) }
func (l *postList) Shown() int { return len(l.shown) }

// Selected is the post under the cursor.
func (l *postList) Selected() (wordpress.Post, bool) {
	if l.cursor < 0 || l.cursor >= len(l.shown) {
		return wordpress.Post{}, false
	}
	return l.posts[l.shown[l.cursor]], true
}

func (l *postList) query() string {
	return strings.ToLower(strings.TrimSpace(l.filter.Value()))
}

// Filtered reports whether a title filter is applied.
func (l *postList) Filtered() bool { return l.query() != "" }

// Narrowed reports whether any filter hides posts: the title filter, the
// WordPress status or the Medium state.
func (l *postList) Narrowed() bool { return l.Filtered() || l.view.narrowed() }

// filterQuery is the title filter's query, ready to match.
type filterQuery struct {
	text string // lower-cased
	term string // for "#name": the whole term looked for (termQuery)
}

func (l *postList) prepared() filterQuery {
	q := l.query()
	return filterQuery{text: q, term: termQuery(q)}
}

// matches reports whether posts[i] passes the filters (q is the query).
func (l *postList) matches(i int, q filterQuery) bool {
	if q.term != "" {
		if !strings.Contains(l.lower[i], q.term) {
			return false
		}
	} else if q.text != "" && !strings.Contains(l.lower[i], q.text) {
		return false
	}
	if l.view.status != "" && l.posts[i].Status != l.view.status {
		return false
	}
	return l.view.medium == mediumAny || l.view.medium.matches(l.labelOf(i))
}

// refilter recomputes which posts the filters show, in the view's order.
func (l *postList) refilter() {
	q := l.prepared()
	l.shown = l.shown[:0]
	if len(l.order) != len(l.posts) {
		l.reorder()
	}
	for _, i := range l.order {
		if l.matches(i, q) {
			l.shown = append(l.shown, i)
		}
	}
}

// applyFilter shows what the filters let through, keeping the selected
// post; one the filters now hide leaves the selection on the post shown
// next after it in the order, so working down a filtered list (publishing
// what is not on Medium) keeps its place. Through an empty result the
// place is kept too.
func (l *postList) applyFilter() {
	if cur, ok := l.Selected(); ok {
		l.anchor = cur.ID
	}
	l.refilter()
	l.cursor = 0
	if i, ok := l.byID[l.anchor]; ok && l.anchor != 0 {
		if si, ok := l.shownIndex(i); ok {
			l.cursor = si
		} else {
			r := l.rank[i]
			si := sort.Search(len(l.shown), func(k int) bool { return l.rank[l.shown[k]] >= r })
			l.cursor = min(si, max(len(l.shown)-1, 0))
		}
	}
	l.clampOffset()
}

// applyQuery shows what a query being typed lets through: the selected
// post if it matches, else the first match, as a search goes.
func (l *postList) applyQuery() {
	cur, had := l.Selected()
	l.refilter()
	l.cursor = 0
	if had {
		if si, ok := l.shownIndex(l.byID[cur.ID]); ok {
			l.cursor = si
		}
	}
	if sel, ok := l.Selected(); ok {
		l.anchor = sel.ID
	}
	l.clampOffset()
}

// rows is how many post rows fit: the column header and, while a filter or
// an order other than the site's is on, the view line take one each.
func (l *postList) rows() int {
	r := l.height - 1
	if l.hasViewLine() {
		r--
	}
	return max(r, 1)
}

// hasViewLine: the pane's first line shows the filter input, or the
// filters and order in force.
func (l *postList) hasViewLine() bool {
	return l.filtering || l.Narrowed() || l.view.sort != sortDate
}

func (l *postList) moveTo(i int) {
	l.cursor = max(0, min(i, len(l.shown)-1))
	l.clampOffset()
}

func (l *postList) clampOffset() {
	rows := l.rows()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+rows {
		l.offset = l.cursor - rows + 1
	}
	l.offset = max(0, min(l.offset, len(l.shown)-rows))
}

// Update handles a key; moved reports that the selection changed.
func (l *postList) Update(msg tea.KeyMsg) (cmd tea.Cmd, moved bool) {
	defer func() {
		if moved {
			l.restore = 0 // the user chose another post
		}
	}()
	before, _ := l.Selected()
	keys := l.common.Keys
	if l.filtering {
		switch {
		case key.Matches(msg, keys.AcceptFilter):
			l.filtering = false
			l.filter.Blur()
		case key.Matches(msg, keys.CancelFilter):
			l.filtering = false
			l.filter.Blur()
			l.filter.SetValue("")
			l.applyFilter()
		default:
			old := l.filter.Value()
			l.filter, cmd = l.filter.Update(msg)
			if l.filter.Value() != old {
				l.applyQuery()
			}
		}
	} else {
		to, move := keys.moveTo(msg, l.cursor, l.rows(), len(l.shown))
		switch {
		case move:
			l.moveTo(to)
		case key.Matches(msg, keys.Filter):
			l.filtering = true
			cmd = l.filter.Focus()
			l.clampOffset()
		case key.Matches(msg, keys.Clear):
			l.filter.SetValue("")
			l.view.status, l.view.medium = "", mediumAny
			l.applyFilter()
		}
	}
	after, _ := l.Selected()
	return cmd, after.ID != before.ID
}

// column widths for a pane of width w: the title takes what the others
// leave.
type columns struct{ title, status, date, medium int }

// The date column: in full (2026-10-22) from this pane width, short
// ("22 Oct", or the year when it is not this year's) below it, and none
// in the narrowest panes, where the preview shows the date.
const (
	fullDateWidth  = 64
	shortDateWidth = 34
)

func layoutColumns(w int) columns {
	c := columns{status: 9, date: 10, medium: 9}
	if w < fullDateWidth {
		c.status, c.date = 5, 6 // short status labels ("sched") and dates
	}
	if w < 50 {
		c.medium = 8 // "public ✓" still fits
	}
	if w < shortDateWidth {
		c.date = 0
	}
	used := c.status + c.medium + 2 + 2 // gaps
	if c.date > 0 {
		used += c.date + 2
	}
	c.title = max(w-used-1, 8)
	return c
}

// dateCell is a post's date (its modified time when the list is in that
// order) as the date column shows it, in UTC like the preview.
func dateCell(t time.Time, width int, now time.Time) string {
	t = t.UTC()
	switch {
	case t.IsZero():
		return "—"
	case width >= 10:
		return t.Format("2006-01-02")
	case t.Year() == now.UTC().Year():
		return t.Format("2 Jan")
	}
	return t.Format("2006")
}

func pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if gap := w - ansi.StringWidth(s); gap > 0 {
		s += strings.Repeat(" ", gap)
	}
	return s
}

// rowKey is everything a drawn row depends on.
type rowKey struct {
	id              int
	modified        int64
	width           int
	selected, focus bool
	marked          bool
	medium          string
	modifiedOrder   bool // the date column shows the modified time
}

// Lines draws the pane: the filter line, the column header and the rows on
// screen, each exactly the pane's width.
func (l *postList) Lines() []string {
	st := l.common.Styles
	c := layoutColumns(l.width)
	out := make([]string, 0, l.height)
	if l.hasViewLine() {
		out = append(out, fitLine(l.viewLine(), l.width))
	}
	out = append(out, fitLine(st.ColumnHeader.Render(l.columnHeader(c)), l.width))

	rows := l.rows()
	if len(l.shown) == 0 && len(l.posts) > 0 {
		out = append(out, fitLine(st.Empty.Render(" "+l.emptyNote()), l.width))
		rows--
	}
	if len(l.rowCache) > 4096 {
		clear(l.rowCache)
	}
	end := min(l.offset+rows, len(l.shown))
	for si := l.offset; si < end; si++ {
		p := l.posts[l.shown[si]]
		k := rowKey{id: p.ID, modified: p.ModifiedGMT.Unix(), width: l.width, selected: si == l.cursor,
			focus: l.focused, marked: l.marked[p.ID], medium: l.medium.label(p), modifiedOrder: l.view.sort == sortModified}
		row, ok := l.rowCache[k]
		if !ok {
			row = fitLine(l.renderRow(p, c, k.selected, k.medium), l.width)
			l.rowCache[k] = row
		}
		out = append(out, row)
	}
	return out
}

func (l *postList) renderRow(p wordpress.Post, c columns, selected bool, mediumLabel string) string {
	st := l.common.Styles
	title := p.Title
	if l.marked[p.ID] {
		title = "● " + title
	}
	if p.Sticky {
		title = "★ " + title
	}
	if p.Protected {
		title = "🔒 " + title
	}
	label := p.Status.Label()
	if c.status < len(label) {
		label = p.Status.ShortLabel()
	}
	status := pad(label, c.status)
	med := pad(mediumLabel, c.medium)
	var date string
	if c.date > 0 {
		t := p.DateGMT
		if l.view.sort == sortModified {
			t = p.ModifiedGMT
		}
		date = "  " + pad(dateCell(t, c.date, l.now()), c.date)
	}
	if selected {
		line := "▌" + pad(title, c.title) + "  " + status + date + "  " + med
		style := st.RowSelected
		if !l.focused {
			style = st.RowCursorDim
		}
		return style.Render(pad(line, l.width))
	}
	ws, ok := st.WPStatus[string(p.Status)]
	if !ok {
		ws = st.Muted
	}
	line := " " + st.Row.Render(pad(title, c.title)) + "  " + ws.Render(status) + st.Muted.Render(date) + "  " + st.Medium.Render(med)
	return line
}
