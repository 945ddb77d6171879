package wordpress

import "testing"

func TestViewLinkAndEditURL(t *testing.T) {
	for _, c := range []struct {
		post Post
		want string
	}{
		{Post{Status: StatusPublish, Link: "https://blog.example.com/hello/"}, "https://blog.example.com/hello/"},
		{Post{Status: StatusPrivate, Link: "https://blog.example.com/private/"}, "https://blog.example.com/private/"},
		{Post{Status: StatusDraft, Link: "https://blog.example.com/?p=12"}, "https://blog.example.com/?p=12&preview=true"},
		{Post{Status: StatusPending, Link: "https://blog.example.com/?p=13"}, "https://blog.example.com/?p=13&preview=true"},
		{Post{Status: StatusFuture, Link: "https://blog.example.com/next/"}, "https://blog.example.com/next/?preview=true"},
		{Post{Status: StatusDraft}, ""},
	} {
		if got := ViewLink(c.post); got != c.want {
			t.Errorf("ViewLink(%s %q) = %q, want %q", c.post.Status, c.post.Link, got, c.want)
		}
	}
	s := Site{URL: "https://example.com", AdminURL: "https://example.com/wp/wp-admin/"}
	if got, want := s.EditURL(42), "https://example.com/wp/wp-admin/post.php?post=42&action=edit"; got != want {
		t.Errorf("EditURL = %q, want %q", got, want)
	}
	if got := (Site{}).EditURL(42); got != "" {
		t.Errorf("EditURL without an admin address = %q, want none", got)
	}
}
