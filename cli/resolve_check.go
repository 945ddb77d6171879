package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Exit codes of resolve --check beyond 0 (recorded), 1 (the feed could not
// be read, or another error) and 2 (usage). Either way the outcome stays
// unknown.
const (
	// exitUnconfirmed: a story was found in the feed but not recorded: the
	// answer was no, or there was no one to ask (stdin is not a terminal)
	// and --yes was not given.
	exitUnconfirmed = 4
	// exitNotInFeed: the feed does not show the story, or the send was not
	// public, so the feed cannot.
	exitNotInFeed = 5
)

// resolveCheckHelp is the part of resolve's help about --check.
const resolveCheckHelp = `
With --check, wp2medium looks for the story in Medium's public feed of your
account ([medium] feed_url) when the send asked for a public story, and on a
match shows its URL and asks y/N before recording it (--yes records it without
asking, except a story matched by title only: that one always needs your y
at a terminal). The feed holds only your latest 10 public stories and Medium may
refuse it to programs, so it is a hint: when it shows nothing, look yourself.

Exit codes with --check: 0 recorded, 1 the feed could not be read (the outcome
stays unknown), 2 usage error, 4 found but not recorded (answered no, or no
terminal to ask and no --yes), 5 not in the feed (or the send was not public).`

// runResolveCheck is resolve --check: the feed proposes, the user decides.
func runResolveCheck(cmd *cobra.Command, g *globalFlags, arg string, yes bool) error {
	e, l, id, err := openPostLedger(cmd, g, arg)
	if err != nil {
		return err
	}
	defer e.Close()
	ctx, cancel := context.WithTimeout(cmd.Context(), g.timeout)
	defer cancel()
	post := knownPost(ctx, e, id)
	entry, had := l.Find(e.wp.SiteURL(), id, post.GUID, post.Link)
	next := fmt.Sprintf("then run 'wp2medium resolve %d --on-medium URL' with the story's address, or 'wp2medium resolve %d --not-sent' if there is none", id, id)
	switch {
	case !had || entry.State != store.StateUnknown:
		return fmt.Errorf("post %d has no unknown outcome to check (it is %s); --check looks for the story of a send whose outcome is unknown",
			id, strings.ToLower(entry.State.Label()))
	case entry.PublishStatus != "" && entry.PublishStatus != medium.StatusPublic:
		return codedError{code: exitNotInFeed, err: fmt.Errorf("the send of post %d asked Medium for a %s story, which the public feed never lists. Look at your Medium drafts and stories, %s",
			id, strings.ToLower(entry.PublishStatus.Label()), next)}
	case e.medium == nil:
		return fmt.Errorf("%w: the feed's address comes from your Medium username, which the token tells", errNoToken)
	}
	if post.Link == "" {
		post.Link = entry.Link // WordPress could not be asked: the permalink sent
	}
	// The whole site's list (the store's copy, no request), so a title
	// another post shares is no match, and the stories the ledger gives
	// other posts are never proposed for this one.
	var site []wordpress.Post
	if st, err := e.store(); err == nil {
		site, _ = st.Posts(e.wp.SiteURL())
	}
	f, ok, err := crosspost.CheckFeedFor(ctx, e.medium, e.cfg.Medium.FeedURL, post.Post, site, crosspost.TakenStories(l, e.wp.SiteURL()))
	if err != nil {
		return fmt.Errorf("could not look in Medium's public feed, so post %d's outcome stays unknown: %w\nLook at your Medium profile and drafts yourself, %s", id, err, next)
	}
	if !ok {
		return codedError{code: exitNotInFeed, err: fmt.Errorf("Medium's public feed does not show post %d's story. The feed holds only your latest 10 public stories (and Medium may take a while to list a new one), so this is no proof there is none. Look at your Medium profile and drafts, %s", id, next)}
	}
	out := cmd.OutOrStdout()
	titleOnly := f.How == crosspost.HowTitle
	if titleOnly {
		fmt.Fprintf(out, "Found on Medium's feed: %s (matched by title only: check it is this post's story)\n", f.URL)
	} else {
		fmt.Fprintf(out, "Found on Medium's feed: %s (matched by %s)\n", f.URL, f.How)
	}
	if !yes || titleOnly {
		switch {
		case !interactive(cmd.InOrStdin()) && titleOnly:
			return codedError{code: exitUnconfirmed, err: fmt.Errorf("not recorded: a story matched by title only needs your answer at a terminal (--yes does not take it). Check the story, then run 'wp2medium resolve %d --check' at a terminal or 'wp2medium resolve %d --on-medium %s'", id, id, f.URL)}
		case !interactive(cmd.InOrStdin()):
			return codedError{code: exitUnconfirmed, err: fmt.Errorf("not recorded: there is no terminal to confirm it. Check the story, then run 'wp2medium resolve %d --check --yes' or 'wp2medium resolve %d --on-medium %s'", id, id, f.URL)}
		}
		fmt.Fprintf(out, "Record post %d as on Medium at this address? [y/N] ", id)
		if !confirmed(cmd.InOrStdin()) {
			return codedError{code: exitUnconfirmed, err: fmt.Errorf("not recorded: post %d's outcome stays unknown. Look at your Medium profile and drafts, %s", id, next)}
		}
	}
	// The answer may have taken a while: the record gets a fresh deadline.
	rctx, rcancel := context.WithTimeout(cmd.Context(), g.timeout)
	defer rcancel()
	rec, err := e.publisher(l).ResolveOnMedium(rctx, post, f.URL)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "Post %d is recorded as on Medium: %s\n", id, rec.URL)
	return err
}

// interactive reports whether someone can answer on in: a terminal, or a
// reader a caller handed the command (tests, an embedding program).
func interactive(in io.Reader) bool {
	f, ok := in.(*os.File)
	return !ok || term.IsTerminal(int(f.Fd()))
}

// confirmed reads one answer; only y or yes is a yes.
func confirmed(in io.Reader) bool {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}
