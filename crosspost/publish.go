package crosspost

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/wp2medium/wp2medium/store"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// DailyLimit is about how many new stories Medium accepts from one user in
// 24 hours. It is not documented; Medium answers the next create with "User
// has reached the rate limit for publishing today."
const DailyLimit = 10

// WarnDailyLimit is the warning that this send is the last one (or past the
// last one) Medium is likely to accept today.
const WarnDailyLimit = "daily-limit"

// MediumAPI is what publishing needs of Medium; *medium.Client satisfies it.
type MediumAPI interface {
	Me(ctx context.Context) (medium.User, error)
	Publications(ctx context.Context, userID string) ([]medium.Publication, error)
	Contributors(ctx context.Context, publicationID string) ([]medium.Contributor, error)
	CreatePost(ctx context.Context, authorID string, req medium.CreatePostRequest) (medium.Post, error)
	CreatePublicationPost(ctx context.Context, publicationID string, req medium.CreatePostRequest) (medium.Post, error)
	UploadImage(ctx context.Context, filename, contentType string, r io.Reader) (medium.Image, error)
}

// CrossLinker adds "Also published on Medium" to the WordPress post, once;
// *wordpress.Client satisfies it.
type CrossLinker interface {
	EnsureCrossLink(ctx context.Context, postID int, mediumURL string) (wordpress.CrossLinkResult, error)
}

// SiteInfo is what publishing needs to know of the WordPress site: its name
// (for "Originally published at SITE NAME") and its own address, which keys
// the ledger. *wordpress.Client satisfies it.
type SiteInfo interface {
	Site(ctx context.Context) (wordpress.Site, error)
}

// PublishTimeout bounds one send: image uploads plus the create. A create
// that times out is recorded as "unknown", never retried.
const PublishTimeout = 3 * time.Minute

// Publisher sends posts of one WordPress site to Medium and records every
// attempt in the ledger. Every route (the app, its bulk publish, the command
// line) publishes through it, so every rule lives here: never a silent
// duplicate (whatever address the site is reached at), record before
// sending, a post that is not public on WordPress gets a public story only
// with the user's consent, a writer in a publication sends drafts only.
type Publisher struct {
	Ledger *store.Ledger
	// Medium is nil without a token: only the importer route remains.
	Medium MediumAPI
	// WordPress is the site; required.
	WordPress SiteInfo
	// Linker edits the WordPress side of the cross-link; nil without an
	// application password (the WordPress side is then skipped).
	Linker CrossLinker
	// SiteURL is the site's address as configured
	// (wordpress.Client.SiteURL): what the ledger falls back to when
	// WordPress cannot be asked for the site's own address.
	SiteURL string
	// HTTPClient fetches images that must be uploaded to Medium; nil uses a
	// client with a 30 s timeout.
	HTTPClient *http.Client
	Now        func() time.Time
	// DailyLimit, when above 0, refuses a create once that many were sent
	// in the last 24 hours (every route counted), with a *store.LimitError:
	// the automatic route's cap. The app and the command line only warn.
	DailyLimit int

	mu     sync.Mutex
	author medium.User // cached Me
	site   *siteInfo   // cached once WordPress answered
}

// siteInfo is what the publisher learnt of the site.
type siteInfo struct {
	key  string // store.SiteKey of the site's own address
	name string
}

// PlanRequest is what the user chose for one post.
type PlanRequest struct {
	Post          wordpress.PostDetail
	Options       Options
	PublicationID string
	// SecondStory creates another story although the post is already on
	// Medium: the user confirmed it (the TUI's second confirmation, --force).
	SecondStory bool
	// UploadImages uploads the images to Medium even when Medium could fetch
	// them itself (--upload-images). Images on a host Medium cannot reach are
	// uploaded anyway.
	UploadImages bool
	// WithoutImages sends the story without its images: the user's choice
	// when they cannot be uploaded.
	WithoutImages bool
	// AllowUnpublished sends a post that is not public on WordPress (a
	// draft, scheduled, pending, private or password-protected post) with a
	// Medium status other than draft: the user confirmed it.
	AllowUnpublished bool
	// DryRun is a plan only shown (publish --dry-run): the guard records
	// no story found in the post (Check would), and refuses the same.
	DryRun bool
}

// Plan is everything decided before sending, to be shown to the user: the
// exact request, the warnings and what will happen around it.
type Plan struct {
	Request      PlanRequest
	Submission   Submission
	UploadImages bool // the images will be uploaded to Medium first
	CreatesToday int  // creates recorded in the last 24 hours
	site         siteInfo
}

// Result is what a publish did.
type Result struct {
	Entry store.Entry // the ledger's record after the send
	Post  medium.Post // Medium's answer
	// CrossLinkErr is set when the story was created but adding the link on
	// the WordPress side failed; the story stays recorded and the link can be
	// retried with LinkOnWordPress.
	CrossLinkErr error
}

// CanUseAPI reports whether a Medium client (a token) is configured. Without
// one the importer route remains: RecordImport.
func (p *Publisher) CanUseAPI() bool { return p.Medium != nil }

func (p *Publisher) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// siteInfo asks WordPress for the site once: its own address keys the
// ledger (the configured address is recorded as its alias) and its name
// signs the cross-link.
func (p *Publisher) siteInfo(ctx context.Context) (siteInfo, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.site != nil {
		return *p.site, nil
	}
	s, err := p.WordPress.Site(ctx)
	if err != nil {
		return siteInfo{}, err
	}
	home := s.URL
	if store.SiteKey(home) == "" {
		home = p.SiteURL
	}
	if err := p.Ledger.SetAlias(p.SiteURL, home); err != nil {
		return siteInfo{}, err
	}
	p.site = &siteInfo{key: store.SiteKey(home), name: s.Name}
	return *p.site, nil
}

// siteKey is the ledger's key for the site: the site's own address when
// WordPress answers, else the configured one (which the ledger maps through
// an alias recorded earlier), so settling an outcome works offline too.
func (p *Publisher) siteKey(ctx context.Context) string {
	if s, err := p.siteInfo(ctx); err == nil {
		return s.key
	}
	return p.SiteURL
}

// Status is the ledger's record of a listed post, for the Medium column:
// found by the site and id, or by the permalink under any site key. It does
// no I/O.
func (p *Publisher) Status(post wordpress.Post) (store.Entry, bool) {
	return p.Ledger.Find(p.SiteURL, post.ID, "", post.Link)
}

// Check says whether the post may be sent now: nil, or the ledger's
// *store.StateError (already on Medium, whatever address it was sent
// through; outcome unknown; being sent). A post whose own content links
// its Medium story (FoundInPost) is already on Medium too: Check records
// that story (the only change it makes) and refuses it the same way,
// unless secondStory.
func (p *Publisher) Check(ctx context.Context, post wordpress.PostDetail, secondStory bool) error {
	return p.check(ctx, post, secondStory, false)
}

// check is Check; with dryRun it writes nothing and refuses the same.
func (p *Publisher) check(ctx context.Context, post wordpress.PostDetail, secondStory, dryRun bool) error {
	s, err := p.siteInfo(ctx)
	if err != nil {
		return err
	}
	ref := store.PostRef{Site: s.key, ID: post.ID, GUID: post.GUID, Link: post.Link}
	if err := p.Ledger.CanAddStory(ref, secondStory); err != nil {
		return err
	}
	return p.guard(ref, post, secondStory, dryRun)
}

// RecordImport records a story made with Medium's importer (or by hand):
// the URL the user pasted, on the import route.
func (p *Publisher) RecordImport(ctx context.Context, post wordpress.PostDetail, mediumURL string, status medium.PublishStatus, secondStory bool) (store.Entry, error) {
	key := p.siteKey(ctx)
	err := p.Ledger.Record(store.Entry{Site: key, PostID: post.ID, GUID: post.GUID, Link: post.Link, URL: mediumURL, PublishStatus: status,
		ModifiedGMT: post.ModifiedGMT, SecondStory: secondStory})
	if err != nil {
		return store.Entry{}, err
	}
	e, _ := p.Ledger.Get(key, post.ID)
	return e, nil
}

// ref names the post for the ledger. Its guid and permalink, when known,
// find a record kept under another address of the site.
func (p *Publisher) ref(ctx context.Context, post wordpress.PostDetail) store.PostRef {
	return store.PostRef{Site: p.siteKey(ctx), ID: post.ID, GUID: post.GUID, Link: post.Link}
}

// ResolveOnMedium records the user's answer to an unknown outcome: the
// story is on Medium at mediumURL. post needs its ID; its guid and link,
// when known, find a record made through another address of the site.
func (p *Publisher) ResolveOnMedium(ctx context.Context, post wordpress.PostDetail, mediumURL string) (store.Entry, error) {
	ref := p.ref(ctx, post)
	if err := p.Ledger.ResolveOnMedium(ref, mediumURL); err != nil {
		return store.Entry{}, err
	}
	e, _ := p.Ledger.Get(ref.Site, post.ID)
	return e, nil
}

// ResolveNotSent records the user's answer to an unknown outcome: there is
// no story, the post may be sent again.
func (p *Publisher) ResolveNotSent(ctx context.Context, post wordpress.PostDetail) (store.Entry, error) {
	ref := p.ref(ctx, post)
	if err := p.Ledger.ResolveNotSent(ref); err != nil {
		return store.Entry{}, err
	}
	e, _ := p.Ledger.Get(ref.Site, post.ID)
	return e, nil
}

// Plan transforms the post and checks every rule that can be checked before
// sending. Nothing is sent or recorded (but the site's address, learnt from
// WordPress, as an alias of the configured one).
func (p *Publisher) Plan(ctx context.Context, req PlanRequest) (Plan, error) {
	if !p.CanUseAPI() {
		return Plan{}, ErrNoToken
	}
	site, err := p.siteInfo(ctx)
	if err != nil {
		return Plan{}, err
	}
	if err := p.check(ctx, req.Post, req.SecondStory, req.DryRun); err != nil {
		return Plan{}, err
	}
	post := req.Post
	if (post.Status != wordpress.StatusPublish || post.Protected) && req.Options.Status != medium.StatusDraft && !req.AllowUnpublished {
		return Plan{}, &NotPublicError{Status: post.Status, Protected: post.Protected, Medium: req.Options.Status}
	}
	if req.PublicationID != "" && req.Options.Status != medium.StatusDraft {
		// When the token may not list contributors, Medium itself decides.
		if role, err := p.Role(ctx, req.PublicationID); err == nil && role != "" && !role.Allows(req.Options.Status) {
			return Plan{}, &DraftsOnlyError{PublicationID: req.PublicationID, Role: role, Medium: req.Options.Status}
		}
	}
	opt := req.Options
	opt.SiteName = site.name
	if opt.Now.IsZero() {
		opt.Now = p.now()
	}
	sub, err := Transform(post, opt)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Request: req, Submission: sub, site: site}
	switch {
	case req.WithoutImages:
		DropImages(&plan.Submission)
	case len(sub.Images) > 0 && (req.UploadImages || MediumCannotReach(p.SiteURL) || anyUnreachable(sub.Images)):
		plan.UploadImages = true
		// The upload is the answer to "Medium cannot reach them".
		plan.Submission.Warnings = withoutWarning(plan.Submission.Warnings, WarnImagesUnreachable)
	}
	plan.CreatesToday = p.Ledger.CreatesSince(p.now().Add(-24 * time.Hour))
	if plan.CreatesToday >= DailyLimit-1 {
		plan.Submission.Warnings = append(plan.Submission.Warnings, Warning{Code: WarnDailyLimit, Message: fmt.Sprintf(
			"%d stories were sent in the last 24 hours; Medium accepts about %d a day, so this one may be refused (\"rate limit for publishing today\"). If it is, send it tomorrow.",
			plan.CreatesToday, DailyLimit)})
	}
	return plan, nil
}

func anyUnreachable(images []string) bool { return countUnreachable(images) > 0 }

// ForEditor is the post as Plan would build its story with opt, signed with
// the site's name, for pasting into Medium's editor (the route without a
// token): nothing is sent or recorded, so neither the ledger nor a consent
// is asked.
func (p *Publisher) ForEditor(ctx context.Context, post wordpress.PostDetail, opt Options) (Submission, error) {
	if s, err := p.siteInfo(ctx); err == nil {
		opt.SiteName = s.name // else the transform names the permalink's host
	}
	if opt.Now.IsZero() {
		opt.Now = p.now()
	}
	return Transform(post, opt)
}

// Publish carries out a plan made by Plan: images first (nothing is recorded
// if they fail, since no story can exist yet), then the create, recorded as
// "sending" before it leaves and as sent, failed or unknown after. A create
// is never retried.
func (p *Publisher) Publish(ctx context.Context, plan Plan) (Result, error) {
	if !p.CanUseAPI() {
		return Result{}, ErrNoToken
	}
	if plan.site.key == "" {
		return Result{}, errors.New("crosspost: Publish needs a plan made by Plan")
	}
	req, sub := plan.Request, plan.Submission
	hash := ContentHash(sub.Request.Content)
	var uploaded map[string]string // the post's image → its copy on Medium
	if plan.UploadImages {
		uploaded = map[string]string{}
		upload := func(ctx context.Context, src string) (string, error) {
			u, err := p.uploadImage(ctx, src)
			uploaded[src] = u
			return u, err
		}
		if err := RewriteImages(ctx, &sub, upload); err != nil {
			return Result{}, err
		}
	}
	author, err := p.me(ctx)
	if err != nil {
		return Result{}, err
	}
	key := plan.site.key
	entry := store.Entry{
		Site: key, PostID: req.Post.ID, GUID: req.Post.GUID, Link: req.Post.Link, Route: store.RouteAPI,
		PublishStatus: sub.Request.PublishStatus, License: sub.Request.License,
		PublicationID: req.PublicationID, Tags: sub.Request.Tags, CrossLink: req.Options.CrossLink,
		ModifiedGMT: req.Post.ModifiedGMT, ContentHash: hash, SecondStory: req.SecondStory,
	}
	if err := p.Ledger.BeginSendKeeping(entry, store.Limit{Max: p.DailyLimit, Window: 24 * time.Hour}, keptBody(sub.Request, uploaded)); err != nil {
		return Result{}, err
	}
	var post medium.Post
	if req.PublicationID != "" {
		post, err = p.Medium.CreatePublicationPost(ctx, req.PublicationID, sub.Request)
	} else {
		post, err = p.Medium.CreatePost(ctx, author.ID, sub.Request)
	}
	if ferr := p.Ledger.Finish(key, req.Post.ID, post, err); ferr != nil {
		if err == nil {
			return Result{Post: post}, fmt.Errorf("the story was created at %s but could not be recorded: %w", post.URL, ferr)
		}
		return Result{}, errors.Join(err, ferr)
	}
	res := Result{Post: post}
	res.Entry, _ = p.Ledger.Get(key, req.Post.ID)
	if err != nil {
		return res, err
	}
	if req.Options.CrossLink && p.Linker != nil {
		res.CrossLinkErr = p.LinkOnWordPress(ctx, req.Post)
		res.Entry, _ = p.Ledger.Get(key, req.Post.ID)
	}
	return res, nil
}

// LinkOnWordPress adds "Also published on Medium" to the WordPress post of a
// story already recorded as sent. It is safe to repeat: the WordPress client
// adds the paragraph once.
func (p *Publisher) LinkOnWordPress(ctx context.Context, post wordpress.PostDetail) error {
	ref := p.ref(ctx, post)
	postID := post.ID
	e, ok := p.Ledger.Find(ref.Site, postID, ref.GUID, ref.Link)
	if !ok || e.State != store.StateSent || e.URL == "" {
		return fmt.Errorf("post %d has no Medium story recorded, so there is nothing to link to", postID)
	}
	if p.Linker == nil {
		return errors.New("linking on WordPress needs an application password of a user who may edit the post")
	}
	res, err := p.Linker.EnsureCrossLink(ctx, postID, e.URL)
	if err != nil {
		return fmt.Errorf("the Medium story is recorded, but adding its link to the WordPress post failed: %w", err)
	}
	return p.Ledger.SetWordPressLinked(ref, res.ModifiedGMT)
}

// Publications lists the publications the token's user belongs to. Many
// integration tokens lack the listPublications scope: the error then has
// medium.KindMissingScope and the user can type a publication id instead.
func (p *Publisher) Publications(ctx context.Context) ([]medium.Publication, error) {
	if !p.CanUseAPI() {
		return nil, ErrNoToken
	}
	u, err := p.me(ctx)
	if err != nil {
		return nil, err
	}
	return p.Medium.Publications(ctx, u.ID)
}

// Role is the user's role in a publication ("" when Medium does not say).
func (p *Publisher) Role(ctx context.Context, publicationID string) (medium.Role, error) {
	if !p.CanUseAPI() {
		return "", ErrNoToken
	}
	u, err := p.me(ctx)
	if err != nil {
		return "", err
	}
	cs, err := p.Medium.Contributors(ctx, publicationID)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if c.UserID == u.ID {
			return c.Role, nil
		}
	}
	return "", nil
}

func (p *Publisher) me(ctx context.Context) (medium.User, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.author.ID != "" {
		return p.author, nil
	}
	u, err := p.Medium.Me(ctx)
	if err != nil {
		return medium.User{}, err
	}
	p.author = u
	return u, nil
}

// maxImageBytes bounds an image fetched for upload.
const maxImageBytes = 25 << 20

func (p *Publisher) uploadImage(ctx context.Context, src string) (string, error) {
	hc := p.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("fetching it from the site to upload it failed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("the site answered %s when it was fetched to be uploaded", resp.Status)
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "image/") {
		ctype = mime.TypeByExtension(path.Ext(req.URL.Path))
	}
	img, err := p.Medium.UploadImage(ctx, path.Base(req.URL.Path), ctype, io.LimitReader(resp.Body, maxImageBytes))
	if err != nil {
		return "", err
	}
	return img.URL, nil
}

// ContentHash is the hex SHA-256 of the content sent, kept in the ledger to
// tell later whether the post changed.
func ContentHash(content string) string {
	sum := sha256.Sum256([]byte(content))
	return hex.EncodeToString(sum[:])
}
