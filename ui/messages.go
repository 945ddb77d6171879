package ui

import "github.com/wp2medium/wp2medium/wordpress"

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
	next <-chan loadEvent
}

// loadDoneMsg ends a listing; err is nil when every page arrived.
type loadDoneMsg struct {
	gen int
	err error
}

// previewDueMsg fires when the cursor has rested on a post for the debounce.
type previewDueMsg struct{ seq int }

// previewRenderedMsg is a finished preview (or the error that stopped it).
type previewRenderedMsg struct {
	seq    int
	post   wordpress.Post
	detail wordpress.PostDetail
	width  int
	lines  []string // fitted to width
	err    error
}

// statusMsg shows a transient line in the footer; clearStatusMsg removes it
// if no newer status replaced it.
type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ id int }
