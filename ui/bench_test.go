package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/wp2medium/wp2medium/wordpress"
)

// BenchmarkKeypress10000 is what a user feels holding ↓ on a large site: one
// key through Update plus the frame View draws, on a 10,000-post list.
func BenchmarkKeypress10000(b *testing.B) { benchKeypress(b) }

// BenchmarkKeypress10000Colour is the same in a true-colour terminal: every
// frame carries the styles' sequences, which the frame's last filter keeps.
func BenchmarkKeypress10000Colour(b *testing.B) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	benchKeypress(b)
}

func benchKeypress(b *testing.B) {
	src := newFakeSource(10000)
	m := New(Options{Source: src, GlamourStyle: "ascii"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	m = next.(*Model)
	for n := 0; n < 100; n++ {
		next, _ = m.Update(pageLoadedMsg{gen: m.browse.gen, page: wordpress.Page{Number: n + 1, Posts: src.posts[n*100 : (n+1)*100], Total: 10000}})
		m = next.(*Model)
	}
	down := tea.KeyMsg{Type: tea.KeyDown}
	up := tea.KeyMsg{Type: tea.KeyUp}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := down
		if (i/5000)%2 == 1 {
			k = up
		}
		next, _ = m.Update(k)
		m = next.(*Model)
		_ = m.View()
	}
}

// longPost is a 3,000-word post with code blocks, lists and headings.
func longPost() wordpress.PostDetail {
	var b strings.Builder
	words := 0
	for s := 0; words < 3000; s++ {
		fmt.Fprintf(&b, "<h2 class=\"wp-block-heading\">Section %d</h2>\n", s)
		for p := 0; p < 4; p++ {
			b.WriteString("<p>Terminal apps earn their keep when they are <strong>fast</strong> and <em>predictable</em>; " +
				"this paragraph talks about <a href=\"/go/\">Go</a>, rendering, caches and the cost of work on the hot path of a keypress.</p>\n")
			words += 30
		}
		b.WriteString("<ul><li>one item</li><li>another item with <code>code</code></li></ul>\n")
		b.WriteString("<pre class=\"wp-block-code\"><code class=\"language-go\">func main() {\n\tfmt.Println(\"hello\")\n}\n</code></pre>\n")
		words += 10
	}
	return wordpress.PostDetail{
		Post:        wordpress.Post{ID: 1, Title: "A long post", Status: wordpress.StatusPublish, Link: "https://blog.example.com/long/"},
		ContentHTML: b.String(),
	}
}

// BenchmarkPreviewRender3000Words is a cold preview: HTML to Markdown plus glamour.
func BenchmarkPreviewRender3000Words(b *testing.B) {
	d := longPost()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := renderPost(d, 100, "dark", DefaultStyles()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPreviewCachedReshow is moving back to a post already rendered:
// the selection change, the cache hit and the frame.
func BenchmarkPreviewCachedReshow(b *testing.B) {
	src := newFakeSource(2)
	d := longPost()
	d.Post = src.posts[0]
	src.details[d.ID] = d
	m := New(Options{Source: src, GlamourStyle: "dark"})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
	m = next.(*Model)
	next, _ = m.Update(pageLoadedMsg{gen: m.browse.gen, page: wordpress.Page{Number: 1, Posts: src.posts, Total: 2}})
	m = next.(*Model)
	text, err := renderPost(d, m.browse.preview.width, "dark", m.common.Styles)
	if err != nil {
		b.Fatal(err)
	}
	next, _ = m.Update(previewRenderedMsg{seq: m.browse.preview.seq, post: src.posts[0], detail: d, width: m.browse.preview.width, lines: fitAll(text, m.browse.preview.width)})
	m = next.(*Model)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.browse.preview.Show(src.posts[0])
		if m.browse.preview.loading {
			b.Fatal("cache missed")
		}
		_ = m.View()
	}
}
