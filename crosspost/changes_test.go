package crosspost

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

// What changed is found from the copy kept at the send: a paragraph edited,
// a link and an image swapped, the title; an uploaded image is named by its
// address on the site, so it does not read as changed; MarkUpdated makes the
// post its own baseline.
func TestChangesSinceTheSend(t *testing.T) {
	img := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("\x89PNG\r\n\x1a\nfake"))
	}))
	defer img.Close()
	f := newPublishFixture(t, "https://blog.example.com")
	ctx := context.Background()
	post := publishPost(5, wordpress.StatusPublish)
	post.ContentHTML = `<p>First paragraph stays.</p><p>Second one will change.</p><p>See <a href="https://a.example/">A</a>.</p><p><img src="` + img.URL + `/kept.png" alt="k"></p><p>Last words.</p>`
	if _, err := f.pub.Changes(ctx, post); !errors.Is(err, ErrNeverSent) {
		t.Fatalf("a post never sent: %v", err)
	}
	if _, err := f.publish(t, PlanRequest{Post: post, Options: draftOptions(), UploadImages: true}); err != nil {
		t.Fatal(err)
	}
	c, err := f.pub.Changes(ctx, post)
	if err != nil || !c.Kept || !c.None() || c.Changed {
		t.Fatalf("the post as it was sent: kept=%v none=%v changed=%v err=%v\n%s", c.Kept, c.None(), c.Changed, err, c.Report(80))
	}

	edited := post
	edited.Title = "Hello again"
	edited.ModifiedGMT = post.ModifiedGMT.Add(48 * time.Hour) // after the cross-link's own edit
	edited.ContentHTML = `<p>First paragraph stays.</p><p>Second one has changed, and now says more.</p><p>See <a href="https://b.example/">B</a>.</p><p><img src="` + img.URL + `/kept.png" alt="k"><img src="https://img.example/new.png" alt="n"></p><p>Last words.</p>`
	c, err = f.pub.Changes(ctx, edited)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Changed || c.TitleWas != "Hello Medium" || c.TitleNow != "Hello again" ||
		!slices.Equal(c.LinksAdded, []string{"https://b.example/"}) || !slices.Equal(c.LinksRemoved, []string{"https://a.example/"}) ||
		!slices.Equal(c.ImagesAdded, []string{"https://img.example/new.png"}) || len(c.ImagesRemoved) != 0 {
		t.Fatalf("changes: %+v", c)
	}
	report := c.Report(60)
	for _, want := range []string{"- Second one will change.", "+ Second one has changed, and now says more.", "  First paragraph stays.", "- https://a.example/", "+ https://img.example/new.png", "- Hello Medium"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "Last words") && !strings.Contains(report, "  Last words.") {
		t.Errorf("an unchanged paragraph is marked:\n%s", report)
	}

	if _, err := f.pub.MarkUpdated(ctx, edited, ""); err != nil {
		t.Fatal(err)
	}
	c, err = f.pub.Changes(ctx, edited)
	if err != nil || !c.None() || c.Changed {
		t.Fatalf("after MarkUpdated: none=%v changed=%v err=%v\n%s", c.None(), c.Changed, err, c.Report(80))
	}
}

// A record without a kept copy (recorded by hand) says so and shows the times.
func TestChangesWithoutACopy(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	ctx := context.Background()
	post := publishPost(6, wordpress.StatusPublish)
	if _, err := f.pub.RecordImport(ctx, post, "https://medium.com/p/000000000006", "", false); err != nil {
		t.Fatal(err)
	}
	post.ModifiedGMT = post.ModifiedGMT.Add(time.Hour)
	c, err := f.pub.Changes(ctx, post)
	if err != nil || c.Kept || c.None() || !c.Changed {
		t.Fatalf("kept=%v none=%v changed=%v err=%v", c.Kept, c.None(), c.Changed, err)
	}
	if r := c.Report(80); !strings.Contains(r, "No copy of what Medium got is kept") || !strings.Contains(r, "1 May 2025 09:00 UTC") {
		t.Fatalf("report:\n%s", r)
	}
	if _, err := f.pub.MarkUpdated(ctx, publishPost(7, wordpress.StatusPublish), ""); !errors.Is(err, store.ErrNoRecord) {
		t.Fatalf("mark-updated of a post never sent: %v", err)
	}
}
