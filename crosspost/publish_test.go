package crosspost

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/store"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/wordpress"
)

type fakeLinker struct {
	calls    int
	err      error
	modified time.Time // what WordPress reports after the edit
}

func (f *fakeLinker) EnsureCrossLink(_ context.Context, _ int, url string) (wordpress.CrossLinkResult, error) {
	f.calls++
	if !strings.HasPrefix(url, "https://") {
		return wordpress.CrossLinkResult{}, errors.New("not a story URL: " + url)
	}
	if f.err != nil {
		return wordpress.CrossLinkResult{}, f.err
	}
	return wordpress.CrossLinkResult{Added: true, ModifiedGMT: f.modified}, nil
}

// fakeSite is the WordPress site as the publisher asks for it.
type fakeSite struct {
	home  string
	name  string
	calls int
	err   error
}

func (f *fakeSite) Site(context.Context) (wordpress.Site, error) {
	f.calls++
	if f.err != nil {
		return wordpress.Site{}, f.err
	}
	return wordpress.Site{Name: f.name, URL: f.home}, nil
}

type publishFixture struct {
	pub    *Publisher
	medium *mediumtest.Server
	linker *fakeLinker
	site   *fakeSite
}

func newPublishFixture(t *testing.T, site string, opts ...mediumtest.Option) publishFixture {
	t.Helper()
	srv := mediumtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	st, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	l := st.Ledger()
	linker := &fakeLinker{modified: time.Date(2025, 5, 2, 9, 0, 0, 0, time.UTC)}
	mc := medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(srv.URL), medium.WithTimeout(2*time.Second))
	ws := &fakeSite{home: site, name: "Field Notes"}
	return publishFixture{
		pub:    &Publisher{Ledger: l, Medium: mc, WordPress: ws, Linker: linker, SiteURL: site},
		medium: srv,
		linker: linker,
		site:   ws,
	}
}

func publishPost(id int, status wordpress.Status) wordpress.PostDetail {
	date := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	return wordpress.PostDetail{
		Post: wordpress.Post{ID: id, Title: "Hello Medium", Status: status, DateGMT: date, ModifiedGMT: date,
			Link: fmt.Sprintf("https://blog.example.com/hello-medium-%d/", id)},
		GUID:        fmt.Sprintf("https://blog.example.com/?p=%d", id),
		ContentHTML: "<p>Some words with a <a href=\"/about/\">link</a>.</p>",
		Tags:        []string{"go", "writing"},
	}
}

func draftOptions() Options {
	return Options{Status: medium.StatusDraft, License: medium.LicenseCC40BY, CrossLink: true}
}

func (f publishFixture) publish(t *testing.T, req PlanRequest) (Result, error) {
	t.Helper()
	plan, err := f.pub.Plan(context.Background(), req)
	if err != nil {
		return Result{}, err
	}
	return f.pub.Publish(context.Background(), plan)
}

func TestPublishRecordsTheStoryAndLinksBack(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	res, err := f.publish(t, PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()})
	if err != nil {
		t.Fatal(err)
	}
	posts := f.medium.Posts()
	if len(posts) != 1 {
		t.Fatalf("Medium has %d posts, want 1", len(posts))
	}
	sent := posts[0].Sent
	if sent.CanonicalURL != "https://blog.example.com/hello-medium-7/" || sent.PublishStatus != medium.StatusDraft || sent.License != medium.LicenseCC40BY {
		t.Errorf("sent %+v", sent)
	}
	if !strings.Contains(sent.Content, "<h1>Hello Medium</h1>") || !strings.Contains(sent.Content, "https://blog.example.com/about/") ||
		!strings.Contains(sent.Content, "Originally published at") {
		t.Errorf("content = %s", sent.Content)
	}
	e := res.Entry
	if e.State != store.StateSent || e.URL != posts[0].URL || e.URL == "" || !e.WordPressLinked || e.ContentHash == "" {
		t.Errorf("entry = %+v", e)
	}
	if f.linker.calls != 1 {
		t.Errorf("WordPress link added %d times", f.linker.calls)
	}
	if got := StatusLabel(e, true, f.linker.modified); got != "draft ✓" {
		t.Errorf("after wp2medium's own WordPress edit the column shows %q, want it unchanged", got)
	}
}

func TestPublishRefusesASecondStoryUnlessAsked(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	req := PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()}
	if _, err := f.publish(t, req); err != nil {
		t.Fatal(err)
	}
	if _, err := f.publish(t, req); !errors.Is(err, store.ErrAlreadySent) {
		t.Fatalf("second publish: err = %v, want store.ErrAlreadySent", err)
	}
	if n := len(f.medium.Posts()); n != 1 {
		t.Fatalf("Medium has %d posts after a refused second publish", n)
	}
	req.SecondStory = true
	res, err := f.publish(t, req)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.medium.Posts()); n != 2 || len(res.Entry.History) != 1 {
		t.Fatalf("forced second story: %d posts, history %d", n, len(res.Entry.History))
	}
}

func TestPublishOutcomeUnknownBlocksResend(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	f.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultDrop, Method: http.MethodPost, Path: "/users/*"})
	req := PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()}
	_, err := f.publish(t, req)
	if err == nil || !medium.IsOutcomeUnknown(err) {
		t.Fatalf("dropped create: err = %v, want an unknown outcome", err)
	}
	if e, _ := f.pub.Ledger.Get(f.pub.SiteURL, 7); e.State != store.StateUnknown {
		t.Fatalf("state = %s, want unknown", e.State)
	}
	// The story does exist: sending again would make a duplicate.
	if n := len(f.medium.Posts()); n != 1 {
		t.Fatalf("fake has %d posts", n)
	}
	if _, err := f.publish(t, req); !errors.Is(err, store.ErrOutcomeUnknown) {
		t.Fatalf("resend: err = %v, want store.ErrOutcomeUnknown", err)
	}
	if f.linker.calls != 0 {
		t.Error("linked on WordPress although the outcome is unknown")
	}
}

func TestPublishRefusalIsRecordedAsFailedAndMaySendAgain(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	f.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultError, Method: http.MethodPost, Path: "/users/*", Status: 401, Code: 6003, Message: "Token was invalid."})
	req := PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()}
	if _, err := f.publish(t, req); err == nil || medium.IsOutcomeUnknown(err) {
		t.Fatalf("err = %v, want a definite refusal", err)
	}
	if e, _ := f.pub.Ledger.Get(f.pub.SiteURL, 7); e.State != store.StateFailed {
		t.Fatalf("state = %s, want failed", e.State)
	}
	if _, err := f.publish(t, req); err != nil {
		t.Fatalf("resend after a refusal: %v", err)
	}
}

func TestPublishServerErrorIsUnknown(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	f.medium.Inject(mediumtest.Fault{Kind: mediumtest.FaultHTML, Method: http.MethodPost, Path: "/users/*", Status: 502})
	_, err := f.publish(t, PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()})
	if err == nil {
		t.Fatal("want an error")
	}
	if e, _ := f.pub.Ledger.Get(f.pub.SiteURL, 7); e.State != store.StateUnknown {
		t.Fatalf("a 502 on a create: state = %s, want unknown", e.State)
	}
}

func TestPublishUnpublishedPostOnlyAsDraftUnlessConfirmed(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	opt := draftOptions()
	opt.Status = medium.StatusPublic
	req := PlanRequest{Post: publishPost(8, wordpress.StatusDraft), Options: opt}
	if _, err := f.pub.Plan(context.Background(), req); !errors.Is(err, ErrUnpublishedNotDraft) {
		t.Fatalf("err = %v", err)
	}
	req.AllowUnpublished = true
	plan, err := f.pub.Plan(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Submission.Request.CanonicalURL != "" {
		t.Error("an unpublished post must not send its not-yet-working permalink as canonical")
	}
}

func TestPublishWriterPublicationIsRefusedWhenPlanned(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	opt := draftOptions()
	opt.Status = medium.StatusPublic
	_, err := f.publish(t, PlanRequest{Post: publishPost(9, wordpress.StatusPublish), Options: opt, PublicationID: mediumtest.WriterPublicationID})
	var de *DraftsOnlyError
	if !errors.Is(err, ErrDraftsOnly) || !errors.As(err, &de) || de.Role != medium.RoleWriter || !strings.Contains(err.Error(), "drafts only") {
		t.Fatalf("err = %v, want the writer's drafts-only refusal", err)
	}
	if _, ok := f.pub.Ledger.Get(f.pub.SiteURL, 9); ok {
		t.Error("a refusal decided before sending was recorded")
	}
	if len(f.medium.Posts()) != 0 {
		t.Error("a story was created")
	}
}

func TestPublishWarnsBeforeTheDailyLimit(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	for id := 1; id <= DailyLimit-1; id++ {
		plan, err := f.pub.Plan(context.Background(), PlanRequest{Post: publishPost(id, wordpress.StatusPublish), Options: draftOptions()})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range plan.Submission.Warnings {
			if w.Code == WarnDailyLimit {
				t.Fatalf("warned at send %d", id)
			}
		}
		if _, err := f.pub.Publish(context.Background(), plan); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := f.pub.Plan(context.Background(), PlanRequest{Post: publishPost(DailyLimit, wordpress.StatusPublish), Options: draftOptions()})
	if err != nil {
		t.Fatal(err)
	}
	if plan.CreatesToday != DailyLimit-1 || !hasWarning(plan.Submission.Warnings, WarnDailyLimit) {
		t.Fatalf("the tenth send: creates %d, warnings %+v", plan.CreatesToday, plan.Submission.Warnings)
	}
	if _, err := f.pub.Publish(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	_, err = f.publish(t, PlanRequest{Post: publishPost(DailyLimit+1, wordpress.StatusPublish), Options: draftOptions()})
	if medium.KindOf(err) != medium.KindRateLimited {
		t.Fatalf("the eleventh send: err = %v, want Medium's daily limit", err)
	}
}

func hasWarning(ws []Warning, code string) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}

func TestPublishUploadsImagesMediumCannotReach(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	imgSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png)
	}))
	defer imgSrv.Close()

	f := newPublishFixture(t, imgSrv.URL)
	post := publishPost(5, wordpress.StatusPublish)
	post.Link = imgSrv.URL + "/hello/"
	post.ContentHTML = `<p>Look:</p><figure><img src="/wp-content/uploads/cat.png" alt="a cat"></figure>`
	plan, err := f.pub.Plan(context.Background(), PlanRequest{Post: post, Options: draftOptions()})
	if err != nil {
		t.Fatal(err)
	}
	if !plan.UploadImages {
		t.Fatal("a site on 127.0.0.1 needs its images uploaded")
	}
	if _, err := f.pub.Publish(context.Background(), plan); err != nil {
		t.Fatal(err)
	}
	imgs := f.medium.Images()
	if len(imgs) != 1 || string(imgs[0].Data) != string(png) {
		t.Fatalf("uploaded %d images", len(imgs))
	}
	content := f.medium.Posts()[0].Sent.Content
	if !strings.Contains(content, imgs[0].URL) || strings.Contains(content, "/wp-content/uploads/cat.png") {
		t.Fatalf("content still points at the unreachable image: %s", content)
	}
}

func TestPublishWithoutUploadScope(t *testing.T) {
	imgSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("\x89PNG\r\n\x1a\n"))
	}))
	defer imgSrv.Close()
	f := newPublishFixture(t, imgSrv.URL, mediumtest.WithoutScope(mediumtest.DefaultToken, medium.ScopeUploadImage))
	post := publishPost(5, wordpress.StatusPublish)
	post.ContentHTML = `<p>Look:</p><figure><img src="` + imgSrv.URL + `/cat.png" alt="a cat"><figcaption>My cat</figcaption></figure>`
	_, err := f.publish(t, PlanRequest{Post: post, Options: draftOptions()})
	var ie *ImageError
	if !errors.As(err, &ie) || !ie.MissingScope() {
		t.Fatalf("err = %v, want an image error for the missing scope", err)
	}
	if _, ok := f.pub.Ledger.Get(f.pub.SiteURL, 5); ok || len(f.medium.Posts()) != 0 {
		t.Fatal("nothing may be recorded or created when the images fail")
	}
	// The user chooses to continue without images.
	if _, err := f.publish(t, PlanRequest{Post: post, Options: draftOptions(), WithoutImages: true}); err != nil {
		t.Fatal(err)
	}
	content := f.medium.Posts()[0].Sent.Content
	if strings.Contains(content, "<img") || !strings.Contains(content, "My cat") {
		t.Fatalf("without images: %s", content)
	}
}

func TestPublishCrossLinkFailureKeepsTheStory(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	f.linker.err = errors.New("this user may not edit this post")
	res, err := f.publish(t, PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()})
	if err != nil {
		t.Fatalf("a failed WordPress link must not fail the publish: %v", err)
	}
	if res.CrossLinkErr == nil || res.Entry.State != store.StateSent || res.Entry.WordPressLinked {
		t.Fatalf("result = %+v", res)
	}
	f.linker.err = nil
	if err := f.pub.LinkOnWordPress(context.Background(), wordpress.PostDetail{Post: wordpress.Post{ID: 7}}); err != nil {
		t.Fatal(err)
	}
	if e, _ := f.pub.Ledger.Get(f.pub.SiteURL, 7); !e.WordPressLinked {
		t.Fatal("the retried link was not recorded")
	}
}

// Another process (the app in another terminal) sees what this one
// published, through its own connection to the store.
func TestAnotherProcessSeesThePublishedStory(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	if _, err := f.publish(t, PlanRequest{Post: publishPost(7, wordpress.StatusPublish), Options: draftOptions()}); err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(f.pub.Ledger.Path())
	if err != nil {
		t.Fatalf("a second open while the first is in use: %v", err)
	}
	defer other.Close()
	if e, ok := other.Ledger().Get(f.pub.SiteURL, 7); !ok || e.State != store.StateSent {
		t.Fatalf("read entry = %+v, %v", e, ok)
	}
}

func TestTransformDropsTheWordPressCrossLink(t *testing.T) {
	post := publishPost(7, wordpress.StatusPublish)
	markup, err := wordpress.CrossLinkMarkup("https://medium.com/@me/hello-1a2b3c4d5e6f", true)
	if err != nil {
		t.Fatal(err)
	}
	post.ContentHTML += markup
	sub, err := Transform(post, draftOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sub.Request.Content, "Also published on") || strings.Contains(sub.Request.Content, "1a2b3c4d5e6f") {
		t.Fatalf("the WordPress cross-link went back to Medium: %s", sub.Request.Content)
	}
}

func TestStatusLabel(t *testing.T) {
	sent := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	cases := []struct {
		e        store.Entry
		ok       bool
		modified time.Time
		want     string
	}{
		{store.Entry{}, false, sent, "—"},
		{store.Entry{State: store.StateSent, PublishStatus: medium.StatusDraft, ModifiedGMT: sent}, true, sent, "draft ✓"},
		{store.Entry{State: store.StateSent, PublishStatus: medium.StatusUnlisted, ModifiedGMT: sent}, true, sent.Add(time.Hour), "changed"},
		{store.Entry{State: store.StateSent, Route: store.RouteImport}, true, sent, "public ✓"},
		{store.Entry{State: store.StateFailed}, true, sent, "failed"},
		{store.Entry{State: store.StateUnknown}, true, sent, "unknown"},
	}
	for _, c := range cases {
		if got := StatusLabel(c.e, c.ok, c.modified); got != c.want {
			t.Errorf("StatusLabel(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

// The same post reached through another spelling of the site's address, an
// https proxy in front of it, or after the site moved, is refused as already
// on Medium: the ledger knows the site by what WordPress says, and the post
// by its guid.
func TestPublishOnePostWhateverTheSiteAddress(t *testing.T) {
	f := newPublishFixture(t, "http://127.0.0.1:8080")
	post := publishPost(7, wordpress.StatusPublish)
	post.Link, post.GUID = "http://127.0.0.1:8080/hello/", "http://127.0.0.1:8080/?p=7"
	if _, err := f.publish(t, PlanRequest{Post: post, Options: draftOptions()}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ configured, home, link string }{
		{"http://localhost:8080", "http://127.0.0.1:8080", post.Link},
		{"http://127.0.0.1:8080/index.php", "http://127.0.0.1:8080", post.Link},
		{"https://127.0.0.1:8443", "http://127.0.0.1:8080", post.Link},                                    // a TLS proxy in front
		{"https://blog.moved.example", "https://blog.moved.example", "https://blog.moved.example/hello/"}, // moved: the guid stays
	} {
		other := &Publisher{Ledger: f.pub.Ledger, Medium: f.pub.Medium, WordPress: &fakeSite{home: c.home}, SiteURL: c.configured}
		p := post
		p.Link = c.link
		_, err := other.Plan(context.Background(), PlanRequest{Post: p, Options: draftOptions()})
		if !errors.Is(err, store.ErrAlreadySent) {
			t.Errorf("configured %s (home %s): Plan = %v, want store.ErrAlreadySent", c.configured, c.home, err)
		}
		if e, ok := other.Status(p.Post); c.link == post.Link && (!ok || e.State != store.StateSent) {
			t.Errorf("configured %s: the Medium column does not see the story (%+v %v)", c.configured, e, ok)
		}
	}
	if n := len(f.medium.Posts()); n != 1 {
		t.Fatalf("Medium has %d stories, want 1", n)
	}
}

func TestPublishNotPublicPostsNeedConsent(t *testing.T) {
	f := newPublishFixture(t, "https://blog.example.com")
	opt := draftOptions()
	opt.Status = medium.StatusUnlisted
	protected := publishPost(3, wordpress.StatusPublish)
	protected.Protected = true
	for _, c := range []struct {
		post wordpress.PostDetail
		why  string
	}{
		{publishPost(1, wordpress.StatusPrivate), "private"},
		{protected, "password-protected"},
		{publishPost(2, wordpress.StatusFuture), "scheduled"},
	} {
		_, err := f.pub.Plan(context.Background(), PlanRequest{Post: c.post, Options: opt})
		var ne *NotPublicError
		if !errors.As(err, &ne) || !errors.Is(err, ErrUnpublishedNotDraft) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s post: Plan = %v, want a refusal that says %q", c.why, err, c.why)
			continue
		}
		plan, err := f.pub.Plan(context.Background(), PlanRequest{Post: c.post, Options: opt, AllowUnpublished: true})
		if err != nil {
			t.Errorf("%s post, confirmed: %v", c.why, err)
			continue
		}
		if c.why == "password-protected" && !hasWarning(plan.Submission.Warnings, WarnProtected) {
			t.Errorf("a password-protected post is planned without a warning: %+v", plan.Submission.Warnings)
		}
		if c.why == "private" && !strings.Contains(plan.Submission.Warnings[0].Message, "private") {
			t.Errorf("the private post's warning: %+v", plan.Submission.Warnings)
		}
	}
	// As a draft nothing is public: no consent needed, the warning stays.
	opt.Status = medium.StatusDraft
	plan, err := f.pub.Plan(context.Background(), PlanRequest{Post: protected, Options: opt})
	if err != nil || !hasWarning(plan.Submission.Warnings, WarnProtected) {
		t.Fatalf("protected post as a draft: %v %+v", err, plan.Submission.Warnings)
	}
}
