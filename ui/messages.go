package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// siteLoadedMsg carries the site's name once discovered.
type siteLoadedMsg struct {
	gen  int
	site wordpress.Site
}

// pageLoadedMsg is one page of the listing, in order. gen tags the load so a
// page from before a reload is dropped.
type pageLoadedMsg struct {
	gen  int
	page wordpress.Page
	next tea.Cmd // waits for the listing's next message
}

// loadDoneMsg ends a listing; err is nil when every page arrived.
type loadDoneMsg struct {
	gen int
	err error
}

// syncDoneMsg ends a sync: the store's list as the sync left it (read again
// after it, so a failed sync still shows what it stored), ready to swap in,
// and why the sync failed (nil when it did not).
type syncDoneMsg struct {
	gen     int
	list    listData // prepared in the command
	state   store.SyncState
	err     error // the sync's
	readErr error // reading the store after it
}

// previewDueMsg fires when the cursor has rested on a post for the debounce:
// its preview starts, or, shown from the cache, its neighbours are
// prefetched.
type previewDueMsg struct{ seq int }

// previewRenderedMsg is a finished preview (or the error that stopped it).
type previewRenderedMsg struct {
	seq    int
	post   wordpress.Post
	detail wordpress.PostDetail
	width  int
	lines  []string // fitted to width
	head   int      // lines[:head] are the header above its rule: the story's lines go after them
	err    error
}

// previewPrefetchedMsg is a neighbour of the selection fetched and rendered
// ahead (seq unused): it goes into the caches.
type previewPrefetchedMsg struct{ previewRenderedMsg }

// statusMsg shows a transient line in the footer; clearStatusMsg removes it
// if no newer status replaced it.
type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ id int }
