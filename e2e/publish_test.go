//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// Publishing end to end: the real binary reads the real WordPress and sends
// to a fake Medium running in the test process (nothing reaches the real
// Medium). Publishing edits the WordPress post ("Also published on
// Medium"), so every post published here is one the test created itself and
// deletes at the end: the seeded posts other tests compare stay untouched.

// publishEnv is one publishing setup: a fake Medium, a config pointing at it
// and the real site, and a ledger of its own.
type publishEnv struct {
	srv      *mediumtest.Server
	config   string
	env      []string // XDG_DATA_HOME: the ledger
	siteName string
}

// newPublishEnv starts a fake Medium (the demo account, then opts) and
// writes a config for it and the real site.
func newPublishEnv(t *testing.T, opts ...mediumtest.Option) *publishEnv {
	t.Helper()
	srv := mediumtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	pe := &publishEnv{srv: srv, env: []string{"XDG_DATA_HOME=" + t.TempDir()}, siteName: wpSiteName(t)}
	pe.config = pe.configFor(t, wpURL)
	return pe
}

// configFor writes a config like pe.config's (the same fake Medium and
// defaults), for the site at siteURL, and returns its path.
func (pe *publishEnv) configFor(t *testing.T, siteURL string) string {
	t.Helper()
	cfg := writeConfig(t, siteURL, wpUser, wpAppPass)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fmt.Fprintf(f, "\n[medium]\ntoken = %q\napi_url = %q\nfeed_url = %q\n\n[defaults]\nstatus = \"draft\"\ncross_link = true\n",
		mediumtest.DefaultToken, pe.srv.URL, pe.srv.FeedURL())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// run runs `wp2medium --config CONFIG ARGS...` with this setup's ledger.
func (pe *publishEnv) run(t *testing.T, args ...string) result {
	t.Helper()
	return runBinEnv(t, pe.env, append([]string{"--config", pe.config}, args...)...)
}

// created is the fake's story titled title; it fails unless there is exactly one.
func (pe *publishEnv) created(t *testing.T, title string) mediumtest.Post {
	t.Helper()
	var found []mediumtest.Post
	for _, p := range pe.srv.Posts() {
		if p.Title == title {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("the fake Medium has %d stories titled %q, want 1", len(found), title)
	}
	return found[0]
}

// listedMedium is the medium object of `list --json`.
type listedMedium struct {
	State        string `json:"state"`
	Status       string `json:"status"`
	URL          string `json:"url"`
	ID           string `json:"id"`
	ChangedSince bool   `json:"changed_since"`
}

// listedMediumOf is `list --json`'s medium object for post id (nil for null).
func (pe *publishEnv) listedMediumOf(t *testing.T, id int) *listedMedium {
	t.Helper()
	r := pe.run(t, "list", "--json")
	if r.code != 0 {
		t.Fatalf("list --json: exit %d: %s", r.code, r.stderr)
	}
	for _, p := range decodeListing(t, r.stdout) {
		if p.ID != id {
			continue
		}
		var m *listedMedium
		if err := json.Unmarshal(p.Medium, &m); err != nil {
			t.Fatalf("post %d: medium %s: %v", id, p.Medium, err)
		}
		return m
	}
	t.Fatalf("list --json does not list post %d", id)
	return nil
}

// crossLinks counts the "Also published on Medium" paragraphs in a post's
// stored content, and returns the link of the last one.
func crossLinks(raw string) (int, string) {
	all := crossLinkRE.FindAllStringSubmatch(raw, -1)
	if len(all) == 0 {
		return 0, ""
	}
	return len(all), html.UnescapeString(all[len(all)-1][1])
}

var (
	crossLinkRE = regexp.MustCompile(`<p class="wp2medium-crosslink"><em>Also published on <a href="([^"]*)">Medium</a>\.</em></p>`)
	imgSrcRE    = regexp.MustCompile(`<img\s[^>]*?src="([^"]*)"`)
)

// checkCrossLinked checks that the WordPress post ends with exactly one
// cross-link paragraph, pointing at url.
func checkCrossLinked(t *testing.T, id int, url string) wpPost {
	t.Helper()
	p := wpGetPost(t, id)
	raw := p.Content.Raw
	n, href := crossLinks(raw)
	if classes := strings.Count(raw, `class="wp2medium-crosslink"`); n != 1 || classes != 1 {
		t.Fatalf("post %d has %d cross-link paragraphs (%d marked elements), want 1:\n...%s", id, n, classes, tail(raw, 400))
	}
	if href != url {
		t.Errorf("post %d links to %q, want the Medium story %q", id, href, url)
	}
	end := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(raw), "<!-- /wp:paragraph -->"))
	if !strings.HasSuffix(end, crossLinkRE.FindString(raw)) {
		t.Errorf("post %d does not end with the cross-link paragraph:\n...%s", id, tail(raw, 400))
	}
	return p
}

func tail(s string, n int) string { return s[max(0, len(s)-n):] }

// TestPublishCLI publishes a copy of the seeded block-editor tour (it has
// images, on a site Medium could not reach) with `wp2medium publish`.
func TestPublishCLI(t *testing.T) {
	pe := newPublishEnv(t)
	tour := wpGetPost(t, seed.byKey("blocks").ID)
	if !strings.Contains(tour.Content.Raw, "<img") || tour.FeaturedMedia == 0 {
		t.Fatal("the seeded block tour has no image or no featured image any more: this test needs both")
	}
	title := fmt.Sprintf("E2E tour copy %d", os.Getpid())
	post := createOwnPost(t, title, tour.Content.Raw, map[string]any{
		"featured_media": tour.FeaturedMedia, "tags": tour.Tags, "categories": tour.Categories,
	})

	r := pe.run(t, "publish", fmt.Sprint(post.ID), "--cross-link", "--status", "draft")
	if r.code != 0 {
		t.Fatalf("publish: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if n := len(pe.srv.RequestsTo("POST", "/users/"+mediumtest.DefaultUserID+"/posts")); n != 1 {
		t.Fatalf("the fake Medium got %d create requests, want 1", n)
	}
	story := pe.created(t, title)
	if got := strings.TrimSpace(r.stdout); got != story.URL {
		t.Errorf("publish printed %q, want the story's URL %q", got, story.URL)
	}
	sent := story.Sent
	if sent.CanonicalURL != post.Link {
		t.Errorf("canonicalUrl = %q, want the post's link %q", sent.CanonicalURL, post.Link)
	}
	if sent.PublishStatus != medium.StatusDraft {
		t.Errorf("publishStatus = %q, want draft", sent.PublishStatus)
	}
	if want := "<h1>" + title + "</h1>"; !strings.HasPrefix(sent.Content, want) {
		t.Errorf("the content does not start with %q: %.200s", want, sent.Content)
	}
	footer := fmt.Sprintf(`<p><em>Originally published at <a href="%s">%s</a>.</em></p>`, html.EscapeString(post.Link), html.EscapeString(pe.siteName))
	if !strings.HasSuffix(sent.Content, footer) || strings.Count(sent.Content, "Originally published at") != 1 {
		t.Errorf("the content does not end with the one footer %s:\n...%s", footer, tail(sent.Content, 300))
	}

	// Medium cannot fetch images from 127.0.0.1: each was uploaded to the
	// fake and the content points at the copies only.
	images := pe.srv.Images()
	if len(images) == 0 {
		t.Fatal("no image was uploaded to Medium, although the site's images are on 127.0.0.1")
	}
	uploaded := map[string]bool{}
	for _, img := range images {
		uploaded[img.URL] = true
		if !strings.Contains(sent.Content, `src="`+img.URL+`"`) {
			t.Errorf("the uploaded image %s is not used in the content", img.URL)
		}
	}
	srcs := imgSrcRE.FindAllStringSubmatch(sent.Content, -1)
	if len(srcs) == 0 {
		t.Error("the content sent has no image")
	}
	for _, m := range srcs {
		if !uploaded[html.UnescapeString(m[1])] {
			t.Errorf("the content still points at an image Medium cannot fetch: %s", m[1])
		}
	}
	if strings.Contains(sent.Content, hostPort(t, wpURL)+"/wp-content/") {
		t.Errorf("the content still points at the site's uploads:\n%s", sent.Content)
	}

	// The WordPress side: one "Also published on Medium", kept at one.
	checkCrossLinked(t, post.ID, story.URL)
	r = pe.run(t, "link", fmt.Sprint(post.ID))
	if r.code != 0 {
		t.Fatalf("link: exit %d: %s", r.code, r.stderr)
	}
	after := checkCrossLinked(t, post.ID, story.URL)
	if after.Title.Raw != title {
		t.Errorf("the post's title changed to %q", after.Title.Raw)
	}

	m := pe.listedMediumOf(t, post.ID)
	if m == nil || m.State != "sent" || m.Status != "draft" || m.URL != story.URL || m.ID != story.ID || m.ChangedSince {
		t.Errorf("list --json: medium = %+v, want state sent, status draft, url %s, id %s, changed_since false", m, story.URL, story.ID)
	}

	// A second publish is refused: it would make a second story.
	r = pe.run(t, "publish", fmt.Sprint(post.ID), "--cross-link", "--status", "draft")
	if r.code != 3 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("a second publish: exit %d, want 3 and a word on --force; stderr: %s", r.code, r.stderr)
	}
	if n := len(pe.srv.Posts()); n != 1 {
		t.Errorf("the fake Medium has %d stories after the refused publish, want 1", n)
	}

	// An edit on WordPress after the send shows as changed. WordPress keeps
	// modified times in whole seconds, so the edit comes a second later.
	time.Sleep(1100 * time.Millisecond)
	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/posts/%d", post.ID), map[string]any{
		"content": after.Content.Raw + "\n\n<!-- wp:paragraph -->\n<p>Edited after it was sent.</p>\n<!-- /wp:paragraph -->",
	}, nil)
	if m := pe.listedMediumOf(t, post.ID); m == nil || m.State != "sent" || !m.ChangedSince {
		t.Errorf("list --json after an edit on WordPress: medium = %+v, want state sent, changed_since true", m)
	}
}

// TestPublishDryRunIsTheBody checks the --dry-run --json contract: the body
// printed is byte for byte the body a real publish then sends.
func TestPublishDryRunIsTheBody(t *testing.T) {
	pe := newPublishEnv(t)
	title := fmt.Sprintf("E2E dry run %d", os.Getpid())
	post := createOwnPost(t, title, "<!-- wp:paragraph -->\n<p>A plain post with a <a href=\"https://example.com/\">link</a> &amp; an ampersand.</p>\n<!-- /wp:paragraph -->\n\n"+
		"<!-- wp:list -->\n<ul><li>One</li><li>Two</li></ul>\n<!-- /wp:list -->", nil)
	args := []string{"publish", fmt.Sprint(post.ID), "--cross-link", "--status", "draft"}

	dry := pe.run(t, append(args, "--dry-run", "--json")...)
	if dry.code != 0 {
		t.Fatalf("--dry-run --json: exit %d: %s", dry.code, dry.stderr)
	}
	for _, req := range pe.srv.Requests() {
		if req.Method != "GET" {
			t.Errorf("the dry run sent %s %s to Medium", req.Method, req.Path)
		}
	}
	if len(pe.srv.Posts()) != 0 {
		t.Fatal("the dry run created a story")
	}
	if p := wpGetPost(t, post.ID); strings.Contains(p.Content.Raw, "wp2medium-crosslink") {
		t.Error("the dry run edited the WordPress post")
	}

	r := pe.run(t, args...)
	if r.code != 0 {
		t.Fatalf("publish: exit %d: %s", r.code, r.stderr)
	}
	creates := pe.srv.RequestsTo("POST", "/users/"+mediumtest.DefaultUserID+"/posts")
	if len(creates) != 1 {
		t.Fatalf("the fake Medium got %d create requests, want 1", len(creates))
	}
	got, want := creates[0].Body, bytes.TrimSuffix([]byte(dry.stdout), []byte("\n"))
	if !bytes.Equal(got, want) {
		t.Errorf("the body sent differs from the dry run's:\nsent: %s\ndry:  %s", got, want)
	}
}

// TestPublishTerminalApp publishes from the terminal app: the Medium column
// shows a post published with the CLI, then p on another post walks the
// form to the summary and publishes it.
func TestPublishTerminalApp(t *testing.T) {
	pe := newPublishEnv(t)
	id := os.Getpid()
	sentTitle := fmt.Sprintf("E2E sent from CLI %d", id)
	appTitle := fmt.Sprintf("E2E publish in app %d", id)
	content := "<!-- wp:paragraph -->\n<p>Published by the end-to-end tests.</p>\n<!-- /wp:paragraph -->"
	sentPost := createOwnPost(t, sentTitle, content, nil)
	appPost := createOwnPost(t, appTitle, content, nil)
	if r := pe.run(t, "publish", fmt.Sprint(sentPost.ID)); r.code != 0 {
		t.Fatalf("publish (defaults: draft, cross-link): exit %d: %s", r.code, r.stderr)
	}
	total := wpTotal(t, true)

	tt := startTermEnv(t, pe.env, "--config", pe.config)
	want := thousands(total) + " posts"
	tt.waitFor("the list with "+want, func(s string) bool { return strings.HasSuffix(strings.TrimSpace(header(s)), want) })

	filter := func(term, title string) string {
		tt.keys("/")
		tt.typeText(term)
		tt.keys("Enter")
		return tt.waitFor("the filter to show "+quote(title)+" and its preview", func(s string) bool {
			return strings.Contains(listPane(s), "1 of "+thousands(total)) && previewShows(s, title)
		})
	}
	s := filter("sent from cli", sentTitle)
	if row := listRow(s, sentTitle); !strings.Contains(row, "draft ✓") {
		t.Errorf("the Medium column of %q does not show draft ✓: %q", sentTitle, row)
	}
	tt.keys("Escape") // clear the filter
	tt.waitFor("the filter to be cleared", func(s string) bool { return !strings.Contains(listPane(s), "1 of ") })

	s = filter("publish in app", appTitle)
	if row := listRow(s, appTitle); !strings.Contains(row, "—") {
		t.Errorf("the Medium column of %q, never sent, is not —: %q", appTitle, row)
	}
	tt.keys("p")
	s = tt.waitFor("the publish form", func(s string) bool { return focused(s, "Medium status") })
	// Every field away from its default; each field's keys wait for the
	// focus to have moved (formField).
	s = tt.formField("Down", "Enter")                 // Public
	s = tt.formField("Down", "Down", "Down", "Enter") // CC 4.0 BY-ND
	s = tt.formField("Down", "Enter")                 // the publication where the user is an editor
	s = tt.formField("y")                             // notify followers
	s = tt.formField("n")                             // not the post's date
	tt.typeText("e2e, terminals")                     // the post has no tags of its own: typed ones
	s = tt.formField("Enter")
	s = tt.formField("n") // no cross-link, although the config's default is yes
	if !strings.Contains(s, "Exactly this will be sent") {
		t.Fatalf("the form did not end on the summary; screen:\n%s", s)
	}
	summary := paneText(s, 0, termWidth)
	for _, w := range []string{"Title " + appTitle, "Status Public", "License CC 4.0 BY-ND", "Tags e2e, terminals",
		"Publication Demo Engineering", "Notify followers yes", "Cross-link no", "Canonical link " + appPost.Link} {
		if !strings.Contains(summary, w) {
			t.Errorf("the summary lacks %q; screen:\n%s", w, s)
		}
	}
	tt.keys("Enter")
	tt.waitFor("the summary to say which key sends", func(s string) bool { return strings.Contains(s, "Press s to send") })
	if n := len(pe.srv.Posts()); n != 1 {
		t.Fatalf("the fake Medium has %d stories before s was pressed, want 1 (the CLI's)", n)
	}
	tt.keys("s")
	s = tt.waitFor("Published to Medium", func(s string) bool { return strings.Contains(s, "Published to Medium") })
	story := pe.created(t, appTitle)
	if !strings.Contains(strings.ReplaceAll(paneText(s, 0, termWidth), " ", ""), story.URL) {
		t.Errorf("the app does not show the story's URL %s; screen:\n%s", story.URL, s)
	}
	sent := story.Sent
	if sent.CanonicalURL != appPost.Link || sent.PublishStatus != medium.StatusPublic || sent.License != medium.LicenseCC40BYND ||
		!sent.NotifyFollowers || strings.Join(sent.Tags, ",") != "e2e,terminals" || sent.PublishedAt != "" ||
		strings.Contains(sent.Content, "Originally published at") {
		t.Errorf("Medium received %+v: not what was chosen in the form", sent)
	}
	if reqs := pe.srv.RequestsTo("POST", "/publications/"+mediumtest.EditorPublicationID+"/posts"); len(reqs) != 1 {
		t.Errorf("%d creates in the chosen publication, want 1", len(reqs))
	}
	tt.keys("Enter") // back to the list
	tt.waitFor("public ✓ on the row just published", func(s string) bool {
		return strings.Contains(listRow(s, appTitle), "public ✓")
	})
	tt.keys("q")
	tt.waitExit()

	if m := pe.listedMediumOf(t, appPost.ID); m == nil || m.State != "sent" || m.URL != story.URL {
		t.Errorf("list --json after the app: medium = %+v, want sent with %s", m, story.URL)
	}
}

// listRow is the list pane's row for the post titled title ("" if none).
func listRow(screen, title string) string {
	start := strings.TrimSpace(title[:min(len(title), 12)])
	for _, row := range rows(screen)[1:] {
		if cell := strings.TrimSpace(strings.Trim(ansi.Cut(row, 0, listCols), "│┃▌ ")); strings.Contains(cell, start) {
			return cell
		}
	}
	return ""
}
