package wordpress

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/url"
	"slices"
	"strings"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// apiRel is the link relation WordPress uses to advertise its REST root.
const apiRel = "https://api.w.org/"

// Site discovers the REST root on first call, reads the site's name from
// the REST index and caches the result; concurrent callers share one
// discovery. A failed discovery is not cached.
//
// Discovery order: the REST root given in the URL (…/wp-json), else the
// Link rel="https://api.w.org/" header of the home page, else /wp-json/,
// else /?rest_route=/ (sites without pretty permalinks).
func (c *Client) Site(ctx context.Context) (Site, error) {
	c.siteMu.Lock()
	defer c.siteMu.Unlock()
	if c.site != nil {
		return *c.site, nil
	}
	s, err := c.discover(ctx)
	if err != nil {
		return Site{}, err
	}
	c.site = &s
	return s, nil
}

func (c *Client) apiRoot(ctx context.Context) (string, error) {
	s, err := c.Site(ctx)
	return s.APIRoot, err
}

func (c *Client) discover(ctx context.Context) (Site, error) {
	base := c.siteURL.String()
	var candidates []string
	if c.restHint != "" {
		candidates = []string{c.restHint}
	} else {
		root, err := c.rootFromHome(ctx)
		if err != nil {
			return Site{}, err
		}
		candidates = []string{root, base + "/wp-json/", base + "/?rest_route=/"}
	}
	var best *Error
	for _, root := range slices.Compact(candidates) {
		if root == "" {
			continue
		}
		site, err := c.readIndex(ctx, root)
		if err == nil {
			return site, nil
		}
		var e *Error
		if !errors.As(err, &e) {
			return Site{}, err
		}
		switch e.Kind {
		case KindNetwork, KindTLS, KindTimeout, KindCanceled, KindAuth, KindAppPasswordsUnavailable:
			// The other candidates would fail the same way.
			return Site{}, e
		}
		if best == nil || discoveryRank(e) > discoveryRank(best) {
			best = e
		}
	}
	if best == nil || discoveryRank(best) == 0 {
		e := &Error{Kind: KindNotWordPress, URL: base + "/"}
		if best != nil {
			e.StatusCode, e.Code, e.Err = best.StatusCode, best.Code, best
		}
		return Site{}, e
	}
	return Site{}, best
}

// discoveryRank orders the failures of the candidate roots by how much they
// tell the user: a CDN challenge or a server error beats "nothing here".
func discoveryRank(e *Error) int {
	switch {
	case e.Kind == KindNotWordPress && e.Code != "":
		return 3 // an explicit "REST API disabled"
	case e.Kind == KindServer, e.Kind == KindRateLimited:
		return 2
	case e.Kind == KindHTMLResponse && e.StatusCode >= 400 && e.StatusCode != 404:
		return 1
	}
	return 0
}

// rootFromHome reads the REST root from the home page's Link header; ""
// when the page has none. Only failures to reach the site are errors.
func (c *Client) rootFromHome(ctx context.Context) (string, error) {
	home := c.siteURL.String() + "/"
	resp, err := c.fetch(ctx, home, false, 64<<10)
	if err != nil {
		return "", err
	}
	for _, v := range resp.header.Values("Link") {
		for _, l := range parseLinks(v) {
			if !slices.Contains(strings.Fields(l.rel), apiRel) {
				continue
			}
			ref, err := url.Parse(l.target)
			if err != nil {
				continue
			}
			root := c.siteURL.ResolveReference(ref)
			// The request carries our own credentials; a URL's userinfo
			// would only end up in error messages.
			root.User = nil
			// WordPress builds this address from its own home setting, which
			// need not be the address the user gave: another host name, or
			// plain http behind an https proxy or CDN. Requests (and the
			// application password) go only where the user pointed: the
			// configured scheme, host and port, with WordPress's path.
			root.Scheme, root.Host = c.siteURL.Scheme, c.siteURL.Host
			return root.String(), nil
		}
	}
	return "", nil
}

type link struct{ target, rel string }

// parseLinks parses one Link header value: `<url>; rel="a b", <url2>; rel=c`.
func parseLinks(v string) []link {
	var out []link
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			return out
		}
		end := strings.IndexByte(v[start:], '>')
		if end < 0 {
			return out
		}
		l := link{target: strings.TrimSpace(v[start+1 : start+end])}
		v = v[start+end+1:]
		params := v
		if next := strings.IndexByte(v, '<'); next >= 0 {
			params = v[:next]
		}
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "rel") {
				l.rel = strings.Trim(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(val), ",")), `"`)
			}
		}
		out = append(out, l)
	}
}

// restIndex is the part of the REST index (GET /wp-json/) the client reads.
type restIndex struct {
	Name           *string         `json:"name"`
	Description    string          `json:"description"`
	URL            string          `json:"url"`
	Home           string          `json:"home"`
	Namespaces     []string        `json:"namespaces"`
	Authentication json.RawMessage `json:"authentication"`
}

func (c *Client) readIndex(ctx context.Context, root string) (Site, error) {
	q := url.Values{"_fields": {"name,description,url,home,namespaces,authentication"}}
	u := endpoint(root, "", q)
	var idx restIndex
	resp, err := c.getJSON(ctx, u, &idx)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Kind == KindMalformedJSON {
			e.Kind = KindNotWordPress
		}
		return Site{}, err
	}
	if idx.Namespaces == nil || idx.Name == nil {
		return Site{}, &Error{Kind: KindNotWordPress, StatusCode: resp.status, URL: u,
			Message: "the answer is JSON but not a WordPress REST index"}
	}
	if !slices.Contains(idx.Namespaces, "wp/v2") {
		return Site{}, &Error{Kind: KindNotWordPress, StatusCode: resp.status, URL: u,
			Message: "the REST API has no wp/v2 routes"}
	}
	home := idx.Home
	if home == "" {
		home = idx.URL
	}
	if home == "" {
		home = c.siteURL.String()
	}
	c.appPasswordsOff = len(idx.Authentication) > 0 && !strings.Contains(string(idx.Authentication), `"application-passwords"`)
	admin := idx.URL // WordPress's own address, where wp-admin is
	if admin == "" {
		admin = home
	}
	return Site{
		Name:        cleanText(*idx.Name),
		Description: cleanText(idx.Description),
		URL:         termtext.CleanLine(home),
		AdminURL:    termtext.CleanLine(strings.TrimRight(admin, "/") + "/wp-admin/"),
		APIRoot:     root,
	}, nil
}

// endpoint builds the URL of a REST route ("wp/v2/posts") under root, for
// both root forms: ".../wp-json/" and ".../?rest_route=/".
func endpoint(root, route string, q url.Values) string {
	if i := strings.Index(root, "?rest_route="); i >= 0 {
		s := root[:i] + "?rest_route=/" + route
		if len(q) > 0 {
			s += "&" + q.Encode()
		}
		return s
	}
	s := root + route
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// cleanText turns a rendered one-line HTML field (title, site name, term
// name) into display text. Tags are stripped before entities are decoded, so
// a title about "&lt;br&gt;" keeps its literal "<br>"; terminal escapes are
// removed last, after decoding could have produced them.
func cleanText(s string) string {
	if isPlainLine(s) {
		return s // the common case (status, link, most titles): no allocation
	}
	return termtext.CleanLine(html.UnescapeString(stripTags(s)))
}

// isPlainLine reports whether cleanText would return s unchanged: printable
// ASCII without markup, entities or runs of spaces.
func isPlainLine(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '<' || c == '&' || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}
