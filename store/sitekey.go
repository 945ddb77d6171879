package store

import (
	"html"
	"net"
	"net/url"
	"strings"
)

// SiteKey is the ledger's name for a WordPress site: the same for every
// spelling of its address, so one post is one post however the site is
// reached. It drops the scheme (a site moved to https is the same site), the
// "www." prefix, a default port, a trailing slash and the front controller
// ("/index.php") or REST root ("/wp-json") users paste, lower-cases the host,
// and names every loopback address "localhost" (127.0.0.1, ::1 and
// localhost are one machine). What WordPress itself reports as the site's
// home (the REST index's "home") is the address the publisher keys entries
// by; SiteKey makes the configured address comparable to it.
//
//	https://Blog.Example.com/      -> blog.example.com
//	http://www.blog.example.com:80 -> blog.example.com
//	http://127.0.0.1:8080/index.php -> localhost:8080
//	https://example.com/blog/wp-json -> example.com/blog
func SiteKey(address string) string {
	s := strings.TrimSpace(address)
	if s == "" {
		return ""
	}
	u, ok := parseLoose(s)
	if !ok {
		return strings.ToLower(strings.TrimRight(s, "/"))
	}
	p := strings.TrimRight(u.EscapedPath(), "/")
	for _, suffix := range []string{"/index.php", "/wp-json"} {
		p = strings.TrimSuffix(p, suffix)
	}
	return hostKey(u) + strings.TrimRight(p, "/")
}

// postURLKey names a post's permalink or guid the way SiteKey names a site:
// scheme, "www.", default ports and loopback spellings do not matter; the
// path and the query (a guid is "http://host/?p=123") do, apart from a
// trailing slash. WordPress escapes "&" in a rendered guid ("&#038;"), so
// entities are decoded first.
func postURLKey(raw string) string {
	s := strings.TrimSpace(html.UnescapeString(raw))
	if s == "" {
		return ""
	}
	u, ok := parseLoose(s)
	if !ok || u.Host == "" {
		return ""
	}
	key := hostKey(u) + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		key += "?" + u.RawQuery
	}
	return key
}

// parseLoose parses an address with or without a scheme.
func parseLoose(s string) (*url.URL, bool) {
	if !strings.Contains(s, "://") {
		s = "http://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return nil, false
	}
	return u, true
}

// hostKey is the host part of a key: lower case, no "www.", no default
// port, loopback as "localhost".
func hostKey(u *url.URL) string {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(host, "www.")
	if isLoopbackHost(host) {
		host = "localhost"
	}
	port := u.Port()
	if port == "80" || port == "443" {
		port = ""
	}
	if strings.Contains(host, ":") { // an IPv6 address that is not loopback
		host = "[" + host + "]"
	}
	if port != "" {
		return host + ":" + port
	}
	return host
}

func isLoopbackHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
