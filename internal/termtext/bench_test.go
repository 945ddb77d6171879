package termtext

import "testing"

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
