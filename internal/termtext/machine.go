package termtext

import "unicode/utf8"

// The parser below follows the shape of the DEC/ECMA-48 parser that terminals
// use, reduced to what deciding "text or not" needs. It reads runes, not bytes,
// so a C1 control written as a code point (U+009B) is a control, and it reads a
// raw byte 0x80-0x9F (invalid UTF-8) as the C1 control of that value, because a
// terminal that is not in UTF-8 mode would.
//
// Rules, in the order they apply:
//   - ESC and the C1 introducers (CSI, OSC, DCS, SOS, PM, APC) start a new
//     sequence from any state, abandoning the one in progress.
//   - CAN, SUB and ST (U+009C) end the sequence in progress; so does any other
//     C1 control. Outside a sequence they are dropped like every control.
//   - ESC, any intermediates 0x20-0x2F, and a final 0x30-0x7E is one
//     sequence (ESC c, ESC 7, ESC \, ESC # 8, ESC ( 0 ...).
//   - CSI takes parameters and intermediates 0x20-0x3F (and DEL, which
//     terminals ignore there) up to a final 0x40-0x7E.
//   - OSC runs to BEL or ST (7-bit ESC \ or U+009C); DCS, SOS, PM and APC run
//     to ST. A newline also ends them, and so does the end of the input.
//   - Inside ESC and CSI sequences any other rune (a C0 control, a letter
//     outside the grammar, non-ASCII text) ends the malformed sequence and is
//     then read as ordinary input, so a stray ESC cannot swallow text.
//
// Ending a control string at a newline is a deliberate departure from the
// terminals: a title or payload has no business spanning lines, and without it
// one unterminated OSC in a post body or an error message would hide everything
// after it, including, through the Writer, all later output of the program.

// state is where the parser is in a sequence.
type state uint8

const (
	ground      state = iota // text
	escape                   // after ESC
	escapeInter              // after ESC and one or more intermediates
	csi                      // inside a CSI sequence
	oscString                // inside OSC, ends at BEL or ST
	ctrlString               // inside DCS, SOS, PM or APC, ends at ST
)

// event is what one rune meant.
type event uint8

const (
	evText    event = iota // ordinary text: keep it
	evDrop                 // a control outside any sequence: drop it
	evBegin                // the rune starts a sequence
	evRestart              // the sequence in progress is abandoned; the rune starts a new one
	evInside               // the rune belongs to the sequence in progress
	evEnd                  // the rune ends the sequence; drop all of it
	evEndSGR               // the rune ends an SGR sequence that is to be kept
	evAbort                // the sequence ended before the rune; read the rune again
)

const (
	esc = 0x1b
	bel = 0x07
	can = 0x18
	sub = 0x1a
	del = 0x7f

	c1DCS = 0x90
	c1SOS = 0x98
	c1CSI = 0x9b
	c1ST  = 0x9c
	c1OSC = 0x9d
	c1PM  = 0x9e
	c1APC = 0x9f
)

// machine holds the parser state between runes, and for the Writer, between writes.
type machine struct {
	state state
	// keepSGR makes a complete 7-bit SGR sequence end with evEndSGR
	// instead of evEnd.
	keepSGR bool
	// sgr is whether the CSI in progress is still a candidate SGR: introduced
	// by ESC [ and only digits, ';' and ':' so far.
	sgr bool
}

// step reads one rune and says what it meant. r is a C1 control for a raw
// byte 0x80-0x9F and utf8.RuneError for any other invalid byte.
func (m *machine) step(r rune) event {
	inSeq := m.state != ground
	switch r {
	case esc, c1CSI, c1OSC, c1DCS, c1SOS, c1PM, c1APC:
		switch r {
		case esc:
			m.state = escape
		case c1CSI:
			m.state, m.sgr = csi, false
		case c1OSC:
			m.state = oscString
		default:
			m.state = ctrlString
		}
		if inSeq {
			return evRestart
		}
		return evBegin
	case can, sub, c1ST:
		if inSeq {
			m.state = ground
			return evEnd
		}
		return evDrop
	}
	if inSeq && r >= 0x80 && r <= 0x9f {
		// Any other C1 control ends the sequence, and is then dropped as
		// every control is.
		m.state = ground
		return evAbort
	}

	switch m.state {
	case escape:
		switch {
		case r == '[':
			m.state, m.sgr = csi, true
			return evInside
		case r == ']':
			m.state = oscString
			return evInside
		case r == 'P', r == 'X', r == '^', r == '_':
			m.state = ctrlString
			return evInside
		case r >= 0x20 && r <= 0x2f:
			m.state = escapeInter
			return evInside
		case r >= 0x30 && r <= 0x7e:
			m.state = ground
			return evEnd
		case r == del:
			return evInside
		}
		m.state = ground
		return evAbort
	case escapeInter:
		switch {
		case r >= 0x20 && r <= 0x2f, r == del:
			return evInside
		case r >= 0x30 && r <= 0x7e:
			m.state = ground
			return evEnd
		}
		m.state = ground
		return evAbort
	case csi:
		switch {
		case r >= '0' && r <= '9', r == ';', r == ':':
			return evInside
		case r >= 0x20 && r <= 0x3f, r == del:
			m.sgr = false
			return evInside
		case r >= 0x40 && r <= 0x7e:
			m.state = ground
			if r == 'm' && m.sgr && m.keepSGR {
				return evEndSGR
			}
			return evEnd
		}
		m.state = ground
		return evAbort
	case oscString, ctrlString:
		switch {
		case r == bel && m.state == oscString:
			m.state = ground
			return evEnd
		case r == '\n':
			m.state = ground
			return evAbort
		}
		return evInside
	}
	return groundEvent(r)
}

// groundEvent is what a rune outside any sequence means.
func groundEvent(r rune) event {
	switch {
	case r == '\n', r == '\t':
		return evText
	case r < 0x20, r >= del && r <= 0x9f: // C0 (with CR), DEL, C1
		return evDrop
	case r == '\u2028', r == '\u2029', isIsolateOrOverride(r):
		// Line and paragraph separators break lines in some terminals.
		// Overrides and isolates can reorder what follows them on the line
		// (a "Trojan Source" style trick); marks such as U+200F are kept
		// because right-to-left titles legitimately use them.
		return evDrop
	}
	return evText
}

func isIsolateOrOverride(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// text is what filter reads: a string, or bytes from a Write.
type text interface{ ~string | ~[]byte }

// decode reads the rune at s[i]. A raw byte 0x80-0x9F comes back as the C1
// control of that value, any other invalid byte as utf8.RuneError; both have
// size 1.
func decode[T text](s T, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	// For a string the conversion is free; for bytes it is at most four,
	// copied on the stack.
	r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
	if r == utf8.RuneError && size == 1 && c <= 0x9f {
		return rune(c), 1
	}
	return r, size
}

// plainByte reports whether c is ASCII text that is kept as it is outside a
// sequence.
func plainByte(c byte) bool {
	return (c >= 0x20 && c < del) || c == '\n' || c == '\t'
}

// filter runs s through m and appends to dst what m keeps, with U+FFFD for
// each invalid byte that is not a C1 control. It reports whether that differs
// from s; when it does not, dst is returned untouched and the caller can use s
// itself, which is how clean text goes through without a copy.
//
// A sequence still open at the end of s is dropped from the output, and m
// stays inside it, so the next call continues it (the Writer relies on this).
func filter[T text](m *machine, s T, dst []byte) ([]byte, bool) {
	if len(s) == 0 {
		return dst, false
	}
	changed := false
	kept := 0 // s[kept:i] is kept but not yet copied to dst
	seq := 0  // where the sequence in progress began; 0 if before s
	// cut drops s[from:to]: kept text before it goes to dst first.
	cut := func(from, to int) {
		if !changed {
			changed = true
			if cap(dst)-len(dst) < len(s) {
				dst = append(make([]byte, 0, len(dst)+len(s)+8), dst...)
			}
		}
		dst = append(dst, s[kept:from]...)
		kept = to
	}
	for i := 0; i < len(s); {
		// Skip in bulk what cannot change the state: plain ASCII text, and
		// the bytes that make up most of a sequence's body.
		switch m.state {
		case ground:
			for i < len(s) && plainByte(s[i]) {
				i++
			}
		case csi:
			for i < len(s) && (s[i] >= '0' && s[i] <= ';' && m.sgr || s[i] >= 0x20 && s[i] <= 0x3f && !m.sgr) {
				i++
			}
		case oscString, ctrlString:
			for i < len(s) && s[i] >= 0x20 && s[i] <= del {
				i++
			}
		}
		if i == len(s) {
			break
		}
		r, size := decode(s, i)
		if m.state == ground && r >= 0xa0 && groundEvent(r) == evText && size > 1 {
			i += size // non-ASCII text, the next most common case
			continue
		}
	again:
		switch m.step(r) {
		case evText:
			if r == utf8.RuneError && size == 1 {
				cut(i, i+1)
				dst = append(dst, "\uFFFD"...)
			}
		case evDrop:
			cut(i, i+size)
		case evBegin:
			seq = i
		case evRestart:
			cut(seq, i)
			seq = i
		case evEnd:
			cut(seq, i+size)
		case evAbort:
			cut(seq, i)
			goto again
		case evInside, evEndSGR:
			// An SGR sequence to keep simply stays in the kept span.
		}
		i += size
	}
	if m.state != ground {
		cut(seq, len(s))
	} else if changed {
		dst = append(dst, s[kept:]...)
	}
	return dst, changed
}
