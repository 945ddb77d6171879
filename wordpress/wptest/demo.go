package wptest

import (
	"embed"
	"html"
	"regexp"
	"strings"
	"time"
)

// The demo site's credentials, used by --demo so every status shows.
const (
	DemoUsername    = "mara"
	DemoAppPassword = "demo DEMO demo DEMO demo DEMO"
)

//go:embed demo/*.html
var demoFiles embed.FS

// demoPost describes one demo post; its body is demo/<file>.
type demoPost struct {
	id       int
	file     string
	title    string // rendered, entities as WordPress sends them
	status   string
	daysAgo  float64 // negative: in the future (scheduled)
	edited   float64 // days after publication it was last modified
	sticky   bool
	password string
	media    int
	tags     []int
	cats     []int
}

// Categories and tags of the demo blog. Names are stored the way WordPress
// stores them, "&" as "&amp;".
var (
	demoCategories = map[int]string{
		1: "Uncategorized", 2: "Go", 3: "Terminals", 4: "Writing", 5: "Travel", 6: "Tools &amp; Workflow",
	}
	demoTags = map[int]string{
		10: "go", 11: "concurrency", 12: "testing", 13: "tui", 14: "bubbletea", 15: "unicode",
		16: "vim", 17: "habits", 18: "japan", 19: "trains", 20: "performance", 21: "errors",
		22: "shell", 23: "embeds", 24: "photography", 25: "books", 26: "remote work",
		27: "meta", 28: "career",
	}
	demoMedia = []FakeMedia{
		{ID: 102, SourceURL: "/wp-content/uploads/2025/05/coffee-shop.jpg", AltText: "A barista steaming milk", Width: 1600, Height: 1067},
		{ID: 104, SourceURL: "/wp-content/uploads/2025/01/test-table.png", AltText: "A table of test cases", Width: 1200, Height: 630},
		{ID: 106, SourceURL: "/wp-content/uploads/2024/12/bubble-tea.jpg", AltText: "A cup of bubble tea next to a laptop", Width: 1600, Height: 900},
		{ID: 107, SourceURL: "/wp-content/uploads/2024/04/shinkansen.jpg", AltText: "A Shinkansen at Tokyo station", Width: 2048, Height: 1365},
		{ID: 119, SourceURL: "/wp-content/uploads/2025/04/flamegraph.png", AltText: "A flame graph", Width: 1400, Height: 700},
		{ID: 120, SourceURL: "/wp-content/uploads/2024/10/kumano-steps.jpg", AltText: "Stone steps between cedars", Width: 1600, Height: 1067},
		{ID: 122, SourceURL: "/wp-content/uploads/2025/02/lisbon-rooftops.jpg", AltText: "Lisbon rooftops", Width: 1600, Height: 1067},
		// 130 is referenced by a post but was deleted from the media library.
	}
	demoPosts = []demoPost{
		{id: 1, file: "01-start-here.html", title: "Start here", status: "publish", daysAgo: 700, edited: 400, sticky: true, tags: []int{27}, cats: []int{1}},
		{id: 2, file: "02-context-cancellation.html", title: "Context cancellation in Go, explained with a coffee shop", status: "publish", daysAgo: 12, edited: 1, media: 102, tags: []int{10, 11}, cats: []int{2}},
		{id: 3, file: "03-getters.html", title: "Why I stopped writing getters", status: "publish", daysAgo: 40, tags: []int{10}, cats: []int{2}},
		{id: 4, file: "04-table-driven-tests.html", title: "Table-driven tests that read like a spec", status: "publish", daysAgo: 130, media: 104, tags: []int{10, 12}, cats: []int{2}},
		{id: 5, file: "05-typewriter.html", title: "The terminal is a typewriter that learned to dance", status: "publish", daysAgo: 210, tags: []int{13}, cats: []int{3}},
		{id: 6, file: "06-bubble-tea-from-zero.html", title: "Bubble Tea from zero: a todo list in 120 lines", status: "publish", daysAgo: 160, edited: 30, media: 106, tags: []int{10, 13, 14}, cats: []int{2, 3}},
		{id: 7, file: "07-trains-in-japan.html", title: "A week of trains in Japan", status: "publish", daysAgo: 420, media: 107, tags: []int{18, 19, 24}, cats: []int{5}},
		{id: 8, file: "08-writing-every-morning.html", title: "Notes on writing <em>every</em> morning", status: "publish", daysAgo: 300, tags: []int{17}, cats: []int{4}},
		{id: 9, file: "09-unicode-is-hard.html", title: "Unicode is hard: emoji 👩🏽‍💻, RTL (שלום) and the width of a character", status: "publish", daysAgo: 250, tags: []int{15, 13}, cats: []int{3}},
		{id: 10, file: "10-dotfiles.html", title: "It&#8217;s the little things: my dotfiles", status: "publish", daysAgo: 90, tags: []int{16, 22}, cats: []int{6}},
		{id: 11, file: "11-errors-what-to-do.html", title: "Errors &amp; the art of saying what to do next", status: "publish", daysAgo: 60, tags: []int{10, 21}, cats: []int{2}},
		{id: 12, file: "12-generics-draft.html", title: "Generics patterns I actually use", status: "draft", daysAgo: 3, tags: []int{10}, cats: []int{2}},
		{id: 13, file: "13-release-notes-scheduled.html", title: "The next Go release, annotated", status: "future", daysAgo: -6, tags: []int{10}, cats: []int{2}},
		{id: 14, file: "14-sqlite-guest-pending.html", title: "Guest post: SQLite in production, three years in", status: "pending", daysAgo: 8, tags: []int{20}, cats: []int{6}},
		{id: 15, file: "15-negotiation-private.html", title: "Salary negotiation notes", status: "private", daysAgo: 150, tags: []int{28}, cats: []int{4}},
		{id: 16, file: "16-talk-slides-protected.html", title: "Talk slides: terminal UIs that don&#8217;t lie", status: "publish", daysAgo: 75, password: "gophers", tags: []int{13}, cats: []int{3}},
		{id: 17, file: "17-first-post-classic.html", title: "Hello world, again", status: "publish", daysAgo: 729, tags: []int{27}, cats: []int{1}},
		{id: 18, file: "18-embeds.html", title: "Embedding tweets and videos", status: "publish", daysAgo: 340, tags: []int{23}, cats: []int{6}},
		{id: 19, file: "19-profiling-tui.html", title: "Profiling a slow TUI: from 200&nbsp;ms to 4&nbsp;ms per frame", status: "publish", daysAgo: 25, media: 119, tags: []int{20, 13, 10}, cats: []int{2, 3}},
		{id: 20, file: "20-kumano-kodo.html", title: "Walking the Kumano Kodo", status: "publish", daysAgo: 230, media: 120, tags: []int{18, 24}, cats: []int{5}},
		{id: 21, file: "21-shell-one-liners.html", title: "Shell one-liners I keep forgetting", status: "publish", daysAgo: 110, tags: []int{22}, cats: []int{6}},
		{id: 22, file: "22-lisbon.html", title: "Lisbon for a remote worker", status: "publish", daysAgo: 120, media: 122, tags: []int{26, 24}, cats: []int{5}},
		{id: 23, file: "23-on-rewriting.html", title: "On rewriting", status: "publish", daysAgo: 180, media: 130, tags: []int{17}, cats: []int{4}},
		{id: 24, file: "24-untitled-draft.html", title: "", status: "draft", daysAgo: 1},
		{id: 25, file: "25-reading-list.html", title: "Reading list: &#8220;deep modules&#8221; and other ideas", status: "publish", daysAgo: 45, tags: []int{25}, cats: []int{4}},
	}
)

// NewDemoServer starts a fake blog with about two years of realistic posts:
// block-editor content (headings, lists, quotes, code, images, galleries,
// tables, embeds, separators, footnotes), a classic-editor post, unicode and
// entities in titles, every status, a password-protected post and a sticky
// one. It accepts DemoUsername and DemoAppPassword. Dates are relative to
// now, so the scheduled post is always in the future. The caller Closes it.
func NewDemoServer(opts ...Option) *Server {
	opts = append([]Option{
		WithSite("Mara&#8217;s Notebook", "Go, terminals, writing &amp; the occasional train"),
		WithCredentials(DemoUsername, DemoAppPassword),
		WithUser(FakeUser{ID: 1, Name: "Mara Lindqvist", Slug: "mara"}),
	}, opts...)
	s := NewServer(opts...)
	for id, name := range demoCategories {
		s.AddCategory(id, name)
	}
	for id, name := range demoTags {
		s.AddTag(id, name)
	}
	for _, m := range demoMedia {
		s.AddMedia(m)
	}
	now := time.Now().UTC().Truncate(time.Hour)
	posts := make([]FakePost, 0, len(demoPosts))
	for _, d := range demoPosts {
		raw, err := demoFiles.ReadFile("demo/" + d.file)
		if err != nil {
			panic("wptest: missing demo fixture " + d.file) // embedded: cannot happen at run time
		}
		body := strings.ReplaceAll(string(raw), "{{site}}", s.URL)
		date := now.Add(-time.Duration(d.daysAgo * 24 * float64(time.Hour)))
		rendered := renderBlocks(body)
		modified := date.Add(time.Duration(d.edited * 24 * float64(time.Hour)))
		if modified.After(now) {
			modified = now.Add(-time.Hour) // a scheduled post was last saved before now
		}
		posts = append(posts, FakePost{
			ID:            d.id,
			Title:         d.title,
			Content:       rendered,
			RawContent:    body,
			Excerpt:       autoExcerpt(rendered),
			Status:        d.status,
			Date:          date,
			Modified:      modified,
			Slug:          strings.TrimSuffix(d.file[3:], ".html"),
			Sticky:        d.sticky,
			Password:      d.password,
			FeaturedMedia: d.media,
			Tags:          d.tags,
			Categories:    orDefault(d.cats),
		})
	}
	s.SetPosts(posts)
	return s
}

func orDefault(cats []int) []int {
	if len(cats) == 0 {
		return []int{1}
	}
	return cats
}

var (
	blockComment = regexp.MustCompile(`<!-- /?wp:[^>]*?-->\n?`)
	youTubeEmbed = regexp.MustCompile(`(<div class="wp-block-embed__wrapper">)\s*https://www\.youtube\.com/watch\?v=([\w-]+)\s*(</div>)`)
	tweetEmbed   = regexp.MustCompile(`(<div class="wp-block-embed__wrapper">)\s*(https://twitter\.com/\S+)\s*(</div>)`)
	blankLines   = regexp.MustCompile(`\n{3,}`)
)

// renderBlocks turns stored block markup into what content.rendered
// carries: block comments gone, embeds expanded the way oEmbed does.
func renderBlocks(raw string) string {
	out := blockComment.ReplaceAllString(raw, "")
	out = youTubeEmbed.ReplaceAllString(out, "$1\n<iframe title=\"YouTube video player\" width=\"500\" height=\"281\" "+
		"src=\"https://www.youtube.com/embed/$2?feature=oembed\" frameborder=\"0\" allowfullscreen></iframe>\n$3")
	out = tweetEmbed.ReplaceAllString(out, "$1\n<blockquote class=\"twitter-tweet\" data-width=\"500\" data-dnt=\"true\">"+
		"<p lang=\"en\" dir=\"ltr\">A tweet.</p>&mdash; Go (@golang) <a href=\"$2\">March 2023</a></blockquote>"+
		"<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>\n$3")
	return strings.TrimSpace(blankLines.ReplaceAllString(out, "\n\n")) + "\n"
}

var tags = regexp.MustCompile(`<[^>]*>`)

// autoExcerpt mimics wp_trim_excerpt: the first 55 words of the text.
func autoExcerpt(rendered string) string {
	words := strings.Fields(html.UnescapeString(tags.ReplaceAllString(rendered, " ")))
	more := ""
	if len(words) > 55 {
		words, more = words[:55], " [&hellip;]"
	}
	return "<p>" + html.EscapeString(strings.Join(words, " ")) + more + "</p>\n"
}
