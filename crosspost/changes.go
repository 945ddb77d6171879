package crosspost

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// ErrNeverSent: the post has no story on record, so nothing changed since.
var ErrNeverSent = errors.New("the post was never sent to Medium")

// Changes is what changed between what Medium got for a post's story and
// what the transform makes of the post now: Medium's API cannot edit a
// story, so the writer redoes these edits in Medium's editor (or pastes
// Now's content, the c and C keys), then says so with MarkUpdated.
type Changes struct {
	Post  wordpress.PostDetail // the post now
	Entry store.Entry          // the ledger's record
	// Kept: a copy of what Medium got is kept (store.SentBody). Without one
	// (a send before wp2medium kept them, a story recorded by hand or
	// imported) only the times are known and the fields below are empty.
	Kept bool
	// KeptAt is when the copy was kept: the send, or the last MarkUpdated.
	KeptAt time.Time
	// Changed is the ledger's verdict, as the list's "changed" label says.
	Changed bool

	TitleWas, TitleNow       string // set when the title changed
	TagsAdded, TagsRemoved   []string
	LinksAdded, LinksRemoved []string
	// Images are the post's own image addresses (an image uploaded to
	// Medium is named by the address it was uploaded from).
	ImagesAdded, ImagesRemoved []string
	Text                       []Hunk

	// Now is what the transform makes of the post now, with the choices
	// the story was sent with.
	Now Submission
}

// None reports that what Medium got and what the post makes now are the
// same, as far as the kept copy tells (false when no copy is kept).
func (c Changes) None() bool {
	return c.Kept && c.TitleNow == "" && c.TitleWas == "" && len(c.TagsAdded)+len(c.TagsRemoved)+len(c.LinksAdded)+
		len(c.LinksRemoved)+len(c.ImagesAdded)+len(c.ImagesRemoved)+len(c.Text) == 0
}

// Changes compares the post (as WordPress has it now) with the copy kept of
// what Medium got for its story. It reads the ledger and the store, and
// asks WordPress for the site's name (the cross-link's signature) once. A
// post without a story on record is ErrNeverSent; one whose last send
// failed is a *store.StateError (store.ErrNotSent).
func (p *Publisher) Changes(ctx context.Context, post wordpress.PostDetail) (Changes, error) {
	ref := p.ref(ctx, post)
	e, ok := p.Ledger.Find(ref.Site, post.ID, ref.GUID, ref.Link)
	if !ok {
		return Changes{}, fmt.Errorf("post %d: %w, so nothing changed since; 'wp2medium publish %d' sends it", post.ID, ErrNeverSent, post.ID)
	}
	if e.State == store.StateFailed {
		return Changes{}, &store.StateError{Op: "compare with Medium", Site: e.Site, PostID: e.PostID, State: e.State, Kind: store.ErrNotSent}
	}
	c := Changes{Post: post, Entry: e}
	kept, has, err := p.Ledger.SentBody(ref.Site, post.ID, ref.GUID, ref.Link)
	if err != nil {
		return c, err
	}
	var was medium.CreatePostRequest
	var uploaded map[string]string
	if has {
		if was, uploaded, err = readKept(kept.Body); err != nil {
			return c, err
		}
	}
	c.Now, err = p.ForEditor(ctx, post, optionsOf(e, was, has))
	if err != nil {
		return c, err
	}
	c.Changed = e.ChangedSince(post.ModifiedGMT, "")
	if !has {
		return c, nil
	}
	c.Kept, c.KeptAt = true, kept.KeptAt
	now := c.Now.Request
	if was.Title != now.Title {
		c.TitleWas, c.TitleNow = was.Title, now.Title
	}
	c.TagsAdded, c.TagsRemoved = setDiff(was.Tags, now.Tags)
	c.LinksAdded, c.LinksRemoved = setDiff(hrefs(was.Content), hrefs(now.Content))
	c.ImagesAdded, c.ImagesRemoved = setDiff(originals(srcs(was.Content), uploaded), srcs(now.Content))
	c.Text = diffText(bodyLines(was), bodyLines(now))
	return c, nil
}

// bodyLines is the text of the story without its title heading (the title
// is compared on its own).
func bodyLines(req medium.CreatePostRequest) []string {
	lines := textLines(req.Content)
	if len(lines) > 0 && lines[0] == strings.Join(strings.Fields(req.Title), " ") {
		lines = lines[1:]
	}
	return lines
}

// optionsOf are the choices the story was sent with, as far as the record
// and the copy tell: its status, licence and cross-link; notification and
// the kept date from the copy. Tags are the post's own now (nil), so that a
// tag changed on WordPress shows; tags typed for the send show as changed.
func optionsOf(e store.Entry, was medium.CreatePostRequest, kept bool) Options {
	o := Options{Status: e.PublishStatus, License: e.License, CrossLink: e.CrossLink}
	if o.Status == "" {
		o.Status = medium.StatusDraft // a story recorded by hand: the status does not change the content
	}
	if o.License == "" {
		o.License = medium.LicenseAllRightsReserved // Medium's default
	}
	if kept {
		o.NotifyFollowers = was.NotifyFollowers
		o.KeepDate = was.PublishedAt != ""
	}
	return o
}

// originals names each image by the address it was uploaded from.
func originals(images []string, uploaded map[string]string) []string {
	if len(uploaded) == 0 {
		return images
	}
	back := make(map[string]string, len(uploaded))
	for from, to := range uploaded {
		back[to] = from
	}
	out := make([]string, 0, len(images))
	for _, img := range images {
		if from, ok := back[img]; ok {
			img = from
		}
		if !slices.Contains(out, img) {
			out = append(out, img)
		}
	}
	return out
}

// MarkUpdated records that the user brought the post's story up to date on
// Medium by hand: the record takes the post's modified time and content
// hash now, and the kept copy becomes what the transform makes now, so a
// later diff starts from there. note, when set, says how. It is refused
// (a *store.StateError) for a post that is not on Medium.
func (p *Publisher) MarkUpdated(ctx context.Context, post wordpress.PostDetail, note string) (store.Entry, error) {
	ref := p.ref(ctx, post)
	e, ok := p.Ledger.Find(ref.Site, post.ID, ref.GUID, ref.Link)
	if !ok {
		return store.Entry{}, p.Ledger.MarkUpdated(ref, store.Update{}) // says ErrNoRecord
	}
	if e.State != store.StateSent {
		return store.Entry{}, p.Ledger.MarkUpdated(ref, store.Update{}) // says why not
	}
	var was medium.CreatePostRequest
	kept, has, _ := p.Ledger.SentBody(ref.Site, post.ID, ref.GUID, ref.Link)
	if has {
		was, _, _ = readKept(kept.Body)
	}
	sub, err := p.ForEditor(ctx, post, optionsOf(e, was, has))
	if err != nil {
		return store.Entry{}, err
	}
	if err := p.Ledger.MarkUpdated(ref, store.Update{
		ModifiedGMT: post.ModifiedGMT, ContentHash: ContentHash(sub.Request.Content), Note: note,
		Body: keptBody(sub.Request, nil),
	}); err != nil {
		return store.Entry{}, err
	}
	e, _ = p.Ledger.Get(ref.Site, post.ID)
	return e, nil
}
