package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// DefaultCheckTimeout bounds each live check of the setup wizard.
const DefaultCheckTimeout = 20 * time.Second

// WordPressChecker is what the wizard needs from a WordPress client to check
// a site and a sign-in. *wordpress.Client satisfies it.
type WordPressChecker interface {
	// SiteURL is the normalised address (scheme added, no trailing slash):
	// the value saved as wordpress.url.
	SiteURL() string
	Site(ctx context.Context) (wordpress.Site, error)
	Me(ctx context.Context) (wordpress.User, error)
}

// MediumChecker is what the wizard needs from a Medium client to check a
// token and offer its publications. *medium.Client satisfies it.
type MediumChecker interface {
	Me(ctx context.Context) (medium.User, error)
	Publications(ctx context.Context, userID string) ([]medium.Publication, error)
}

// WordPressCheckerFactory builds real WordPress clients for the wizard; opts
// (user agent, timeout, HTTP client) apply to every one. Empty user and pass
// build an anonymous client.
func WordPressCheckerFactory(opts ...wordpress.Option) func(url, user, pass string) (WordPressChecker, error) {
	return func(url, user, pass string) (WordPressChecker, error) {
		o := append([]wordpress.Option(nil), opts...)
		if user != "" || pass != "" {
			o = append(o, wordpress.WithCredentials(user, pass))
		}
		c, err := wordpress.NewClient(url, o...)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// MediumCheckerFactory builds real Medium clients for the wizard; opts apply
// to every one, after the base URL taken from the config.
func MediumCheckerFactory(opts ...medium.Option) func(token, apiURL string) MediumChecker {
	return func(token, apiURL string) MediumChecker {
		o := []medium.Option{}
		if apiURL != "" {
			o = append(o, medium.WithBaseURL(apiURL))
		}
		return medium.NewClient(token, append(o, opts...)...)
	}
}

// siteResult is a WordPress site found at the address the user typed.
type siteResult struct {
	url  string // normalised, to save
	name string // cleaned for display
}

// tokenResult is a working Medium token, and what it may list.
type tokenResult struct {
	user medium.User // Username and Name cleaned for display
	pubs []medium.Publication
	// pubsErr says why the publications could not be listed (then the user
	// types an id); nil when pubs is the list.
	pubsErr error
}

// checkSite discovers the WordPress REST API at rawURL.
func checkSite(ctx context.Context, newWP func(url, user, pass string) (WordPressChecker, error), rawURL string) (siteResult, error) {
	c, err := newWP(strings.TrimSpace(rawURL), "", "")
	if err != nil {
		return siteResult{}, err
	}
	s, err := c.Site(ctx)
	if err != nil {
		return siteResult{}, deadlineError(ctx, err)
	}
	name := termtext.CleanLine(s.Name)
	if name == "" {
		name = "(untitled site)"
	}
	return siteResult{url: c.SiteURL(), name: name}, nil
}

// checkLogin signs in with an application password and returns who it is.
func checkLogin(ctx context.Context, newWP func(url, user, pass string) (WordPressChecker, error), url, user, pass string) (wordpress.User, error) {
	if strings.TrimSpace(user) == "" {
		return wordpress.User{}, errors.New("the username is empty: type your WordPress username, or go back (shift+tab) and choose to skip signing in")
	}
	if pass == "" {
		return wordpress.User{}, errors.New("the application password is empty: paste the one WordPress showed you, or go back (shift+tab) and choose to skip signing in")
	}
	c, err := newWP(url, strings.TrimSpace(user), pass)
	if err != nil {
		return wordpress.User{}, err
	}
	u, err := c.Me(ctx)
	if err != nil {
		return wordpress.User{}, deadlineError(ctx, err)
	}
	u.Name, u.Slug = termtext.CleanLine(u.Name), termtext.CleanLine(u.Slug)
	return u, nil
}

// checkToken checks a Medium token with /me, then asks for the publications
// so the defaults step can offer them. A failed listing is not a failed
// check: the token works, and a publication id can be typed instead.
func checkToken(ctx context.Context, newMedium func(token, apiURL string) MediumChecker, token, apiURL string) (tokenResult, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return tokenResult{}, errors.New("the token is empty: paste your integration token, or go back (shift+tab) and choose to go without one")
	}
	if strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return tokenResult{}, errors.New("the token contains spaces or control characters: paste only the token, without quotes or line breaks")
	}
	c := newMedium(token, apiURL)
	u, err := c.Me(ctx)
	if err != nil {
		return tokenResult{}, deadlineError(ctx, err)
	}
	u.Username, u.Name = termtext.CleanLine(u.Username), termtext.CleanLine(u.Name)
	res := tokenResult{user: u}
	pubs, err := c.Publications(ctx, u.ID)
	if err != nil {
		res.pubsErr = deadlineError(ctx, err)
		return res, nil
	}
	for i := range pubs {
		pubs[i].Name = termtext.CleanLine(pubs[i].Name)
		pubs[i].ID = termtext.CleanLine(pubs[i].ID)
	}
	res.pubs = pubs
	return res, nil
}

// deadlineError turns a failure caused by the wizard's own deadline into a
// message that says so; the clients' errors already say what to do.
func deadlineError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		var wpErr *wordpress.Error
		var mErr *medium.Error
		if errors.As(err, &wpErr) && wpErr.Kind == wordpress.KindTimeout ||
			errors.As(err, &mErr) && mErr.Kind == medium.KindTimeout {
			return err
		}
		return fmt.Errorf("no answer in time (%w): the site or service may be slow or down; check the address and try again", err)
	}
	return err
}

// missingScope reports whether err is Medium's 6002: the token may not list
// publications, so the id has to be typed.
func missingScope(err error) bool {
	return medium.KindOf(err) == medium.KindMissingScope
}

// errorText is the one-line text shown for a failed check. The clients'
// errors never contain a password or token; they are cleaned once more
// because a fake or a proxy may have put anything in them.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	return termtext.CleanLine(err.Error())
}
