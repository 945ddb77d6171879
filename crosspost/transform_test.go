package crosspost

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// fixturePost is the optional NAME.json next to a transform fixture.
type fixturePost struct {
	Title         string `json:"title"`
	Link          string `json:"link"`
	FeaturedImage string `json:"featuredImage"`
	CrossLink     bool   `json:"crossLink"`
	SiteName      string `json:"siteName"`
}

func loadFixture(t *testing.T, in string) (wordpress.PostDetail, Options) {
	t.Helper()
	src, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	fp := fixturePost{Title: "Hello world", Link: testBaseURL}
	if js, err := os.ReadFile(strings.TrimSuffix(in, ".html") + ".json"); err == nil {
		if err := json.Unmarshal(js, &fp); err != nil {
			t.Fatalf("%s.json: %v", in, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	post := wordpress.PostDetail{
		Post:             wordpress.Post{ID: 1, Title: fp.Title, Status: wordpress.StatusPublish, Link: fp.Link},
		ContentHTML:      string(src),
		FeaturedImageURL: fp.FeaturedImage,
	}
	return post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved, CrossLink: fp.CrossLink, SiteName: fp.SiteName}
}

func fixtures(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "transform", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".medium.html") {
			inputs = append(inputs, f)
		}
	}
	if len(inputs) < 15 {
		t.Fatalf("only %d fixtures in testdata/transform", len(inputs))
	}
	return inputs
}

// TestTransformGolden transforms each testdata/transform/NAME.html (with
// NAME.json's post fields) and compares the content with NAME.medium.html.
// Every golden was reviewed by eye as what Medium should receive; regenerate
// with -update only after reading the diff.
func TestTransformGolden(t *testing.T) {
	for _, in := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(in), ".html")
		t.Run(name, func(t *testing.T) {
			post, opt := loadFixture(t, in)
			sub, err := Transform(post, opt)
			if err != nil {
				t.Fatal(err)
			}
			got := sub.Request.Content + "\n"
			golden := strings.TrimSuffix(in, ".html") + ".medium.html"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./crosspost -run TestTransformGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s\n--- got\n%s\n--- want\n%s", name, golden, got, want)
			}
		})
	}
}

// TestTransformKeepsEveryWordAndLink checks, for every fixture, that each word
// of the input's text and each link target (made absolute) is in the output.
// The only exceptions are what the transform removes on purpose: scripts and
// styles, form controls, decorations hidden from screen readers, a file
// block's second "Download" link, footnote back links (↩), the in-page
// anchors of footnote references, which become "[n]", links into
// WordPress's login, admin and API (text and all: they are controls), and the
// addresses (not the text) of links to a place in the post itself.
func TestTransformKeepsEveryWordAndLink(t *testing.T) {
	for _, in := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(in), ".html")
		t.Run(name, func(t *testing.T) {
			post, opt := loadFixture(t, in)
			sub, err := Transform(post, opt)
			if err != nil {
				t.Fatal(err)
			}
			outDoc, err := html.Parse(strings.NewReader(sub.Request.Content))
			if err != nil {
				t.Fatal(err)
			}
			// NFKC folds the Unicode superscripts and subscripts that <sup> and <sub> become.
			outText := norm.NFKC.String(" " + strings.Join(strings.Fields(dom.CollectText(outDoc)), " ") + " ")
			outLinks := map[string]bool{}
			for _, a := range findElements(outDoc, "a") {
				outLinks[attr(a, "href")] = true
			}

			inDoc, err := html.Parse(strings.NewReader(post.ContentHTML))
			if err != nil {
				t.Fatal(err)
			}
			base, _ := url.Parse(post.Link)
			var walk func(n *html.Node)
			walk = func(n *html.Node) {
				if deliberatelyDropped(n) {
					return
				}
				if n.Type == html.TextNode {
					for _, w := range strings.Fields(n.Data) {
						if !strings.Contains(outText, norm.NFKC.String(w)) {
							t.Errorf("lost the word %q (in %q)", w, strings.TrimSpace(n.Data))
						}
					}
				}
				if isElement(n, "a") {
					href := strings.TrimSpace(attr(n, "href"))
					if href != "" && !strings.HasPrefix(href, "javascript:") && !isSiteMachinery(href, base.Hostname()) && !strings.HasPrefix(href, "#") &&
						!samePage(base, resolveURL(base, href)) && !outLinks[resolveURL(base, href)] {
						t.Errorf("lost the link %q (resolved %q)", href, resolveURL(base, href))
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(inDoc)
		})
	}
}

func deliberatelyDropped(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if isDecoration(n) {
		return true
	}
	switch n.Data {
	case "script", "style", "noscript", "template", "head", "title",
		"input", "select", "option", "optgroup", "textarea", "label", "datalist", "output":
		return true
	case "button":
		return isFormButton(n)
	case "a":
		href := attr(n, "href")
		t := strings.TrimSpace(text(n))
		return dom.HasClass(n, "wp-block-file__button") || isSiteMachinery(href, hostOf(href)) && isSiteControl(n) && len(findElements(n, "img")) == 0 ||
			strings.HasPrefix(href, "#") && (strings.HasPrefix(t, "↩") || isElement(n.Parent, "sup"))
	}
	return false
}

func TestTransformStructure(t *testing.T) {
	post := wordpress.PostDetail{
		Post: wordpress.Post{Title: "Tom & Jerry <3", Status: wordpress.StatusPublish, Link: testBaseURL},
		ContentHTML: `<p>Body</p>` +
			`<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/abc123" title="A video"></iframe></div></figure>` +
			`<table><tr><th>K</th><th>V</th></tr><tr><td>a</td><td>1</td></tr></table>`,
		FeaturedImageURL: "https://blog.example.com/f.jpg",
	}
	sub, err := Transform(post, Options{Status: medium.StatusPublic, License: medium.LicenseCC40BY, CrossLink: true, SiteName: "My Blog"})
	if err != nil {
		t.Fatal(err)
	}
	c := sub.Request.Content
	for _, want := range []string{
		"<h1>Tom &amp; Jerry &lt;3</h1>\n<figure><img src=\"https://blog.example.com/f.jpg\"/></figure>\n<p>Body</p>",
		"<p><a href=\"https://www.youtube.com/watch?v=abc123\">https://www.youtube.com/watch?v=abc123</a></p>",
		"<p><strong>K</strong>: a; <strong>V</strong>: 1</p>",
		"<hr/>\n<p><em>Originally published at <a href=\"" + testBaseURL + "\">My Blog</a>.</em></p>",
	} {
		if !strings.Contains(c, want) {
			t.Errorf("content lacks %q:\n%s", want, c)
		}
	}
	if !strings.HasSuffix(c, "</em></p>") {
		t.Errorf("the footer is not last:\n%s", c)
	}
	if strings.Contains(c, "<table") || strings.Contains(c, "<iframe") {
		t.Errorf("Medium cannot show tables or iframes:\n%s", c)
	}
	if got := sub.Images; len(got) != 1 || got[0] != "https://blog.example.com/f.jpg" {
		t.Errorf("Images = %q", got)
	}
	r := sub.Request
	if r.Title != post.Title || r.ContentFormat != medium.FormatHTML || r.PublishStatus != medium.StatusPublic ||
		r.License != medium.LicenseCC40BY || r.CanonicalURL != testBaseURL || r.NotifyFollowers || r.PublishedAt != "" {
		t.Errorf("request = %+v", r)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Medium's own check refuses it: %v", err)
	}
	if len(sub.Warnings) != 0 {
		t.Errorf("unexpected warnings %+v", sub.Warnings)
	}
}

func TestTransformSanitises(t *testing.T) {
	post := wordpress.PostDetail{
		Post: wordpress.Post{Title: "T", Status: wordpress.StatusPublish, Link: testBaseURL},
		ContentHTML: `<p onclick="steal()" style="color:red" class="x">Hi <a href="javascript:alert(1)" target="_blank">there</a>` +
			`<img src="x" onerror="steal()"></p><form><input value="secret"><select><option>Pick</option></select></form>` +
			`<object data="https://evil.example/x.swf"></object><p><a href="https://ok.example/" rel="nofollow" style="x">ok</a></p>`,
	}
	sub, err := Transform(post, Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved})
	if err != nil {
		t.Fatal(err)
	}
	c := sub.Request.Content
	for _, bad := range []string{"onclick", "onerror", "style=", "class=", "javascript:", "target=", "rel=", "<form", "<input", "<object", "<select"} {
		if strings.Contains(c, bad) {
			t.Errorf("content keeps %q:\n%s", bad, c)
		}
	}
	if !strings.Contains(c, "Hi there") || !strings.Contains(c, `<a href="https://ok.example/">ok</a>`) {
		t.Errorf("content lost text or a safe link:\n%s", c)
	}
}

func TestTransformEmptyContent(t *testing.T) {
	sub, err := Transform(wordpress.PostDetail{Post: wordpress.Post{Title: "Only a title", Status: wordpress.StatusPublish, Link: testBaseURL}},
		Options{Status: medium.StatusDraft, License: medium.LicenseAllRightsReserved, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Request.Content != "<h1>Only a title</h1>" {
		t.Errorf("content = %q", sub.Request.Content)
	}
}

func TestTransformReusesATitleHeading(t *testing.T) {
	post := testPost()
	post.Title = "Hello   World"
	post.ContentHTML = `<h2 class="wp-block-post-title">Hello world</h2><p>Body.</p>`
	post.FeaturedImageURL = "https://blog.example.com/f.jpg"
	sub, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := "<h1>Hello world</h1>\n<figure><img src=\"https://blog.example.com/f.jpg\"/></figure>\n<p>Body.</p>"
	if sub.Request.Content != want {
		t.Errorf("content\n%s\nwant\n%s", sub.Request.Content, want)
	}
}

// TestTransformConcurrent runs transforms side by side (the UI previews while
// a send runs); with -race it checks the shared sanitiser policy.
func TestTransformConcurrent(t *testing.T) {
	post := testPost()
	post.ContentHTML = longPost(300)
	want, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 4)
	for range 4 {
		go func() {
			got, err := Transform(post, testOptions())
			if err != nil || got.Request.Content != want.Request.Content {
				errs <- fmt.Sprintf("concurrent transform differs (err %v)", err)
				return
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}
