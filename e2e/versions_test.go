//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// What differs between the WordPress versions the suite runs on (Debian's
// 6.1 and 6.5, scripts/test.sh). Everything else the suite checks is the
// same on both; what a test here checks exists only from some version on.

// wpAtLeast reports whether the site's WordPress (seed.json's wp_version:
// "6.1.9", "6.5.5", "6.6-RC3") is major.minor or newer.
func wpAtLeast(t *testing.T, major, minor int) bool {
	t.Helper()
	num, _, _ := strings.Cut(seed.WPVersion, "-")
	parts := strings.Split(num, ".")
	if len(parts) < 2 {
		t.Fatalf("seed.json: wp_version %q is not a WordPress version", seed.WPVersion)
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		t.Fatalf("seed.json: wp_version %q is not a WordPress version", seed.WPVersion)
	}
	return ma > major || ma == major && mi >= minor
}

// The Footnotes block (WordPress 6.3) renders the notes the editor keeps in
// the post's footnotes meta as a list after the content, each with a back
// link "↩︎" to its reference. The story shows each reference as [n] and each
// note as a "[n] note" paragraph, with its markup and without the back link.
// WordPress 6.1 renders no list at all (the seed's blocks post has the
// block and the meta all the same).
func TestFootnotesBlock(t *testing.T) {
	if !wpAtLeast(t, 6, 3) {
		t.Skipf("WordPress %s has no Footnotes block (6.3 and later)", seed.WPVersion)
	}
	pe := newPublishEnv(t)
	r := pe.run(t, "publish", fmt.Sprint(seed.byKey("blocks").ID), "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("publish --dry-run --json: exit %d: %s", r.code, r.stderr)
	}
	var body struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &body); err != nil {
		t.Fatalf("publish --dry-run --json: %v\n%.500s", err, r.stdout)
	}
	for _, want := range []string{"a footnote[1].</p>", "<p>[1] The footnote text, with <em>markup</em>.</p>"} {
		if !strings.Contains(body.Content, want) {
			t.Errorf("the story lacks %q:\n%s", want, body.Content)
		}
	}
	for _, unwanted := range []string{"↩", "#4c5f2a1e-0b7d-4e53-9a57-2f0b2e1c0001"} {
		if strings.Contains(body.Content, unwanted) {
			t.Errorf("the story holds %q (a back link or an in-page anchor):\n%s", unwanted, body.Content)
		}
	}
}
