package wordpress

import "testing"

func TestStoryLink(t *testing.T) {
	const story = "https://medium.com/@mara/context-cancellation-1a2b3c4d5e6f"
	block, err := CrossLinkMarkup(story, true)
	if err != nil {
		t.Fatal(err)
	}
	classic, _ := CrossLinkMarkup(story, false)
	// The plugin's view, views/content-cross-linked.phtml, as PHP printed it.
	plugin := "<p>Body.</p>\n<hr>\n<p>\n  <em>\n  Also published on <a href=\"" + story + "\">Medium</a>.  </em>\n</p>\n"
	tests := []struct {
		name, content, url, how string
	}{
		{"block paragraph in raw content", blockBody + "\n\n" + block, story, HowCrossLink},
		{"classic paragraph in raw content", classicBody + "\n\n" + classic, story, HowCrossLink},
		{"rendered paragraph", "<p>First.</p>\n<p class=\"wp2medium-crosslink\"><em>Also published on <a href=\"" + story + "\">Medium</a>.</em></p>\n", story, HowCrossLink},
		{"class among others, edited wording", `<p class="has-small-font-size wp2medium-crosslink">Read it on <a href="` + story + `">my Medium</a></p>`, story, HowCrossLink},
		{"custom-domain story", `<p class="wp2medium-crosslink"><a href="https://blog.example.com/a-post-0123456789ab">Medium</a></p>`, "https://blog.example.com/a-post-0123456789ab", HowCrossLink},
		{"plugin footer", plugin, story, HowPluginFooter},
		{"plugin footer, no em", `<p>Also published on <a href="` + story + `">Medium</a>.</p>`, story, HowPluginFooter},
		{"this post was also published", `<p><em>This post was also published on <a href="` + story + `">Medium</a></em></p>`, story, HowPluginFooter},
		{"footer in classic raw content", "First paragraph.\n\nAlso published on <a href=\"" + story + "\">Medium</a>.", story, HowPluginFooter},
		{"cross-link wins over footer", plugin + classic, story, HowCrossLink},

		{"no link", "<p>Just a post about Medium.</p>", "", ""},
		{"empty", "", "", ""},
		{"marker quoted in a code block", `<pre class="wp-block-code"><code>&lt;p class="wp2medium-crosslink"&gt;&lt;a href="` + story + `"&gt;Medium&lt;/a&gt;&lt;/p&gt;</code></pre>`, "", ""},
		{"markup pasted unescaped in pre", `<pre><p class="wp2medium-crosslink"><a href="` + story + `">Medium</a></p></pre>`, "", ""},
		{"footer inside code", `<code><p>Also published on <a href="` + story + `">Medium</a>.</p></code>`, "", ""},
		{"marker in a comment only", `<!-- <p class="wp2medium-crosslink"><a href="` + story + `">Medium</a></p> -->`, "", ""},
		{"http link", `<p class="wp2medium-crosslink"><a href="http://medium.com/@mara/x-1a2b3c4d5e6f">Medium</a></p>`, "", ""},
		{"javascript link", `<p class="wp2medium-crosslink"><a href="javascript:alert(1)">Medium</a></p>`, "", ""},
		{"medium profile, no story", `<p class="wp2medium-crosslink"><a href="https://medium.com/@mara">Medium</a></p>`, "", ""},
		{"other site, no story id", `<p class="wp2medium-crosslink"><a href="https://example.com/about">Medium</a></p>`, "", ""},
		{"similar class", `<p class="wp2medium-crosslinks"><a href="` + story + `">Medium</a></p>`, "", ""},
		{"footer text with other words", `<p>I also published on <a href="` + story + `">Medium</a> a follow-up.</p>`, "", ""},
		{"footer with a second link", `<p>Also published on <a href="` + story + `">Medium</a> and <a href="https://dev.to/x">dev.to</a>.</p>`, "", ""},
		{"footer link on another word", `<p>Also published on Medium. <a href="` + story + `">here</a></p>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, how, ok := StoryLink(tt.content)
			if u != tt.url || how != tt.how || ok != (tt.url != "") {
				t.Errorf("StoryLink = %q, %q, %v; want %q, %q", u, how, ok, tt.url, tt.how)
			}
		})
	}
}
