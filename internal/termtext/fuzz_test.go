package termtext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// unsafeOutput says what in out could drive a terminal, or "" if nothing.
// With allowSGR, 7-bit SGR sequences and tabs are allowed.
func unsafeOutput(out string, allowSGR bool) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8"
	}
	for i := 0; i < len(out); {
		if allowSGR && strings.HasPrefix(out[i:], "\x1b[") {
			j := i + 2
			for j < len(out) && (out[j] >= '0' && out[j] <= '9' || out[j] == ';' || out[j] == ':') {
				j++
			}
			if j < len(out) && out[j] == 'm' {
				i = j + 1
				continue
			}
			return fmt.Sprintf("non-SGR sequence at %d", i)
		}
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == '\n', r == '\t':
		case r < 0x20, r == 0x7f:
			return fmt.Sprintf("C0 or DEL %U at %d", r, i)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 %U at %d", r, i)
		case r == '\u2028', r == '\u2029', isIsolateOrOverride(r):
			return fmt.Sprintf("separator or bidi control %U at %d", r, i)
		}
		i += size
	}
	return ""
}

// reference is filter without its shortcuts: every rune goes through step,
// and the output is built rune by rune. The fuzz targets hold filter to it.
func reference(s string, keepSGR bool) string {
	m := machine{keepSGR: keepSGR}
	var out, seq []byte // seq: the sequence in progress, kept only if it ends as SGR
	for i := 0; i < len(s); {
		r, size := decode(s, i)
		if r != utf8.RuneError {
			if want, n := utf8.DecodeRuneInString(s[i:]); (want != r || n != size) && !(size == 1 && r >= 0x80 && r <= 0x9f) {
				panic(fmt.Sprintf("decode(%q) = %U, %d", s[i:], r, size))
			}
		}
		tok := s[i : i+size]
	again:
		switch m.step(r) {
		case evText:
			if r == utf8.RuneError && size == 1 {
				tok = "\uFFFD"
			}
			out = append(out, tok...)
		case evBegin, evRestart:
			seq = append(seq[:0], tok...)
		case evInside:
			seq = append(seq, tok...)
		case evEndSGR:
			out = append(append(out, seq...), tok...)
		case evAbort:
			goto again
		}
		i += size
	}
	return string(out)
}

// harmless reports whether Clean should leave s as it is.
func harmless(s string) bool {
	return utf8.ValidString(s) && unsafeOutput(s, false) == ""
}

func addSeeds(f *testing.F) {
	for _, c := range hostile {
		f.Add(c.in)
	}
	f.Add("plain ascii")
	f.Add("é 日本 👩\u200d💻 \u200fשלום")
	f.Add(styledFrame(20, 3))
}

func FuzzClean(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if ref := reference(s, false); got != ref {
			t.Fatalf("Clean(%q) = %q, reference gives %q", s, got, ref)
		}
		if msg := unsafeOutput(got, false); msg != "" {
			t.Fatalf("Clean(%q) = %q: %s", s, got, msg)
		}
		if again := Clean(got); again != got {
			t.Fatalf("Clean is not idempotent: Clean(%q) = %q, Clean of that = %q", s, got, again)
		}
		if harmless(s) && got != s {
			t.Fatalf("Clean changed harmless text %q to %q", s, got)
		}
		if line := CleanLine(s); strings.ContainsAny(line, "\n\t") || CleanLine(line) != line {
			t.Fatalf("CleanLine(%q) = %q", s, line)
		}
	})
}

func FuzzCleanStyled(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanStyled(s)
		if ref := reference(s, true); got != ref {
			t.Fatalf("CleanStyled(%q) = %q, reference gives %q", s, got, ref)
		}
		if msg := unsafeOutput(got, true); msg != "" {
			t.Fatalf("CleanStyled(%q) = %q: %s", s, got, msg)
		}
		if again := CleanStyled(got); again != got {
			t.Fatalf("CleanStyled is not idempotent: %q -> %q -> %q", s, got, again)
		}
		// It differs from Clean by the SGR sequences it keeps, nothing else.
		if Clean(got) != Clean(s) {
			t.Fatalf("Clean(CleanStyled(%q)) = %q, Clean = %q", s, Clean(got), Clean(s))
		}
		// What ExpandTabs makes of a frame is still a frame, without tabs.
		expanded := ExpandTabs(got, 8)
		if strings.Contains(expanded, "\t") || CleanStyled(expanded) != expanded ||
			strings.Count(expanded, "\n") != strings.Count(got, "\n") {
			t.Fatalf("ExpandTabs(%q) = %q", got, expanded)
		}
	})
}

// FuzzWriter checks that the Writer, fed the input in random pieces and then
// flushed, writes exactly Clean of the input.
func FuzzWriter(f *testing.F) {
	for _, c := range hostile {
		f.Add(c.in, uint64(len(c.in)))
	}
	f.Add("日本語 👩\u200d💻 é", uint64(1))
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		var out bytes.Buffer
		w := NewWriter(&out)
		rng := rand.New(rand.NewPCG(seed, 0))
		for rest := s; len(rest) > 0; {
			n := 1 + rng.IntN(min(len(rest), 8))
			if k, err := w.Write([]byte(rest[:n])); k != n || err != nil {
				t.Fatalf("Write = %d, %v; want %d, nil", k, err, n)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if want := Clean(s); out.String() != want {
			t.Fatalf("Writer gave %q for %q, Clean gives %q", out.String(), s, want)
		}
	})
}

func FuzzEscapeJSON(f *testing.F) {
	addSeeds(f)
	f.Add(`{"t":"a\u009bb","n":[1,2.5,null,true],"o":{"k":"\u202e"}}`)
	f.Add("[\"\u009d0;x\u0007\",\"\x9b\xff\"]\n{\"a\":1}")
	f.Fuzz(func(t *testing.T, s string) {
		checkEscapeJSON(t, s)
		// s itself, when it is JSON (encoding/json's decoder is lenient
		// about invalid UTF-8; the escaped text must decode alike).
		if !json.Valid([]byte(s)) {
			return
		}
		out := EscapeJSON([]byte(s))
		var before, after any
		if json.Unmarshal([]byte(s), &before) != nil || json.Unmarshal(out, &after) != nil {
			t.Fatalf("EscapeJSON(%q) = %q, which does not decode", s, out)
		}
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("EscapeJSON(%q) = %q: %#v became %#v", s, out, before, after)
		}
	})
}
