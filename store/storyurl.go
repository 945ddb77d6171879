package store

import (
	"net/url"
	"strings"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// Medium story URLs end in the story's id, 8 to 12 lower-case hex digits
// (12 on every story of the last decade, shorter on some old ones):
//
//	https://medium.com/@user/my-post-1a2b3c4d5e6f
//	https://user.medium.com/my-post-1a2b3c4d5e6f
//	https://medium.com/some-publication/my-post-1a2b3c4d5e6f
//	https://medium.com/p/1a2b3c4d5e6f
//	https://blog.custom-domain.example/my-post-1a2b3c4d5e6f   (publication on its own domain)
//
// ParseMediumURL accepts exactly these shapes: https; a last path segment
// that is "<slug>-<id>" on any host (custom domains cannot be listed), or a
// bare "<id>" on medium.com and its sub-domains. It rejects what users paste
// by mistake: a profile or publication page (no id), the importer, an http
// address, and, in Ledger.Record and ResolveOnMedium, the WordPress post's
// own address.
const (
	minMediumIDLen = 8
	maxMediumIDLen = 12
)

// ValidateMediumURL reports whether raw is the address of a Medium story
// (see ParseMediumURL for the rules). Errors are *MediumURLError.
func ValidateMediumURL(raw string) error {
	_, _, err := ParseMediumURL(raw)
	return err
}

// ParseMediumURL checks that raw is the address of a Medium story and returns
// it canonical (https, lower-case host, no query, fragment or trailing slash,
// so "?source=…" tracking is dropped) with the story id it ends in.
func ParseMediumURL(raw string) (canonical, id string, err error) {
	s := strings.TrimSpace(raw)
	fail := func(reason string) (string, string, error) {
		return "", "", &MediumURLError{URL: termtext.CleanLine(s), Reason: reason}
	}
	if s == "" {
		return fail("it is empty")
	}
	u, perr := url.Parse(s)
	switch {
	case perr != nil:
		return fail("it is not a valid URL")
	case u.Scheme == "http":
		return fail("Medium serves stories over https; use the https:// address")
	case u.Scheme != "https":
		return fail("it must start with https://")
	case u.User != nil:
		return fail("it must not contain a user name or password")
	case u.Hostname() == "":
		return fail("it has no host name")
	}
	host := strings.ToLower(u.Host)
	path := strings.TrimRight(u.Path, "/")
	last := path[strings.LastIndex(path, "/")+1:]
	if last == "" {
		return fail("it has no story in its path (is it a profile or home page?)")
	}
	onMedium := isMediumHost(u.Hostname())
	id = ""
	if i := strings.LastIndex(last, "-"); i >= 0 {
		id = last[i+1:]
	} else if onMedium {
		id = last // medium.com/p/<id> and medium.com/@user/<id>
	}
	if !isMediumID(id) {
		if onMedium {
			return fail("its path does not end in a story id (12 hex digits, as in my-post-1a2b3c4d5e6f); is it a profile or publication page?")
		}
		return fail("it is not on medium.com and does not end in a Medium story id (as in my-post-1a2b3c4d5e6f)")
	}
	c := url.URL{Scheme: "https", Host: host, Path: path}
	return c.String(), id, nil
}

func isMediumHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	return host == "medium.com" || strings.HasSuffix(host, ".medium.com")
}

func isMediumID(s string) bool {
	if len(s) < minMediumIDLen || len(s) > maxMediumIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// sameHost reports whether two URLs have the same host name, ignoring case
// and a "www." prefix; used to catch the WordPress address pasted as the
// Medium one.
func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	norm := func(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }
	return ua.Hostname() != "" && norm(ua.Hostname()) == norm(ub.Hostname())
}

// sameStory reports whether two addresses are of the same Medium story (the
// same story id), however they are written.
func sameStory(a, b string) bool {
	_, ida, err1 := ParseMediumURL(a)
	_, idb, err2 := ParseMediumURL(b)
	return err1 == nil && err2 == nil && ida == idb
}
