package termtext

import "unicode/utf8"

// EscapeJSON makes JSON text safe to print. It rewrites as \uXXXX escapes
// what a terminal treats as a control and encoding/json leaves raw: DEL, the
// C1 controls U+0080-U+009F, and the bidi overrides and isolates (and U+2028
// and U+2029, which encoding/json escapes already). Each invalid UTF-8 byte,
// a raw 0x9B included, becomes \ufffd, which is what encoding/json decodes it
// to anyway. A raw C0 control other than tab, newline and carriage return,
// which valid JSON never holds, is escaped too.
//
// It is safe on any valid JSON text, a stream of values included: those runes
// can only occur inside strings, where an escape means the same rune, so the
// result decodes to the same values. It returns b itself when nothing needed
// escaping.
//
// Apply it before the text reaches a Writer: the Writer would read a raw C1
// control in a JSON string as the start of a sequence and cut the JSON short.
// What EscapeJSON leaves goes through the Writer unchanged, but for carriage
// returns used as white space, which encoding/json never writes.
func EscapeJSON(b []byte) []byte {
	var out []byte
	done := 0 // b[done:i] goes to out as it is
	for i := 0; i < len(b); {
		c := b[i]
		if !jsonUnsafeByte(c) {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
			if !jsonEscapes(r) && (r != utf8.RuneError || size != 1) {
				i += size
				continue
			}
		}
		if out == nil {
			out = make([]byte, 0, len(b)+32)
		}
		out = append(out, b[done:i]...)
		out = appendUnicodeEscape(out, r)
		i += size
		done = i
	}
	if out == nil {
		return b
	}
	return append(out, b[done:]...)
}

// jsonUnsafeByte reports whether c may start something EscapeJSON rewrites.
func jsonUnsafeByte(c byte) bool {
	return c >= utf8.RuneSelf || c == del || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
}

// jsonEscapes reports whether the valid non-ASCII rune r is to be escaped.
func jsonEscapes(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' || isIsolateOrOverride(r)
}

func appendUnicodeEscape(out []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(out, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}
