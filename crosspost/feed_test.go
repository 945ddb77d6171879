package crosspost

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// footerContent is the story body Transform sends with the cross-link on:
// the exact markup the feed then shows, so the matcher is tested on it and
// on Medium's re-rendering of it.
func footerContent(t *testing.T, post wordpress.Post) string {
	t.Helper()
	sub, err := Transform(wordpress.PostDetail{Post: post, ContentHTML: "<p>Body.</p>"},
		Options{Status: medium.StatusPublic, License: medium.LicenseAllRightsReserved, CrossLink: true, SiteName: "Example Blog"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Request.Content, "Originally published at") {
		t.Fatalf("Transform no longer writes the footer: %s", sub.Request.Content)
	}
	return sub.Request.Content
}

func item(id, title, content string) medium.FeedItem {
	return medium.FeedItem{Title: title, Link: "https://medium.com/@demo/s-" + id + "?source=rss-1f86a2b3c4d5------2",
		GUID: "https://medium.com/p/" + id, Content: content}
}

func TestFindInFeedSaysHowEachStoryMatched(t *testing.T) {
	posts := []wordpress.Post{
		{ID: 1, Title: "Ship it", Link: "https://blog.example.com/2026/11/ship-it/", Status: wordpress.StatusPublish},
		{ID: 2, Title: "Café & crème", Link: "https://blog.example.com/?p=2", Status: wordpress.StatusPublish},
		{ID: 3, Title: "It’s titled — only", Link: "https://blog.example.com/titled/", Status: wordpress.StatusPublish},
		{ID: 4, Title: "Twice", Link: "https://blog.example.com/twice-a/", Status: wordpress.StatusPublish},
		{ID: 5, Title: "Twice", Link: "https://blog.example.com/twice-b/", Status: wordpress.StatusPublish},
		{ID: 6, Title: "Canonical", Link: "https://blog.example.com/canonical/", Status: wordpress.StatusPublish},
		{ID: 7, Title: "Not on Medium", Link: "https://blog.example.com/not/", Status: wordpress.StatusPublish},
	}
	// Medium re-renders the footer: other attributes, http, www and no slash.
	rerendered := `<p>Words.</p><hr><p><em>Originally published at </em><a href="http://www.blog.example.com/?p=2" rel="noopener ugc nofollow" target="_blank"><em>Example Blog</em></a><em> on November 30, 2026.</em></p>`
	canon := item("aaaaaaaaaaa6", "Something else", "<p>No footer.</p>")
	canon.Canonical = "https://blog.example.com/canonical"
	items := []medium.FeedItem{
		item("111111111111", "A changed title", footerContent(t, posts[0])),
		item("222222222222", "Cafe", rerendered),
		item("333333333333", "it's  TITLED - only", "<p>No footer, no canonical.</p>"),
		item("444444444444", "Twice", "<p>Two posts have this title: no match.</p>"),
		canon,
		item("555555555555", "Unrelated", `<p>Someone else, <a href="https://blog.example.com/not/">linking</a> without the footer.</p>`),
		item("666666666666", "A quote", `<p>Originally published at</p><p><a href="https://blog.example.com/not/">a link in the next paragraph</a></p>`),
		{Title: "Ship it", Link: "not a story", GUID: "also not"},
	}
	got := FindInFeed(items, posts, nil)
	want := []Found{
		{PostID: 1, URL: "https://medium.com/@demo/s-111111111111", Source: store.FoundFeed, How: HowFooter},
		{PostID: 2, URL: "https://medium.com/@demo/s-222222222222", Source: store.FoundFeed, How: HowFooter},
		{PostID: 3, URL: "https://medium.com/@demo/s-333333333333", Source: store.FoundFeed, How: HowTitle},
		{PostID: 6, URL: "https://medium.com/@demo/s-aaaaaaaaaaa6", Source: store.FoundFeed, How: HowCanonical},
	}
	if len(got) != len(want) {
		t.Fatalf("found %d:\n%+v\nwant %d:\n%+v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("found[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// The footer beats a title: an older story with the post's title but no
// footer is not taken for it, and one story is matched to one post only.
func TestFindInFeedPrefersTheFooterAndMatchesOnce(t *testing.T) {
	post := wordpress.Post{ID: 9, Title: "Same title", Link: "https://blog.example.com/same/", Status: wordpress.StatusPublish}
	other := wordpress.Post{ID: 10, Title: "Other", Link: "https://blog.example.com/other/"}
	items := []medium.FeedItem{
		item("bbbbbbbbbbbb", "Same title", "<p>A story by the same name, no footer.</p>"),
		item("cccccccccccc", "Renamed on Medium", footerContent(t, post)),
	}
	got := FindInFeed(items, []wordpress.Post{post, other}, nil)
	if len(got) != 1 || got[0].PostID != 9 || got[0].How != HowFooter || !strings.HasSuffix(got[0].URL, "cccccccccccc") {
		t.Fatalf("got %+v, want post 9 by its footer", got)
	}
	if got := FindInFeed(nil, []wordpress.Post{post}, nil); got != nil {
		t.Errorf("an empty feed found %+v", got)
	}
	if got := FindInFeed(items[:1], []wordpress.Post{{ID: 1, Title: noTitle}}, nil); got != nil {
		t.Errorf("WordPress's placeholder title matched: %+v", got)
	}
}

type fakeAccount struct {
	user   medium.User
	meErr  error
	gotURL string
	items  []medium.FeedItem
}

func (f *fakeAccount) Me(context.Context) (medium.User, error) { return f.user, f.meErr }
func (f *fakeAccount) Feed(_ context.Context, u string) ([]medium.FeedItem, error) {
	f.gotURL = u
	return f.items, nil
}

func TestCheckFeedReadsTheAccountsFeed(t *testing.T) {
	post := wordpress.Post{ID: 1, Title: "Ship it", Link: "https://blog.example.com/ship-it/", Status: wordpress.StatusPublish}
	acct := &fakeAccount{user: medium.User{Username: "demo"}, items: []medium.FeedItem{item("111111111111", "Ship it", "")}}
	found, err := CheckFeed(context.Background(), acct, "", []wordpress.Post{post}, nil)
	if err != nil || len(found) != 1 || found[0].How != HowTitle {
		t.Fatalf("CheckFeed = %+v, %v", found, err)
	}
	if acct.gotURL != "https://medium.com/feed/@demo" {
		t.Errorf("read %q", acct.gotURL)
	}
	if _, err := CheckFeed(context.Background(), nil, "", nil, nil); !errors.Is(err, ErrNoToken) {
		t.Errorf("no account: %v", err)
	}
	acct.meErr = errors.New("token revoked")
	if _, err := CheckFeed(context.Background(), acct, "", nil, nil); err == nil || err.Error() != "token revoked" {
		t.Errorf("Me's error is lost: %v", err)
	}
}
