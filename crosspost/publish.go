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

// Publisher sends posts of one WordPress site to Medium and records every
// attempt in the ledger. The command line and the terminal app both publish
// through it, so the rules (never a silent duplicate, record before sending)
// live in one place.
type Publisher struct {
	Ledger    *Ledger
	Medium    MediumAPI
	WordPress CrossLinker // nil: the WordPress side of the cross-link is skipped
	Site      string      // the site's URL, wordpress.Client.SiteURL()
	SiteName  string      // for "Originally published at SITE NAME"
	// HTTPClient fetches images that must be uploaded to Medium; nil uses a
	// client with a 30 s timeout.
	HTTPClient *http.Client
	Now        func() time.Time

	mu     sync.Mutex
	author medium.User // cached Me
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
	// when the token cannot upload them.
	WithoutImages bool
	// AllowUnpublished sends a post that is not published on WordPress with a
	// Medium status other than draft: the user confirmed it.
	AllowUnpublished bool
}

// Plan is everything decided before sending, to be shown to the user: the
// exact request, the warnings and what will happen around it.
type Plan struct {
	Request      PlanRequest
	Submission   Submission
	UploadImages bool // the images will be uploaded to Medium first
	CreatesToday int  // creates recorded in the last 24 hours
}

// Result is what a publish did.
type Result struct {
	Entry Entry       // the ledger's record after the send
	Post  medium.Post // Medium's answer
	// CrossLinkErr is set when the story was created but adding the link on
	// the WordPress side failed; the story stays recorded and the link can be
	// retried with LinkOnWordPress.
	CrossLinkErr error
}

// ErrUnpublishedNotDraft refuses to make a public or unlisted Medium story of
// a post whose WordPress permalink does not work yet.
var ErrUnpublishedNotDraft = errors.New("the post is not published on WordPress, so its link does not work yet: send it as a Medium draft, or confirm that you want it public anyway")

// ErrNoToken: publishing through the API needs a Medium integration token.
var ErrNoToken = errors.New("no Medium integration token is configured; Medium no longer issues new ones, so cross-post with Medium's importer instead")

// CanUseAPI reports whether a Medium client (a token) is configured. Without
// one the importer route remains: RecordImport.
func (p *Publisher) CanUseAPI() bool { return p.Medium != nil }

// RecordImport records a story made with Medium's importer (or by hand):
// the URL the user pasted, on the import route.
func (p *Publisher) RecordImport(postID int, mediumURL string, status medium.PublishStatus, modified time.Time, secondStory bool) (Entry, error) {
	err := p.Ledger.Record(Entry{Site: p.Site, PostID: postID, URL: mediumURL, PublishStatus: status,
		ModifiedGMT: modified, SecondStory: secondStory})
	if err != nil {
		return Entry{}, err
	}
	e, _ := p.Ledger.Get(p.Site, postID)
	return e, nil
}

func (p *Publisher) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Check says whether the post may be sent now, without changing anything:
// nil, or the ledger's *StateError (already on Medium, outcome unknown, being
// sent).
func (p *Publisher) Check(postID int, secondStory bool) error {
	cur, had := p.Ledger.Get(p.Site, postID)
	return checkCanAddStory("publish", cur, had, secondStory)
}

// Plan transforms the post and checks every rule that can be checked before
// sending. Nothing is sent or recorded.
func (p *Publisher) Plan(req PlanRequest) (Plan, error) {
	if !p.CanUseAPI() {
		return Plan{}, ErrNoToken
	}
	if err := p.Check(req.Post.ID, req.SecondStory); err != nil {
		return Plan{}, err
	}
	if req.Post.Status != wordpress.StatusPublish && req.Options.Status != medium.StatusDraft && !req.AllowUnpublished {
		return Plan{}, ErrUnpublishedNotDraft
	}
	opt := req.Options
	if opt.SiteName == "" {
		opt.SiteName = p.SiteName
	}
	if opt.Now.IsZero() {
		opt.Now = p.now()
	}
	sub, err := Transform(req.Post, opt)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Request: req, Submission: sub}
	switch {
	case req.WithoutImages:
		DropImages(&plan.Submission)
	case len(sub.Images) > 0 && (req.UploadImages || NeedsImageUpload(p.Site)):
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

// Publish carries out a plan: images first (nothing is recorded if they fail,
// since no story can exist yet), then the create, recorded as "sending" before
// it leaves and as sent, failed or unknown after. A create is never retried.
func (p *Publisher) Publish(ctx context.Context, plan Plan) (Result, error) {
	if !p.CanUseAPI() {
		return Result{}, ErrNoToken
	}
	req, sub := plan.Request, plan.Submission
	hash := ContentHash(sub.Request.Content)
	if plan.UploadImages {
		if err := RewriteImages(ctx, &sub, p.uploadImage); err != nil {
			return Result{}, err
		}
	}
	author, err := p.me(ctx)
	if err != nil {
		return Result{}, err
	}
	if req.PublicationID != "" && sub.Request.PublishStatus != medium.StatusDraft {
		// When the token may not list contributors, Medium itself refuses.
		if role, err := p.Role(ctx, req.PublicationID); err == nil && role != "" && !role.Allows(sub.Request.PublishStatus) {
			return Result{}, fmt.Errorf("you are a %s in publication %s, where Medium accepts drafts only: choose the draft status", role, req.PublicationID)
		}
	}

	entry := Entry{
		Site: p.Site, PostID: req.Post.ID, Route: RouteAPI,
		PublishStatus: sub.Request.PublishStatus, License: sub.Request.License,
		PublicationID: req.PublicationID, Tags: sub.Request.Tags, CrossLink: req.Options.CrossLink,
		ModifiedGMT: req.Post.ModifiedGMT, ContentHash: hash, SecondStory: req.SecondStory,
	}
	if err := p.Ledger.BeginSend(entry); err != nil {
		return Result{}, err
	}
	var post medium.Post
	if req.PublicationID != "" {
		post, err = p.Medium.CreatePublicationPost(ctx, req.PublicationID, sub.Request)
	} else {
		post, err = p.Medium.CreatePost(ctx, author.ID, sub.Request)
	}
	if ferr := p.Ledger.Finish(p.Site, req.Post.ID, post, err); ferr != nil {
		if err == nil {
			return Result{Post: post}, fmt.Errorf("the story was created at %s but could not be recorded: %w", post.URL, ferr)
		}
		return Result{}, errors.Join(err, ferr)
	}
	res := Result{Post: post}
	res.Entry, _ = p.Ledger.Get(p.Site, req.Post.ID)
	if err != nil {
		return res, err
	}
	if req.Options.CrossLink && p.WordPress != nil {
		res.CrossLinkErr = p.LinkOnWordPress(ctx, req.Post.ID)
		res.Entry, _ = p.Ledger.Get(p.Site, req.Post.ID)
	}
	return res, nil
}

// LinkOnWordPress adds "Also published on Medium" to the WordPress post of a
// story already recorded as sent. It is safe to repeat: the WordPress client
// adds the paragraph once.
func (p *Publisher) LinkOnWordPress(ctx context.Context, postID int) error {
	e, ok := p.Ledger.Get(p.Site, postID)
	if !ok || e.State != StateSent || e.URL == "" {
		return fmt.Errorf("post %d has no Medium story recorded, so there is nothing to link to", postID)
	}
	if p.WordPress == nil {
		return errors.New("linking on WordPress needs an application password of a user who may edit the post")
	}
	res, err := p.WordPress.EnsureCrossLink(ctx, postID, e.URL)
	if err != nil {
		return fmt.Errorf("the Medium story is recorded, but adding its link to the WordPress post failed: %w", err)
	}
	return p.Ledger.SetWordPressLinked(p.Site, postID, res.ModifiedGMT)
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
		return "", fmt.Errorf("fetching the image: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("fetching the image: the site answered %s", resp.Status)
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
