package ui

import (
	"iter"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/wordpress"
)

// ledgerPoll is how often the app asks whether the ledger changed, so a
// story recorded by another process (the CLI in another terminal) shows
// without a restart.
const ledgerPoll = 2 * time.Second

// mediumColumn is what the Medium column shows: labels read from the ledger
// in commands, for the rows around the screen, kept until the ledger's
// version changes. View only reads the map.
type mediumColumn struct {
	src MediumStatuses // nil: "—" for every post
	// gen is bumped whenever the labels are dropped: answers asked for
	// before are stale.
	gen int
	// version is the ledger's version the labels were read at; known once
	// one read came back.
	version uint64
	known   bool
	labels  map[statusKey]string
	asked   map[statusKey]bool // asked for in this gen, not answered yet
	polling bool               // the poll's tick is running

	// waiting is how many of the site's posts the next sync would try, when
	// src counts them (WaitingCounter): read in a command, like the labels,
	// again whenever the ledger's version or the list changed.
	waiting      int
	waitingFor   waitingKey // what it was counted at
	waitingKnown bool
	waitingAsked bool // a count is being read

	// allAsked is the list revision whose every label is being read for
	// the Medium filter or order (0: none), at gen allGen.
	allAsked int
	allGen   int
}

// waitingKey is what the waiting count depends on: the ledger's version and
// the list's revision (postList.rev).
type waitingKey struct {
	version uint64
	list    int
}

// statusKey is a post as its label depends on it: an edit on WordPress can
// make a story "changed".
type statusKey struct {
	id       int
	modified int64
}

func keyOf(p wordpress.Post) statusKey { return statusKey{p.ID, p.ModifiedGMT.Unix()} }

// maxLabels bounds the map: scrolling through a huge site keeps the labels
// of the rows seen, up to this many.
const maxLabels = 20_000

// The ledger poll and its answers.
type (
	ledgerTickMsg    struct{}
	ledgerVersionMsg struct {
		version uint64
		poll    bool // from the poll (which then ticks again), not a one-off check
	}
	mediumLabelsMsg struct {
		gen     int
		version uint64
		posts   []statusKey
		labels  []string
	}
	// mediumAllLabelsMsg is every post's label of the list at revision
	// list, for the Medium filter and order.
	mediumAllLabelsMsg struct {
		gen     int
		version uint64
		list    int
		labels  []string
	}
	mediumWaitingMsg struct {
		gen     int
		version uint64
		list    int
		n       int
	}
)

func newMediumColumn(src MediumStatuses) *mediumColumn {
	return &mediumColumn{src: src, labels: map[statusKey]string{}, asked: map[statusKey]bool{}}
}

// label is the text for p: "" while it is being read.
func (c *mediumColumn) label(p wordpress.Post) string {
	if c.src == nil {
		return "—"
	}
	return c.labels[keyOf(p)]
}

// reset switches to another record (new settings): every label goes.
func (c *mediumColumn) reset(src MediumStatuses) tea.Cmd {
	c.src, c.known = src, false
	c.waiting, c.waitingKnown = 0, false
	c.drop()
	return c.startPoll()
}

func (c *mediumColumn) drop() {
	c.gen++
	clear(c.labels)
	clear(c.asked)
	c.waitingAsked = false // an answer on its way is of the old gen
}

// startPoll starts the ledger poll unless it runs already.
func (c *mediumColumn) startPoll() tea.Cmd {
	if c.src == nil || c.polling {
		return nil
	}
	c.polling = true
	return tea.Tick(ledgerPoll, func(time.Time) tea.Msg { return ledgerTickMsg{} })
}

// checkVersion reads the ledger's version in a command.
func (c *mediumColumn) checkVersion(poll bool) tea.Cmd {
	src := c.src
	if src == nil {
		return nil
	}
	return func() tea.Msg { return ledgerVersionMsg{version: src.Version(), poll: poll} }
}

// update handles the poll and the answers. Labels it drops are asked for
// again by the browser, for the rows around the screen (want).
func (c *mediumColumn) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ledgerTickMsg:
		if c.src == nil {
			c.polling = false
			return nil
		}
		return c.checkVersion(true)
	case ledgerVersionMsg:
		if c.known && msg.version != c.version {
			c.drop()
		}
		c.version, c.known = msg.version, true
		if msg.poll {
			c.polling = false
			return c.startPoll()
		}
	case mediumLabelsMsg:
		if msg.gen != c.gen {
			return nil
		}
		if c.known && msg.version != c.version {
			// The ledger moved since the labels on screen were read: these
			// are newer than the rest.
			c.drop()
		}
		c.version, c.known = msg.version, true
		if len(c.labels) > maxLabels {
			clear(c.labels)
		}
		for i, k := range msg.posts {
			c.labels[k] = msg.labels[i]
			delete(c.asked, k)
		}
	case mediumWaitingMsg:
		if msg.gen != c.gen {
			return nil
		}
		c.waitingAsked = false
		if c.known && msg.version != c.version {
			c.drop() // counted at a newer version than the labels on screen
		}
		c.version, c.known = msg.version, true
		c.waiting, c.waitingFor, c.waitingKnown = msg.n, waitingKey{msg.version, msg.list}, true
	}
	return nil
}

// wantWaiting asks for the waiting count of posts (the whole list, at
// revision list) unless it is known for the ledger's version and that list.
// It waits for the first version read, so the count is never asked for
// again at once because of a version it did not know.
func (c *mediumColumn) wantWaiting(posts []wordpress.Post, list int) tea.Cmd {
	counter, ok := c.src.(WaitingCounter)
	if !ok || !c.known || c.waitingAsked || (c.waitingKnown && c.waitingFor == waitingKey{c.version, list}) {
		return nil
	}
	c.waitingAsked = true
	src, gen := c.src, c.gen
	return func() tea.Msg {
		v := src.Version() // first: a change after it is found by the next poll
		return mediumWaitingMsg{gen: gen, version: v, list: list, n: counter.Waiting(posts)}
	}
}

// wantAll asks for the label of every post of the list (at revision
// list), unless it is being read already. "—" for all without a record.
func (c *mediumColumn) wantAll(posts []wordpress.Post, list int) tea.Cmd {
	if c.allAsked == list && c.allGen == c.gen {
		return nil
	}
	c.allAsked, c.allGen = list, c.gen
	if c.src == nil {
		gen := c.gen
		return func() tea.Msg {
			labels := make([]string, len(posts))
			for i := range labels {
				labels[i] = "—"
			}
			return mediumAllLabelsMsg{gen: gen, list: list, labels: labels}
		}
	}
	src, gen := c.src, c.gen
	return func() tea.Msg {
		v := src.Version() // first: a change after it is found by the next poll
		return mediumAllLabelsMsg{gen: gen, version: v, list: list, labels: src.Labels(posts)}
	}
}

// allLabels takes every post's labels: false when they are stale (the
// ledger moved on since, or the column was reset).
func (c *mediumColumn) allLabels(msg mediumAllLabelsMsg) bool {
	if msg.gen != c.gen {
		return false
	}
	c.allAsked = 0
	if c.src == nil {
		return true
	}
	if c.known && msg.version != c.version {
		if msg.version < c.version {
			return false
		}
		c.drop()
	}
	c.version, c.known = msg.version, true
	return true
}

// waitingNote is the header's count of what waits for sync ("" for none).
func (c *mediumColumn) waitingNote() string {
	if !c.waitingKnown || c.waiting == 0 {
		return ""
	}
	return thousands(c.waiting) + " waiting for sync"
}

// want asks for the labels of posts that have none and are not asked for.
func (c *mediumColumn) want(posts iter.Seq[wordpress.Post]) tea.Cmd {
	if c.src == nil {
		return nil
	}
	var need []wordpress.Post
	for p := range posts {
		k := keyOf(p)
		if _, ok := c.labels[k]; ok || c.asked[k] {
			continue
		}
		c.asked[k] = true
		need = append(need, p)
	}
	if len(need) == 0 {
		return nil
	}
	src, gen := c.src, c.gen
	return func() tea.Msg {
		// The version first: a change after it is found by the next poll.
		v := src.Version()
		labels := src.Labels(need)
		keys := make([]statusKey, len(need))
		for i, p := range need {
			keys[i] = keyOf(p)
		}
		return mediumLabelsMsg{gen: gen, version: v, posts: keys, labels: labels}
	}
}
