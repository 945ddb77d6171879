package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/wordpress"
)

// previewDebounce is how long the cursor must rest on a post before its
// preview is fetched and rendered, so holding ↓ never queues renders.
const previewDebounce = 90 * time.Millisecond

// renderKey identifies one rendering: the same post, unchanged, at the same
// width shows the cached text. The glamour style is fixed for the program.
type renderKey struct {
	id       int
	modified time.Time
	width    int
}

// preview is the right pane: the selected post rendered as markdown, scrollable.
type preview struct {
	common  *Common
	width   int
	height  int
	vp      viewport.Model
	focused bool

	post    wordpress.Post // the post the pane is for
	has     bool           // a post is selected
	seq     int            // bumped on every selection; older results are stale
	loading bool
	err     error

	details  map[int]wordpress.PostDetail
	rendered map[renderKey]string
}

func newPreview(c *Common) preview {
	return preview{
		common:   c,
		vp:       viewport.New(0, 0),
		details:  map[int]wordpress.PostDetail{},
		rendered: map[renderKey]string{},
	}
}

// SetSize sizes the pane and re-renders for a new width.
func (p *preview) SetSize(w, h int) tea.Cmd {
	widthChanged := w != p.width
	p.width, p.height = w, h
	p.vp.Width, p.vp.Height = w, h
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
	p.post, p.has, p.err = post, true, nil
	if p.width <= 0 {
		return nil // never render before the first WindowSizeMsg
	}
	if s, ok := p.rendered[p.key(post)]; ok {
		p.loading = false
		p.vp.SetContent(s)
		p.vp.GotoTop()
		return nil
	}
	p.loading = true
	seq := p.seq
	return tea.Tick(previewDebounce, func(time.Time) tea.Msg { return previewDueMsg{seq: seq} })
}

// Clear empties the pane (no post selected).
func (p *preview) Clear() {
	p.seq++
	p.has, p.loading, p.err = false, false, nil
	p.vp.SetContent("")
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
		p.rendered[renderKey{msg.detail.ID, msg.post.ModifiedGMT, msg.width}] = msg.text
	}
	if msg.seq != p.seq {
		return
	}
	p.loading = false
	p.err = msg.err
	if msg.err == nil {
		p.vp.SetContent(msg.text)
		p.vp.GotoTop()
	}
}

// Update scrolls the pane when it has focus.
func (p *preview) Update(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return cmd
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
	return p.vp.View()
}

// ScrollPercent is shown in the pane's footer.
func (p *preview) ScrollPercent() float64 { return p.vp.ScrollPercent() }

func wrapText(s string, w int) string {
	if w <= 0 {
		return s
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		out = append(out, wordWrap(line, w))
	}
	return strings.Join(out, "\n")
}
