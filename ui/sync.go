package ui

import (
	"errors"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The list from the local store: it is on screen from the first frame, a
// sync brings it up to date in a command, and its result replaces it
// (Replace keeps the selection, the marks, the filter and the scroll). With
// the site unreachable the stored list stays, marked with its age.

// showCached puts the store's list on screen, before any sync.
func (b *browser) showCached(d listData, st store.SyncState, selected int) {
	b.state = st
	if b.site.Name == "" { // until WordPress answers (or when it cannot)
		b.site.Name = termtext.ForCells(termtext.CleanLine(st.Name))
	}
	if len(d.posts) == 0 {
		b.keepID = selected // the first sync's pages select it as it comes
		return
	}
	b.list.Replace(d)
	b.list.restoreSelection(selected)
	b.loaded, b.total = b.list.Len(), b.list.Len()
	if p, ok := b.list.Selected(); ok {
		b.preview.Show(p) // rendered once the window's size is known
	}
}

// sync runs a sync of mode. An empty list fills from the listing's pages as
// they arrive; a list on screen stays until the sync ends.
func (b *browser) sync(mode sitesync.Mode) tea.Cmd {
	ctx := b.restart()
	b.streaming = b.list.Len() == 0
	if b.streaming {
		b.loaded, b.total = 0, 0
	}
	return tea.Batch(syncPostsCmd(ctx, b.common.Posts, mode, b.gen, b.streaming),
		loadSiteCmd(b.common.Source, b.gen), b.spinner.Tick)
}

// synced puts the store's list, as the sync left it, in place of the one on
// screen. A failed sync still replaces it: what it stored before failing is
// in the store.
func (b *browser) synced(msg syncDoneMsg) tea.Cmd {
	if msg.gen != b.gen {
		return nil
	}
	b.loading, b.keepID = false, 0
	err := msg.err
	switch {
	case msg.readErr != nil && err == nil:
		err = msg.readErr
	case msg.readErr == nil:
		b.state = msg.state
		if err == nil || len(msg.list.posts) > 0 {
			b.list.Replace(msg.list)
		}
	}
	b.loadErr = err
	b.loaded, b.total = b.list.Len(), b.list.Len()
	return b.previewSelected()
}

// prefetchNeighbours fetches and renders the posts above and below the
// selection, in the order shown, into the preview's caches. It runs once
// the app is idle: the selection rested for the preview's debounce and its
// preview is on screen.
func (b *browser) prefetchNeighbours() tea.Cmd {
	if !b.preview.Ready() {
		return nil
	}
	var cmds []tea.Cmd
	for _, p := range b.list.neighbours() {
		cmds = append(cmds, b.preview.Prefetch(p))
	}
	return tea.Batch(cmds...)
}

// staleNotes say, longest first, that the list on screen is the store's
// because the last sync failed: since when, and what to press.
func (b *browser) staleNotes() []string {
	word := "sync failed"
	var wpErr *wordpress.Error
	if errors.As(b.loadErr, &wpErr) && (wpErr.Kind == wordpress.KindNetwork || wpErr.Kind == wordpress.KindTimeout) {
		word = "offline"
	}
	if b.state.SyncedAt.IsZero() {
		return []string{word + ": partial list, never fully synced — r retries", word + " — r retries", word}
	}
	at := b.state.SyncedAt.UTC().Format("2006-01-02 15:04 UTC")
	return []string{
		word + ": list from " + at + " (" + sitesync.Ago(b.now().Sub(b.state.SyncedAt)) + ") — r retries",
		word + ": list from " + at + " — r retries",
		word + ": list from " + at,
		word,
	}
}
