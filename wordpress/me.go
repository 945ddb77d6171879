package wordpress

import (
	"context"
	"errors"
	"net/url"
)

// Me returns the user the credentials belong to (users/me?context=edit). It
// is the credential check: with a wrong application password WordPress
// answers public endpoints anonymously, and only users/me and context=edit
// requests reveal the problem.
func (c *Client) Me(ctx context.Context) (User, error) {
	if !c.Authenticated() {
		return User{}, &Error{Kind: KindAuth, URL: c.SiteURL(),
			Message: "no username or application password is configured"}
	}
	root, err := c.apiRoot(ctx)
	if err != nil {
		return User{}, err
	}
	q := url.Values{"context": {"edit"}, "_fields": {"id,name,slug"}}
	var u struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Slug string `json:"slug"`
	}
	if _, err := c.getJSON(ctx, endpoint(root, "wp/v2/users/me", q), &u); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == "rest_not_logged_in" && c.appPasswordsUnavailable() {
			// The credentials were ignored, and the REST index says why.
			e.Kind = KindAppPasswordsUnavailable
		}
		return User{}, err
	}
	return User{ID: u.ID, Name: cleanText(u.Name), Slug: cleanText(u.Slug)}, nil
}

func (c *Client) appPasswordsUnavailable() bool {
	c.siteMu.Lock()
	defer c.siteMu.Unlock()
	return c.appPasswordsOff
}
