package crosspost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress"
)

func TestMediumCannotReach(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://blog.example.com/", false},
		{"https://example.org/wp-content/uploads/a.jpg", false},
		{"http://93.184.215.14/", false},
		{"http://[2606:4700::1111]/", false},
		{"https://my.localhost.example.com/", false}, // "localhost" only as the whole name or the TLD
		{"http://localhost:8080/", true},
		{"http://LOCALHOST./", true},
		{"http://127.0.0.1/", true},
		{"http://127.3.4.5:8000/", true},
		{"http://[::1]/", true},
		{"http://[::ffff:192.168.1.2]/", true},
		{"http://10.1.2.3/", true},
		{"http://172.16.0.1/", true},
		{"http://172.31.255.255/", true},
		{"http://172.32.0.1/", false},
		{"http://192.168.1.10/", true},
		{"http://[fd12:3456::1]/", true},
		{"http://[fe80::1%25eth0]/", true},
		{"http://169.254.1.1/", true},
		{"http://100.101.102.103/", true}, // Tailscale / CGNAT
		{"http://0.0.0.0/", true},
		{"http://wordpress/", true}, // a Docker service name
		{"https://blog.local/", true},
		{"https://site.test/", true},
		{"https://wp.localhost/", true},
		{"https://wiki.corp.internal/", true},
		{"http://nas.lan/", true},
		{"http://printer.home.arpa/", true},
		{"blog.local:8080", true},
		{"example.com", false},
		{"", true},
		{"http://%zz/", true},
	}
	for _, tt := range tests {
		if got := MediumCannotReach(tt.url); got != tt.want {
			t.Errorf("MediumCannotReach(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestTransformWarnsAboutUnreachableImages(t *testing.T) {
	post := testPost()
	post.Link = "http://localhost:8080/hello/"
	post.ContentHTML = `<p><img src="/a.jpg"></p><p><img src="https://cdn.example.com/b.jpg"></p>`
	sub, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"http://localhost:8080/a.jpg", "https://cdn.example.com/b.jpg"}
	if !slices.Equal(sub.Images, want) {
		t.Errorf("Images = %q, want %q", sub.Images, want)
	}
	i := slices.IndexFunc(sub.Warnings, func(w Warning) bool { return w.Code == WarnImagesUnreachable })
	if i < 0 || !strings.Contains(sub.Warnings[i].Message, "1 of the 2") {
		t.Errorf("warnings = %+v", sub.Warnings)
	}
}

const imagesContent = `<p>Intro.</p>` +
	`<figure class="wp-block-image"><img src="/a.png" alt="A"><figcaption>Caption <a href="https://example.org/">with a link</a></figcaption></figure>` +
	`<figure class="wp-block-image"><a href="https://example.org/page"><img src="/b.png" alt="Bee"></a></figure>` +
	`<figure class="wp-block-image"><a href="/b-full.png"><img src="/b.png" alt="Again"></a></figure>` +
	`<p>Text with <img src="/icon.png" alt="icon"> inline.</p>`

func imagesSubmission(t *testing.T, link string) Submission {
	t.Helper()
	post := testPost()
	post.Link = link
	post.ContentHTML = imagesContent
	post.FeaturedImageURL = strings.TrimSuffix(link, "/post/") + "/featured.jpg"
	sub, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestRewriteImagesUploadsEachOnce(t *testing.T) {
	sub := imagesSubmission(t, "http://192.168.1.5/post/")
	if len(sub.Images) != 4 {
		t.Fatalf("Images = %q", sub.Images)
	}
	calls := map[string]int{}
	err := RewriteImages(context.Background(), &sub, func(_ context.Context, src string) (string, error) {
		calls[src]++
		return fmt.Sprintf("https://cdn-images-1.medium.com/max/1024/%d.png", len(calls)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for src, n := range calls {
		if n != 1 {
			t.Errorf("%s uploaded %d times", src, n)
		}
	}
	c := sub.Request.Content
	if strings.Contains(c, "192.168.1.5/a.png") || strings.Contains(c, `src="http://192.168`) {
		t.Errorf("an old source is left:\n%s", c)
	}
	for i := 1; i <= 4; i++ {
		if !strings.Contains(c, fmt.Sprintf(`src="https://cdn-images-1.medium.com/max/1024/%d.png"`, i)) {
			t.Errorf("uploaded image %d is not used:\n%s", i, c)
		}
	}
	// /b.png appears twice and both places use the one upload.
	if n := strings.Count(c, `src="https://cdn-images-1.medium.com/max/1024/3.png"`); n != 2 {
		t.Errorf("the repeated image is used %d times, want 2:\n%s", n, c)
	}
	if len(sub.Images) != 4 || !strings.HasPrefix(sub.Images[0], "https://cdn-images-1.medium.com/") {
		t.Errorf("Images = %q", sub.Images)
	}
	if slices.Contains(warningCodes(sub.Warnings), WarnImagesUnreachable) {
		t.Errorf("the unreachable warning stays after uploading: %+v", sub.Warnings)
	}
	// Everything else is untouched.
	for _, keep := range []string{"<p>Intro.</p>", `<figcaption>Caption <a href="https://example.org/">with a link</a></figcaption>`, `<a href="https://example.org/page">`} {
		if !strings.Contains(c, keep) {
			t.Errorf("content lost %q:\n%s", keep, c)
		}
	}
}

func TestRewriteImagesFailureLeavesSubmissionUnchanged(t *testing.T) {
	for name, upload := range map[string]func(context.Context, string) (string, error){
		"error":        func(context.Context, string) (string, error) { return "", errors.New("boom") },
		"relative url": func(context.Context, string) (string, error) { return "/img/1.png", nil },
		"javascript":   func(context.Context, string) (string, error) { return "javascript:alert(1)", nil },
	} {
		t.Run(name, func(t *testing.T) {
			sub := imagesSubmission(t, "http://192.168.1.5/post/")
			before := sub.Request.Content
			images := slices.Clone(sub.Images)
			err := RewriteImages(context.Background(), &sub, upload)
			var ie *ImageError
			if !errors.As(err, &ie) || ie.Src != images[0] {
				t.Fatalf("err = %v, want an *ImageError for %s", err, images[0])
			}
			if sub.Request.Content != before || !slices.Equal(sub.Images, images) {
				t.Errorf("a failed rewrite changed the submission")
			}
		})
	}
}

func TestRewriteImagesStopsWhenCanceled(t *testing.T) {
	sub := imagesSubmission(t, "http://192.168.1.5/post/")
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := RewriteImages(ctx, &sub, func(context.Context, string) (string, error) {
		n++
		cancel()
		return "https://cdn-images-1.medium.com/x.png", nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("err = %v after %d uploads, want context.Canceled after 1", err, n)
	}
}

// TestRewriteImagesWithMedium wires RewriteImages the way the app does: fetch
// each image from the (local) WordPress site, upload it to Medium. A token
// without the uploadImage scope must surface as such, and DropImages then
// gives a submission that can be sent.
func TestRewriteImagesWithMedium(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = io.WriteString(w, "\x89PNG fake "+r.URL.Path)
	}))
	defer site.Close()
	upload := func(client *medium.Client) func(ctx context.Context, src string) (string, error) {
		return func(ctx context.Context, src string) (string, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
			if err != nil {
				return "", err
			}
			resp, err := site.Client().Do(req)
			if err != nil {
				return "", err
			}
			defer resp.Body.Close()
			img, err := client.UploadImage(ctx, src, resp.Header.Get("Content-Type"), resp.Body)
			return img.URL, err
		}
	}

	t.Run("uploads", func(t *testing.T) {
		fake := mediumtest.NewServer()
		defer fake.Close()
		sub := imagesSubmission(t, site.URL+"/post/")
		if !slices.Contains(warningCodes(sub.Warnings), WarnImagesUnreachable) {
			t.Fatalf("a 127.0.0.1 site should warn: %+v", sub.Warnings)
		}
		client := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(fake.URL))
		if err := RewriteImages(context.Background(), &sub, upload(client)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(sub.Request.Content, `src="`+site.URL) || strings.Count(sub.Request.Content, `src="`+fake.URL) != 5 {
			t.Errorf("images are not all Medium's copies:\n%s", sub.Request.Content)
		}
		if n := len(fake.RequestsTo(http.MethodPost, "/v1/images")) + len(fake.RequestsTo(http.MethodPost, "/images")); n != 4 {
			t.Errorf("%d uploads, want 4", n)
		}
	})

	t.Run("missing scope", func(t *testing.T) {
		fake := mediumtest.NewServer(mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeUploadImage))
		defer fake.Close()
		sub := imagesSubmission(t, site.URL+"/post/")
		client := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(fake.URL))
		err := RewriteImages(context.Background(), &sub, upload(client))
		var ie *ImageError
		if !errors.As(err, &ie) || !ie.MissingScope() || medium.KindOf(err) != medium.KindMissingScope {
			t.Fatalf("err = %v, want a missing-scope *ImageError", err)
		}
		if strings.Contains(err.Error(), mediumtest.DefaultToken) {
			t.Errorf("the error shows the token: %v", err)
		}
		DropImages(&sub)
		if strings.Contains(sub.Request.Content, "<img") || len(sub.Images) != 0 {
			t.Errorf("images remain: %q\n%s", sub.Images, sub.Request.Content)
		}
		if err := sub.Request.Validate(); err != nil {
			t.Errorf("the request without images is refused: %v", err)
		}
	})
}

func TestDropImagesKeepsCaptionsAndLinks(t *testing.T) {
	sub := imagesSubmission(t, "http://192.168.1.5/post/")
	DropImages(&sub)
	want := "<h1>Hello world</h1>\n" +
		"<p>Intro.</p>\n" +
		`<p><em>Caption <a href="https://example.org/">with a link</a></em></p>` + "\n" +
		`<p><a href="https://example.org/page">Bee</a></p>` + "\n" +
		// The image in the sentence was made a figure, splitting it; dropped,
		// it leaves the two halves.
		"<p>Text with</p>\n<p>inline.</p>"
	if sub.Request.Content != want {
		t.Errorf("content\n%s\nwant\n%s", sub.Request.Content, want)
	}
	if got := warningCodes(sub.Warnings); !slices.Equal(got, []string{WarnImagesDropped}) {
		t.Errorf("warnings = %q", got)
	}
	if !strings.Contains(sub.Warnings[0].Message, "5 images") {
		t.Errorf("message %q does not count the images", sub.Warnings[0].Message)
	}

	// Nothing to drop: no warning.
	post := testPost()
	plain, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	before := plain.Request.Content
	DropImages(&plain)
	if plain.Request.Content != before || len(plain.Warnings) != 0 {
		t.Errorf("DropImages changed a post without images: %q %+v", plain.Request.Content, plain.Warnings)
	}
}

func TestTransformImagesAreUnique(t *testing.T) {
	post := wordpress.PostDetail{Post: wordpress.Post{Title: "T", Status: wordpress.StatusPublish, Link: testBaseURL},
		ContentHTML: `<p><img src="/x.png"></p><p><img src="https://blog.example.com/x.png"></p><p><img src="/y.png"></p>`}
	sub, err := Transform(post, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://blog.example.com/x.png", "https://blog.example.com/y.png"}; !slices.Equal(sub.Images, want) {
		t.Errorf("Images = %q, want %q", sub.Images, want)
	}
}
