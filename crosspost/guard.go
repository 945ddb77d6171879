package crosspost

import (
	"context"
	"errors"
	"fmt"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// FoundInPost is the story the post's own content links as its Medium
// copy (wordpress.StoryLink): in the stored content, else in the rendered
// one. A post whose WordPress copy says "Also published on Medium" is on
// Medium, whatever this machine's ledger says: another machine, or a
// data directory since lost, sent it.
func FoundInPost(post wordpress.PostDetail) (Found, bool) {
	for _, content := range []string{post.RawContent, post.ContentHTML} {
		if u, how, ok := wordpress.StoryLink(content); ok {
			return Found{PostID: post.ID, URL: u, Source: store.FoundWordPress, How: how}, true
		}
	}
	return Found{}, false
}

// FoundNote is the ledger's note for a found story: where it was found.
func FoundNote(f Found) string {
	where := "Found in the post's content on WordPress"
	if f.Source == store.FoundFeed {
		where = "Found in Medium's public feed"
	}
	if f.How != "" {
		where += " (" + f.How + ")"
	}
	return where
}

// RecordFound records a story of the post found outside this machine's
// record under the site's ledger key (store.Ledger.RecordFound); with
// dryRun it only says what it would do (store.Ledger.CheckFound). post
// needs its ID; its guid and link, when known, find a record kept under
// another address of the site.
func (p *Publisher) RecordFound(ctx context.Context, post wordpress.PostDetail, f Found, dryRun bool) (store.FoundResult, error) {
	ref := p.ref(ctx, post)
	if dryRun {
		return p.Ledger.CheckFound(ref, f.URL, f.Source, FoundNote(f))
	}
	return p.Ledger.RecordFound(ref, f.URL, f.Source, FoundNote(f))
}

// ClaimInPost is a post whose content says it is also on Medium (the
// cross-link element, the plugin footer) but links no story address
// (wordpress.StoryClaim): in the stored content, else in the rendered one.
func ClaimInPost(post wordpress.PostDetail) (href, how string, ok bool) {
	for _, content := range []string{post.RawContent, post.ContentHTML} {
		if href, how, ok := wordpress.StoryClaim(content); ok {
			return href, how, true
		}
	}
	return "", "", false
}

// ClaimError refuses a post whose content says it is also on Medium but
// links an address that is not a Medium story (or the site's own). It
// unwraps to the ledger's already-on-Medium *store.StateError, so every
// route refuses it as a post already sent and offers a second story.
type ClaimError struct {
	PostID int
	Href   string // the link the post carries ("" when none)
	How    string // wordpress.HowCrossLink or HowPluginFooter
	State  *store.StateError
}

func (e *ClaimError) Error() string {
	links := "links nothing"
	if e.Href != "" {
		links = "links " + e.Href
	}
	return fmt.Sprintf("cannot send post %d: the post says it is also published on Medium (%s) but %s, which is not a Medium story address; record the story with 'wp2medium record %d URL', or send a second one with --force",
		e.PostID, e.How, links, e.PostID)
}

// Unwrap returns the already-on-Medium refusal.
func (e *ClaimError) Unwrap() error { return e.State }

func claimError(ref store.PostRef, href, how string) error {
	return &ClaimError{PostID: ref.ID, Href: href, How: how,
		State: &store.StateError{Op: "send", Site: ref.Site, PostID: ref.ID, State: store.StateSent, Kind: store.ErrAlreadySent}}
}

// guard is the rule before every create: a post whose content links its
// story is already on Medium. The story is recorded (so every later look
// at the post, on any route, finds it), and the send is refused with the
// ledger's own "already on Medium" error, as for a post sent from here.
// A second story, the user's explicit choice, passes, after the found
// story is recorded (the send then moves it into the record's history).
// With dryRun nothing is written (store.Ledger.CheckFound) and the same
// refusal is made.
//
// A post whose marker or footer links no usable story (ClaimError) is
// refused too: it says it was cross-posted. A post whose content links a
// story the ledger records for another post of the site is a copy of that
// post (Duplicate Post, a copied block): the story is not recorded for it,
// and the post is not refused for it; it publishes as any unsent post.
func (p *Publisher) guard(ref store.PostRef, post wordpress.PostDetail, secondStory, dryRun bool) error {
	f, ok := FoundInPost(post)
	if !ok {
		if href, how, claimed := ClaimInPost(post); claimed && !secondStory {
			return claimError(ref, href, how)
		}
		return nil
	}
	record := p.Ledger.RecordFound
	if dryRun {
		record = p.Ledger.CheckFound
	}
	res, err := record(ref, f.URL, f.Source, FoundNote(f))
	if err != nil {
		if errors.Is(err, store.ErrInvalidMediumURL) {
			if secondStory {
				return nil
			}
			return claimError(ref, f.URL, f.How) // the site's own address
		}
		return err
	}
	if secondStory {
		return nil
	}
	if dryRun && res.Outcome == store.FoundRecorded {
		se := &store.StateError{Op: "send", Site: ref.Site, PostID: ref.ID, State: store.StateSent, URL: f.URL, Kind: store.ErrAlreadySent}
		return fmt.Errorf("%w\nIt was found in the post's content on WordPress (%s); a dry run records nothing", se, f.How)
	}
	err = p.Ledger.CanAddStory(ref, false)
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w\nIt was found in the post's content on WordPress (%s) and is now recorded on this machine", err, f.How)
}
