// Package urltext puts a URL into a message without its userinfo, and says
// what is wrong with one that does not parse in words that cannot repeat a
// password typed into it.
package urltext

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// WithoutUserinfo drops "user:password@" from a URL-ish string, so an error
// about a URL never repeats a password typed into it. A URL that parses
// loses exactly its userinfo. One that does not is cut from "://" to the
// last "@" of the authority; and when what remains still reads like
// "user:pass" (a password holding "/", "?" or "#" ends the authority early),
// to the last "@" of all: a wrong echo beats a leaked password.
func WithoutUserinfo(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		if u.User == nil {
			return raw
		}
		u.User = nil
		return u.String()
	}
	scheme, rest := "", raw
	if i := strings.Index(raw, "://"); i >= 0 {
		scheme, rest = raw[:i+3], raw[i+3:]
	}
	authority := rest[:authorityEnd(rest)]
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		hadPassword := strings.Contains(authority[:at], ":")
		rest = rest[at+1:]
		if !hadPassword {
			return scheme + rest
		}
		authority = rest[:authorityEnd(rest)]
	}
	if looksLikeUserinfo(authority) || strings.Contains(authority, "@") {
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			rest = rest[at+1:]
		}
	}
	return scheme + rest
}

func authorityEnd(s string) int {
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		return i
	}
	return len(s)
}

// looksLikeUserinfo reports an authority such as "alice:s3cr" whose "port"
// is not a number: the start of a username and password.
func looksLikeUserinfo(authority string) bool {
	if strings.HasPrefix(authority, "[") {
		return false // an IPv6 address
	}
	_, port, ok := strings.Cut(authority, ":")
	return ok && strings.ContainsFunc(port, func(r rune) bool { return r < '0' || r > '9' })
}

// ParseProblem says what url.Parse found wrong with a URL, in words that
// cannot repeat its userinfo: net/url quotes the offending text in some of
// its errors, and that text may be part of a password. shown is the URL as
// the message echoes it, without userinfo; userinfoAdvice ends the sentence
// for a URL that seems to hold a username and password.
func ParseProblem(err error, raw, shown, userinfoAdvice string) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var (
		escErr  url.EscapeError
		hostErr url.InvalidHostError
	)
	msg := err.Error()
	switch {
	case errors.As(err, &escErr) && strings.Contains(shown, string(escErr)):
		return fmt.Sprintf("%q is not a valid %%-escape (a literal %% is written %%25)", string(escErr))
	case errors.As(err, &escErr):
		return "it has an invalid %-escape (a literal % is written %25)"
	case errors.As(err, &hostErr) && strings.Contains(shown, string(hostErr)):
		return fmt.Sprintf("the host name holds the invalid character %q", string(hostErr))
	case errors.As(err, &hostErr):
		return "the host name holds an invalid character"
	case strings.HasPrefix(msg, "invalid port") && shown != raw:
		// "alice:pa/ss@host": the "/" ended the host early, leaving
		// "alice:pa" to be read as host and port.
		return "it seems to hold a username and password" + userinfoAdvice
	case strings.HasPrefix(msg, "invalid port"):
		return "the port after the host name is not a number"
	case !strings.Contains(msg, `"`):
		// net/url's fixed messages, such as "missing ']' in host".
		return "it is not a valid URL (" + msg + ")"
	}
	return "it is not a valid URL"
}
