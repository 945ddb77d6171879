package wordpress

import (
	"cmp"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
)

// redacted replaces every form of the credentials found in a text.
const redacted = "***"

// secretForms lists what a server or proxy could echo of the credentials:
// the application password as given, without the spaces WordPress shows and
// with them; the Authorization header's base64 of "user:password" for each,
// in the standard and URL-safe alphabets, padded or not; the base64 of the
// whole header value; and each of these percent-encoded, as in a link.
// Longest first, so that a padded form goes before its unpadded prefix.
func (c *Client) secretForms() []string {
	if c.password == "" {
		return nil
	}
	bare := strings.Join(strings.Fields(c.password), "")
	passwords := []string{c.password, bare, grouped(bare)}
	encodings := []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding}
	var forms []string
	add := func(s string) {
		// A derived form that short would blank random letters of messages.
		if len(s) >= 8 {
			forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	for _, pw := range passwords {
		add(pw)
		header := base64.StdEncoding.EncodeToString([]byte(c.username + ":" + pw))
		for _, enc := range encodings {
			add(enc.EncodeToString([]byte(c.username + ":" + pw)))
			add(enc.EncodeToString([]byte("Basic " + header)))
		}
	}
	// The password itself whatever its length, as before: it is the secret.
	forms = append(forms, c.password)
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// grouped writes a password the way WordPress shows application passwords:
// groups of four separated by spaces.
func grouped(s string) string {
	var b strings.Builder
	for i, r := range []rune(s) {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// redact is a last line of defence: should a server ever echo the
// application password or the Authorization header back, in any of the
// forms above, it does not reach the screen.
func (c *Client) redact(s string) string {
	for _, f := range c.secretForms() {
		if f != "" && strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, redacted)
		}
	}
	return s
}

// redactError redacts every text field of e, and hides a secret its
// underlying error repeats (a server that echoed the header into a malformed
// status line) behind a wrapper that keeps errors.Is and errors.As working.
func (c *Client) redactError(e *Error) *Error {
	if e == nil || c.password == "" {
		return e
	}
	e.Message, e.Code, e.URL = c.redact(e.Message), c.redact(e.Code), c.redact(e.URL)
	if e.Err != nil {
		if text := e.Err.Error(); c.redact(text) != text {
			e.Err = &redactedError{text: c.redact(text), err: e.Err}
		}
	}
	return e
}

// redactedError is an error whose text had a secret removed.
type redactedError struct {
	text string
	err  error
}

func (r *redactedError) Error() string { return r.text }

// Unwrap gives the original error, for errors.Is and errors.As only: its
// own text holds the secret.
func (r *redactedError) Unwrap() error { return r.err }
