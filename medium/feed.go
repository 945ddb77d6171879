package medium

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/internal/urltext"
)

// DefaultFeedURL is where Medium serves an account's public feed: the latest
// ten public stories, no drafts, no paging. {username} is replaced by the
// username /me reports.
const DefaultFeedURL = "https://medium.com/feed/@{username}"

// maxFeedBytes bounds a feed: ten full stories are a few hundred kilobytes;
// a server sending more is not Medium's feed.
const maxFeedBytes = 8 << 20

// FeedItem is one story of Medium's public feed. Every field is what the
// feed says, decoded but not cleaned: it is untrusted text, to be cleaned
// at the last step before a terminal.
type FeedItem struct {
	Title string
	// Link is the story's address as served (Medium adds "?source=…").
	Link string
	// GUID is https://medium.com/p/<id> on Medium's feed.
	GUID string
	// Published is the item's pubDate; zero when missing or unreadable.
	Published  time.Time
	Categories []string
	// Content is content:encoded, the story's full HTML.
	Content string
	// Canonical is an <atom:link rel="canonical">, when the item shows one
	// (Medium's own feed does not, so matching mostly uses Content).
	Canonical string
}

// FeedURL builds the address of username's feed from the [medium] feed_url
// setting: a template holding {username} (DefaultFeedURL), or a base to
// which "/@username" is added ("http://127.0.0.1:8080/feed" for a fake).
// Empty means DefaultFeedURL.
func FeedURL(template, username string) (string, error) {
	template = strings.TrimSpace(template)
	if template == "" {
		template = DefaultFeedURL
	}
	username = strings.TrimPrefix(strings.TrimSpace(username), "@")
	if username == "" {
		return "", &Error{Op: "reading the public feed", Kind: KindInvalidRequest,
			Detail: "Medium reported no username for this token, so the feed's address is unknown"}
	}
	raw := strings.TrimRight(template, "/") + "/@" + url.PathEscape(username)
	if strings.Contains(template, "{username}") {
		raw = strings.ReplaceAll(template, "{username}", url.PathEscape(username))
	}
	if _, err := parseFeedURL(raw); err != nil {
		return "", err
	}
	return raw, nil
}

// parseFeedURL accepts an absolute https URL, or http on a loopback host
// (a fake in tests). No token goes to the feed, but what it says is proposed
// to the user as the truth about a story, so it must come over https.
func parseFeedURL(raw string) (*url.URL, error) {
	shown := termtext.CleanLine(urltext.WithoutUserinfo(raw))
	fail := func(why string) (*url.URL, error) {
		return nil, &Error{Op: "reading the public feed", Kind: KindInvalidRequest,
			Detail: fmt.Sprintf("feed URL %q %s; set [medium] feed_url to a URL such as %s, or leave it empty", shown, why, DefaultFeedURL)}
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fail("is not a URL")
	case u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return fail("is not an absolute http(s) URL")
	case u.User != nil:
		return fail("must not hold a user name or password")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return fail("uses plain http (only allowed for 127.0.0.1 and localhost)")
	}
	return u, nil
}

// Feed reads Medium's public RSS feed at feedURL (see FeedURL). The feed is
// public: the request carries no token. Medium sometimes refuses programs
// (403); the error then says so. What the feed holds is a hint, never the
// truth: only the latest ten public stories are in it.
func (c *Client) Feed(ctx context.Context, feedURL string) ([]FeedItem, error) {
	const op = "reading the public feed"
	u, err := parseFeedURL(strings.TrimSpace(feedURL))
	if err != nil {
		return nil, err
	}
	cl := call{op: op, method: http.MethodGet}
	for attempt := 0; ; attempt++ {
		items, e := c.feedOnce(ctx, cl, u)
		if e == nil {
			return items, nil
		}
		if attempt >= c.maxRetries || !e.retryable() || ctx.Err() != nil {
			return nil, e
		}
		t := time.NewTimer(c.backoff(attempt + 1))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, e
		case <-t.C:
		}
	}
}

func (c *Client) feedOnce(ctx context.Context, cl call, u *url.URL) ([]FeedItem, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), http.NoBody)
	if err != nil {
		return nil, &Error{Op: cl.op, Kind: KindInvalidRequest, Detail: err.Error(), Err: err}
	}
	// Never the Authorization header: the feed is public and on another host.
	req.Header.Set("Accept", "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8")
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.feedHTTPClient().Do(req)
	if err != nil {
		var re *redirectError
		if errors.As(err, &re) {
			return nil, &Error{Op: cl.op, Kind: KindBadResponse, Detail: re.Error(), Err: err,
				advice: "Check [medium] feed_url: Medium serves its feed over https (" + DefaultFeedURL + ")"}
		}
		return nil, c.transportError(ctx, actx, cl, err, false, 0)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxFeedBytes+1))
	if err != nil {
		return nil, c.transportError(ctx, actx, cl, err, false, resp.StatusCode)
	}
	if resp.StatusCode/100 != 2 {
		return nil, c.feedStatusError(cl, resp, raw, u)
	}
	if len(raw) > maxFeedBytes {
		return nil, &Error{Op: cl.op, StatusCode: resp.StatusCode, Kind: KindBadResponse,
			Detail: fmt.Sprintf("the feed is larger than %d MiB, which Medium's feed of ten stories never is", maxFeedBytes>>20),
			advice: "Check [medium] feed_url: it should be the account's Medium feed (" + DefaultFeedURL + ")"}
	}
	items, perr := ParseFeed(raw)
	if perr != nil {
		return nil, &Error{Op: cl.op, StatusCode: resp.StatusCode, Kind: KindBadResponse,
			Detail: c.describeBody(resp, raw, perr.Error()),
			advice: "The answer is not an RSS feed (a proxy or a challenge page?); try again later, or look at your Medium profile yourself"}
	}
	return items, nil
}

// redirectError is a feed redirect refused: to plain http (or another
// scheme) off the loopback host, where anyone on the way could change what
// the feed says.
type redirectError struct{ to string }

func (e *redirectError) Error() string {
	return fmt.Sprintf("the feed redirected to %q, which is not https; wp2medium follows the feed only over https", e.to)
}

// maxFeedRedirects is how many redirects the feed may take, as net/http's
// default.
const maxFeedRedirects = 10

// feedHTTPClient is the client's HTTP client, following redirects only to
// an address the feed could have been set to: https (or http on loopback,
// for a fake).
func (c *Client) feedHTTPClient() *http.Client {
	hc := *c.httpClient
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxFeedRedirects {
			return fmt.Errorf("stopped after %d redirects", maxFeedRedirects)
		}
		if _, err := parseFeedURL(req.URL.String()); err != nil {
			return &redirectError{to: termtext.CleanLine(urltext.WithoutUserinfo(req.URL.String()))}
		}
		return nil
	}
	return &hc
}

// feedStatusError says what a refused feed request means for the user: a
// 403 is Medium turning programs away, a 404 no such user.
func (c *Client) feedStatusError(cl call, resp *http.Response, raw []byte, u *url.URL) *Error {
	e := &Error{Op: cl.op, StatusCode: resp.StatusCode, Kind: classify(resp.StatusCode, 0, "")}
	shown := termtext.CleanLine(u.String())
	switch resp.StatusCode {
	case http.StatusForbidden:
		e.Detail = "Medium refused to serve the feed to a program (403)"
		if ct, excerpt := c.bodyExcerpt(resp, raw); excerpt != "" {
			e.Detail += fmt.Sprintf(": %s %q", ct, excerpt)
		}
		e.advice = "Medium turns automated clients away at times; the feed is only a hint: open " + shown + " in a browser or look at your Medium profile"
	case http.StatusNotFound:
		e.Detail = "Medium has no feed at " + shown + " (404): no such user"
		e.advice = "Check the token's username and [medium] feed_url (default " + DefaultFeedURL + ")"
	default:
		e.Detail = c.describeBody(resp, raw, "")
	}
	return e
}

// rssDoc is RSS 2.0 as Medium serves it.
type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Channel *struct {
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
}

type rssItem struct {
	Title      string   `xml:"title"`
	Link       string   `xml:"link"`
	GUID       string   `xml:"guid"`
	PubDate    string   `xml:"pubDate"`
	Categories []string `xml:"category"`
	Content    string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Links      []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
}

// ErrNotRSS is the cause of ParseFeed's error for a document that is XML
// but not an RSS feed.
var ErrNotRSS = errors.New("not an RSS feed")

// ParseFeed reads an RSS 2.0 document (CDATA, XML and HTML entities). A
// control character XML forbids (a stray ESC in a title) does not make the
// whole feed unreadable: it is kept, as the feed said it, for the terminal's
// cleaning to remove.
func ParseFeed(raw []byte) ([]FeedItem, error) {
	d := xml.NewDecoder(bytes.NewReader(shieldControls(raw)))
	d.Entity = xml.HTMLEntity // &nbsp; and friends outside CDATA
	var doc rssDoc
	if err := d.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		return nil, fmt.Errorf("%w (%v)", ErrNotRSS, err)
	}
	if doc.Channel == nil {
		return nil, fmt.Errorf("%w: no <channel>", ErrNotRSS)
	}
	items := make([]FeedItem, 0, len(doc.Channel.Items))
	for _, it := range doc.Channel.Items {
		fi := FeedItem{
			Title: unshield(strings.TrimSpace(it.Title)), Link: unshield(strings.TrimSpace(it.Link)),
			GUID: unshield(strings.TrimSpace(it.GUID)), Content: unshield(it.Content),
			Published: parsePubDate(it.PubDate),
		}
		for _, c := range it.Categories {
			if c = unshield(strings.TrimSpace(c)); c != "" {
				fi.Categories = append(fi.Categories, c)
			}
		}
		for _, l := range it.Links {
			if strings.EqualFold(l.Rel, "canonical") && fi.Canonical == "" {
				fi.Canonical = unshield(strings.TrimSpace(l.Href))
			}
		}
		items = append(items, fi)
	}
	return items, nil
}

// parsePubDate reads RFC 1123 dates, with the variants feeds use.
func parsePubDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04:05 -0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// shieldBase is where shieldControls puts the C0 controls XML forbids: the
// private use area, from which unshield brings them back.
const shieldBase = 0xE000

var controlRef = regexp.MustCompile(`&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));`)

// shieldControls moves the C0 controls XML 1.0 forbids, raw or as character
// references, into the private use area, so the decoder accepts them.
func shieldControls(raw []byte) []byte {
	forbidden := func(r int64) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' }
	if bytes.IndexFunc(raw, func(r rune) bool { return forbidden(int64(r)) }) < 0 && !bytes.Contains(raw, []byte("&#")) {
		return raw
	}
	out := controlRef.ReplaceAllFunc(raw, func(m []byte) []byte {
		sub := controlRef.FindSubmatch(m)
		var n int64
		var err error
		if len(sub[1]) > 0 {
			n, err = strconv.ParseInt(string(sub[1]), 16, 32)
		} else {
			n, err = strconv.ParseInt(string(sub[2]), 10, 32)
		}
		if err != nil || !forbidden(n) {
			return m
		}
		return []byte(string(rune(shieldBase + n)))
	})
	return bytes.Map(func(r rune) rune {
		if forbidden(int64(r)) {
			return shieldBase + r
		}
		return r
	}, out)
}

// unshield undoes shieldControls.
func unshield(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= shieldBase && r < shieldBase+0x20 {
			return r - shieldBase
		}
		return r
	}, s)
}
