package ui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/store"
)

// historyScreen is every send the ledger recorded for the site, newest
// first (h): a row per send, earlier attempts and stories included. The
// selected row's story opens (O) or its URL is copied (Y); enter on a
// post's latest send whose outcome is unknown opens the publish screen,
// which asks what happened.
type historyScreen struct {
	common *Common
	id     int // tags this screen's read
	width  int
	height int

	loaded bool
	err    error
	sends  []store.Send
	cursor int
	offset int
	note   string // a one-line answer to the last key
}

func newHistoryScreen(c *Common) *historyScreen {
	return &historyScreen{common: c, id: nextScreenID()}
}

// historyLoadedMsg is the store's history, read for screen id.
type historyLoadedMsg struct {
	id    int
	sends []store.Send
	err   error
}

// resolveFromHistoryMsg asks the browser, once the history has closed, to
// open the publish screen of the post, which settles its unknown outcome.
type resolveFromHistoryMsg struct{ postID int }

// loadHistoryCmd reads the history of sends from the store.
func loadHistoryCmd(h SendHistory, id int) tea.Cmd {
	return func() tea.Msg {
		sends, err := h.History()
		return historyLoadedMsg{id: id, sends: sends, err: err}
	}
}

func (s *historyScreen) Init() tea.Cmd { return loadHistoryCmd(s.common.Publish.History, s.id) }

func (s *historyScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.scrollTo(s.cursor)
}

var (
	closeHistoryKey   = key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")) // and the History key
	resolveHistoryKey = hint("enter", "resolve the unknown outcome")
)

func (s *historyScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if msg.id == s.id {
			s.loaded, s.sends, s.err = true, msg.sends, msg.err
			s.scrollTo(0)
		}
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *historyScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.common.Keys
	s.note = ""
	send, selected := s.selected()
	switch {
	case key.Matches(msg, closeHistoryKey), key.Matches(msg, k.History):
		return closeScreen
	case s.move(msg):
	case !selected:
	case key.Matches(msg, k.OpenStory):
		if send.URL == "" {
			s.note = "This send has no story URL."
			return nil
		}
		return openURLCmd(send.URL)
	case key.Matches(msg, k.CopyStory):
		if send.URL == "" {
			s.note = "This send has no story URL."
			return nil
		}
		return copyCmd(s.common.Terminal, "the story's URL", send.URL)
	case msg.String() == "enter":
		switch {
		case send.State != store.StateUnknown:
			s.note = "Enter settles an unknown outcome; this send's outcome is known."
		case !send.Current:
			s.note = "A later send of this post replaced this one: there is nothing to settle."
		default:
			id := send.PostID
			return tea.Sequence(closeScreen, func() tea.Msg { return resolveFromHistoryMsg{postID: id} })
		}
	}
	return nil
}

func (s *historyScreen) selected() (store.Send, bool) {
	if s.cursor < 0 || s.cursor >= len(s.sends) {
		return store.Send{}, false
	}
	return s.sends[s.cursor], true
}

// head is the lines above the rows; foot the selected send's details.
const historyHeadLines, historyFootLines = 3, 3

// rows is how many sends fit on the screen.
func (s *historyScreen) rows() int { return max(s.height-historyHeadLines-historyFootLines, 1) }

// scrollTo moves the cursor to i (kept in range) and the rows to show it.
// move follows a move key; false for any other key.
func (s *historyScreen) move(msg tea.KeyMsg) bool {
	to, ok := s.common.Keys.moveTo(msg, s.cursor, s.rows(), len(s.sends))
	if ok {
		s.scrollTo(to)
	}
	return ok
}

func (s *historyScreen) scrollTo(i int) {
	s.cursor = max(0, min(i, len(s.sends)-1))
	rows := s.rows()
	switch {
	case s.cursor < s.offset:
		s.offset = s.cursor
	case s.cursor >= s.offset+rows:
		s.offset = s.cursor - rows + 1
	}
	s.offset = max(0, min(s.offset, len(s.sends)-rows))
}

// historyColumns are the widths of the columns; 0 drops a column. The
// title takes what is left; the story URL, then the route, then the
// status go first when the title would keep fewer than minHistoryTitle.
type historyColumns struct{ route, status, title, url int }

const (
	historyTimeW    = 16 // 2006-01-02 15:04
	historyPostW    = 7
	historyOutcomeW = 15 // Outcome unknown
	minHistoryTitle = 20
)

func (s *historyScreen) columns() historyColumns {
	c := historyColumns{route: len("importer"), status: len("unlisted")}
	longest := len("Title")
	for _, sd := range s.sends {
		c.url = max(c.url, len(sd.URL))
		longest = max(longest, ansi.StringWidth(termtext.ForCells(termtext.CleanLine(sd.Title))))
	}
	if c.url > 0 {
		c.url = max(c.url, len("Story URL"))
	}
	rest := func() int {
		w := s.width - 1 - historyTimeW - 2 - historyPostW - 2 - historyOutcomeW
		for _, col := range []int{c.route, c.status, c.url} {
			if col > 0 {
				w -= 2 + col
			}
		}
		return w - 2
	}
	for _, drop := range []*int{&c.url, &c.route, &c.status} {
		if rest() >= minHistoryTitle {
			break
		}
		*drop = 0
	}
	c.title = max(min(rest(), longest), 5)
	return c
}

func historyRoute(r store.Route) string {
	switch r {
	case store.RouteAPI:
		return "API"
	case store.RouteImport:
		return "importer"
	}
	return string(r)
}

func (c historyColumns) row(at, post, outcome, route, status, title, url string) string {
	cols := []string{pad(at, historyTimeW), pad(post, historyPostW), pad(outcome, historyOutcomeW)}
	if c.route > 0 {
		cols = append(cols, pad(route, c.route))
	}
	if c.status > 0 {
		cols = append(cols, pad(status, c.status))
	}
	cols = append(cols, pad(title, c.title))
	if c.url > 0 {
		cols = append(cols, url)
	}
	return strings.Join(cols, "  ")
}

func (s *historyScreen) View() string {
	st := s.common.Styles
	var b strings.Builder
	b.WriteString(st.Header.Render("History of sends") + "\n")
	switch {
	case !s.loaded:
		b.WriteString(st.Muted.Render("Reading the store…"))
		return b.String()
	case s.err != nil:
		b.WriteString("\n" + st.Error.Render(wrapText("Could not read the history: "+termtext.CleanLine(s.err.Error()), s.width)))
		return b.String()
	case len(s.sends) == 0:
		b.WriteString("\n" + st.Muted.Render(wrapText("Nothing was sent to Medium from this site yet. Select a post and press p to publish it.", s.width)))
		return b.String()
	}
	b.WriteString(st.Muted.Render(fitLine(sendCount(len(s.sends))+", newest first (times in UTC)", s.width)) + "\n")
	c := s.columns()
	b.WriteString(st.ColumnHeader.Render(fitLine(" "+c.row("Time (UTC)", "Post", "Outcome", "Route", "Status", "Title", "Story URL"), s.width)) + "\n")
	end := min(s.offset+s.rows(), len(s.sends))
	for i := s.offset; i < end; i++ {
		sd := s.sends[i]
		at := ""
		if t := sd.When(); !t.IsZero() {
			at = t.UTC().Format("2006-01-02 15:04")
		}
		title := termtext.ForCells(termtext.CleanLine(sd.Title))
		line := c.row(at, strconv.Itoa(sd.PostID), sd.State.Label(), historyRoute(sd.Route), string(sd.PublishStatus),
			title, termtext.CleanLine(sd.URL))
		if i == s.cursor {
			b.WriteString(st.RowSelected.Render(fitLine("▌"+line, s.width)))
		} else {
			b.WriteString(fitLine(" "+line, s.width))
		}
		b.WriteString("\n")
	}
	for i := end - s.offset; i < s.rows(); i++ {
		b.WriteString("\n")
	}
	b.WriteString(s.details())
	return b.String()
}

// details are the selected send's full URL, error and note, which the
// columns may not show, or the answer to the last key.
func (s *historyScreen) details() string {
	st := s.common.Styles
	if s.note != "" {
		return st.Muted.Render(fitLine(s.note, s.width))
	}
	sd, ok := s.selected()
	if !ok {
		return ""
	}
	var parts []string
	if sd.URL != "" {
		parts = append(parts, sd.URL)
	}
	if sd.Error != "" {
		parts = append(parts, sd.Error)
	}
	if sd.Note != "" {
		parts = append(parts, sd.Note)
	}
	if sd.State == store.StateUnknown && sd.Current {
		parts = append(parts, "Enter: say whether the story is on Medium.")
	}
	text := wrapText(termtext.CleanLine(strings.Join(parts, " · ")), s.width)
	lines := strings.Split(text, "\n")
	if len(lines) > historyFootLines {
		lines = lines[:historyFootLines]
	}
	return st.Muted.Render(strings.Join(lines, "\n"))
}

func (s *historyScreen) ShortHelp() []key.Binding {
	k := s.common.Keys
	keys := []key.Binding{scrollKey}
	if sd, ok := s.selected(); ok {
		if sd.URL != "" {
			keys = append(keys, k.OpenStory, k.CopyStory)
		}
		if sd.State == store.StateUnknown && sd.Current {
			keys = append(keys, resolveHistoryKey)
		}
	}
	return append(keys, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc/"+k.History.Help().Key, "close")))
}

func (s *historyScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// resolveFromHistory opens the publish screen of the post whose unknown
// outcome the user chose in the history, or says why it cannot.
func (b *browser) resolveFromHistory(msg resolveFromHistoryMsg) tea.Cmd {
	i, ok := b.list.byID[msg.postID]
	if !ok {
		return b.setStatus(fmt.Sprintf("Post %d is not in the list (deleted or trashed on WordPress?): settle it with wp2medium resolve %d", msg.postID, msg.postID), true)
	}
	if b.common.Publish == nil {
		return nil
	}
	return b.open(newPublishScreen(b.common, b.list.posts[i]))
}

// canShowHistory: the history is the store's (Publish.History).
func (b *browser) canShowHistory() bool {
	return b.common.Publish != nil && b.common.Publish.History != nil
}

// sendCount is "1 send" or "N sends".
func sendCount(n int) string {
	if n == 1 {
		return "1 send"
	}
	return thousands(n) + " sends"
}
