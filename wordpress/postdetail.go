package wordpress

import (
	"context"
	"errors"
	"log"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

const detailFields = "id,title,status,date_gmt,modified_gmt,link,guid,sticky,content,excerpt,featured_media,tags,categories"

// Post fetches one post with its rendered content (and the stored content
// when authenticated), excerpt, featured image URL and tag and category
// names. Term names are cached per client. A featured image that is missing
// or not readable is not an error: FeaturedImageURL is then "".
//
// Signed in, a published post's ContentHTML is still what an anonymous
// reader gets (publicContent): it is what goes to a public Medium story.
//
// Post is a foreground request: it never waits behind a listing's pages
// (lane.go).
func (c *Client) Post(ctx context.Context, id int) (PostDetail, error) {
	ctx, end := c.foregroundCtx(ctx)
	defer end()
	root, err := c.apiRoot(ctx)
	if err != nil {
		return PostDetail{}, err
	}
	q := url.Values{"_fields": {detailFields}}
	if c.Authenticated() {
		q.Set("context", "edit")
	}
	var raw rawPost
	if _, err := c.getJSON(ctx, endpoint(root, "wp/v2/posts/"+strconv.Itoa(id), q), &raw); err != nil {
		return PostDetail{}, err
	}
	d := PostDetail{
		Post:        raw.post(),
		GUID:        raw.guid(),
		ContentHTML: raw.Content.Rendered,
		RawContent:  raw.Content.Raw,
		ExcerptHTML: raw.Excerpt.Rendered,
	}

	// The look-ups are independent: run them side by side.
	var (
		wg                       sync.WaitGroup
		mediaErr, tagErr, catErr error
	)
	// A draft, pending, scheduled or private post has no anonymous
	// rendering (WordPress answers 401), so its signed-in one stays. So does
	// a password-protected post's: anonymously its content is empty (the
	// transform warns about protected posts).
	if c.Authenticated() && raw.Status == string(StatusPublish) && !raw.Content.Protected {
		wg.Go(func() {
			d.ContentHTML, d.SignedInRendering = c.publicContent(ctx, root, id, d.ContentHTML, time.Time(raw.ModifiedGMT))
		})
	}
	if raw.FeaturedMedia > 0 {
		wg.Go(func() { d.FeaturedImageURL, mediaErr = c.mediaURL(ctx, root, raw.FeaturedMedia) })
	}
	wg.Go(func() { d.Tags, d.TagSlugs, tagErr = c.termNames(ctx, root, Tags, raw.Tags) })
	wg.Go(func() { d.Categories, d.CategorySlugs, catErr = c.termNames(ctx, root, Categories, raw.Categories) })
	wg.Wait()
	if err := firstError(mediaErr, tagErr, catErr); err != nil {
		return PostDetail{}, err
	}
	d.Terms, d.TagTerms = append(slices.Clip(d.Tags), d.Categories...), len(d.Tags)
	return d, nil
}

// publicContent returns a published post's content as an anonymous reader
// gets it: without the credentials and without context=edit. Dynamic blocks
// (latest posts, query loops) rendered for the signed-in user hold what no
// reader sees, such as private posts' titles and protected posts' excerpts.
//
// modified is the signed-in answer's modified_gmt. The request carries it
// (cacheBustParam), so a page or REST cache keyed by URL misses once the
// post is edited, and asks for the anonymous copy's own modified_gmt to
// catch a cache that ignores the query.
//
// When the anonymous rendering cannot be trusted, it logs why and returns
// signedIn, the signed-in rendering, and true: when the request fails (a
// site may refuse anonymous REST requests), when the copy is of another
// version of the post (a stale cache), or when it looks like a
// membership plugin's teaser (isTeaser), which such plugins serve
// anonymously with content.protected false.
func (c *Client) publicContent(ctx context.Context, root string, id int, signedIn string, modified time.Time) (string, bool) {
	var p struct {
		ModifiedGMT wpTime `json:"modified_gmt"`
		Content     struct {
			Rendered  string `json:"rendered"`
			Protected bool   `json:"protected"`
		} `json:"content"`
	}
	q := url.Values{"_fields": {"content,modified_gmt"}, cacheBustParam: {modified.UTC().Format(wpDateLayout)}}
	if _, err := c.getAnonymousJSON(ctx, endpoint(root, "wp/v2/posts/"+strconv.Itoa(id), q), &p); err != nil {
		// The error holds no credential: none was sent, and errors are redacted.
		log.Printf("post %d: using the signed-in rendering, the anonymous one failed: %v", id, err)
		return signedIn, true
	}
	if p.Content.Protected {
		return signedIn, false // protected since the first request: its content is empty now (the protected warning says it)
	}
	if anon := time.Time(p.ModifiedGMT); !anon.Equal(modified) {
		log.Printf("post %d: using the signed-in rendering, the anonymous one is of another version (modified %s, signed in %s): a cache may hold an old copy",
			id, anon.Format(wpDateLayout), modified.UTC().Format(wpDateLayout))
		return signedIn, true
	}
	if anonWords, signedInWords := visibleWords(p.Content.Rendered), visibleWords(signedIn); isTeaser(anonWords, signedInWords) {
		log.Printf("post %d: using the signed-in rendering, the anonymous one has %d words against %d signed in: it looks like a members-only teaser",
			id, anonWords, signedInWords)
		return signedIn, true
	}
	return p.Content.Rendered, false
}

// cacheBustParam is the query parameter the anonymous request carries the
// post's modified time in. WordPress ignores query parameters a route does
// not declare, so only caches see it.
const cacheBustParam = "wp2medium_modified"

// minTeaserWords is how many visible words the signed-in rendering needs
// before a much shorter anonymous one counts as a teaser: below it, a few
// words' difference (a dynamic block listing one more private post) would
// be half the post.
const minTeaserWords = 40

// isTeaser reports whether an anonymous rendering of anonWords visible
// words looks like a membership plugin's teaser ("This content is for
// members only. Log in…") of a signed-in rendering of signedInWords: it has
// fewer than half the words, and the signed-in one has at least
// minTeaserWords.
func isTeaser(anonWords, signedInWords int) bool {
	return signedInWords >= minTeaserWords && anonWords*2 < signedInWords
}

// visibleWords counts the words of an HTML fragment's text, as a reader
// sees it: tags, comments, and the insides of script, style and template
// elements do not count.
func visibleWords(fragment string) int {
	z := html.NewTokenizer(strings.NewReader(fragment))
	words, hidden := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return words // io.EOF: the whole fragment is read
		case html.StartTagToken:
			if isHiddenElement(z) {
				hidden++
			}
		case html.EndTagToken:
			if isHiddenElement(z) && hidden > 0 {
				hidden--
			}
		case html.TextToken:
			if hidden == 0 {
				words += len(strings.Fields(string(z.Text()))) // Text decodes the entities
			}
		}
	}
}

func isHiddenElement(z *html.Tokenizer) bool {
	name, _ := z.TagName()
	switch string(name) {
	case "script", "style", "template":
		return true
	}
	return false
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) mediaURL(ctx context.Context, root string, id int) (string, error) {
	var m struct {
		SourceURL string `json:"source_url"`
	}
	q := url.Values{"_fields": {"id,source_url"}}
	if _, err := c.getJSON(ctx, endpoint(root, "wp/v2/media/"+strconv.Itoa(id), q), &m); err != nil {
		var e *Error
		if errors.As(err, &e) && (e.Kind == KindNotFound || e.Kind == KindAuth) {
			return "", nil // deleted or private attachment: the post simply has no image
		}
		return "", err
	}
	return termtext.CleanLine(m.SourceURL), nil
}
