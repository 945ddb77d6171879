//go:build e2e

package e2e

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

// Listings are a few seconds each with thousands of posts: take each once.
var listCache = map[bool][]listedPost{}

// siteListing is `list --json` on the real site, with the application
// password (authenticated) or without.
func siteListing(t *testing.T, authenticated bool) []listedPost {
	t.Helper()
	if posts, ok := listCache[authenticated]; ok {
		return posts
	}
	cfg := writeConfig(t, wpURL, "", "")
	if authenticated {
		cfg = writeConfig(t, wpURL, wpUser, wpAppPass)
	}
	posts := listJSON(t, cfg)
	listCache[authenticated] = posts
	return posts
}

var (
	// A sequence is removed whole, its C1 form (U+009B CSI, U+009D OSC, U+009C ST) too.
	oscRE = regexp.MustCompile("(\x1b\\]|\u009d)[^\x07\x1b\u009c]*(\x07|\x1b\\\\|\u009c)")
	csiRE = regexp.MustCompile("(\x1b\\[|\u009b)[0-?]*[ -/]*[@-~]")
	escRE = regexp.MustCompile("\x1b[@-Z\\\\-_]")
	tagRE = regexp.MustCompile(`<[^>]*>`)
)

// wantTitle is what `list` must print for a seeded post: the title WordPress
// renders, tags stripped, entities decoded, escape sequences and control
// characters gone (tab and line breaks become a space), white space collapsed,
// "(no title)" for an empty one.
func wantTitle(p seedPost) string {
	s := html.UnescapeString(tagRE.ReplaceAllString(p.TitleRendered, ""))
	s = oscRE.ReplaceAllString(s, "")
	s = csiRE.ReplaceAllString(s, "")
	s = escRE.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(no title)"
	}
	return s
}

// hasControl reports an escape or control character (C0, DEL, C1) in s.
func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// wpDate turns seed.json's GMT date ("2024-03-02T10:00:00") into the RFC 3339
// form list prints.
func wpDate(t *testing.T, s string) string {
	t.Helper()
	d, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		t.Fatalf("seed.json date %q: %v", s, err)
	}
	return d.UTC().Format(time.RFC3339)
}

var scaleTitleRE = regexp.MustCompile(`^Scale post [0-9]+$`)

// checkListing compares a listing with the manifest: every post that these
// credentials may see is there and right, no other seeded post is, and any
// other post is one of the plain scale posts.
func checkListing(t *testing.T, posts []listedPost, authenticated bool) {
	byID := map[int]listedPost{}
	for _, p := range posts {
		if _, dup := byID[p.ID]; dup {
			t.Errorf("post %d listed twice", p.ID)
		}
		byID[p.ID] = p
		if hasControl(p.Title) {
			t.Errorf("post %d: title %q has a control character or escape sequence", p.ID, p.Title)
		}
		for _, name := range append(slices.Clip(p.Tags), p.Categories...) {
			if hasControl(name) {
				t.Errorf("post %d: term %q has a control character or escape sequence", p.ID, name)
			}
		}
		for _, d := range []string{p.DateGMT, p.ModifiedGMT} {
			if _, err := time.Parse(time.RFC3339, d); err != nil || !strings.HasSuffix(d, "Z") {
				t.Errorf("post %d: date %q is not RFC 3339 in UTC", p.ID, d)
			}
		}
		if string(p.Medium) != "null" {
			t.Errorf("post %d: medium = %s, want null (nothing was cross-posted)", p.ID, p.Medium)
		}
	}
	seeded := map[int]bool{}
	for _, sp := range seed.Posts {
		seeded[sp.ID] = true
		got, listed := byID[sp.ID]
		visible := authenticated || sp.VisibleAnonymously
		if !visible {
			if listed {
				t.Errorf("%s (id %d, %s) is listed without credentials: %+v", sp.Key, sp.ID, sp.Status, got)
			}
			continue
		}
		if !listed {
			t.Errorf("%s (id %d, %s) is missing", sp.Key, sp.ID, sp.Status)
			continue
		}
		if !authenticated && got.Status != "publish" {
			t.Errorf("%s: status %q without credentials", sp.Key, got.Status)
		}
		if got.Status != sp.Status {
			t.Errorf("%s: status %q, want %q", sp.Key, got.Status, sp.Status)
		}
		// The private post's title has no "Private: " prefix, although
		// WordPress's title.rendered carries one.
		if want := wantTitle(sp); got.Title != want {
			t.Errorf("%s: title %q, want %q", sp.Key, got.Title, want)
		}
		if d := wpDate(t, sp.DateGMT); got.DateGMT != d {
			t.Errorf("%s: date_gmt %q, want %q", sp.Key, got.DateGMT, d)
		}
		if got.Link != sp.Link {
			t.Errorf("%s: link %q, want %q", sp.Key, got.Link, sp.Link)
		}
	}
	for _, p := range posts {
		if seeded[p.ID] {
			continue
		}
		if !scaleTitleRE.MatchString(p.Title) || p.Status != "publish" || !strings.Contains(p.Link, "/wp2medium-scale-") {
			t.Errorf("post %d is neither seeded nor a scale post: %+v", p.ID, p)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }

func TestListWithApplicationPassword(t *testing.T) {
	posts := siteListing(t, true)
	checkListing(t, posts, true)
	// The manifest holds every status: make sure it did not shrink unnoticed.
	statuses := map[string]bool{}
	for _, p := range posts {
		statuses[p.Status] = true
	}
	for _, s := range []string{"publish", "future", "draft", "pending", "private"} {
		if !statuses[s] {
			t.Errorf("no %s post listed with the application password", s)
		}
	}
}

func TestListAnonymous(t *testing.T) {
	checkListing(t, siteListing(t, false), false)
}

func TestListStatusFilter(t *testing.T) {
	posts := listJSON(t, writeConfig(t, wpURL, wpUser, wpAppPass), "--status", "draft,pending")
	var got, want []int
	for _, p := range posts {
		got = append(got, p.ID)
	}
	for _, sp := range seed.Posts {
		if sp.Status == "draft" || sp.Status == "pending" {
			want = append(want, sp.ID)
		}
	}
	if len(want) == 0 || !sameSet(got, want) {
		t.Fatalf("--status draft,pending listed ids %v, want %v", got, want)
	}

	r := runBin(t, "--config", writeConfig(t, wpURL, "", ""), "list", "--status", "draft")
	if r.code != 2 || !strings.Contains(r.stderr, "application password") {
		t.Errorf("--status draft without credentials: exit %d, want 2 and a word on the application password; stderr: %s", r.code, r.stderr)
	}
}

func sameSet(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[int]int{}
	for _, v := range a {
		in[v]++
	}
	for _, v := range b {
		in[v]--
	}
	for _, n := range in {
		if n != 0 {
			return false
		}
	}
	return true
}
