package medium

import (
	"cmp"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
)

// secretForms lists what a server or proxy could echo of the token: the
// token, its base64 and that of the whole Authorization value ("Bearer
// <token>"), in the standard and URL-safe alphabets, padded or not, and each
// of these percent-encoded, as in a link. Longest first, so a padded form
// goes before its unpadded prefix. Very short tokens give none, rather than
// blanking random letters of every message.
func (c *Client) secretForms() []string {
	tok := c.token()
	if len(tok) < 4 {
		return nil
	}
	var forms []string
	add := func(s string) { forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s)) }
	add(tok)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		add(enc.EncodeToString([]byte(tok)))
		add(enc.EncodeToString([]byte("Bearer " + tok)))
	}
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// redact removes the token, in any of its forms, from text that came from
// the network or from an error, in case a server or proxy echoed it.
func (c *Client) redact(s string) string {
	for _, f := range c.secretForms() {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, "[redacted]")
		}
	}
	return s
}

// redactErr hides the token should err's text repeat it (a proxy that
// echoes the header into a malformed status line), behind a wrapper that
// keeps errors.Is and errors.As working.
func (c *Client) redactErr(err error) error {
	if err == nil {
		return nil
	}
	if text := err.Error(); c.redact(text) != text {
		return &redactedError{text: c.redact(text), err: err}
	}
	return err
}

// redactedError is an error whose text had the token removed.
type redactedError struct {
	text string
	err  error
}

func (r *redactedError) Error() string { return r.text }

// Unwrap gives the original error, for errors.Is and errors.As only: its
// own text holds the token.
func (r *redactedError) Unwrap() error { return r.err }
