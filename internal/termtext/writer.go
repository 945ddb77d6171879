package termtext

import (
	"io"
	"sync"
	"unicode/utf8"
)

// Writer applies Clean's rules to a stream: it is meant to wrap the command
// line's stdout and stderr, so that nothing printed, however it was built,
// drives the terminal. Create one with NewWriter.
//
// The parser state lives between writes, so a sequence split across Write
// calls is still removed whole, and a UTF-8 character split across writes is
// held back until it is complete and then written intact. Writing the pieces
// of a text and then calling Flush gives exactly Clean of the whole text.
//
// Ordinary text (printable characters, newlines, tabs) passes unchanged;
// carriage returns are dropped, so "\r" progress lines do not work through it.
// A Writer is safe for concurrent use, as *os.File is.
type Writer struct {
	mu      sync.Mutex
	w       io.Writer
	m       machine
	pending []byte // an incomplete UTF-8 character from the end of the last write
	carry   []byte // pending followed by the next write
	out     []byte // reused output buffer
}

// maxKept bounds the buffers a Writer keeps for reuse, so one huge write does
// not pin its size in memory for the rest of the program.
const maxKept = 64 << 10

// NewWriter returns a Writer that writes the cleaned text to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w}
}

// Write cleans p and writes the result to the underlying writer in one call.
// It reports len(p) on success even though fewer bytes may have gone out. On
// an error from the underlying writer it reports how much of p went out if p
// was passed through unchanged, and 0 otherwise; the parser has read all of p
// either way.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	data := p
	if len(w.pending) > 0 {
		w.carry = append(append(w.carry[:0], w.pending...), p...)
		data = w.carry
	}
	n := incompleteTail(data)
	body := data[:len(data)-n]
	out, changed := filter(&w.m, body, w.out[:0])
	w.pending = append(w.pending[:0], data[len(data)-n:]...)
	if changed {
		w.out = out
	} else {
		out = body
	}
	var written int
	var err error
	if len(out) > 0 {
		written, err = w.w.Write(out)
	}
	w.trim()
	switch {
	case err == nil:
		return len(p), nil
	case !changed && len(data) == len(p):
		return written, err
	}
	return 0, err
}

// trim lets go of buffers that one huge write made huge.
func (w *Writer) trim() {
	if cap(w.carry) > maxKept {
		w.carry = nil
	}
	if cap(w.out) > maxKept {
		w.out = nil
	}
}

// Flush ends the stream as the end of a string ends it for Clean: an
// incomplete UTF-8 character held back becomes U+FFFD, a sequence still open
// is dropped, and the Writer starts afresh. Call it before the program exits
// if the output may end in the middle of a character.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	out, changed := filter(&w.m, w.pending, w.out[:0])
	if !changed {
		out = w.pending
	}
	w.m = machine{}
	var err error
	if len(out) > 0 {
		_, err = w.w.Write(out)
	}
	w.pending = w.pending[:0]
	return err
}

// incompleteTail returns how many bytes at the end of p are the start of a
// UTF-8 character that the next write may complete.
func incompleteTail(p []byte) int {
	for n := 1; n <= len(p) && n < utf8.UTFMax; n++ {
		c := p[len(p)-n]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(p[len(p)-n:]) {
				return 0
			}
			return n
		}
	}
	return 0
}
