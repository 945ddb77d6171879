package termtext

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// styledFrame builds a frame like a rendered View: a rounded border in a
// muted colour, and rows of text with a lipgloss-style SGR span every few
// cells (true colour, bold, reset), some of it non-ASCII.
func styledFrame(width, height int) string {
	const border = "\x1b[38;2;98;98;98m"
	words := []string{"\x1b[1;38;2;255;95;135mTitle\x1b[0m", "plain", "\x1b[38;2;168;168;168mé日本\x1b[0m",
		"\x1b[7m cur \x1b[0m", "words", "\x1b[3;38;2;0;175;135m2024-05\x1b[0m"}
	var b strings.Builder
	b.WriteString(border + "╭" + strings.Repeat("─", width-2) + "╮\x1b[0m\n")
	for row := 0; row < height-2; row++ {
		line := ""
		for i := row; ansi.StringWidth(line) < width-8; i++ {
			line += words[i%len(words)] + " "
		}
		pad := width - 2 - ansi.StringWidth(line)
		b.WriteString(border + "│\x1b[0m" + line + strings.Repeat(" ", max(pad, 0)) + border + "│\x1b[0m\n")
	}
	b.WriteString(border + "╰" + strings.Repeat("─", width-2) + "╯\x1b[0m")
	return b.String()
}

var sink string

func BenchmarkClean(b *testing.B) {
	inputs := map[string]string{
		"ascii":   "An ordinary post title, nothing to see here",
		"unicode": "Grüße aus Köln: 日本語のタイトル 👩\u200d💻",
		"hostile": "Title\x1b]0;pwned\x07 with \u009b2J and \x1b[31mcolour\x1b[0m\u202e",
	}
	for name, s := range inputs {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				sink = Clean(s)
			}
		})
	}
}

func BenchmarkCleanStyled(b *testing.B) {
	frame := styledFrame(200, 50)
	b.Run("clean frame", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(frame)))
		for b.Loop() {
			sink = CleanStyled(frame)
		}
	})
	dirty := frame + "\x1b[?25l" // one sequence to remove: the whole frame is copied
	b.Run("frame with one bad sequence", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(dirty)))
		for b.Loop() {
			sink = CleanStyled(dirty)
		}
	})
}

func BenchmarkExpandTabs(b *testing.B) {
	frame := strings.ReplaceAll(styledFrame(200, 50), "words ", "\t")
	b.ReportAllocs()
	for b.Loop() {
		sink = ExpandTabs(frame, 8)
	}
}

func BenchmarkWriter(b *testing.B) {
	line := []byte("published “Grüße aus Köln” to https://medium.com/@me/grusse-1234\n")
	w := NewWriter(io.Discard)
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		w.Write(line)
	}
}

func BenchmarkEscapeJSON(b *testing.B) {
	doc := []byte(`{"title":"Grüße aus Köln 日本","url":"https://example.com/a","tags":["go","tui"],"state":"sent"}` + "\n")
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		_ = EscapeJSON(doc)
	}
}
