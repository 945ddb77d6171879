package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Error is a problem with the configuration. Its message names the file, the key, the
// offending value and what to do; it never contains a secret.
type Error struct {
	Path    string // the config file; empty when validating a Config built in memory
	Line    int    // 1-based line in the file, 0 when unknown
	Column  int    // 1-based column, 0 when unknown
	Key     string // dotted key, e.g. "defaults.status"; empty for file-level problems
	Env     string // the environment variable the value came from, if any
	Value   string // the value as shown to the user (already quoted, or "(hidden)")
	Problem string // what is wrong, e.g. "is not valid"
	Fix     string // what to do, e.g. "use one of: none, public, draft, unlisted"
	Example string // the expected shape, shown on following lines
	Err     error  // the underlying error, if any
}

// Error reads "config PATH:LINE: KEY = VALUE PROBLEM; FIX", then the expected shape.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config")
	if e.Path != "" {
		b.WriteString(" ")
		b.WriteString(e.Path)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		if e.Env != "" {
			fmt.Fprintf(&b, " (from %s)", e.Env)
		}
		if e.Value != "" {
			b.WriteString(" = ")
			b.WriteString(e.Value)
		}
		b.WriteString(" ")
	}
	b.WriteString(e.Problem)
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	if e.Example != "" {
		b.WriteString("\nexpected shape:\n")
		b.WriteString(indent(e.Example))
	}
	return b.String()
}

// Unwrap gives errors.Is/As access to the cause (for example fs.ErrNotExist).
func (e *Error) Unwrap() error { return e.Err }

// Warning is a problem that does not stop wp2medium: an unknown key, a file readable by
// others, a plain-http site.
type Warning struct {
	Path    string
	Key     string // dotted key, empty for file-level warnings
	Message string // what is wrong and what to do
}

func (w Warning) String() string {
	if w.Key == "" {
		return fmt.Sprintf("config %s: %s", w.Path, w.Message)
	}
	return fmt.Sprintf("config %s: %s %s", w.Path, w.Key, w.Message)
}

// quote shows a value in TOML/Go syntax, with control characters escaped so a hostile
// value cannot drive the terminal.
func quote(v string) string { return strconv.Quote(v) }

// Example is a complete example file.
func Example() string {
	parts := make([]string, 0, len(sectionOrder))
	for _, s := range sectionOrder {
		parts = append(parts, exampleSection(s))
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// exampleSection is one section of Example, without a final newline, to show the
// expected shape in errors. The comments after values line up.
func exampleSection(section string) string {
	d := Default()
	type line struct{ text, note string }
	var lines []line
	var tables []string
	width := 0
	for _, k := range keyTable {
		if k.section != section {
			continue
		}
		if _, ok := k.value.(tableValue); ok {
			tables = append(tables, "\n\n["+k.dotted()+"]\n"+k.example)
			continue
		}
		v := k.example
		if v == "" {
			v = k.value.toml(&d)
		}
		l := line{text: k.name + " = " + v, note: k.note}
		if k.exampleNote != "" {
			l.note = k.exampleNote
		}
		if l.note != "" {
			width = max(width, len(l.text))
		}
		lines = append(lines, l)
	}
	var b strings.Builder
	b.WriteString("[" + section + "]")
	for _, l := range lines {
		b.WriteString("\n" + l.text)
		if l.note != "" {
			b.WriteString(strings.Repeat(" ", width-len(l.text)+3) + "# " + l.note)
		}
	}
	for _, t := range tables {
		b.WriteString(t)
	}
	return b.String()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "    " + l
		}
	}
	return strings.Join(lines, "\n")
}
