package wordpress

import (
	"context"
	"testing"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestSearchContentFindsTheMarkerInStoredContent(t *testing.T) {
	linked, _ := CrossLinkMarkup(storyURL, true)
	s, c := crossLinkSite(t, blockBody+"\n\n"+linked)
	s.AddPost(wptest.FakePost{ID: 6, Title: "Six", Status: "draft", Date: base, RawContent: blockBody + "\n\n" + linked, Content: "<p>r</p>"})
	s.AddPost(wptest.FakePost{ID: 7, Title: "Seven", Status: "publish", Date: base, RawContent: blockBody, Content: "<p>r</p>"})

	ms, err := c.SearchContent(context.Background(), CrossLinkClass)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("matches = %+v; want posts 5 and 6", ms)
	}
	for _, m := range ms {
		if u, how, ok := StoryLink(m.Content); !ok || u != storyURL || how != HowCrossLink {
			t.Errorf("post %d: StoryLink(%q) = %q, %q, %v", m.ID, m.Content, u, how, ok)
		}
	}
	if n := s.Count("/wp/v2/posts"); n != 1 {
		t.Errorf("%d requests to /wp/v2/posts; want 1", n)
	}
	last := s.Requests()[len(s.Requests())-1].Query
	if last.Get("context") != "edit" || last.Get("search") != CrossLinkClass || last.Get("per_page") != "100" {
		t.Errorf("query = %v", last)
	}
}

func TestSearchContentAnonymousReadsRenderedContent(t *testing.T) {
	s := newFake(t)
	s.AddPost(wptest.FakePost{ID: 5, Title: "Five", Status: "publish", Date: base,
		Content: `<p>Body</p><p class="wp2medium-crosslink"><em>Also published on <a href="` + storyURL + `">Medium</a>.</em></p>`})
	c, _ := newTestClient(t, s.URL)
	ms, err := c.SearchContent(context.Background(), PluginFooterSearch)
	if err != nil || len(ms) != 1 {
		t.Fatalf("SearchContent = %+v, %v; want post 5", ms, err)
	}
	if u, _, ok := StoryLink(ms[0].Content); !ok || u != storyURL {
		t.Errorf("StoryLink = %q, %v", u, ok)
	}
}
