package termtext

import (
	"strings"
	"testing"
)

func TestExpandTabs(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"no tabs", 8, "no tabs"},
		{"a\tb", 8, "a       b"},
		{"\tx", 8, "        x"},
		{"12345678\tx", 8, "12345678        x"},
		{"a\tb\tc", 4, "a   b   c"},
		{"ab\n\tc", 8, "ab\n        c"},
		{"\x1b[31mab\x1b[0m\tc", 8, "\x1b[31mab\x1b[0m      c"},
		{"日本\tx", 8, "日本    x"},
		{"👩\u200d💻\tx", 8, "👩\u200d💻      x"},
		{"é\t|", 8, "é       |"},
		{"a\tb", 0, "ab"},
		{"a\tb", 40, "a" + strings.Repeat(" ", 39) + "b"},
	}
	for _, c := range cases {
		if got := ExpandTabs(c.in, c.width); got != c.want {
			t.Errorf("ExpandTabs(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}
