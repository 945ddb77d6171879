package termtext

import "testing"

func TestClean(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "Hello, world", "Hello, world"},
		{"csi colour", "\x1b[31mred\x1b[0m title", "red title"},
		{"osc title", "a\x1b]0;pwned\x07b", "ab"},
		{"osc52 clipboard", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
		{"bell and backspace", "ding\x07\x08dong", "dingdong"},
		{"carriage return", "safe\roverwritten", "safeoverwritten"},
		{"c1 csi introducer removed, rest inert", "a\u009b31mb", "a31mb"},
		{"newline and tab kept", "a\n\tb", "a\n\tb"},
		{"unicode kept", "Grüße 👋 שלום", "Grüße 👋 שלום"},
		{"rtl override dropped", "abc\u202edef", "abcdef"},
		{"rtl mark kept", "\u200fשלום", "\u200fשלום"},
	}
	for _, c := range cases {
		if got := Clean(c.in); got != c.want {
			t.Errorf("%s: Clean(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestCleanLine(t *testing.T) {
	if got := CleanLine("  two\nlines\t and  \x1b[1mbold\x1b[0m "); got != "two lines and bold" {
		t.Errorf("CleanLine = %q", got)
	}
}

func TestForCells(t *testing.T) {
	cases := map[string]string{
		"coder 👩🏽\u200d💻 here": "coder 👩💻 here",
		"smile ☺\ufe0f":        "smile ☺",
		"plain":                "plain",
		"שלום 👋":               "שלום 👋",
	}
	for in, want := range cases {
		if got := ForCells(in); got != want {
			t.Errorf("ForCells(%q) = %q, want %q", in, got, want)
		}
	}
}
