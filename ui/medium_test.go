package ui

import (
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/wordpress"
)

// countingStatuses is a record that counts its reads and labels every post
// with the record's version.
type countingStatuses struct {
	mu      sync.Mutex
	version uint64
	reads   int
}

func (c *countingStatuses) Version() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	return c.version
}

func (c *countingStatuses) Labels(posts []wordpress.Post) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	out := make([]string, len(posts))
	for i := range posts {
		out[i] = "v" + string(rune('0'+c.version))
	}
	return out
}

func (c *countingStatuses) set(v uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version = v
}

func (c *countingStatuses) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// Drawing never reads the record: the labels come from commands, and a
// change of the record's version drops them so they are read again.
func TestMediumColumnIsReadInCommandsOnly(t *testing.T) {
	rec := &countingStatuses{version: 1}
	m := New(Options{Source: newFakeSource(300), Medium: rec, GlamourStyle: "ascii"})
	m = drive(t, m, m.Init())
	m = resize(t, m, 120, 40)
	if s := screenText(m); !strings.Contains(s, "v1") {
		t.Fatalf("the labels were not read:\n%s", s)
	}
	before := rec.count()
	for range 20 {
		_ = m.View()
	}
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyDown}) // its commands are not run
	_ = next.(*Model).View()
	if n := rec.count() - before; n != 0 {
		t.Fatalf("drawing read the record %d times", n)
	}

	rec.set(2) // another process changed the record; the poll finds it
	next, cmd := m.Update(ledgerTickMsg{})
	m = drive(t, next.(*Model), cmd)
	if s := screenText(m); !strings.Contains(s, "v2") || strings.Contains(s, "v1") {
		t.Fatalf("after the version changed the column still shows old labels:\n%s", s)
	}
}
