package termtext

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// checkEscapeJSON encodes s as encoding/json would and checks that EscapeJSON
// leaves JSON that decodes to the same value and holds nothing raw that a
// terminal reads as a control.
func checkEscapeJSON(t *testing.T, s string) {
	t.Helper()
	value := map[string]any{"title": s, "tags": []string{s, "plain"}, "n": 1}
	b, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	out := EscapeJSON(b)
	if !json.Valid(out) {
		t.Fatalf("EscapeJSON(%s) = %s, not valid JSON", b, out)
	}
	var before, after any
	if err := json.Unmarshal(b, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &after); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("EscapeJSON changed the value: %#v became %#v", before, after)
	}
	if msg := unsafeOutput(string(out), false); msg != "" {
		t.Fatalf("EscapeJSON(%s) = %s: %s", b, out, msg)
	}
	// What the Writer would do to it must be nothing.
	if Clean(string(out)) != string(out) {
		t.Fatalf("Clean changes escaped JSON %s", out)
	}
}

func TestEscapeJSON(t *testing.T) {
	for _, s := range []string{
		"\u009b2J", "\u009d0;x\u0007", "\u0090q\u009c", "a\u0085b", "\x1b[31m",
		"abc\u202edef", "\u2066x\u2069", "a\u2028b\u2029", "del\x7f",
		"é 日本 👩\u200d💻 \u200fשלום", "plain", "",
	} {
		checkEscapeJSON(t, s)
	}
	for _, c := range hostile {
		checkEscapeJSON(t, c.in)
	}
}

func TestEscapeJSONRaw(t *testing.T) {
	cases := map[string]string{
		// What encoding/json leaves raw.
		"{\"t\":\"a\u009bb\"}":             `{"t":"a\u009bb"}`,
		"[\"\u202e\",\"\u2066\u2069\"]\n":  "[\"\\u202e\",\"\\u2066\\u2069\"]\n",
		"\"\x7f\"":                         `"\u007f"`,
		"{\"t\":\"é 日本\u200f\"} {\"n\":1}": "{\"t\":\"é 日本\u200f\"} {\"n\":1}",
		// Invalid UTF-8, a raw 0x9b byte included, is what Go decodes it to.
		"{\"t\":\"a\x9bb\xffc\"}": `{"t":"a\ufffdb\ufffdc"}`,
		// Raw controls are invalid JSON; escaped, they are not.
		"\"\x1b[2J\"": `"\u001b[2J"`,
		// JSON white space is left alone.
		"{\r\n\t\"a\": 1\n}": "{\r\n\t\"a\": 1\n}",
	}
	for in, want := range cases {
		got := EscapeJSON([]byte(in))
		if string(got) != want {
			t.Errorf("EscapeJSON(%q) = %q, want %q", in, got, want)
		}
		if !json.Valid(got) && json.Valid([]byte(in)) {
			t.Errorf("EscapeJSON(%q) = %q is not valid JSON", in, got)
		}
		if !utf8.Valid(got) {
			t.Errorf("EscapeJSON(%q) = %q is not valid UTF-8", in, got)
		}
	}
	var invalid, fixed any
	json.Unmarshal([]byte("\"a\x9bb\""), &invalid)
	json.Unmarshal(EscapeJSON([]byte("\"a\x9bb\"")), &fixed)
	if invalid != fixed {
		t.Errorf("an invalid byte decodes as %q, escaped as %q", invalid, fixed)
	}
}

func TestEscapeJSONReturnsInputWhenSafe(t *testing.T) {
	b := []byte(`{"title":"Grüße 日本","n":1}`)
	if out := EscapeJSON(b); &out[0] != &b[0] || !bytes.Equal(out, b) {
		t.Error("EscapeJSON copied JSON that needed no escaping")
	}
}
