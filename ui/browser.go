package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

type focus int

const (
	focusList focus = iota
	focusPreview
)

// browser is the main view: the post list beside the preview of the selected
// post, the listing's progress in the header and the status line.
type browser struct {
	common  *Common
	list    postList
	preview preview
	medium  *mediumColumn
	story   storyState // the selected post's record on Medium
	spinner spinner.Model
	focus   focus

	site       wordpress.Site
	gen        int // bumped on every (re)load or sync; older results are dropped
	cancelLoad context.CancelFunc
	loading    bool
	// streaming: the list fills from the pages as they arrive (nothing was
	// on screen when the load started); otherwise the list stays until the
	// sync's result replaces it.
	streaming bool
	loaded    int
	total     int
	loadErr   error
	// state is the store's sync state of the list on screen (with Posts).
	state store.SyncState
	// keepID is the post selected when a reload started: it is selected
	// again once its page arrives.
	keepID int
	now    func() time.Time

	status    string
	statusErr bool
	statusID  int
	notice    string // the start-up notice (notice.go)
	noticeID  int

	// opening is a screen a key asked for; the root shows it at once, before
	// the next key (keys typed right after p belong to the form).
	opening screen
}

// open asks the root to show s.
func (b *browser) open(s screen) tea.Cmd {
	b.opening = s
	return nil
}

// takeOpening hands the root the screen a key asked for, once.
func (b *browser) takeOpening() screen {
	s := b.opening
	b.opening = nil
	return s
}

// clearError removes an error from the status line: it stays until the
// next key, whoever gets the key.
func (b *browser) clearError() {
	if b.statusErr {
		b.status, b.statusErr = "", false
	}
}

func newBrowser(c *Common, medium MediumStatuses) *browser {
	col := newMediumColumn(medium)
	return &browser{
		common:  c,
		list:    newPostList(c, col),
		preview: newPreview(c),
		medium:  col,
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)),
		now:     time.Now,
	}
}

// reload brings the list up to date. With the store (Posts), a sync of
// mode runs and the list on screen stays until its result replaces it;
// without, the site is listed afresh into an empty list, keeping the
// selection.
func (b *browser) reload(mode sitesync.Mode) tea.Cmd {
	if b.common.Posts != nil {
		return b.sync(mode)
	}
	if p, ok := b.list.Selected(); ok {
		b.keepID = p.ID
	}
	ctx := b.restart()
	b.streaming, b.loaded, b.total = true, 0, 0
	b.list.Reset()
	b.preview.Clear()
	return tea.Batch(loadPostsCmd(ctx, b.common.Source, b.gen), loadSiteCmd(b.common.Source, b.gen), b.spinner.Tick)
}

// restart cancels the load under way and starts the next generation.
func (b *browser) restart() context.Context {
	if b.cancelLoad != nil {
		b.cancelLoad()
	}
	b.gen++
	ctx, cancel := context.WithTimeout(context.Background(), listTimeout)
	b.cancelLoad = cancel
	b.loading, b.loadErr = true, nil
	return ctx
}

func (b *browser) quit() {
	if b.cancelLoad != nil {
		b.cancelLoad()
	}
}

// Update handles what the browser asked for (pages, syncs, previews,
// labels, statuses) and, when no screen is open, the keys. After each, the
// Medium labels of the rows around the screen are asked for if missing.
func (b *browser) Update(msg tea.Msg) tea.Cmd {
	cmd := b.update(msg)
	// The command reads the list's posts as they are now: a page appended
	// later goes past their length, and a new list is a new slice.
	labels, waiting := b.medium.want(b.list.around()), b.medium.wantWaiting(b.list.posts, b.list.rev)
	var all tea.Cmd
	if !b.list.LabelsReady() {
		all = b.medium.wantAll(b.list.posts, b.list.rev)
	}
	story := b.wantStory()
	b.applyStory()
	if labels != nil || waiting != nil || all != nil || story != nil {
		return tea.Batch(cmd, labels, waiting, all, story)
	}
	return cmd
}

func (b *browser) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return b.key(msg)

	case tea.MouseMsg:
		return b.mouse(msg)

	case syncDoneMsg:
		return b.synced(msg)

	case ledgerTickMsg, ledgerVersionMsg, mediumLabelsMsg, mediumWaitingMsg:
		return b.medium.update(msg)

	case storyReadMsg:
		b.storyRead(msg)

	case mediumAllLabelsMsg:
		if b.medium.allLabels(msg) {
			b.list.SetLabels(msg.labels, msg.list, b.medium.gen)
			return b.previewSelected()
		}

	case previewPrefetchedMsg:
		if b.preview.Prefetched(msg) {
			return b.prefetchNeighbours()
		}
		return b.preview.renderIfWaiting(msg)

	case siteLoadedMsg:
		if msg.gen == b.gen {
			b.site = msg.site
			b.site.Name = termtext.ForCells(termtext.CleanLine(msg.site.Name))
		}

	case pageLoadedMsg:
		if msg.gen != b.gen {
			return nil
		}
		hadSelection := b.list.Len() > 0
		b.list.Append(msg.page.Posts)
		b.loaded, b.total = b.list.Len(), msg.page.Total
		var cmd tea.Cmd
		switch {
		case b.keepID != 0 && b.list.Select(b.keepID):
			b.keepID = 0
			cmd = b.previewSelected()
		case !hadSelection:
			cmd = b.previewSelected()
		}
		return tea.Batch(cmd, msg.next)

	case loadDoneMsg:
		if msg.gen != b.gen {
			return nil
		}
		b.loading, b.loadErr, b.keepID = false, msg.err, 0
		if msg.err == nil {
			b.total = b.list.Len()
		}

	case previewDueMsg:
		if msg.seq == b.preview.seq && b.preview.Ready() {
			return b.prefetchNeighbours() // shown from the cache, and rested
		}
		return b.preview.Due(msg)

	case previewRenderedMsg:
		if b.preview.Rendered(msg) {
			return b.prefetchNeighbours()
		}

	case statusMsg:
		return b.setStatus(msg.text, msg.isErr)

	case noticeMsg:
		return b.showNotice(msg.text)

	case clearNoticeMsg:
		if msg.id == b.noticeID {
			b.notice = ""
		}

	case resolveFromHistoryMsg:
		return b.resolveFromHistory(msg)

	case clearStatusMsg:
		if msg.id == b.statusID {
			b.status = ""
		}

	case unmarkMsg:
		b.list.Unmark(msg.ids...)

	case spinner.TickMsg:
		// The spinner turns only while a listing runs; reload restarts it.
		if b.loading {
			var cmd tea.Cmd
			b.spinner, cmd = b.spinner.Update(msg)
			return cmd
		}
	}
	return nil
}

// setStatus shows a line in the footer: a note that clears itself, or an
// error that stays until the next key.
func (b *browser) setStatus(text string, isErr bool) tea.Cmd {
	b.statusID++
	b.status, b.statusErr = termtext.CleanLine(text), isErr
	if isErr {
		return nil
	}
	return clearStatusAfter(b.statusID, statusDuration)
}

// copied says what was sent to the clipboard. Nothing tells whether the
// terminal took it, so a URL is shown in the status line and anything longer
// opens on a screen of its own, where it can be selected by hand; over an
// open screen (covered), which shows the text itself, a line is enough.
func (b *browser) copied(msg copiedMsg, covered bool) tea.Cmd {
	if msg.err != nil {
		return b.setStatus("Could not write to the terminal: "+msg.err.Error(), true)
	}
	line := "Asked the terminal to copy " + msg.what + " (OSC 52): " + msg.text
	if covered || (ansi.StringWidth(line) <= b.common.Width && !strings.Contains(msg.text, "\n")) {
		return b.setStatus(line, false)
	}
	return b.open(newTextScreen(b.common, "Asked the terminal to copy "+msg.what, copyNote, msg.text))
}

// copyNote explains OSC 52 on the screen that shows copied text.
const copyNote = "wp2medium asked your terminal to put this on the clipboard (OSC 52). A terminal without OSC 52 ignores the request, and so does tmux unless `set -g set-clipboard on`: then select the text below instead."

// key handles a key while no screen is open.
func (b *browser) key(msg tea.KeyMsg) tea.Cmd {
	k := b.common.Keys
	if b.list.filtering {
		return b.updateList(msg)
	}
	if b.preview.searching() {
		return b.preview.Update(msg) // the preview's search input
	}
	post, selected := b.list.Selected()
	switch {
	case key.Matches(msg, k.Quit):
		b.quit()
		return tea.Quit
	case key.Matches(msg, k.Help):
		return b.open(newHelpScreen(b.common, b.helpKeys()))
	case key.Matches(msg, k.Focus):
		b.setFocus(1 - b.focus)
		return nil
	case key.Matches(msg, k.Reload):
		return b.reload(sitesync.Check)
	case key.Matches(msg, k.Refetch):
		return b.reload(sitesync.Full)
	case key.Matches(msg, k.Setup):
		if b.common.Setup != nil {
			return startSetupCmd(b.common.Setup)
		}
		return nil
	case key.Matches(msg, k.Sort):
		v := b.list.view
		v.sort = (v.sort + 1) % sortOrderCount
		return b.setView(v)
	case key.Matches(msg, k.FilterWP):
		v := b.list.view
		v.status = nextStatus(v.status)
		return b.setView(v)
	case key.Matches(msg, k.FilterMedium):
		v := b.list.view
		v.medium = (v.medium + 1) % mediumFilterCount
		return b.setView(v)
	case key.Matches(msg, k.MarkAll):
		if b.list.view.needsAllLabels() && !b.list.labelsRead() {
			return b.setStatus("Still reading every post's Medium state: A marks what the filter shows once it is read.", true)
		}
		if b.canBulk() {
			n := b.list.MarkShown()
			return b.setStatus(fmt.Sprintf("Marked %s more (%s in all): P publishes them", thousands(n), thousands(b.list.MarkedCount())), false)
		}
		return nil
	case key.Matches(msg, k.ClearMarks):
		if n := b.list.ClearMarks(); n > 0 {
			return b.setStatus("Cleared "+thousands(n)+" marks", false)
		}
		return nil
	case key.Matches(msg, k.History):
		if b.canShowHistory() {
			return b.open(newHistoryScreen(b.common))
		}
		return nil
	case !selected:
	case key.Matches(msg, k.Publish):
		if b.common.Publish == nil {
			return nil
		}
		if !b.common.Publish.Publisher.CanUseAPI() {
			return b.open(newImportScreen(b.common, post))
		}
		return b.open(newPublishScreen(b.common, post))
	case key.Matches(msg, k.Plan):
		if b.canPlan() {
			return b.open(newPlanScreen(b.common, post))
		}
		return nil
	case key.Matches(msg, k.Mark) && b.focus == focusList:
		if b.canBulk() {
			b.list.ToggleMark()
			b.list.moveTo(b.list.cursor + 1)
			return b.previewSelected()
		}
		return nil
	case key.Matches(msg, k.Bulk):
		if posts := b.list.Marked(); len(posts) > 0 && b.canBulk() {
			return b.open(newBulkScreen(b.common, posts))
		}
		return nil
	case key.Matches(msg, k.Diff):
		if b.canDiff(post) {
			return b.open(newDiffScreen(b.common, post))
		}
		return nil
	case key.Matches(msg, k.CopyMD), key.Matches(msg, k.CopyHTML):
		if b.common.Publish != nil {
			return copyForMediumCmd(b.common, post, key.Matches(msg, k.CopyHTML))
		}
		return nil
	case key.Matches(msg, k.Open):
		if link := wordpress.ViewLink(post); link != "" {
			return openURLCmd(link)
		}
		return nil
	case key.Matches(msg, k.Edit):
		if u := b.site.EditURL(post.ID); u != "" {
			return openURLCmd(u)
		}
		return b.setStatus("The site's wp-admin address is not known yet: try again once the header shows the site's name.", true)
	case key.Matches(msg, k.OpenStory), key.Matches(msg, k.CopyStory):
		src, ok := b.medium.src.(StoryRecords)
		if !ok {
			return nil
		}
		if key.Matches(msg, k.OpenStory) {
			return storyURLCmd(src, post, openURLCmd)
		}
		return storyURLCmd(src, post, func(url string) tea.Cmd { return copyCmd(b.common.Terminal, "the story's URL", url) })
	case key.Matches(msg, k.Copy):
		if post.Link != "" {
			return copyCmd(b.common.Terminal, "the post's URL", post.Link)
		}
		return nil
	}
	if b.focus == focusPreview {
		return b.preview.Update(msg)
	}
	return b.updateList(msg)
}

// setView applies the list's filters and order and shows the post now
// selected.
func (b *browser) setView(v listView) tea.Cmd {
	b.list.restore = 0 // the user is choosing now
	b.list.setView(v)
	return b.previewSelected()
}

func (b *browser) setFocus(f focus) {
	b.focus = f
	b.list.focused = f == focusList
	b.preview.focused = f == focusPreview
}

func (b *browser) updateList(msg tea.KeyMsg) tea.Cmd {
	wasFiltering := b.list.filtering
	cmd, moved := b.list.Update(msg)
	cmds := []tea.Cmd{cmd}
	if wasFiltering != b.list.filtering || b.list.Filtered() {
		b.list.clampOffset()
	}
	if moved {
		cmds = append(cmds, b.previewSelected())
	}
	return tea.Batch(cmds...)
}

// previewSelected shows the selected post in the preview pane.
func (b *browser) previewSelected() tea.Cmd {
	if p, ok := b.list.Selected(); ok {
		if p.ID != b.preview.post.ID || !p.ModifiedGMT.Equal(b.preview.post.ModifiedGMT) || !b.preview.has {
			if cmd := b.preview.Show(p); cmd != nil {
				return cmd
			}
			// Shown from the cache: once the cursor rests, the neighbours
			// not cached yet are prefetched (previewDueMsg).
			for _, n := range b.list.neighbours() {
				if b.preview.needsPrefetch(n) {
					return b.preview.debounce()
				}
			}
		}
		return nil
	}
	b.preview.Clear()
	return nil
}

// canBulk: marking and bulk publishing need the API (a token).
func (b *browser) canBulk() bool {
	return b.common.Publish != nil && b.common.Publish.Publisher.CanUseAPI()
}

// canPlan: a plan is kept in the store and sent by `wp2medium sync`
// through the API (a token).
func (b *browser) canPlan() bool {
	return b.canBulk() && b.common.Publish.Plans != nil
}

// reconfigure switches to the clients of new settings and lists afresh:
// from their store's list when there is one, in the view saved for the
// site when the settings name another.
func (b *browser) reconfigure(r Reconfigured, cached listData) tea.Cmd {
	b.common.Source = r.Source
	b.common.Posts = r.Posts
	b.common.Publish = r.Publish
	b.site = wordpress.Site{}
	selected := 0
	if r.View != nil { // another site: its own view
		b.list.view, selected = listViewOf(*r.View), r.View.Selected
	}
	b.list.Reset()
	b.preview.Clear()
	b.showCached(cached, r.CachedState, selected)
	return tea.Batch(b.medium.reset(r.Medium), b.reload(sitesync.Auto))
}
