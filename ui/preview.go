package ui

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// previewDebounce is how long the cursor must rest on a post before its
// preview is fetched and rendered, so holding ↓ never queues renders.
const previewDebounce = 90 * time.Millisecond

// The preview's caches keep this many posts' details and renderings (a
// long post rendered is some 100 KB of lines); the least recently shown go.
const (
	maxDetails  = 128
	maxRendered = 64
)

// renderKey identifies one rendering: the same post, unchanged, at the same
// width shows the cached lines. The glamour style is fixed for the program.
type renderKey struct {
	id       int
	modified time.Time
	width    int
}

// preview is the right pane: the selected post rendered as markdown,
// scrollable. It keeps rendered posts as lines already fitted to the pane,
// so showing one again or scrolling costs a slice, not a re-measure.
type preview struct {
	common  *Common
	width   int
	height  int
	focused bool

	post    wordpress.Post // the post the pane is for
	has     bool           // a post is selected
	seq     int            // bumped on every selection; older results are stale
	loading bool
	err     error
	// body is the rendered post, each line exactly width cells; story the
	// lines on the post's Medium story, drawn after body[:head] (the
	// header); lines both together, as the pane scrolls them.
	body   renderedPost
	story  []string
	lines  []string
	offset int // first line on screen

	details  *lru[int, wordpress.PostDetail]
	rendered *lru[renderKey, renderedPost]
	// prefetching holds the posts whose prefetch (Prefetch) is under way;
	// a preview due for one of them waits for it instead of asking twice.
	prefetching map[int]bool

	// version counts changes to what the pane shows; drawn holds the last
	// drawn pane, so a keypress in the list does not redraw the preview.
	version int
	drawn   *drawnPane

	search previewSearch // see preview_search.go
}

type drawnPane struct {
	key   paneKey
	lines []string
}

type paneKey struct {
	version, offset, width, height int
}

// renderedPost is a post rendered for the pane: lines[:head] is its header.
type renderedPost struct {
	lines []string
	head  int
}

func newPreview(c *Common) preview {
	return preview{
		common:      c,
		details:     newLRU[int, wordpress.PostDetail](maxDetails),
		rendered:    newLRU[renderKey, renderedPost](maxRendered),
		prefetching: map[int]bool{},
		drawn:       &drawnPane{},
		search:      newPreviewSearch(c),
	}
}

// SetSize sizes the pane and re-renders for a new width.
func (p *preview) SetSize(w, h int) tea.Cmd {
	widthChanged := w != p.width
	p.width, p.height = w, h
	p.scrollTo(p.offset)
	if widthChanged && p.has {
		return p.Show(p.post)
	}
	return nil
}

func (p *preview) key(post wordpress.Post) renderKey {
	return renderKey{id: post.ID, modified: post.ModifiedGMT, width: p.width}
}

// Show selects a post. A cached rendering shows at once; otherwise the fetch
// and render start after the debounce, tagged so a late result for another
// post is ignored.
func (p *preview) Show(post wordpress.Post) tea.Cmd {
	if !p.has || post.ID != p.post.ID {
		p.clearSearch() // a search is of one post; a new rendering of it keeps it
	}
	p.seq++
	p.version++
	p.post, p.has, p.err = post, true, nil
	if p.width <= 0 {
		p.loading = true
		return nil // never render before the first WindowSizeMsg
	}
	p.story = nil // the browser gives the new post's (SetStory)
	if r, ok := p.rendered.get(p.key(post)); ok {
		p.loading, p.offset = false, 0
		p.setBody(r)
		return nil
	}
	p.loading = true
	return p.debounce()
}

// debounce fires previewDueMsg once the cursor has rested on the selection.
func (p *preview) debounce() tea.Cmd {
	seq := p.seq
	return tea.Tick(previewDebounce, func(time.Time) tea.Msg { return previewDueMsg{seq: seq} })
}

// Clear empties the pane (no post selected).
func (p *preview) Clear() {
	p.clearSearch()
	p.seq++
	p.version++
	p.has, p.loading, p.err, p.lines, p.body, p.story = false, false, nil, nil, renderedPost{}, nil
}

// setBody shows a rendering of the selected post, with its story lines.
func (p *preview) setBody(r renderedPost) {
	p.body = r
	p.compose()
}

// SetStory puts the lines on the selected post's Medium story in its
// header; nil removes them.
func (p *preview) SetStory(lines []string) {
	if slices.Equal(lines, p.story) {
		return
	}
	p.story = lines
	p.version++
	p.compose()
}

// compose joins the rendering and the story lines into what scrolls.
func (p *preview) compose() {
	if len(p.story) == 0 || p.body.lines == nil {
		p.lines = p.body.lines
		return
	}
	head := min(p.body.head, len(p.body.lines))
	lines := make([]string, 0, len(p.body.lines)+len(p.story))
	lines = append(append(append(lines, p.body.lines[:head]...), p.story...), p.body.lines[head:]...)
	p.lines = lines
	p.scrollTo(p.offset)
}

// Due starts the render if the selection has not moved on since it was asked.
func (p *preview) Due(msg previewDueMsg) tea.Cmd {
	if msg.seq != p.seq || !p.has {
		return nil
	}
	if p.prefetching[p.post.ID] {
		return nil // Prefetched shows it
	}
	return p.render()
}

// render fetches (unless cached) and renders the selected post.
func (p *preview) render() tea.Cmd {
	return renderPreviewCmd(p.common.Source, p.post, p.cachedDetail(p.post), p.width, p.common.GlamourStyle, p.common.Styles, p.seq)
}

func (p *preview) cachedDetail(post wordpress.Post) *wordpress.PostDetail {
	if d, ok := p.details.get(post.ID); ok && d.ModifiedGMT.Equal(post.ModifiedGMT) {
		return &d
	}
	return nil
}

// Ready reports that the selected post is on screen, rendered: the pane is
// idle.
func (p *preview) Ready() bool { return p.has && !p.loading && p.err == nil }

// needsPrefetch reports that post is neither rendered for the pane nor on
// its way.
func (p *preview) needsPrefetch(post wordpress.Post) bool {
	return p.width > 0 && !p.prefetching[post.ID] && !p.rendered.has(p.key(post))
}

// Prefetch fetches and renders post ahead of its selection, into the
// caches, unless it is there or on its way.
func (p *preview) Prefetch(post wordpress.Post) tea.Cmd {
	if !p.needsPrefetch(post) {
		return nil
	}
	p.prefetching[post.ID] = true
	render := renderPreviewCmd(p.common.Source, post, p.cachedDetail(post), p.width, p.common.GlamourStyle, p.common.Styles, 0)
	return func() tea.Msg { return previewPrefetchedMsg{render().(previewRenderedMsg)} }
}

// Prefetched stores a prefetch, and shows it if the post was selected
// meanwhile and waits for it (Due left it to the prefetch).
func (p *preview) Prefetched(msg previewPrefetchedMsg) (shown bool) {
	delete(p.prefetching, msg.post.ID)
	p.store(msg.previewRenderedMsg)
	if !p.waitsFor(msg.post) || msg.err != nil || msg.width != p.width {
		return false
	}
	p.version++
	p.loading, p.err, p.offset = false, nil, 0
	p.setBody(renderedPost{msg.lines, msg.head})
	return true
}

// renderIfWaiting starts the selection's own render when the prefetch it
// waited for failed or was for another width.
func (p *preview) renderIfWaiting(msg previewPrefetchedMsg) tea.Cmd {
	if p.waitsFor(msg.post) {
		return p.render()
	}
	return nil
}

func (p *preview) waitsFor(post wordpress.Post) bool {
	return p.has && p.loading && p.post.ID == post.ID && p.post.ModifiedGMT.Equal(post.ModifiedGMT)
}

func (p *preview) store(msg previewRenderedMsg) {
	if msg.err == nil {
		p.details.put(msg.detail.ID, msg.detail)
		p.rendered.put(renderKey{msg.detail.ID, msg.post.ModifiedGMT, msg.width}, renderedPost{msg.lines, msg.head})
	}
}

// Rendered stores a finished render and shows it if it is still wanted;
// shown reports that it is on screen now.
func (p *preview) Rendered(msg previewRenderedMsg) (shown bool) {
	p.store(msg)
	if msg.seq != p.seq {
		return false
	}
	p.version++
	p.loading = false
	p.err = msg.err
	if msg.err == nil && msg.width == p.width {
		p.offset = 0
		p.setBody(renderedPost{msg.lines, msg.head})
		return true
	}
	return false
}

// Update searches or scrolls the pane when it has focus.
func (p *preview) Update(msg tea.KeyMsg) tea.Cmd {
	if cmd, handled := p.searchKey(msg); handled {
		return cmd
	}
	if msg.String() == " " { // space pages, as in a pager
		p.scrollTo(p.offset + p.textHeight())
	} else if to, ok := p.common.Keys.moveTo(msg, p.offset, p.textHeight(), len(p.lines)+1); ok {
		p.scrollTo(to)
	}
	return nil
}

func (p *preview) scrollTo(offset int) {
	p.offset = max(0, min(offset, len(p.lines)-p.textHeight()))
}

func (p *preview) View() string {
	st := p.common.Styles
	switch {
	case !p.has:
		return st.Empty.Render("Nothing selected.")
	case p.err != nil:
		return st.Error.Render("Could not show this post.") + "\n\n" +
			wrapText(termtext.Clean(p.err.Error()), p.width) + "\n\n" +
			st.Muted.Render("Move to another post and back to try again.")
	case p.loading:
		return st.Header.Render(truncate(p.post.Title, p.width)) + "\n\n" + st.Muted.Render("Loading preview…")
	}
	return strings.Join(p.visible(), "\n")
}

func (p *preview) visible() []string {
	return p.lines[min(p.offset, len(p.lines)):min(p.offset+p.textHeight(), len(p.lines))]
}

// Lines is the pane drawn to its size plus one cell of padding on each
// side, each line exactly that wide.
func (p *preview) Lines() []string {
	k := paneKey{version: p.version, offset: p.offset, width: p.width, height: p.height}
	if p.drawn.lines != nil && p.drawn.key == k {
		return p.drawn.lines
	}
	var lines []string
	if p.search.active {
		lines = p.searchLines()
	} else if p.has && !p.loading && p.err == nil {
		lines = append(lines, p.visible()...) // fitted when rendered
	} else {
		lines = fitLines(p.View(), p.width, p.height)
	}
	for i, l := range lines {
		lines[i] = " " + l + " "
	}
	*p.drawn = drawnPane{key: k, lines: lines}
	return lines
}
