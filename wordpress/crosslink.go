package wordpress

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/urltext"
)

// CrossLinkClass is the class that marks the "Also published on Medium"
// paragraph in a post's content. It is how AppendCrossLink recognises its
// own paragraph, whatever URL it holds, and how a transform can leave the
// paragraph out when the post is sent (again) to Medium.
const CrossLinkClass = "wp2medium-crosslink"

// crossLinkMarker finds the marked paragraph in stored content: an element
// whose class list holds CrossLinkClass as a whole token, or a block comment
// whose className does. Requiring a literal "<" keeps a post that quotes the
// markup in a code block (where it is "&lt;p class=…") from counting.
var crossLinkMarker = regexp.MustCompile(`(?i)<[a-z][^>]*\sclass\s*=\s*["']?(?:[^"'>]*\s)?` + CrossLinkClass + `(?:[\s"'>/]|$)` +
	`|<!--\s*wp:[^>]*"className"\s*:\s*"(?:[^"]*\s)?` + CrossLinkClass + `[\s"]`)

// HasCrossLinkMarkup reports whether stored post content (content.raw)
// already holds the cross-link paragraph, with any URL.
func HasCrossLinkMarkup(raw string) bool {
	return strings.Contains(raw, CrossLinkClass) && crossLinkMarker.MatchString(raw)
}

// CrossLinkMarkup returns what AppendCrossLink appends for mediumURL: a
// paragraph block (block comments around it) when blockEditor is true, a
// bare paragraph otherwise. The URL must be an absolute https URL; it is
// HTML-escaped, so no character in it can leave the href attribute.
//
// Classic-editor content gets no block comments on purpose: WordPress turns
// off wpautop for any post that contains a block, so a single block comment
// would strip the <p> tags from every blank-line-separated paragraph of a
// classic post (checked on WordPress 6.1).
func CrossLinkMarkup(mediumURL string, blockEditor bool) (string, error) {
	u, err := checkMediumURL(mediumURL)
	if err != nil {
		return "", err
	}
	p := `<p class="` + CrossLinkClass + `"><em>Also published on <a href="` + html.EscapeString(u) + `">Medium</a>.</em></p>`
	if !blockEditor {
		return p, nil
	}
	return `<!-- wp:paragraph {"className":"` + CrossLinkClass + `"} -->` + "\n" + p + "\n<!-- /wp:paragraph -->", nil
}

// checkMediumURL accepts only an absolute https URL with a host and no
// credentials, spaces or control characters, and returns it trimmed.
func checkMediumURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	why := ""
	u, err := url.Parse(s)
	switch {
	case s == "":
		why = "is empty"
	case strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		why = "contains spaces or control characters"
	case err != nil:
		why = "is not a valid URL"
	case u.Scheme != "https":
		why = "is not an https:// address"
	case u.Hostname() == "":
		why = "has no host name"
	case u.User != nil:
		why = "must not carry a username or password"
	default:
		return s, nil
	}
	return "", &Error{Kind: KindRejected, Message: "“" + cleanMessage(urltext.WithoutUserinfo(s)) + "” " + why,
		summaryText: "invalid Medium URL",
		hintText:    "give the story's address as Medium shows it, e.g. https://medium.com/@you/title-1a2b3c4d5e6f"}
}

// CrossLinkResult is the outcome of EnsureCrossLink.
type CrossLinkResult struct {
	// Added is true when this call wrote the paragraph, false when the post
	// already had one.
	Added bool
	// ModifiedGMT is the post's modified_gmt after the call. Adding the
	// paragraph is an edit to WordPress, so a caller that recorded the
	// post's modified time to spot later edits should record this one.
	ModifiedGMT time.Time
}

// AppendCrossLink appends to the WordPress post a marked paragraph
// "Also published on <a href=MEDIUM URL>Medium</a>." in italics, exactly
// once: when the post already holds the marked paragraph (with any URL),
// it changes nothing and returns added=false.
//
// It needs credentials: the application password of a user who may edit
// the post (else a KindAuth *Error says so). It reads the stored content
// (context=edit) and POSTs it back with the paragraph at the end; the
// paragraph is a block for block-editor content and plain HTML for classic
// content (see CrossLinkMarkup).
//
// The POST is sent once and never retried automatically, like every write.
// Calling AppendCrossLink again after any failure is safe by design: it
// reads the post first, so a write that did reach WordPress is found and
// not repeated (a timeout after WordPress saved the post included).
//
// Errors: a 403 is a KindAuth error saying this user may not edit the post
// and whose password would do; a 401, that the credentials were not
// accepted; a missing or trashed post is KindNotFound; the rest maps as for
// every request. The password never appears in them.
//
// Between the read and the write there is no lock: an edit saved in the
// WordPress editor in that instant would be overwritten. The window is one
// round trip.
func (c *Client) AppendCrossLink(ctx context.Context, postID int, mediumURL string) (added bool, err error) {
	r, err := c.EnsureCrossLink(ctx, postID, mediumURL)
	return r.Added, err
}

// EnsureCrossLink is AppendCrossLink that also reports the post's modified
// time afterwards.
func (c *Client) EnsureCrossLink(ctx context.Context, postID int, mediumURL string) (CrossLinkResult, error) {
	ctx, end := c.foregroundCtx(ctx) // someone is waiting for it, as for a preview
	defer end()
	if _, err := checkMediumURL(mediumURL); err != nil {
		return CrossLinkResult{}, err
	}
	root, cur, err := c.editablePost(ctx, postID)
	if err != nil {
		return CrossLinkResult{}, err
	}
	raw := cur.Content.Raw
	if HasCrossLinkMarkup(raw) {
		return CrossLinkResult{ModifiedGMT: time.Time(cur.ModifiedGMT)}, nil
	}
	// WordPress's own has_blocks() test.
	markup, err := CrossLinkMarkup(mediumURL, strings.Contains(raw, "<!-- wp:"))
	if err != nil {
		return CrossLinkResult{}, err
	}
	content := markup
	if raw != "" {
		content = raw + "\n\n" + markup
	}

	u := endpoint(root, "wp/v2/posts/"+strconv.Itoa(postID), url.Values{"_fields": {crossLinkFields}})
	var saved rawPost
	if _, err := c.postJSON(ctx, u, map[string]string{"content": content}, &saved); err != nil {
		return CrossLinkResult{}, c.editError(err, postID)
	}
	// An update answers with the post in the edit context. Without the
	// paragraph in it, the write did not happen as sent: a redirect turned
	// the POST into a GET, or a plugin filtered the content. Saying so
	// beats reporting success, and a second run would add another copy.
	if !HasCrossLinkMarkup(saved.Content.Raw) {
		return CrossLinkResult{}, &Error{Kind: KindRejected, URL: u,
			summaryText: "WordPress did not save the “Also published on Medium” link",
			Message:     "post " + strconv.Itoa(postID) + " does not hold it after the update",
			hintText:    "the site may redirect requests (use its https:// address) or a plugin may filter post content: check the post in WordPress before trying again"}
	}
	return CrossLinkResult{Added: true, ModifiedGMT: time.Time(saved.ModifiedGMT)}, nil
}

// HasCrossLink reports whether the post already holds the cross-link
// paragraph (with any URL). Like AppendCrossLink it needs the credentials
// of a user who may edit the post, since only they can read the stored
// content.
func (c *Client) HasCrossLink(ctx context.Context, postID int) (bool, error) {
	ctx, end := c.foregroundCtx(ctx)
	defer end()
	_, cur, err := c.editablePost(ctx, postID)
	if err != nil {
		return false, err
	}
	return HasCrossLinkMarkup(cur.Content.Raw), nil
}

// crossLinkFields is all the cross-link reads, and all it asks the update
// to send back.
const crossLinkFields = "id,status,modified_gmt,content.raw"

// editablePost reads a post's stored content with context=edit, which
// WordPress only grants to users who may edit the post. The raw content is
// deliberately not cleaned: it is written back, never displayed, and must
// come back byte for byte.
func (c *Client) editablePost(ctx context.Context, postID int) (string, rawPost, error) {
	if !c.Authenticated() {
		return "", rawPost{}, &Error{Kind: KindAuth, URL: c.SiteURL(),
			summaryText: "no WordPress credentials are configured",
			Message:     "adding the “Also published on Medium” link edits the post",
			hintText:    "set the username and an application password of a user who may edit the post: its author, an Editor or an Administrator (Users > Profile > Application Passwords)"}
	}
	root, err := c.apiRoot(ctx)
	if err != nil {
		return "", rawPost{}, err
	}
	u := endpoint(root, "wp/v2/posts/"+strconv.Itoa(postID), url.Values{"context": {"edit"}, "_fields": {crossLinkFields}})
	var p rawPost
	if _, err := c.getJSON(ctx, u, &p); err != nil {
		return "", rawPost{}, c.editError(err, postID)
	}
	if p.Status == "trash" {
		return "", rawPost{}, &Error{Kind: KindNotFound, URL: u, Message: "post " + strconv.Itoa(postID) + " is in the trash"}
	}
	return root, p, nil
}

// editError gives a 403 its meaning here: the credentials were accepted
// (else WordPress answers 401) but this user may not edit this post.
// WordPress says so with rest_forbidden_context on the read and
// rest_cannot_edit on the write.
func (c *Client) editError(err error, postID int) error {
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindAuth {
		return err
	}
	switch {
	case e.StatusCode == http.StatusForbidden && editDeniedCodes[e.Code]:
		e.summaryText = "this WordPress user may not edit the post"
		e.hintText = "use the application password of a user who may edit it: its author, an Editor or an Administrator (Users > Profile > Application Passwords)"
		msg := "user “" + cleanMessage(c.username) + "”, post " + strconv.Itoa(postID)
		if e.Message != "" {
			msg += ": " + e.Message
		}
		e.Message = c.redact(msg)
	case e.StatusCode == http.StatusUnauthorized && editDeniedCodes[e.Code] && c.appPasswordsUnavailable():
		// The credentials were ignored, and the REST index says why (as in Me).
		e.Kind = KindAppPasswordsUnavailable
	}
	return e
}

// editDeniedCodes are WordPress's answers to a user who may not edit a post:
// 403 when logged in, 401 when the credentials were ignored.
var editDeniedCodes = map[string]bool{
	"rest_forbidden_context":  true,
	"rest_cannot_edit":        true,
	"rest_cannot_edit_others": true,
}
