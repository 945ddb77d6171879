package termtext

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// writeInTwo writes s to a new Writer split at k, flushes, and returns the output.
func writeInTwo(t *testing.T, s string, k int) string {
	t.Helper()
	var out bytes.Buffer
	w := NewWriter(&out)
	for _, piece := range []string{s[:k], s[k:]} {
		if n, err := w.Write([]byte(piece)); n != len(piece) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", piece, n, err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestWriterSplitAnywhere(t *testing.T) {
	inputs := []string{"日本語 👩\u200d💻 é", "plain\ttext\n", "\u009b2J\xe6\x97"}
	for _, c := range hostile {
		inputs = append(inputs, c.in)
	}
	for _, s := range inputs {
		want := Clean(s)
		for k := 0; k <= len(s); k++ {
			if got := writeInTwo(t, s, k); got != want {
				t.Errorf("split %q at %d: got %q, want %q", s, k, got, want)
			}
		}
	}
}

func TestWriterByteByByte(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	s := "é \x1b]0;title\x07日本\x1b[2J 👩\u200d💻\r\n"
	for i := 0; i < len(s); i++ {
		w.Write([]byte{s[i]})
	}
	// No Flush: the stream ended on a whole character.
	if got, want := out.String(), "é 日本 👩\u200d💻\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriterSequenceAcrossWrites(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	io.WriteString(w, "title: \x1b]0;pwn")
	io.WriteString(w, "ed\x07 done\n")
	io.WriteString(w, "next \x1b")
	io.WriteString(w, "[2Jline\n")
	if got, want := out.String(), "title:  done\nnext line\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriterUnterminatedSequenceEndsAtNewline(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	io.WriteString(w, "error: \x1b]0;no end\n")
	io.WriteString(w, "published\n")
	if got, want := out.String(), "error: \npublished\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriterFlushStartsAfresh(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	io.WriteString(w, "a\x1b]0;open")
	w.Flush()
	io.WriteString(w, "b\xe6\x97")
	w.Flush()
	io.WriteString(w, "c")
	if got, want := out.String(), "a"+"b\ufffd"+"c"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriterPassesPlainWritesThrough(t *testing.T) {
	var calls []string
	w := NewWriter(writerFunc(func(p []byte) (int, error) {
		calls = append(calls, string(p))
		return len(p), nil
	}))
	io.WriteString(w, "one\n")
	io.WriteString(w, "\x1b[2J")
	io.WriteString(w, "Grüße\n")
	if got := strings.Join(calls, "|"); got != "one\n|Grüße\n" {
		t.Errorf("underlying writes %q", got)
	}
}

func TestWriterReportsErrors(t *testing.T) {
	broken := errors.New("broken pipe")
	w := NewWriter(writerFunc(func(p []byte) (int, error) { return 2, broken }))
	if n, err := io.WriteString(w, "plain"); n != 2 || err != broken {
		t.Errorf("plain write: %d, %v", n, err)
	}
	if n, err := io.WriteString(w, "\x1b[1mbold"); n != 0 || err != broken {
		t.Errorf("cleaned write: %d, %v", n, err)
	}
}

func TestWriterDoesNotAllocateForPlainWrites(t *testing.T) {
	w := NewWriter(io.Discard)
	p := []byte("an ordinary line of output, Grüße\n")
	if n := testing.AllocsPerRun(100, func() { w.Write(p) }); n != 0 {
		t.Errorf("Write allocates %v times, want 0", n)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
