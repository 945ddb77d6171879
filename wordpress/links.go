package wordpress

import (
	"net/url"
	"strconv"
)

// EditURL is the post's page in wp-admin's editor.
func (s Site) EditURL(postID int) string {
	if s.AdminURL == "" {
		return ""
	}
	return s.AdminURL + "post.php?post=" + strconv.Itoa(postID) + "&action=edit"
}

// ViewLink is the address that shows the post in a browser: its permalink
// once published (or private, for a signed-in reader), and WordPress's
// preview link (the permalink with preview=true) for a draft, a pending or
// a scheduled post, whose permalink says "not found" to anyone. Either way
// a post that is not public needs the browser signed in to the site.
func ViewLink(p Post) string {
	switch p.Status {
	case StatusDraft, StatusPending, StatusFuture:
	default:
		return p.Link
	}
	u, err := url.Parse(p.Link)
	if err != nil || p.Link == "" {
		return p.Link
	}
	q := u.Query()
	q.Set("preview", "true")
	u.RawQuery = q.Encode()
	return u.String()
}
