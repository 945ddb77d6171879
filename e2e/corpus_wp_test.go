//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What the corpus test stores on the real WordPress, and how: posts in
// batches (/batch/v1 takes 25 requests at a time), the rest one by one.
// Everything is removed when the test ends; what an interrupted run leaves
// behind is removed by the next (the posts carry ownPostMarker, the other
// things are found by their names).

// wpTry is wpDo for other goroutines than the test's: it returns the error.
func wpTry(ctx context.Context, method, path string, body, out any) error {
	return wpSend(ctx, true, method, path, body, out)
}

// wpGetAnonymous is wpTry's GET without the credentials: what any reader
// of the site gets.
func wpGetAnonymous(ctx context.Context, path string, out any) error {
	return wpSend(ctx, false, http.MethodGet, path, nil, out)
}

func wpSend(ctx context.Context, auth bool, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, wpURL+path, rd)
	if err != nil {
		return err
	}
	if auth {
		req.SetBasicAuth(wpUser, wpAppPass)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := wpHTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %.500s", method, path, resp.Status, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: %w: %.300s", method, path, err, raw)
		}
	}
	return nil
}

// batchRequest is one request of a /batch/v1 call.
type batchRequest struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Body   any    `json:"body,omitempty"`
}

// wpBatch sends requests 25 at a time and returns each answer's body in
// order; any request that fails fails the test.
func wpBatch(t *testing.T, reqs []batchRequest) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for start := 0; start < len(reqs); start += 25 {
		chunk := reqs[start:min(start+25, len(reqs))]
		var answer struct {
			Responses []struct {
				Status int             `json:"status"`
				Body   json.RawMessage `json:"body"`
			} `json:"responses"`
		}
		wpDo(t, http.MethodPost, "/wp-json/batch/v1", map[string]any{"requests": chunk}, &answer)
		if len(answer.Responses) != len(chunk) {
			t.Fatalf("batch of %d requests: %d answers", len(chunk), len(answer.Responses))
		}
		for i, r := range answer.Responses {
			if r.Status/100 != 2 {
				t.Fatalf("batch: %s %s: status %d: %.500s", chunk[i].Method, chunk[i].Path, r.Status, r.Body)
			}
			out = append(out, r.Body)
		}
	}
	return out
}

// coreBlockTypes is the set of core blocks the site registers.
func coreBlockTypes(t *testing.T) map[string]bool {
	t.Helper()
	var types []struct {
		Name string `json:"name"`
	}
	wpDo(t, http.MethodGet, "/wp-json/wp/v2/block-types?namespace=core", nil, &types)
	set := map[string]bool{}
	for _, bt := range types {
		set[bt.Name] = true
	}
	if len(set) < 50 {
		t.Fatalf("the site registers %d core blocks: is this WordPress 5.9 or later?", len(set))
	}
	return set
}

// seededImages adds {{image.NAME}}, {{image.NAME.id}} and
// {{image.NAME.thumb}} for the images the seed uploads.
func seededImages(t *testing.T, ph corpusPlaceholders) map[string]int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(os.Getenv("WP_ENV_DIR"), "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Media map[string]int `json:"media"`
	}
	if err := json.Unmarshal(raw, &m); err != nil || len(m.Media) == 0 {
		t.Fatalf("seed.json lists no media (%v)", err)
	}
	for name, id := range m.Media {
		var media struct {
			SourceURL    string `json:"source_url"`
			MediaDetails struct {
				Sizes map[string]struct {
					SourceURL string `json:"source_url"`
				} `json:"sizes"`
			} `json:"media_details"`
		}
		wpDo(t, http.MethodGet, fmt.Sprintf("/wp-json/wp/v2/media/%d?_fields=source_url,media_details", id), nil, &media)
		ph["image."+name] = media.SourceURL
		ph["image."+name+".id"] = fmt.Sprint(id)
		ph["image."+name+".thumb"] = media.SourceURL
		if th, ok := media.MediaDetails.Sizes["thumbnail"]; ok {
			ph["image."+name+".thumb"] = th.SourceURL
		}
	}
	return m.Media
}

const (
	corpusReusableTitle = "wp2medium corpus reusable block"
	corpusTemplatePart  = "wp2medium-corpus"
)

// corpusResources stores what the fixtures' needs ask for and fills their
// placeholders; all of it is undone when the test ends.
func corpusResources(t *testing.T, ph corpusPlaceholders, needs map[string]bool) {
	t.Helper()
	if needs["reusable"] {
		var old []wpPost
		wpDo(t, http.MethodGet, "/wp-json/wp/v2/blocks?per_page=100&search="+strings.ReplaceAll(corpusReusableTitle, " ", "+"), nil, &old)
		for _, b := range old {
			wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/blocks/%d?force=true", b.ID), nil, nil)
		}
		var b wpPost
		wpDo(t, http.MethodPost, "/wp-json/wp/v2/blocks", map[string]any{
			"title": corpusReusableTitle, "status": "publish", "content": readResource(t, "_reusable.html"),
		}, &b)
		ph["reusable"] = fmt.Sprint(b.ID)
		t.Cleanup(func() { wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/blocks/%d?force=true", b.ID), nil, nil) })
	}
	if needs["template-part"] {
		var parts []struct {
			ID   string `json:"id"`
			Slug string `json:"slug"`
		}
		wpDo(t, http.MethodGet, "/wp-json/wp/v2/template-parts?per_page=100", nil, &parts)
		for _, p := range parts {
			if p.Slug == corpusTemplatePart {
				wpDo(t, http.MethodDelete, "/wp-json/wp/v2/template-parts/"+p.ID+"?force=true", nil, nil)
			}
		}
		var part struct {
			ID    string `json:"id"`
			Theme string `json:"theme"`
		}
		wpDo(t, http.MethodPost, "/wp-json/wp/v2/template-parts", map[string]any{
			"slug": corpusTemplatePart, "area": "uncategorized", "content": readResource(t, "_template-part.html"),
		}, &part)
		ph["template-part"], ph["theme"] = corpusTemplatePart, part.Theme
		t.Cleanup(func() { wpDo(t, http.MethodDelete, "/wp-json/wp/v2/template-parts/"+part.ID+"?force=true", nil, nil) })
	}
	if needs["site-logo"] {
		var settings struct {
			SiteLogo int `json:"site_logo"`
		}
		wpDo(t, http.MethodGet, "/wp-json/wp/v2/settings", nil, &settings)
		wpDo(t, http.MethodPost, "/wp-json/wp/v2/settings", map[string]any{"site_logo": ph["image.red.id"]}, nil)
		t.Cleanup(func() {
			wpDo(t, http.MethodPost, "/wp-json/wp/v2/settings", map[string]any{"site_logo": settings.SiteLogo}, nil)
		})
	}
	if needs["author-bio"] {
		var me struct {
			Description string `json:"description"`
		}
		wpDo(t, http.MethodGet, "/wp-json/wp/v2/users/me?context=edit&_fields=description", nil, &me)
		wpDo(t, http.MethodPost, "/wp-json/wp/v2/users/me", map[string]any{"description": corpusAuthorBio}, nil)
		t.Cleanup(func() {
			wpDo(t, http.MethodPost, "/wp-json/wp/v2/users/me", map[string]any{"description": me.Description}, nil)
		})
	}
}

// corpusAuthorBio is the biography core__post-author-biography shows.
const corpusAuthorBio = "Keeps bees and writes about harbours, mostly on Sundays."

func readResource(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// corpusPage adds a published page, removed when the test ends.
func corpusPage(t *testing.T, title string) {
	t.Helper()
	var old []wpPost
	wpDo(t, http.MethodGet, "/wp-json/wp/v2/pages?context=edit&per_page=100&status=publish,draft&search="+strings.ReplaceAll(title, " ", "+"), nil, &old)
	for _, p := range old { // left by an interrupted run
		if p.Excerpt.Raw == ownPostMarker && p.Title.Raw == title {
			wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/pages/%d?force=true", p.ID), nil, nil)
		}
	}
	var p wpPost
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/pages", map[string]any{
		"title": title, "status": "publish", "excerpt": ownPostMarker,
		"content": "<!-- wp:paragraph -->\n<p>A page the corpus test adds for the Page List block.</p>\n<!-- /wp:paragraph -->",
	}, &p)
	t.Cleanup(func() { wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/pages/%d?force=true", p.ID), nil, nil) })
}
