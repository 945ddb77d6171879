package crosspost

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Options are the choices the user makes for one cross-post (defaults come from
// the config; every post may override them).
type Options struct {
	Status          medium.PublishStatus // required
	License         medium.License       // required
	CrossLink       bool                 // end the story with "Originally published at SITE."
	NotifyFollowers bool
	// Tags are the chosen tags; nil means DefaultTags(post), an empty non-nil
	// slice means no tags at all.
	Tags []string
	// KeepDate sends the post's date as publishedAt, backdating the story.
	KeepDate bool
	// SiteName names the site in the cross-link footer; "" uses the
	// permalink's host.
	SiteName string
	// Now is the clock for the publishedAt check; the zero time means time.Now().
	Now time.Time
}

// Submission is what will be sent for one post: the create-post body, what
// the user should know before sending it, and the images Medium will fetch.
type Submission struct {
	Request  medium.CreatePostRequest
	Warnings []Warning
	// Images are the absolute URLs of the images in Request.Content, each
	// once, in document order.
	Images []string
}

// Warning is something about a submission the user should see before sending:
// it is sent anyway (or with the offending part left out) unless they stop.
type Warning struct {
	Code    string // one of the Warn* constants, stable for tests and the UI
	Message string // a sentence saying what happens and what to do
}

// The warning codes.
const (
	WarnNoTitle           = "no-title"
	WarnTitleTooLong      = "title-too-long"
	WarnTagTooLong        = "tag-too-long"
	WarnTagDropped        = "tag-dropped"
	WarnNotPublished      = "not-published"
	WarnProtected         = "password-protected"
	WarnSignedInRendering = "signed-in-rendering"
	WarnDateNotKept       = "date-not-kept"
	WarnImagesUnreachable = "images-unreachable"
	WarnImagesDropped     = "images-dropped"
)

// Medium's limits (see docs/medium-api.md).
const (
	maxTitleChars = 100 // longer titles are ignored by Medium
	maxTags       = 3   // only the first three are used
	maxTagChars   = 25  // longer tags are ignored
	// minDateAge keeps publishedAt clear of Medium's "date in the future"
	// refusal (code 2014) when the two clocks disagree.
	minDateAge = 15 * time.Minute
)

// noTitle is what the wordpress package shows for a post without a title.
const noTitle = "(no title)"

// ErrEmptyPost is a post with neither title nor content: Medium refuses an
// empty story, so there is nothing to send until it is written.
var ErrEmptyPost = errors.New("crosspost: the post has no title and no content, which Medium refuses: write it in WordPress first")

// OptionsError is an Options value Transform cannot send. It names the field
// and says what to choose instead.
type OptionsError struct {
	Field   string // "Status" or "License"
	Problem string
}

func (e *OptionsError) Error() string {
	return "crosspost: " + e.Field + ": " + e.Problem
}

// Transform builds the Medium create-post request for a WordPress post. The
// content is HTML: the title as <h1> (Medium does not show the title field),
// the featured image unless the post starts with an image, the post body
// reduced to what Medium renders (see mediumHTML), and the optional cross-link
// footer. Problems that do not stop the send are Warnings; only unusable
// options are an error (*OptionsError).
func Transform(post wordpress.PostDetail, opt Options) (Submission, error) {
	if err := checkOptions(opt); err != nil {
		return Submission{}, err
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	var sub Submission
	warn := func(code, format string, args ...any) {
		sub.Warnings = append(sub.Warnings, Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}

	body := mediumHTML(post.ContentHTML, post.Link)
	title := strings.TrimSpace(post.Title)
	heading := title
	if title == "" || title == noTitle {
		title = titleFromText(body.firstText())
		heading = "" // the text it came from already opens the story
		warn(WarnNoTitle, "The post has no title and Medium requires one: %q (its first words) is sent. Give it a title in WordPress to choose it.", title)
	} else if n := utf8.RuneCountInString(title); n > maxTitleChars {
		warn(WarnTitleTooLong, "The title has %d characters; Medium ignores titles over %d for listings and search (the story still shows it). Shorten it in WordPress to control them.", n, maxTitleChars)
	}
	footer := ""
	if opt.CrossLink && post.Link != "" {
		footer = post.Link
	}
	content, images := body.compose(heading, post.FeaturedImageURL, footer, siteLabel(opt.SiteName, post.Link))
	// The last step before Medium: HTML parsing decoded every entity, so an
	// "&#27;]0;…" in the post is a real escape sequence by now. No control
	// character or escape sequence is part of a story.
	content = termtext.Clean(content)
	title = termtext.CleanLine(title)
	if strings.TrimSpace(content) == "" {
		return Submission{}, ErrEmptyPost
	}
	sub.Images = images

	sub.Request = medium.CreatePostRequest{
		Title:           title,
		ContentFormat:   medium.FormatHTML,
		Content:         content,
		PublishStatus:   opt.Status,
		License:         opt.License,
		NotifyFollowers: opt.NotifyFollowers,
	}

	if opt.Tags == nil {
		sub.Request.Tags = DefaultTags(post)
	} else {
		sub.Request.Tags = chooseTags(opt.Tags, warn)
	}
	for i, t := range sub.Request.Tags {
		sub.Request.Tags[i] = termtext.CleanLine(t)
	}

	switch {
	case post.Status == wordpress.StatusPublish && post.Link != "":
		sub.Request.CanonicalURL = post.Link
	case post.Status == wordpress.StatusPrivate:
		warn(WarnNotPublished, "The post is private on WordPress: its permalink works only for signed-in users who may read it, so it is sent without a canonical link, and on Medium its content is readable by whoever can see the story.")
	default:
		state := post.Status.InSentence()
		if state == "" || post.Link == "" {
			state = "not published"
		}
		warn(WarnNotPublished, "The post is %s on WordPress, so its permalink does not work yet: it is sent without a canonical link. Send it as a Medium draft and publish both together.", state)
	}
	if post.Protected {
		warn(WarnProtected, "The post is password-protected on WordPress; on Medium there is no password: whoever can see the story reads its content.")
	}
	if post.SignedInRendering {
		warn(WarnSignedInRendering, "WordPress did not show this post to an anonymous reader, or showed a members-only teaser or an old cached copy, so its content is as you see it signed in: blocks that list other posts may name private posts or show protected text. Read the story before it is public.")
	}

	if opt.KeepDate {
		switch date := post.DateGMT; {
		case date.IsZero():
			warn(WarnDateNotKept, "The post has no date to keep; Medium dates the story when it is sent.")
		case date.After(now.Add(-minDateAge)):
			warn(WarnDateNotKept, "The post's date (%s) is less than %d minutes ago or in the future, which Medium refuses (code 2014); the story is dated when it is sent.",
				date.UTC().Format(time.RFC3339), int(minDateAge.Minutes()))
		default:
			sub.Request.PublishedAt = medium.FormatPublishedAt(date)
		}
	}

	if n := countUnreachable(images); n > 0 {
		warn(WarnImagesUnreachable, "%d of the %d images are on a host Medium cannot reach (a local or private address): upload them to Medium (needs the uploadImage scope) or send without them.", n, len(images))
	}
	return sub, nil
}

func checkOptions(opt Options) error {
	switch {
	case opt.Status == "":
		return &OptionsError{Field: "Status", Problem: "no Medium publish status chosen: choose public, draft or unlisted"}
	case opt.License == "":
		return &OptionsError{Field: "License", Problem: "no Medium license chosen: choose one of " + medium.LicenseValues()}
	}
	if _, err := medium.ParsePublishStatus(string(opt.Status)); err != nil {
		return &OptionsError{Field: "Status", Problem: err.Error()}
	}
	if _, err := medium.ParseLicense(string(opt.License)); err != nil {
		return &OptionsError{Field: "License", Problem: err.Error()}
	}
	return nil
}

// TagCandidates are the post's names Medium could use as tags, in order:
// its tags, then its categories, without "Uncategorized" (which would waste
// one of Medium's three), without duplicates (case-insensitively) and
// without names Medium would ignore (over 25 characters).
func TagCandidates(post wordpress.PostDetail) []string {
	var tags []string
	seen := map[string]bool{}
	for _, name := range append(append([]string(nil), post.Tags...), post.Categories...) {
		name = strings.Join(strings.Fields(name), " ")
		key := strings.ToLower(name)
		if name == "" || seen[key] || key == "uncategorized" || key == "uncategorised" ||
			utf8.RuneCountInString(name) > maxTagChars {
			continue
		}
		seen[key] = true
		tags = append(tags, name)
	}
	return tags
}

// DefaultTags proposes Medium tags for a post: the first three of its
// TagCandidates.
func DefaultTags(post wordpress.PostDetail) []string {
	tags := TagCandidates(post)
	return tags[:min(len(tags), maxTags)]
}

// chooseTags keeps the user's tags that Medium will use and warns about each
// one left out, so nothing is dropped silently.
func chooseTags(chosen []string, warn func(code, format string, args ...any)) []string {
	tags := []string{}
	seen := map[string]bool{}
	var dropped []string
	for _, name := range chosen {
		name = strings.Join(strings.Fields(name), " ")
		key := strings.ToLower(name)
		switch {
		case name == "" || seen[key]:
			continue
		case utf8.RuneCountInString(name) > maxTagChars:
			warn(WarnTagTooLong, "The tag %q has %d characters; Medium ignores tags over %d, so it is not sent. Choose a shorter one.", name, utf8.RuneCountInString(name), maxTagChars)
			continue
		}
		seen[key] = true
		if len(tags) == maxTags {
			dropped = append(dropped, name)
			continue
		}
		tags = append(tags, name)
	}
	if len(dropped) > 0 {
		warn(WarnTagDropped, "Medium uses only %d tags: %s not sent. Reorder the tags to choose which.", maxTags, quoteList(dropped))
	}
	if len(tags) == 0 {
		return nil
	}
	return tags
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0] + " is"
	}
	return strings.Join(q, ", ") + " are"
}

// titleFromText makes a title for an untitled post from the start of its text,
// cut at a word boundary to fit Medium's limit.
func titleFromText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "Untitled"
	}
	if utf8.RuneCountInString(s) <= maxTitleChars {
		return s
	}
	r := []rune(s)
	cut := string(r[:maxTitleChars-1])
	if r[maxTitleChars-1] != ' ' { // mid-word: end at the last whole word
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
			cut = cut[:i]
		}
	}
	return strings.TrimRight(cut, " ,;:.-–—") + "…"
}

// siteLabel is the name the cross-link footer links: the site's name, or the
// permalink's host.
func siteLabel(name, link string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return link
}
