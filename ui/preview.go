package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// previewDebounce is how long the cursor must rest on a post before its
// preview is fetched and rendered, so holding ↓ never queues renders.
const previewDebounce = 90 * time.Millisecond

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
	lines   []string // the rendered post, each line exactly width cells
	offset  int      // first line on screen

	details  map[int]wordpress.PostDetail
	rendered map[renderKey][]string

	// version counts changes to what the pane shows; drawn holds the last
	// drawn pane, so a keypress in the list does not redraw the preview.
	version int
	drawn   *drawnPane
}

type drawnPane struct {
	key   paneKey
	lines []string
}

type paneKey struct {
	version, offset, width, height int
}

func newPreview(c *Common) preview {
	return preview{
		common:   c,
		details:  map[int]wordpress.PostDetail{},
		rendered: map[renderKey][]string{},
		drawn:    &drawnPane{},
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
	p.seq++
	p.version++
	p.post, p.has, p.err = post, true, nil
	if p.width <= 0 {
		return nil // never render before the first WindowSizeMsg
	}
	if lines, ok := p.rendered[p.key(post)]; ok {
		p.loading, p.lines, p.offset = false, lines, 0
		return nil
	}
	p.loading = true
	seq := p.seq
	return tea.Tick(previewDebounce, func(time.Time) tea.Msg { return previewDueMsg{seq: seq} })
}

// Clear empties the pane (no post selected).
func (p *preview) Clear() {
	p.seq++
	p.version++
	p.has, p.loading, p.err, p.lines = false, false, nil, nil
}

// Due starts the render if the selection has not moved on since it was asked.
func (p *preview) Due(msg previewDueMsg) tea.Cmd {
	if msg.seq != p.seq || !p.has {
		return nil
	}
	var detail *wordpress.PostDetail
	if d, ok := p.details[p.post.ID]; ok && d.ModifiedGMT.Equal(p.post.ModifiedGMT) {
		detail = &d
	}
	return renderPreviewCmd(p.common.Source, p.post, detail, p.width, p.common.GlamourStyle, p.common.Styles, p.seq)
}

// Rendered stores a finished render and shows it if it is still wanted.
func (p *preview) Rendered(msg previewRenderedMsg) {
	if msg.err == nil {
		p.details[msg.detail.ID] = msg.detail
		p.rendered[renderKey{msg.detail.ID, msg.post.ModifiedGMT, msg.width}] = msg.lines
	}
	if msg.seq != p.seq {
		return
	}
	p.version++
	p.loading = false
	p.err = msg.err
	if msg.err == nil && msg.width == p.width {
		p.lines, p.offset = msg.lines, 0
	}
}

// Update scrolls the pane when it has focus.
func (p *preview) Update(msg tea.KeyMsg) tea.Cmd {
	k := p.common.Keys
	switch {
	case key.Matches(msg, k.Up):
		p.scrollTo(p.offset - 1)
	case key.Matches(msg, k.Down):
		p.scrollTo(p.offset + 1)
	case key.Matches(msg, k.PageUp):
		p.scrollTo(p.offset - p.height)
	case key.Matches(msg, k.PageDown), msg.String() == " ":
		p.scrollTo(p.offset + p.height)
	case key.Matches(msg, k.Top):
		p.scrollTo(0)
	case key.Matches(msg, k.Bottom):
		p.scrollTo(len(p.lines))
	}
	return nil
}

func (p *preview) scrollTo(offset int) {
	p.offset = max(0, min(offset, len(p.lines)-p.height))
}

func (p *preview) View() string {
	st := p.common.Styles
	switch {
	case !p.has:
		return st.Empty.Render("Nothing selected.")
	case p.err != nil:
		return st.Error.Render("Could not show this post.") + "\n\n" +
			wrapText(termtext.Clean(p.err.Error()), p.width) + "\n\n" +
			st.Muted.Render("Move to another post and back, or press r to reload.")
	case p.loading:
		return st.Header.Render(truncate(p.post.Title, p.width)) + "\n\n" + st.Muted.Render("Loading preview…")
	}
	return strings.Join(p.visible(), "\n")
}

func (p *preview) visible() []string {
	return p.lines[min(p.offset, len(p.lines)):min(p.offset+p.height, len(p.lines))]
}

// Lines is the pane drawn to its size plus one cell of padding on each
// side, each line exactly that wide.
func (p *preview) Lines() []string {
	k := paneKey{version: p.version, offset: p.offset, width: p.width, height: p.height}
	if p.drawn.lines != nil && p.drawn.key == k {
		return p.drawn.lines
	}
	var lines []string
	if p.has && !p.loading && p.err == nil {
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
