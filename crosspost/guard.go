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

// guard is the rule before every create: a post whose content links its
// story is already on Medium. The story is recorded (so every later look
// at the post, on any route, finds it), and the send is refused with the
// ledger's own "already on Medium" error, as for a post sent from here.
// A second story, the user's explicit choice, passes.
func (p *Publisher) guard(ref store.PostRef, post wordpress.PostDetail, secondStory bool) error {
	if secondStory {
		return nil
	}
	f, ok := FoundInPost(post)
	if !ok {
		return nil
	}
	if _, err := p.Ledger.RecordFound(ref, f.URL, f.Source, FoundNote(f)); err != nil {
		if errors.Is(err, store.ErrInvalidMediumURL) {
			return nil // the link is the site's own address: not a Medium copy
		}
		return err
	}
	err := p.Ledger.CanAddStory(ref, false)
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w\nIt was found in the post's content on WordPress (%s) and is now recorded on this machine", err, f.How)
}
