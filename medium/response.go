package medium

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// maxMessageRunes bounds Medium's message (and any body excerpt) in an error,
// so a huge or hostile answer cannot flood the screen.
const maxMessageRunes = 300

// responseError builds the Error for a non-2xx answer.
func (c *Client) responseError(cl call, resp *http.Response, raw []byte) *Error {
	status := resp.StatusCode
	e := &Error{Op: cl.op, StatusCode: status, Scope: cl.scope, OutcomeUnknown: cl.create && status/100 != 4}
	var body struct {
		Errors []struct {
			Message string `json:"message"`
			Code    int    `json:"code"`
		} `json:"errors"`
	}
	trimmed := bytes.TrimSpace(raw)
	why := ""
	isJSON := len(trimmed) > 0 && trimmed[0] == '{'
	if isJSON {
		if err := json.Unmarshal(trimmed, &body); err != nil {
			isJSON, why = false, "malformed JSON: "+err.Error()
		}
	}
	switch {
	case isJSON && len(body.Errors) > 0:
		var msgs []string
		for _, m := range body.Errors {
			if s := termtext.CleanLine(m.Message); s != "" {
				msgs = append(msgs, s)
			}
			if e.Code == 0 {
				e.Code = m.Code
			}
		}
		e.Message = truncate(c.redact(strings.Join(msgs, "; ")), maxMessageRunes)
		e.Kind = classify(status, e.Code, e.Message)
		if e.Kind == KindTokenRequired {
			tokenRequired(e, resp)
		}
	case isJSON:
		e.Kind = classify(status, 0, "")
		e.Detail = fmt.Sprintf("Medium answered HTTP %d without an error message", status)
	default:
		switch k := classify(status, 0, ""); k {
		case KindServer, KindRateLimited:
			e.Kind = k
		default:
			e.Kind = KindBadResponse
		}
		e.Detail = c.describeBody(resp, raw, why)
	}
	return e
}

// tokenRequired sorts out a 6000 ("token required"). The client only sends
// requests that carry the token, so either Medium did not accept it, or the
// request that got the answer lost it on the way: Go's HTTP client drops the
// Authorization header on a redirect to another host.
func tokenRequired(e *Error, resp *http.Response) {
	final := resp.Request
	if final == nil || final.Header.Get("Authorization") != "" {
		e.Kind, e.advice = KindInvalidToken, tokenNotAcceptedAdvice
		return
	}
	e.advice = "The token was not sent to the server that answered: the request was redirected to " +
		termtext.CleanLine(final.URL.Host) + ", and the token is only sent to the base URL's host. Check the API base URL (" + DefaultBaseURL + ")"
}

// badBody builds the Error for a 2xx answer that cannot be used. On a create
// the story was most likely made, but its id and URL are lost.
func (c *Client) badBody(cl call, resp *http.Response, raw []byte, why string) *Error {
	return &Error{
		Op: cl.op, StatusCode: resp.StatusCode, Kind: KindBadResponse, Scope: cl.scope,
		Detail: c.describeBody(resp, raw, why), OutcomeUnknown: cl.create,
	}
}

var (
	titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	tagRe   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// describeBody says what came back instead of the API's JSON: the status, the
// content type and the page title or first bytes, cleaned for the terminal.
func (c *Client) describeBody(resp *http.Response, raw []byte, why string) string {
	ct, excerpt := c.bodyExcerpt(resp, raw)
	what := "instead of JSON"
	if why != "" && why != errNotJSON.Error() {
		what = "with a body that cannot be used (" + c.redact(termtext.CleanLine(why)) + ")"
	}
	if excerpt == "" {
		return fmt.Sprintf("Medium answered HTTP %d (%s, empty body) %s", resp.StatusCode, ct, what)
	}
	return fmt.Sprintf("Medium answered HTTP %d (%s) %s: %q", resp.StatusCode, ct, what, excerpt)
}

// bodyExcerpt is an answer's content type and its page title or first
// bytes, cleaned for the terminal and short.
func (c *Client) bodyExcerpt(resp *http.Response, raw []byte) (ct, excerpt string) {
	ct = resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	if ct == "" {
		ct = "no content type"
	}
	ct = termtext.CleanLine(ct)
	if m := titleRe.FindSubmatch(raw); m != nil {
		excerpt = string(m[1])
	} else {
		excerpt = string(raw[:min(len(raw), 2048)])
		if strings.Contains(ct, "html") {
			excerpt = tagRe.ReplaceAllString(excerpt, " ")
		}
	}
	excerpt = truncate(c.redact(termtext.CleanLine(html.UnescapeString(strings.ToValidUTF8(excerpt, "")))), 120)
	return ct, excerpt
}

// transportError builds the Error for a request that got no (complete)
// answer. sent says whether the request may have reached Medium.
func (c *Client) transportError(ctx, attemptCtx context.Context, cl call, err error, sent bool, status int) *Error {
	e := &Error{Op: cl.op, StatusCode: status, Scope: cl.scope, Err: err, OutcomeUnknown: cl.create && sent}
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Kind, e.Detail = KindCanceled, "canceled"
	case ctx.Err() != nil:
		e.Kind, e.Detail = KindTimeout, "no answer before the deadline"
	case attemptCtx.Err() != nil:
		e.Kind, e.Detail = KindTimeout, fmt.Sprintf("no answer within %s", c.timeout)
	case errors.As(err, &ne) && ne.Timeout():
		e.Kind, e.Detail = KindTimeout, "the connection timed out"
	case errors.Is(err, http.ErrSchemeMismatch):
		e.Kind, e.Detail, e.advice = KindNetwork, "this port speaks http, not https", c.plainPortAdvice("Use")
	case errors.As(err, new(tls.RecordHeaderError)):
		e.Kind, e.Detail = KindNetwork, "this port does not speak https (what it sent first is not TLS)"
		e.advice = c.plainPortAdvice("If it is a plain http server, use")
	default:
		e.Kind = KindNetwork
		e.Detail = "the connection failed (" + c.redact(termtext.CleanLine(innerError(err))) + ")"
	}
	if status != 0 && e.Kind != KindCanceled {
		e.Detail = fmt.Sprintf("Medium answered HTTP %d but the answer broke off: %s", status, e.Detail)
	}
	e.Err = c.redactErr(err)
	return e
}

// plainPortAdvice is for https sent to a port that does not speak it: the
// same port over http where the token may travel that way (loopback only),
// else the server's https port.
func (c *Client) plainPortAdvice(lead string) string {
	u := *c.baseURL
	if !isLoopback(u.Hostname()) {
		return "Use the server's https port (Medium's API is " + DefaultBaseURL + "); plain http is only allowed for 127.0.0.1 and localhost, so that the token never travels unencrypted"
	}
	u.Scheme = "http"
	return lead + " " + u.String() + " as the API base URL (or the server's https port)"
}

// innerError drops the url.Error prefix (method and URL) that would repeat
// what Op already says.
func innerError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
