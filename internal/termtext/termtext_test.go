package termtext

import "testing"

// hostile is input meant to drive a terminal, with what Clean must leave.
// The fuzz targets use it as their seed corpus.
var hostile = []struct{ name, in, want string }{
	{"osc 0 title, BEL", "a\x1b]0;pwned\x07b", "ab"},
	{"osc 2 title, ST", "a\x1b]2;pwned\x1b\\b", "ab"},
	{"osc 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"},
	{"osc 52 clipboard, BEL", "x\x1b]52;c;ZXZpbA==\x07y", "xy"},
	{"osc 52 clipboard, ST", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
	{"osc with utf-8 title", "\x1b]0;日本\x07ok", "ok"},
	{"dcs decrqss", "a\x1bP$qm\x1b\\b", "ab"},
	{"dcs sixel", "\x1bPq#0;2;0;0;0#0~~@@vv-\x1b\\img", "img"},
	{"dcs not ended by BEL", "\x1bPx\x07y\x1b\\z", "z"},
	{"sos pm apc 7-bit", "a\x1bXs\x1b\\b\x1b^p\x1b\\c\x1b_a\x1b\\d", "abcd"},
	{"decaln fills the screen", "a\x1b#8b", "ab"},
	{"line drawing charset", "a\x1b(0lqk\x1b(Bb", "alqkb"},
	{"full reset", "a\x1bcb", "ab"},
	{"save and restore cursor", "a\x1b7b\x1b8c", "abc"},
	{"keypad mode", "\x1b=x\x1b>y", "xy"},
	{"single shift keeps its character", "\x1bNx", "x"},
	{"csi clear screen", "a\x1b[2Jb", "ab"},
	{"csi alternate screen", "\x1b[?1049hx\x1b[?1049l", "x"},
	{"csi window resize", "\x1b[8;5;5tx", "x"},
	{"csi colour", "\x1b[31mred\x1b[0m title", "red title"},
	{"csi with intermediate", "\x1b[0 qx", "x"},
	{"csi ignores DEL", "\x1b[2\x7fJx", "x"},
	{"c1 csi", "a\u009b2Jb", "ab"},
	{"c1 csi colour", "a\u009b31mb", "ab"},
	{"c1 osc, BEL", "a\u009d0;x\u0007b", "ab"},
	{"c1 osc, c1 ST", "a\u009d0;x\u009cb", "ab"},
	{"c1 osc, 7-bit ST", "a\u009d52;c;eA==\x1b\\b", "ab"},
	{"c1 dcs", "a\u0090$qm\u009cb", "ab"},
	{"c1 sos pm apc", "\u0098s\u009ca\u009ep\u009cb\u009fa\u009cc", "abc"},
	{"c1 nel dropped", "a\u0085b", "ab"},
	{"lone c1 st", "a\u009cb", "ab"},
	{"raw 0x9b csi", "a\x9b2Jb", "ab"},
	{"raw 0x9d osc", "a\x9d0;t\x07b", "ab"},
	{"raw 0x90 dcs to raw 0x9c", "\x90x\x9cb", "b"},
	{"raw 0x9c ends 7-bit osc", "\x1b]0;x\x9cy", "y"},
	{"bidi override", "abc\u202edef", "abcdef"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
	{"bidi embeddings", "\u202aa\u202bb\u202cc\u202d", "abc"},
	{"line and paragraph separators", "a\u2028b\u2029c", "abc"},
	{"lone trailing ESC", "abc\x1b", "abc"},
	{"ESC ESC", "\x1b\x1b[2Jx", "x"},
	{"ESC inside osc starts anew", "\x1b]0;x\x1b[2Jy", "y"},
	{"unterminated osc to the end", "a\x1b]0;title", "a"},
	{"unterminated csi to the end", "a\x1b[12;", "a"},
	{"newline ends an unterminated osc", "a\x1b]0;t\nb", "a\nb"},
	{"newline ends an unterminated dcs", "a\x1bPq\nb", "a\nb"},
	{"CAN cancels", "\x1b[31\x18m", "m"},
	{"SUB cancels", "\x1b]0;x\x1ay", "y"},
	{"malformed csi gives back text", "\x1b[31日本", "日本"},
	{"ESC before utf-8", "\x1bé", "é"},
	{"bell and backspace", "ding\x07\x08dong", "dingdong"},
	{"carriage return", "safe\roverwritten", "safeoverwritten"},
	{"crlf", "a\r\nb", "a\nb"},
	{"DEL", "a\x7fb", "ab"},
	{"invalid byte", "a\xffb", "a\ufffdb"},
	{"truncated utf-8 then c1 byte", "\xe6\x97", "\ufffd"},
	{"mixture", "é\x1b[31m日本\x1b[0m \u009b2J👩\u200d💻\x1b]0;x\x07!", "é日本 👩\u200d💻!"},
}

func TestClean(t *testing.T) {
	kept := []struct{ name, in string }{
		{"plain", "Hello, world"},
		{"newline and tab", "a\n\tb"},
		{"unicode", "Grüße 👋 שלום"},
		{"rtl mark", "\u200fשלום"},
		{"arabic letter mark", "\u061cمرحبا"},
		{"emoji zwj", "👩\u200d💻 日本 é"},
		{"real replacement character", "a\ufffdb"},
		{"empty", ""},
	}
	for _, c := range kept {
		if got := Clean(c.in); got != c.in {
			t.Errorf("%s: Clean(%q) = %q, want it unchanged", c.name, c.in, got)
		}
	}
	for _, c := range hostile {
		if got := Clean(c.in); got != c.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestCleanDoesNotAllocateForCleanText(t *testing.T) {
	for _, s := range []string{"plain ascii title", "Grüße 👋 日本 שלום"} {
		if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
			t.Errorf("Clean(%q) allocates %v times, want 0", s, n)
		}
	}
}

func TestCleanLine(t *testing.T) {
	cases := map[string]string{
		"  two\nlines\t and  \x1b[1mbold\x1b[0m ": "two lines and bold",
		"already one line":                        "already one line",
		"nbsp\u00a0between":                       "nbsp between",
		"":                                        "",
		" ":                                       "",
		"a\x1b]0;x\x07\nb":                        "a b",
	}
	for in, want := range cases {
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanStyled(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"sgr kept", "\x1b[1;38;5;212mTitle\x1b[0m", "\x1b[1;38;5;212mTitle\x1b[0m"},
		{"empty sgr kept", "\x1b[mx", "\x1b[mx"},
		{"colon sub-parameters kept", "\x1b[38:2::255:0:0mx\x1b[4:3m", "\x1b[38:2::255:0:0mx\x1b[4:3m"},
		{"tab and newline kept", "a\tb\nc", "a\tb\nc"},
		{"cursor hide dropped", "\x1b[?25lx", "x"},
		{"clear screen dropped", "\x1b[31mx\x1b[2J", "\x1b[31mx"},
		{"8-bit sgr dropped", "\u009b31mx", "x"},
		{"private m dropped", "\x1b[>4;2mx", "x"},
		{"intermediate m dropped", "\x1b[1 mx", "x"},
		{"osc dropped", "\x1b]0;t\x07\x1b[1mx", "\x1b[1mx"},
		{"abandoned sgr dropped", "\x1b[31\x1b[1mx", "\x1b[1mx"},
		{"cancelled sgr dropped", "\x1b[31\x18mx", "mx"},
		{"carriage return dropped", "a\r\x1b[0m", "a\x1b[0m"},
		{"lone ESC dropped", "x\x1b[0m\x1b", "x\x1b[0m"},
		{"bidi dropped", "\x1b[1m\u202ex", "\x1b[1mx"},
	}
	for _, c := range cases {
		if got := CleanStyled(c.in); got != c.want {
			t.Errorf("%s: CleanStyled(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
	// On the hostile corpus CleanStyled differs from Clean by SGR alone.
	for _, c := range hostile {
		got := CleanStyled(c.in)
		if msg := unsafeOutput(got, true); msg != "" {
			t.Errorf("%s: CleanStyled(%q) = %q: %s", c.name, c.in, got, msg)
		}
		if Clean(got) != c.want {
			t.Errorf("%s: CleanStyled(%q) = %q, which is not %q plus SGR", c.name, c.in, got, c.want)
		}
	}
	frame := styledFrame(80, 10)
	if n := testing.AllocsPerRun(20, func() { _ = CleanStyled(frame) }); n != 0 {
		t.Errorf("CleanStyled allocates %v times on a clean frame, want 0", n)
	}
}

func TestForCells(t *testing.T) {
	cases := map[string]string{
		// Joined wide emoji stay whole; the skin tone goes (tmux draws it apart).
		"coder 👩🏽\u200d💻 here":         "coder 👩\u200d💻 here",
		"family 👨\u200d👩\u200d👧":       "family 👨\u200d👩\u200d👧",
		"smile ☺\ufe0f":                "smile ☺",
		"couple 👩\u200d❤\ufe0f\u200d👨": "couple 👩❤👨", // the heart is narrow: separate emoji
		"flag 🏳\ufe0f\u200d🌈":          "flag 🏳🌈",
		"plain":                        "plain",
		"שלום 👋":                       "שלום 👋",
		"trailing joiner 👩\u200d":      "trailing joiner 👩",
		"\u200d leading joiner":        " leading joiner",
	}
	for in, want := range cases {
		if got := ForCells(in); got != want {
			t.Errorf("ForCells(%q) = %q, want %q", in, got, want)
		}
	}
}
