package medium

import "net/url"

// ImporterFor is Medium's importer with the post's public URL filled in:
// Medium fetches that page itself, so it must be reachable from the
// internet.
func ImporterFor(permalink string) string {
	if permalink == "" {
		return ImportURL
	}
	return ImportURL + "?url=" + url.QueryEscape(permalink)
}
