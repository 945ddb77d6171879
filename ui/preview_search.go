package ui

import (
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// previewSearch is the search in the preview: / (Filter) opens its input
// on the pane's first line, the matches are found in the plain text of the
// rendered lines and drawn over their styles, n and N go from one to the
// next. It lives as long as the selection: a new post clears it.
type previewSearch struct {
	input  textinput.Model
	active bool // the search line shows: typing, or kept with enter
	typing bool // the input has focus and gets every key

	// of is the rendering searched, plain its lines lower-cased without
	// styles: made once per rendering, not per keystroke.
	of      []string
	plain   []string
	query   string // lower-cased
	matches []searchMatch
	current int
}

// searchMatch is one match: the cells [start, end) of a rendered line.
type searchMatch struct{ line, start, end int }

func newPreviewSearch(c *Common) previewSearch {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.PromptStyle = c.Styles.FilterPrompt
	ti.Placeholder = "search this post"
	ti.CharLimit = 200
	ti.Cursor.SetMode(cursor.CursorStatic) // see newPostList
	return previewSearch{input: ti}
}

// searching reports that the search input has focus: it gets every key.
func (p *preview) searching() bool { return p.search.typing }

// hasMatches reports that a search is kept with matches, for n and N.
func (p *preview) hasMatches() bool {
	p.syncSearch()
	return p.search.active && len(p.search.matches) > 0
}

// textHeight is how many lines of the post fit: the search line takes one.
func (p *preview) textHeight() int {
	if p.search.active {
		return max(p.height-1, 1)
	}
	return p.height
}

// searchKey handles the keys of the search; handled is false for a key
// that is not the search's, which then scrolls.
func (p *preview) searchKey(msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	k := p.common.Keys
	s := &p.search
	if s.typing {
		switch {
		case key.Matches(msg, k.AcceptFilter):
			p.leaveSearch()
		case key.Matches(msg, k.CancelFilter):
			p.clearSearch()
		default:
			old := s.input.Value()
			s.input, cmd = s.input.Update(msg)
			if s.input.Value() != old {
				p.find()
			}
			p.version++
		}
		return cmd, true
	}
	switch {
	case key.Matches(msg, k.Filter) && p.Ready():
		s.active, s.typing = true, true
		p.version++
		p.scrollTo(p.offset) // a line less for the text
		return s.input.Focus(), true
	case key.Matches(msg, k.NextMatch) && p.hasMatches():
		p.goToMatch(s.current + 1)
		return nil, true
	case key.Matches(msg, k.PrevMatch) && p.hasMatches():
		p.goToMatch(s.current - 1)
		return nil, true
	case (key.Matches(msg, k.Clear) || key.Matches(msg, k.CancelFilter)) && s.active:
		p.clearSearch()
		return nil, true
	}
	return nil, false
}

// leaveSearch takes the focus from the input and keeps the search, as
// enter does; an empty one closes.
func (p *preview) leaveSearch() {
	s := &p.search
	if !s.typing {
		return
	}
	s.typing = false
	s.input.Blur()
	p.version++
	if s.query == "" {
		p.clearSearch()
	}
}

// clearSearch closes the search and its highlights.
func (p *preview) clearSearch() {
	s := &p.search
	if !s.active && s.input.Value() == "" {
		return
	}
	s.input.Blur()
	s.input.SetValue("")
	s.active, s.typing = false, false
	s.query, s.matches, s.current = "", nil, 0
	p.version++
	p.scrollTo(p.offset)
}

// find searches the rendering for the input's text and goes to the first
// match from the top of the view down, wrapping, as a pager's incremental
// search does.
func (p *preview) find() {
	s := &p.search
	s.query = strings.ToLower(s.input.Value())
	p.indexLines()
	s.matches = findMatches(s.plain, s.query)
	s.current = 0
	for i, m := range s.matches {
		if m.line >= p.offset {
			s.current = i
			break
		}
	}
	if len(s.matches) > 0 {
		p.goToMatch(s.current)
	}
}

// syncSearch finds the matches again when the rendering changed under the
// search (the same post rendered again, or at another width).
func (p *preview) syncSearch() {
	s := &p.search
	if !s.active || sameLines(s.of, p.lines) {
		return
	}
	p.indexLines()
	s.matches = findMatches(s.plain, s.query)
	s.current = min(s.current, max(len(s.matches)-1, 0))
}

// indexLines makes the plain text of the rendering, once per rendering.
func (p *preview) indexLines() {
	s := &p.search
	if sameLines(s.of, p.lines) && s.plain != nil {
		return
	}
	s.of = p.lines
	s.plain = make([]string, len(p.lines))
	for i, l := range p.lines {
		s.plain[i] = strings.ToLower(ansi.Strip(l))
	}
}

// sameLines reports that a and b are the same rendering (not just equal).
func sameLines(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// findMatches finds query in each plain line, in cells. strings.ToLower
// maps rune to rune, so the positions in the lower-cased text are the
// positions on screen.
func findMatches(plain []string, query string) []searchMatch {
	if query == "" {
		return nil
	}
	var out []searchMatch
	for i, l := range plain {
		from := 0
		for {
			j := strings.Index(l[from:], query)
			if j < 0 {
				break
			}
			start := from + j
			end := start + len(query)
			out = append(out, searchMatch{line: i, start: ansi.StringWidth(l[:start]), end: ansi.StringWidth(l[:end])})
			from = end
		}
	}
	return out
}

// goToMatch makes match i (wrapping) the current one and scrolls it into
// view, a third down the pane when it was off screen.
func (p *preview) goToMatch(i int) {
	s := &p.search
	n := len(s.matches)
	if n == 0 {
		return
	}
	s.current = ((i % n) + n) % n
	line, h := s.matches[s.current].line, p.textHeight()
	if line < p.offset || line >= p.offset+h {
		p.scrollTo(line - h/3)
	}
	p.version++
}

// searchLines is the pane while a search shows: the search line, then the
// lines on screen with their matches highlighted, each p.width cells.
func (p *preview) searchLines() []string {
	p.syncSearch()
	out := []string{fitLine(p.searchLine(), p.width)}
	if !p.Ready() {
		return append(out, fitLines(p.View(), p.width, p.textHeight())...)
	}
	first := min(p.offset, len(p.lines))
	for i, l := range p.visible() {
		out = append(out, p.highlight(first+i, l))
	}
	return out
}

// searchLine is the input while typing, else what was searched; both with
// where the current match is among them.
func (p *preview) searchLine() string {
	st, s := p.common.Styles, &p.search
	count := "no match"
	switch {
	case s.query == "":
		count = ""
	case len(s.matches) > 0:
		count = thousands(s.current+1) + " of " + thousands(len(s.matches))
	}
	if count != "" {
		count = "  " + count
	}
	if s.typing {
		s.input.Width = max(p.width-len(s.input.Prompt)-len(count)-1, 1)
		return s.input.View() + st.Muted.Render(count)
	}
	return st.FilterPrompt.Render(s.input.Prompt) + s.input.Value() + st.Muted.Render(count)
}

// highlight draws the matches on rendered line i over its own styles: the
// text between them is cut from the line with its escape sequences, so
// each piece starts in the style the line had there, and the line keeps
// its width.
func (p *preview) highlight(i int, line string) string {
	st, s := p.common.Styles, &p.search
	var b strings.Builder
	at := 0
	// The matches are in line order: start at the line's first.
	first := sort.Search(len(s.matches), func(k int) bool { return s.matches[k].line >= i })
	for mi := first; mi < len(s.matches) && s.matches[mi].line == i; mi++ {
		m := s.matches[mi]
		style := st.SearchMatch
		if mi == s.current {
			style = st.SearchCurrent
		}
		b.WriteString(ansi.Cut(line, at, m.start))
		b.WriteString("\x1b[m")
		b.WriteString(style.Render(ansi.Strip(ansi.Cut(line, m.start, m.end))))
		at = m.end
	}
	if at == 0 {
		return line
	}
	b.WriteString(ansi.Cut(line, at, ansi.StringWidth(line)))
	out := b.String()
	if ansi.StringWidth(out) != ansi.StringWidth(line) {
		return line // a cluster split oddly: rather no highlight than a torn line
	}
	return out
}
