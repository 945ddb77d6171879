package crosspost

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func testPost() wordpress.PostDetail {
	return wordpress.PostDetail{
		Post: wordpress.Post{ID: 7, Title: "Hello world", Status: wordpress.StatusPublish, Link: testBaseURL,
			DateGMT: time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC)},
		ContentHTML: "<p>Body text.</p>",
		Tags:        []string{"Go", "Terminal"},
		Categories:  []string{"Uncategorized", "Programming"},
	}
}

func testOptions() Options {
	return Options{Status: medium.StatusPublic, License: medium.LicenseAllRightsReserved, Now: testNow}
}

func warningCodes(ws []Warning) []string {
	var codes []string
	for _, w := range ws {
		codes = append(codes, w.Code)
	}
	return codes
}

func TestDefaultTags(t *testing.T) {
	long := strings.Repeat("x", 26)
	tests := []struct {
		name       string
		tags, cats []string
		want       []string
	}{
		{"tags then categories", []string{"Go"}, []string{"Programming", "News"}, []string{"Go", "Programming", "News"}},
		{"at most three", []string{"a", "b", "c", "d"}, []string{"e"}, []string{"a", "b", "c"}},
		{"never Uncategorized", nil, []string{"Uncategorized", "uncategorized", "Tech"}, []string{"Tech"}},
		{"case-insensitive duplicates", []string{"Go", "go", "GO "}, []string{"Go"}, []string{"Go"}},
		{"too long is skipped so the next one fits", []string{long, "Short"}, nil, []string{"Short"}},
		{"25 characters is fine", []string{strings.Repeat("y", 25)}, nil, []string{strings.Repeat("y", 25)}},
		{"blank and spaced names", []string{"  ", "Open   Source"}, nil, []string{"Open Source"}},
		{"none", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DefaultTags(wordpress.PostDetail{Tags: tt.tags, Categories: tt.cats})
			if !slices.Equal(got, tt.want) {
				t.Errorf("DefaultTags = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTransformTags(t *testing.T) {
	post := testPost()
	long := "an-extremely-long-tag-name-indeed"
	tests := []struct {
		name      string
		chosen    []string
		want      []string
		warnings  []string
		mentioned []string // names the warning messages must quote
	}{
		{"nil means the defaults", nil, []string{"Go", "Terminal", "Programming"}, nil, nil},
		{"empty means none", []string{}, nil, nil, nil},
		{"chosen kept in order", []string{"Rust", "CLI"}, []string{"Rust", "CLI"}, nil, nil},
		{"over three dropped with a warning", []string{"a", "b", "c", "d", "e"}, []string{"a", "b", "c"}, []string{WarnTagDropped}, []string{`"d"`, `"e"`}},
		{"too long dropped with a warning", []string{long, "ok"}, []string{"ok"}, []string{WarnTagTooLong}, []string{long}},
		{"too long does not take a slot", []string{"a", long, "b", "c"}, []string{"a", "b", "c"}, []string{WarnTagTooLong}, nil},
		{"duplicates and blanks ignored", []string{"Go", "go", " ", "Rust"}, []string{"Go", "Rust"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := testOptions()
			opt.Tags = tt.chosen
			sub, err := Transform(post, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sub.Request.Tags, tt.want) {
				t.Errorf("tags = %q, want %q", sub.Request.Tags, tt.want)
			}
			if got := warningCodes(sub.Warnings); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings = %q, want %q", got, tt.warnings)
			}
			for _, m := range tt.mentioned {
				if len(sub.Warnings) == 0 || !strings.Contains(sub.Warnings[0].Message, m) {
					t.Errorf("warning %+v does not name %s", sub.Warnings, m)
				}
			}
		})
	}
}

func TestTransformCanonicalOnlyWhenPublished(t *testing.T) {
	for _, st := range wordpress.AllStatuses {
		post := testPost()
		post.Status = st
		sub, err := Transform(post, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		published := st == wordpress.StatusPublish
		if got := sub.Request.CanonicalURL; (got == testBaseURL) != published || (got == "") == published {
			t.Errorf("%s: canonicalUrl = %q", st, got)
		}
		if warned := slices.Contains(warningCodes(sub.Warnings), WarnNotPublished); warned == published {
			t.Errorf("%s: not-published warning = %v", st, warned)
		}
	}
}

func TestTransformPublishedAt(t *testing.T) {
	tests := []struct {
		name string
		keep bool
		date time.Time
		want string
		warn bool
	}{
		{"not asked", false, time.Date(2024, 5, 1, 9, 30, 0, 0, time.UTC), "", false},
		{"kept, in UTC", true, time.Date(2024, 5, 1, 11, 30, 0, 0, time.FixedZone("CEST", 2*3600)), "2024-05-01T09:30:00Z", false},
		{"exactly 15 minutes ago is kept", true, testNow.Add(-15 * time.Minute), "2024-06-01T11:45:00Z", false},
		{"14 minutes ago is too close to now", true, testNow.Add(-14 * time.Minute), "", true},
		{"future (scheduled)", true, testNow.Add(48 * time.Hour), "", true},
		{"no date", true, time.Time{}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			post := testPost()
			post.DateGMT = tt.date
			opt := testOptions()
			opt.KeepDate = tt.keep
			sub, err := Transform(post, opt)
			if err != nil {
				t.Fatal(err)
			}
			if sub.Request.PublishedAt != tt.want {
				t.Errorf("publishedAt = %q, want %q", sub.Request.PublishedAt, tt.want)
			}
			if got := slices.Contains(warningCodes(sub.Warnings), WarnDateNotKept); got != tt.warn {
				t.Errorf("date-not-kept warning = %v, want %v (%+v)", got, tt.warn, sub.Warnings)
			}
		})
	}
}

func TestTransformPassesOptions(t *testing.T) {
	for _, notify := range []bool{false, true} {
		opt := Options{Status: medium.StatusUnlisted, License: medium.LicenseCC40BYNCSA, NotifyFollowers: notify, Now: testNow}
		sub, err := Transform(testPost(), opt)
		if err != nil {
			t.Fatal(err)
		}
		r := sub.Request
		if r.PublishStatus != medium.StatusUnlisted || r.License != medium.LicenseCC40BYNCSA || r.NotifyFollowers != notify {
			t.Errorf("request %+v does not carry the options %+v", r, opt)
		}
	}
}

func TestTransformRejectsMissingOptions(t *testing.T) {
	tests := []struct {
		name  string
		opt   Options
		field string
	}{
		{"no status", Options{License: medium.LicenseAllRightsReserved}, "Status"},
		{"no license", Options{Status: medium.StatusDraft}, "License"},
		{"unknown status", Options{Status: "published", License: medium.LicenseAllRightsReserved}, "Status"},
		{"unknown license", Options{Status: medium.StatusDraft, License: "mit"}, "License"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Transform(testPost(), tt.opt)
			var oe *OptionsError
			if !errors.As(err, &oe) || oe.Field != tt.field {
				t.Fatalf("err = %v, want an *OptionsError for %s", err, tt.field)
			}
			if !strings.Contains(err.Error(), "choose") && !strings.Contains(err.Error(), "use") {
				t.Errorf("%q does not say what to do", err)
			}
		})
	}
}

func TestTransformTitles(t *testing.T) {
	long := strings.Repeat("word ", 25) // 125 characters
	tests := []struct {
		name, title, content string
		wantTitle, wantH1    string
		warning              string
	}{
		{"plain", "Hello", "<p>Body</p>", "Hello", "<h1>Hello</h1>", ""},
		{"100 characters is fine", strings.Repeat("é", 100), "<p>Body</p>", strings.Repeat("é", 100), "<h1>" + strings.Repeat("é", 100) + "</h1>", ""},
		{"over 100 is sent and flagged", strings.TrimSpace(long), "<p>Body</p>", strings.TrimSpace(long), "<h1>word", WarnTitleTooLong},
		{"placeholder takes the first words", "(no title)", "<p>First words of the story.</p><p>More.</p>", "First words of the story.", "", WarnNoTitle},
		{"empty title", "", "<h2>Heading first</h2><p>x</p>", "Heading first", "", WarnNoTitle},
		{"long first paragraph is cut", "(no title)", "<p>" + long + "</p>", strings.Repeat("word ", 19) + "word…", "", WarnNoTitle},
		{"only a featured image", "(no title)", `<p><img src="data:,"></p>`, "Untitled", "", WarnNoTitle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			post := testPost()
			post.Title, post.ContentHTML = tt.title, tt.content
			if strings.Contains(tt.content, "data:") { // an image Medium cannot fetch is dropped
				post.FeaturedImageURL = "https://blog.example.com/featured.jpg"
			}
			sub, err := Transform(post, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			if sub.Request.Title != tt.wantTitle {
				t.Errorf("title = %q, want %q", sub.Request.Title, tt.wantTitle)
			}
			hasH1 := strings.HasPrefix(sub.Request.Content, "<h1>")
			if tt.wantH1 == "" && hasH1 || tt.wantH1 != "" && !strings.HasPrefix(sub.Request.Content, tt.wantH1) {
				t.Errorf("content starts %q, want %q", sub.Request.Content[:min(40, len(sub.Request.Content))], tt.wantH1)
			}
			var codes []string
			if tt.warning != "" {
				codes = []string{tt.warning}
			}
			if got := warningCodes(sub.Warnings); !slices.Equal(got, codes) {
				t.Errorf("warnings = %q, want %q", got, codes)
			}
			if err := sub.Request.Validate(); err != nil {
				t.Errorf("Medium's own check refuses it: %v", err)
			}
		})
	}
}

func TestTransformRefusesAnEmptyPost(t *testing.T) {
	post := testPost()
	post.Title, post.ContentHTML = "(no title)", "<p>&nbsp;</p><script>x()</script>"
	if _, err := Transform(post, testOptions()); !errors.Is(err, ErrEmptyPost) {
		t.Errorf("err = %v, want ErrEmptyPost", err)
	}
}

func TestTransformCrossLinkFallsBackToHost(t *testing.T) {
	post := testPost()
	post.Link = "https://www.example.org/p/1/"
	opt := testOptions()
	opt.CrossLink = true
	sub, err := Transform(post, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := `<hr/>` + "\n" + `<p><em>Originally published at <a href="https://www.example.org/p/1/">example.org</a>.</em></p>`
	if !strings.HasSuffix(sub.Request.Content, want) {
		t.Errorf("content ends %q", sub.Request.Content)
	}
	opt.CrossLink = false
	sub, _ = Transform(post, opt)
	if strings.Contains(sub.Request.Content, "Originally published") || strings.Contains(sub.Request.Content, "<hr") {
		t.Errorf("footer without CrossLink: %q", sub.Request.Content)
	}
}

func TestWidestCandidate(t *testing.T) {
	tests := map[string]string{
		"/a.jpg 300w, /b.jpg 1024w, /c.jpg 768w":  "/b.jpg",
		"/a.jpg, /b.jpg 2x, /c.jpg 1.5x":          "/b.jpg",
		"/only.jpg":                               "/only.jpg",
		"data:image/gif;base64,R0l 1w, /r.jpg 2w": "/r.jpg",
		"/bad.jpg 12zw, /ok.jpg 10w":              "/ok.jpg",
		"":                                        "",
	}
	for in, want := range tests {
		if got := widestCandidate(in); got != want {
			t.Errorf("widestCandidate(%q) = %q, want %q", in, got, want)
		}
	}
}
