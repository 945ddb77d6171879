package ui

import (
	"errors"
	"io"
	"os"
	"sync"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// Terminal is where the app draws. Bubble Tea writes its frames through it
// (tea.WithOutput), and the app writes the requests it sends the terminal
// itself (OSC 52, to set the clipboard) through it too: one write at a time,
// so a request never lands inside a frame, and never from a goroutine
// writing to stdout behind the renderer's back.
type Terminal struct {
	mu  sync.Mutex
	out io.Writer
}

// NewTerminal wraps out (os.Stdout for the app).
func NewTerminal(out io.Writer) *Terminal { return &Terminal{out: out} }

// Write writes p whole before any other write starts.
func (t *Terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.out.Write(p)
}

// Fd, Read and Close make a Terminal on a file a term.File, as Bubble Tea
// needs to size the terminal and put it back as it was.
func (t *Terminal) Fd() uintptr {
	if f, ok := t.out.(*os.File); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// Read is never called by Bubble Tea on its output; it is here for term.File.
func (t *Terminal) Read([]byte) (int, error) {
	return 0, errors.New("ui: the terminal's output is not read")
}

// Close leaves the underlying output open: the process owns it.
func (t *Terminal) Close() error { return nil }

// copiedMsg says that text was sent to the terminal's clipboard. Whether it
// arrived, no program can know: terminals without OSC 52 (or tmux without
// set-clipboard) ignore the request silently. So the text is also shown.
type copiedMsg struct {
	what string // "the URL", "the post as Markdown"
	text string
	err  error
}

// copyCmd asks the terminal to put text on the clipboard with OSC 52: plain
// OSC 52, which tmux takes when set-clipboard is on (its default,
// "external", ignores programs; a passthrough-wrapped request needs
// allow-passthrough, off by default), and which works over SSH.
func copyCmd(term io.Writer, what, text string) tea.Cmd {
	return func() tea.Msg {
		_, err := osc52.New(text).WriteTo(term)
		return copiedMsg{what: what, text: text, err: err}
	}
}
