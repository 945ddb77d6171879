package wordpress

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/wp2medium/wp2medium/internal/retryafter"
)

// maxBodyBytes bounds what one answer may weigh; a long post with inline
// images is a few MB at most.
const maxBodyBytes = 32 << 20

// response is one HTTP answer, read whole.
type response struct {
	status int
	header http.Header
	body   []byte
	url    string
}

// fetch GETs rawURL, retrying 429, 502, 503 and 504 at most c.maxRetries
// times, and returns the last answer whatever its status. The error is only
// for requests that got no answer (network, TLS, timeout, cancel).
func (c *Client) fetch(ctx context.Context, rawURL string, auth bool, limit int64) (*response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.fetchOnce(ctx, rawURL, auth, limit)
		if err != nil {
			return nil, err
		}
		if !retryable(resp.status) || attempt >= c.maxRetries {
			return resp, nil
		}
		if err := c.sleep(ctx, c.retryWait(resp.header, attempt)); err != nil {
			return nil, transportError(ctx, rawURL, err)
		}
	}
}

func (c *Client) fetchOnce(ctx context.Context, rawURL string, auth bool, limit int64) (*response, error) {
	return c.roundTrip(ctx, http.MethodGet, rawURL, nil, auth, limit)
}

// roundTrip sends one request, with a JSON body when body is not nil, and
// reads the whole answer. It never retries: fetch does that for GETs.
func (c *Client) roundTrip(ctx context.Context, method, rawURL string, body []byte, auth bool, limit int64) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var reqBody io.Reader
	if body != nil {
		reqBody = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, reqBody)
	if err != nil {
		return nil, &Error{Kind: KindRejected, URL: rawURL, Message: "cannot build the request", Err: err}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json, */*;q=0.1")
	if body != nil {
		// WordPress reads a JSON body only when it is labelled as JSON.
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if auth && c.Authenticated() {
		if err := checkCleartext(req.URL); err != nil {
			return nil, err
		}
		// Set by hand rather than SetBasicAuth so the value is built in one
		// place; it never goes into an error or a log.
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.username+":"+c.password)))
	}
	resp, err := c.httpFor(ctx).Do(req)
	if err != nil {
		return nil, c.redactError(transportError(ctx, rawURL, err))
	}
	defer resp.Body.Close()
	data, err := readBody(resp, limit)
	if err != nil {
		return nil, c.redactError(transportError(ctx, rawURL, err))
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: data, url: rawURL}, nil
}

// readBody reads at most limit bytes, in one allocation when the server
// announced the length (WordPress does for REST answers).
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	r := io.LimitReader(resp.Body, limit)
	if n := resp.ContentLength; n > 0 && n <= limit {
		buf := bytes.NewBuffer(make([]byte, 0, n+1))
		_, err := buf.ReadFrom(r)
		return buf.Bytes(), err
	}
	return io.ReadAll(r)
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryWait honours Retry-After (seconds or an HTTP date), capped so a
// misconfigured server cannot stall the app, else backs off exponentially.
func (c *Client) retryWait(h http.Header, attempt int) time.Duration {
	wait := c.retryBase << attempt
	now := time.Now()
	if t, ok := retryafter.Parse(h.Get("Retry-After"), now); ok {
		wait = max(t.Sub(now), 0)
	}
	return min(wait, c.maxRetryWait)
}

// getJSON GETs a REST URL with the credentials and decodes a 2xx answer
// into v.
func (c *Client) getJSON(ctx context.Context, rawURL string, v any) (*response, error) {
	return c.getJSONAs(ctx, rawURL, true, v)
}

// getAnonymousJSON is getJSON without the credentials: the answer is what
// any reader of the site gets.
func (c *Client) getAnonymousJSON(ctx context.Context, rawURL string, v any) (*response, error) {
	return c.getJSONAs(ctx, rawURL, false, v)
}

func (c *Client) getJSONAs(ctx context.Context, rawURL string, auth bool, v any) (*response, error) {
	resp, err := c.fetch(ctx, rawURL, auth, maxBodyBytes)
	if err != nil {
		return nil, err
	}
	if resp.status < 200 || resp.status > 299 {
		return resp, c.httpError(resp)
	}
	if err := c.decode(resp, v); err != nil {
		return resp, err
	}
	return resp, nil
}

// postJSON POSTs in, encoded as JSON, to a REST URL with the credentials,
// once, and decodes a 2xx answer into out. A POST is never retried here: a
// write is not idempotent in general, so only the caller knows whether
// sending it again is safe.
func (c *Client) postJSON(ctx context.Context, rawURL string, in, out any) (*response, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, &Error{Kind: KindRejected, URL: rawURL, Message: "cannot encode the request", Err: err}
	}
	resp, err := c.roundTrip(ctx, http.MethodPost, rawURL, body, true, maxBodyBytes)
	if err != nil {
		return nil, err
	}
	if resp.status < 200 || resp.status > 299 {
		return resp, c.httpError(resp)
	}
	if err := c.decode(resp, out); err != nil {
		return resp, err
	}
	return resp, nil
}

func (c *Client) decode(resp *response, v any) error {
	err := json.Unmarshal(resp.body, v)
	if err == nil {
		return nil
	}
	e := &Error{StatusCode: resp.status, URL: resp.url, Err: err, Kind: KindMalformedJSON}
	if looksLikeHTML(resp.header.Get("Content-Type"), resp.body) {
		e.Kind = KindHTMLResponse
		e.Message = pageTitleMessage(resp.body)
	} else {
		e.Message = cleanMessage(err.Error())
	}
	return c.redactError(e)
}

func pageTitleMessage(body []byte) string {
	if t := htmlTitle(body); t != "" {
		return "page titled “" + t + "”"
	}
	return "page without a title"
}

// wpError is WordPress's error envelope. A rest_invalid_param error names
// the real reason per parameter in data.details.
type wpError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Details map[string]struct {
			Code string `json:"code"`
		} `json:"details"`
	} `json:"data"`
}

// cause is the error code to act on. With a wrong application password
// WordPress treats the request as anonymous and refuses the non-public
// statuses as an invalid parameter; the details say rest_forbidden_status,
// which is an authentication problem, not a usage one.
func (e wpError) cause() string {
	if e.Code == "rest_invalid_param" {
		for _, d := range e.Data.Details {
			if kindForCode(d.Code, 0) == KindAuth {
				return d.Code
			}
		}
	}
	return e.Code
}

// httpError turns a non-2xx answer into an *Error.
func (c *Client) httpError(resp *response) *Error {
	e := &Error{StatusCode: resp.status, URL: resp.url}
	// The answer has just arrived, so now is when its delay counts from.
	now := time.Now()
	if t, ok := retryafter.Parse(resp.header.Get("Retry-After"), now); ok && t.After(now) {
		e.RetryAfter = t
	}
	var env wpError
	if err := json.Unmarshal(resp.body, &env); err == nil && env.Code != "" {
		e.Code = cleanMessage(env.cause())
		e.Message = cleanMessage(env.Message)
		e.Kind = kindForCode(env.cause(), resp.status)
		return c.redactError(e)
	}
	e.Kind = kindForStatus(resp.status)
	if looksLikeHTML(resp.header.Get("Content-Type"), resp.body) {
		if e.Kind != KindServer && e.Kind != KindRateLimited {
			e.Kind = KindHTMLResponse
		}
		e.Message = pageTitleMessage(resp.body)
	}
	return c.redactError(e)
}

func kindForCode(code string, status int) ErrorKind {
	switch code {
	case "rest_not_logged_in", "incorrect_password", "invalid_username", "invalid_email",
		"rest_forbidden_context", "rest_forbidden", "rest_cannot_read", "rest_forbidden_status",
		"rest_user_cannot_view", "rest_cannot_view", "rest_login_required", "rest_cannot_access":
		return KindAuth
	case "application_passwords_disabled", "application_passwords_disabled_for_user":
		return KindAppPasswordsUnavailable
	case "rest_post_invalid_id", "rest_term_invalid", "rest_user_invalid_id":
		return KindNotFound
	case "rest_no_route", "rest_disabled", "rest_api_disabled":
		return KindNotWordPress
	}
	return kindForStatus(status)
}

func kindForStatus(status int) ErrorKind {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return KindAuth
	case status == http.StatusNotFound || status == http.StatusGone:
		return KindNotFound
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status >= 500:
		return KindServer
	case status >= 400:
		return KindRejected
	}
	return KindUnknown
}

// checkCleartext refuses to send the application password over plain http
// to a host that is not local. WordPress refuses application passwords there
// too, so nothing is lost, and the password never travels in the clear.
func checkCleartext(u *url.URL) error {
	if u.Scheme == "http" && !isLocalHost(u.Hostname()) {
		return &Error{Kind: KindAppPasswordsUnavailable, URL: u.String(),
			Message: "refusing to send the application password over plain http"}
	}
	return nil
}
