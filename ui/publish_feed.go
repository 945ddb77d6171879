package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The unknown-outcome screen looks in Medium's public feed for the story,
// when the send asked for a public one: a match is proposed (y records it,
// as pasting its URL would); anything else leaves the user's choices as
// they were. The feed is a hint, never the truth.

// feedState is where the look in the feed is.
type feedState int

const (
	feedIdle      feedState = iota // no feed to read (no token), or not asked yet
	feedLooking                    // reading the feed
	feedFound                      // a story matched: y records it
	feedNone                       // the feed does not show it
	feedFailed                     // the feed could not be read
	feedNotPublic                  // the send asked for a draft or unlisted story
)

// feedLookup is what the screen knows from the feed.
type feedLookup struct {
	state  feedState
	found  crosspost.Found
	err    error
	status medium.PublishStatus // the status the send asked for, for feedNotPublic
}

// feedCheckedMsg is a feed lookup's result, tagged with its screen.
type feedCheckedMsg struct {
	screen int
	lookup feedLookup
}

// feedYesKey records the story the feed showed.
var feedYesKey = hint("y", "record the story found in the feed")

// lookInFeed starts the look in the feed for the screen's post.
func (m *publishModel) lookInFeed() tea.Cmd {
	deps := m.common.Publish
	if deps.Feed == nil {
		return nil
	}
	m.feed = feedLookup{state: feedLooking}
	return feedCheckCmd(deps, m.common.Posts, m.id, m.detail)
}

// feedCheckCmd reads the ledger's entry (the status the send asked for)
// and, for a public one, the feed, matched against the whole site's list
// (the store's copy, cache; nil: the post alone) so a title another post
// shares is no match, with the stories the ledger gives other posts left
// out.
func feedCheckCmd(deps *PublishDeps, cache PostCache, screen int, post wordpress.PostDetail) tea.Cmd {
	pub, acct, feedURL := deps.Publisher, deps.Feed, deps.FeedURL
	return func() tea.Msg {
		entry, _ := pub.Status(post.Post)
		if st := entry.PublishStatus; st != "" && st != medium.StatusPublic {
			return feedCheckedMsg{screen: screen, lookup: feedLookup{state: feedNotPublic, status: st}}
		}
		p := post.Post
		if p.Link == "" {
			p.Link = entry.Link
		}
		ctx, cancel := context.WithTimeout(context.Background(), crosspost.FeedTimeout)
		defer cancel()
		var site []wordpress.Post
		if cache != nil {
			site, _, _ = cache.Cached()
		}
		found, ok, err := crosspost.CheckFeedFor(ctx, acct, feedURL, p, site, crosspost.TakenStories(pub.Ledger, pub.SiteURL))
		switch {
		case err != nil:
			return feedCheckedMsg{screen: screen, lookup: feedLookup{state: feedFailed, err: err}}
		case !ok:
			return feedCheckedMsg{screen: screen, lookup: feedLookup{state: feedNone}}
		}
		return feedCheckedMsg{screen: screen, lookup: feedLookup{state: feedFound, found: found}}
	}
}

// feedLines are the unknown-outcome screen's lines about the feed.
func (m *publishModel) feedLines() []string {
	st := m.common.Styles
	switch m.feed.state {
	case feedLooking:
		return []string{st.Muted.Render("Looking in Medium's public feed…")}
	case feedFound:
		f := m.feed.found
		how := "matched by " + termtext.CleanLine(f.How)
		if f.How == crosspost.HowTitle {
			how = "matched by title only: check it is this post's story" // y stays: the user's own choice
		}
		return []string{st.Status.Render("Found on Medium's feed: ") + termtext.CleanLine(f.URL) + " (" + how + ") — y records it"}
	case feedNone:
		return []string{st.Muted.Render("Medium's public feed does not show it; the feed holds only the latest 10 public stories, so look yourself.")}
	case feedFailed:
		return []string{st.Muted.Render("Could not look in Medium's public feed (" + termtext.CleanLine(m.feed.err.Error()) + ").")}
	case feedNotPublic:
		return []string{st.Muted.Render("The send asked for a " + strings.ToLower(termtext.CleanLine(m.feed.status.Label())) + " story, which Medium's public feed never lists.")}
	}
	return nil
}
