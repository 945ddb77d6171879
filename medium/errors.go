package medium

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/retryafter"
)

// ErrorKind sorts failures by what the user can do about them.
type ErrorKind int

// The kinds of Error. Codes are Medium's own (see the contract).
const (
	// KindOther is a refusal this package has no advice for; Medium's
	// message and code say why.
	KindOther ErrorKind = iota
	// KindTokenRequired is no token at all: none is configured, or Medium
	// answered 6000 to a request that reached it without one (a redirect to
	// another host drops the Authorization header).
	KindTokenRequired
	// KindInvalidToken is 6001, 6003, a 401 without a code, or a 6000 to a
	// request that did carry the token: Medium did not accept it.
	KindInvalidToken
	KindMissingScope        // 6002; Error.Scope names the scope when known
	KindUserNotFound        // 6004
	KindTokenDisabled       // 6005: token disabled or application not found
	KindAPIDisabled         // 6027
	KindPublishedAtInFuture // 2014
	// KindRateLimited is Medium's daily publishing limit (about 10 posts per
	// 24 hours, reported as an ordinary error) or a 429.
	KindRateLimited
	KindForbidden      // 403 without a known code, e.g. a writer publishing
	KindNotFound       // 404 without a known code
	KindInvalidRequest // refused before sending, or a 400 without a known code
	KindServer         // 5xx
	// KindBadResponse is an answer that is not the API's JSON: an HTML page
	// from a proxy, malformed JSON, or data without the expected fields.
	KindBadResponse
	KindTimeout  // no answer in time
	KindNetwork  // connection failed or dropped
	KindCanceled // the caller's context was canceled
)

var kindNames = [...]string{
	KindOther:               "other",
	KindTokenRequired:       "token-required",
	KindInvalidToken:        "invalid-token",
	KindMissingScope:        "missing-scope",
	KindUserNotFound:        "user-not-found",
	KindTokenDisabled:       "token-disabled",
	KindAPIDisabled:         "api-disabled",
	KindPublishedAtInFuture: "published-at-in-future",
	KindRateLimited:         "rate-limited",
	KindForbidden:           "forbidden",
	KindNotFound:            "not-found",
	KindInvalidRequest:      "invalid-request",
	KindServer:              "server",
	KindBadResponse:         "bad-response",
	KindTimeout:             "timeout",
	KindNetwork:             "network",
	KindCanceled:            "canceled",
}

// String names the kind, for logs and tests.
func (k ErrorKind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// ImportURL is Medium's importer, the route left to users without a working
// token: it takes a public URL and keeps the original date and canonical link.
const ImportURL = "https://medium.com/p/import"

// rateLimitMessage is how Medium reports the daily limit; there is no code.
const rateLimitMessage = "User has reached the rate limit for publishing today."

// Error is every failure of a Client call. It never contains the token.
type Error struct {
	// Op is what the call was doing, in words ("creating the post").
	Op string
	// StatusCode is the HTTP status, 0 when no answer arrived.
	StatusCode int
	// Code is Medium's error code, 0 when it sent none.
	Code int
	// Message is Medium's own message, cleaned for the terminal and truncated.
	Message string
	Kind    ErrorKind
	// Scope is the token scope the call needs (ScopeListPublications, ...).
	Scope string
	// Detail says what happened when Medium's message is not available: the
	// network failure, or what came back instead of JSON.
	Detail string
	// OutcomeUnknown is set on a create (post or image) that may have been
	// acted on although it failed; see IsOutcomeUnknown.
	OutcomeUnknown bool
	// Err is the underlying error (network, context), for errors.Is/As.
	Err error
	// RetryAfter is when Medium asked to be called again (its Retry-After
	// header, on a 429, the daily limit or a 503), zero when it did not say
	// or the time had already come. The message states it in UTC.
	RetryAfter time.Time

	// advice, when set, replaces the kind's advice where the kind alone
	// would send the user the wrong way.
	advice string
}

// Error says what went wrong and what to do about it.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("medium: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.summary())
	if a := e.Advice(); a != "" {
		b.WriteString(". ")
		b.WriteString(a)
	}
	return b.String()
}

func (e *Error) summary() string {
	var parts []string
	if e.Code != 0 {
		parts = append(parts, fmt.Sprintf("code %d", e.Code))
	}
	if e.StatusCode != 0 {
		parts = append(parts, fmt.Sprintf("HTTP %d", e.StatusCode))
	}
	switch {
	case e.Message != "":
		s := fmt.Sprintf("Medium said %q", e.Message)
		if len(parts) > 0 {
			s += " (" + strings.Join(parts, ", ") + ")"
		}
		return s
	case e.Detail != "":
		return e.Detail
	case len(parts) > 0:
		return "Medium refused the request (" + strings.Join(parts, ", ") + ")"
	}
	return e.Kind.String()
}

// Advice is the next step for the user, or "" when Medium's message is all
// there is to say.
func (e *Error) Advice() string {
	a := e.advice
	switch {
	case a != "":
	case e.Kind == KindTokenRequired:
		a = "Add your Medium integration token in the settings"
	default:
		a = kindAdvice(e)
	}
	if e.OutcomeUnknown {
		// "Try again" would be the wrong advice here: resending may duplicate.
		if e.Scope == ScopeUploadImage {
			return "The image may have been uploaded anyway; uploading it again is harmless"
		}
		return "The post may have been created anyway: look at your Medium profile and drafts before sending it again"
	}
	return a
}

// kindAdvice is the advice every error of e's kind gets.
func kindAdvice(e *Error) string {
	var a string
	switch e.Kind {
	case KindInvalidToken:
		a = "The token is invalid or was revoked: check it in the settings. Medium no longer issues new tokens; if yours was revoked use the import route (" + ImportURL + ")"
	case KindMissingScope:
		a = scopeAdvice(e.Scope)
	case KindUserNotFound:
		a = "Medium knows no such user: the author id must be the one Medium reports for this token (re-check the token)"
	case KindTokenDisabled:
		a = "The token is disabled or its application no longer exists. Medium no longer issues new tokens; use the import route (" + ImportURL + ")"
	case KindAPIDisabled:
		a = "Medium has turned the API off for this account; use the import route (" + ImportURL + ")"
	case KindPublishedAtInFuture:
		a = "The publish date is in the future: don't keep the original date, or check your clock"
	case KindRateLimited:
		switch {
		case e.Scope == ScopePublishPost && !e.RetryAfter.IsZero():
			a = "Medium allows about 10 new posts per 24 hours. " + retryafter.WaitText("Medium", e.RetryAfter, time.Now())
		case e.Scope == ScopePublishPost:
			a = "Medium allows about 10 new posts per 24 hours; try again tomorrow"
		case !e.RetryAfter.IsZero():
			a = retryafter.WaitText("Medium", e.RetryAfter, time.Now())
		default:
			a = "Medium is limiting requests; wait a minute and try again"
		}
	case KindNotFound:
		a = "Check the id, and that the API base URL is " + DefaultBaseURL
	case KindServer:
		a = "Medium (or a proxy in front of it) failed; try again later"
		if !e.RetryAfter.IsZero() {
			a = "Medium (or a proxy in front of it) failed. " + retryafter.WaitText("Medium", e.RetryAfter, time.Now())
		}
	case KindBadResponse:
		a = "Something other than Medium's API answered (a proxy, captive portal or outage page?); check the network and the base URL, or try again later"
	case KindTimeout:
		a = "Medium did not answer in time; try again later"
	case KindNetwork:
		a = "Check the internet connection and proxy settings, then try again"
	}
	return a
}

// tokenNotAcceptedAdvice is for a 6000 ("token required") to a request that
// carried the token: telling the user to add the token they already have
// would be wrong.
const tokenNotAcceptedAdvice = "Medium did not accept the token that was sent: it may have been revoked or disabled. " +
	"Medium no longer issues new tokens, so check that yours is still listed under Medium settings → Security and apps; " +
	"if it is gone, use the import route (" + ImportURL + ")"

func scopeAdvice(scope string) string {
	switch scope {
	case ScopeListPublications:
		return "The token lacks the listPublications scope (common for integration tokens): type the publication id instead of choosing it from a list"
	case ScopeUploadImage:
		return "The token lacks the uploadImage scope: keep images at public absolute URLs, Medium fetches them itself"
	case ScopePublishPost:
		return "The token lacks the publishPost scope, so it cannot publish; use the import route (" + ImportURL + ")"
	case "":
		return "The token lacks a scope this call needs"
	}
	return "The token lacks the " + scope + " scope this call needs"
}

// Unwrap returns the underlying network or context error, if any.
func (e *Error) Unwrap() error { return e.Err }

// GoString keeps %#v readable and free of anything Err might carry.
func (e *Error) GoString() string {
	ra := "zero"
	if !e.RetryAfter.IsZero() {
		ra = e.RetryAfter.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("&medium.Error{Op:%q, StatusCode:%d, Code:%d, Kind:%s, Message:%q, Scope:%q, Detail:%q, OutcomeUnknown:%t, RetryAfter:%s}",
		e.Op, e.StatusCode, e.Code, e.Kind, e.Message, e.Scope, e.Detail, e.OutcomeUnknown, ra)
}

// retryable reports failures a GET may try again.
func (e *Error) retryable() bool {
	// A port that does not speak TLS will not start to on the next try.
	if errors.Is(e.Err, http.ErrSchemeMismatch) || errors.As(e.Err, new(tls.RecordHeaderError)) {
		return false
	}
	switch e.StatusCode {
	case 429, 502, 503, 504:
		return true
	}
	return e.StatusCode == 0 && (e.Kind == KindNetwork || e.Kind == KindTimeout)
}

// IsOutcomeUnknown reports whether a failed create may nevertheless have made
// the story (or image): a timeout or dropped connection after the request was
// sent, a 5xx, or a success answer that could not be read. The caller must not
// resend automatically; a 4xx (or a failure before sending) is a definite
// refusal and gives false, as does every non-create error.
func IsOutcomeUnknown(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.OutcomeUnknown
}

// KindOf returns the kind of a *Error in err's chain, or KindOther.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// classify maps Medium's code, message and status to a kind.
func classify(status, code int, msg string) ErrorKind {
	switch code {
	case 6000:
		return KindTokenRequired
	case 6001, 6003:
		return KindInvalidToken
	case 6002:
		return KindMissingScope
	case 6004:
		return KindUserNotFound
	case 6005:
		return KindTokenDisabled
	case 6027:
		return KindAPIDisabled
	case 2014:
		return KindPublishedAtInFuture
	}
	if isRateLimitMessage(msg) || status == 429 {
		return KindRateLimited
	}
	switch {
	case status >= 500:
		return KindServer
	case status == 401:
		return KindInvalidToken
	case status == 403:
		return KindForbidden
	case status == 404:
		return KindNotFound
	case status == 400 || status == 422:
		return KindInvalidRequest
	}
	return KindOther
}

func isRateLimitMessage(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, strings.ToLower(rateLimitMessage)) || strings.Contains(m, "rate limit")
}
