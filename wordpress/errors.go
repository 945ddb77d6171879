package wordpress

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/retryafter"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/internal/urltext"
)

// ErrorKind says what sort of failure an Error is, so callers can react
// (ask for credentials again, suggest checking the URL, retry later).
type ErrorKind int

// The kinds of failure the client reports.
const (
	KindUnknown ErrorKind = iota
	// KindNotWordPress: no WordPress REST API at the URL, or it is disabled.
	KindNotWordPress
	// KindAuth: the credentials were refused, missing, or lack the rights.
	KindAuth
	// KindAppPasswordsUnavailable: the site does not accept application
	// passwords (disabled, or the site is not served over HTTPS).
	KindAppPasswordsUnavailable
	// KindTLS: the certificate or the TLS handshake failed.
	KindTLS
	// KindTimeout: the site did not answer in time.
	KindTimeout
	// KindNetwork: DNS failure, connection refused or reset.
	KindNetwork
	// KindHTMLResponse: an HTML page came back where JSON was expected
	// (security plugin, CDN challenge, login redirect).
	KindHTMLResponse
	// KindMalformedJSON: the answer was not the JSON WordPress sends.
	KindMalformedJSON
	// KindNotFound: the post (or other object) does not exist.
	KindNotFound
	// KindServer: the site answered with a 5xx error.
	KindServer
	// KindRateLimited: the site kept answering 429 Too Many Requests.
	KindRateLimited
	// KindRejected: the site refused the request as invalid (other 4xx).
	KindRejected
	// KindCanceled: the caller's context was canceled.
	KindCanceled
	// KindInvalidURL: the site URL given to NewClient cannot be a site's address.
	KindInvalidURL
)

var kindNames = [...]string{
	KindUnknown:                 "unknown",
	KindNotWordPress:            "not-wordpress",
	KindAuth:                    "auth",
	KindAppPasswordsUnavailable: "app-passwords-unavailable",
	KindTLS:                     "tls",
	KindTimeout:                 "timeout",
	KindNetwork:                 "network",
	KindHTMLResponse:            "html-response",
	KindMalformedJSON:           "malformed-json",
	KindNotFound:                "not-found",
	KindServer:                  "server",
	KindRateLimited:             "rate-limited",
	KindRejected:                "rejected",
	KindCanceled:                "canceled",
	KindInvalidURL:              "invalid-url",
}

// String names the kind, e.g. "auth".
func (k ErrorKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is every error the client returns. Use errors.As to get it. It never
// holds the password or the Authorization header.
type Error struct {
	StatusCode int    // HTTP status, 0 when no response arrived
	Code       string // WordPress error code, e.g. "rest_not_logged_in"
	Message    string // the server's message (cleaned, truncated) or our own detail
	Kind       ErrorKind
	URL        string // the request URL (never carries credentials)
	Err        error  // the underlying error, if any
	// RetryAfter is when the site asked to be called again (its Retry-After
	// header, on a 429 or a 503 such as WordPress's maintenance mode), zero
	// when it did not say or the time had already come. The message states
	// it in UTC.
	RetryAfter time.Time

	// summaryText and hintText, when set, replace the kind's generic summary
	// and advice where the kind alone would mislead: a KindAuth error whose
	// credentials were accepted but whose user may not edit the post is not
	// a "wrong password". Set by the cross-link, the client's only write.
	summaryText, hintText string
}

// Error says what went wrong and what to do about it.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.summary())
	if e.StatusCode != 0 || e.Code != "" {
		b.WriteString(" (")
		if e.StatusCode != 0 {
			fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
		}
		if e.Code != "" {
			if e.StatusCode != 0 {
				b.WriteByte(' ')
			}
			b.WriteString(e.Code)
		}
		b.WriteByte(')')
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(" — ")
		b.WriteString(hint)
	}
	return b.String()
}

// Unwrap returns the underlying error, so errors.Is(err, context.Canceled)
// and the like work.
func (e *Error) Unwrap() error { return e.Err }

// GoString keeps %#v readable and free of anything Err might carry.
func (e *Error) GoString() string {
	ra := "zero"
	if !e.RetryAfter.IsZero() {
		ra = e.RetryAfter.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("&wordpress.Error{StatusCode:%d, Code:%q, Message:%q, Kind:%s, URL:%q, RetryAfter:%s}",
		e.StatusCode, e.Code, e.Message, e.Kind, urltext.WithoutUserinfo(e.URL), ra)
}

func (e *Error) summary() string {
	if e.summaryText != "" {
		return e.summaryText
	}
	host := hostOf(e.URL)
	switch e.Kind {
	case KindNotWordPress:
		return "no WordPress REST API found at " + host
	case KindAuth:
		return "WordPress refused the credentials"
	case KindAppPasswordsUnavailable:
		return "application passwords are not available on " + host
	case KindTLS:
		return "secure connection to " + host + " failed"
	case KindTimeout:
		return host + " did not answer in time"
	case KindNetwork:
		return "cannot reach " + host
	case KindHTMLResponse:
		return "got a web page instead of WordPress data from " + host
	case KindMalformedJSON:
		return "WordPress sent an answer that could not be read"
	case KindNotFound:
		return "not found on " + host
	case KindServer:
		return host + " had a server error"
	case KindRateLimited:
		return host + " is limiting requests"
	case KindRejected:
		return "WordPress rejected the request"
	case KindCanceled:
		return "canceled"
	case KindInvalidURL:
		return "invalid site URL"
	}
	return "WordPress request failed"
}

func (e *Error) hint() string {
	if e.hintText != "" {
		return e.hintText
	}
	switch e.Kind {
	case KindNotWordPress:
		return "check the URL is the WordPress site's address, and that the REST API is not disabled by a plugin"
	case KindAuth:
		return "wrong username or application password: create one under Users > Profile > Application Passwords (the user must be able to edit posts)"
	case KindAppPasswordsUnavailable:
		return "WordPress only allows application passwords over HTTPS (or on a local site), and a plugin may disable them: use the https:// address or ask the site admin"
	case KindTLS:
		return "check the certificate (expired or self-signed?) and that the URL uses the right scheme"
	case KindTimeout:
		return "the site may be slow or down: try again, or raise the timeout"
	case KindNetwork:
		return "is the site up? check the URL"
	case KindHTMLResponse:
		return "a security plugin, firewall, CDN challenge or login redirect is in the way: allow REST API requests from wp2medium"
	case KindMalformedJSON:
		return "a plugin or the theme may print output into REST answers: check the site's PHP errors"
	case KindNotFound:
		return "the post may have been deleted: refresh the list"
	case KindServer:
		if !e.RetryAfter.IsZero() {
			return retryafter.WaitText("the site", e.RetryAfter, time.Now()) + "; if it persists, check the site's error log"
		}
		return "try again later; if it persists, check the site's error log"
	case KindRateLimited:
		if !e.RetryAfter.IsZero() {
			return retryafter.WaitText("the site", e.RetryAfter, time.Now())
		}
		return "wait a minute and try again"
	case KindInvalidURL:
		return "give the site's address, e.g. blog.example.com or https://example.com/blog"
	}
	return ""
}

func hostOf(u string) string {
	u = urltext.WithoutUserinfo(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	if u == "" {
		return "the site"
	}
	return u
}

// maxMessageRunes bounds a server message so a proxy's error page cannot
// flood the status line.
const maxMessageRunes = 200

// cleanMessage makes a server message safe and short for one line.
func cleanMessage(s string) string {
	s = termtext.CleanLine(html.UnescapeString(stripTags(s)))
	if r := []rune(s); len(r) > maxMessageRunes {
		s = string(r[:maxMessageRunes-1]) + "…"
	}
	return s
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	return tagRE.ReplaceAllString(s, "")
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// htmlTitle returns the cleaned <title> of an HTML page, or "".
func htmlTitle(body []byte) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return cleanMessage(string(m[1]))
}

// looksLikeHTML reports whether a body is a web page rather than JSON.
func looksLikeHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "text/html") {
		return true
	}
	trimmed := strings.TrimLeft(string(body[:min(len(body), 512)]), " \t\r\n\ufeff")
	return strings.HasPrefix(trimmed, "<")
}

// transportError classifies an error from the HTTP client (no response).
// parent is the caller's context: its cancellation is KindCanceled, while our
// own per-request deadline is KindTimeout.
func transportError(parent context.Context, rawURL string, err error) *Error {
	e := &Error{URL: rawURL, Err: err, Kind: KindNetwork}
	var (
		netErr      net.Error
		dnsErr      *net.DNSError
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
	)
	switch {
	case parent.Err() != nil && errors.Is(parent.Err(), context.Canceled):
		e.Kind = KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		e.Kind = KindTimeout
	case errors.Is(err, http.ErrSchemeMismatch):
		e.Kind, e.Message, e.hintText = KindTLS, "this port speaks http, not https", plainPortHint(rawURL, "use")
	case errors.As(err, &recordErr):
		e.Kind, e.Message = KindTLS, "this port does not speak https (what it sent first is not TLS)"
		e.hintText = plainPortHint(rawURL, "if it is a plain http site, use")
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalidErr), errors.As(err, &alertErr),
		strings.Contains(err.Error(), "tls: "), strings.Contains(err.Error(), "x509: "):
		e.Kind = KindTLS
		e.Message = cleanMessage(rootCause(err).Error())
	case errors.As(err, &dnsErr):
		e.Message = "the host name does not resolve"
		if dnsErr.IsTimeout {
			e.Kind = KindTimeout
		}
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Kind = KindTimeout
	default:
		e.Message = cleanMessage(rootCause(err).Error())
	}
	return e
}

// plainPortHint is for https sent to a port that does not speak it: the same
// port over http for a local site, where WordPress allows application
// passwords over http; for any other site the https address, since over http
// WordPress would refuse the application password.
func plainPortHint(rawURL, lead string) string {
	host := hostOf(rawURL)
	if isLocalHost(hostOnly(host)) {
		return lead + " http://" + host + " (or the site's https port)"
	}
	name := hostOnly(host)
	if strings.Contains(name, ":") {
		name = "[" + name + "]"
	}
	return "use the site's https port, usually the default one (https://" + name + "); over plain http://" + host + " WordPress refuses application passwords"
}

// rootCause drops the url.Error wrapper, whose text repeats the method and URL.
func rootCause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		var op *net.OpError
		if errors.As(err, &op) && err == error(op) {
			return err
		}
		err = u
	}
}

// siteURLError says why raw cannot be a site's address, echoing it without
// any username or password typed into it.
func siteURLError(raw, why string) *Error {
	return &Error{Kind: KindInvalidURL, Message: "“" + cleanMessage(urltext.WithoutUserinfo(raw)) + "”: " + why}
}
