package store

import (
	"errors"
	"strings"
	"testing"
)

func TestParseMediumURL(t *testing.T) {
	good := []struct{ in, canonical, id string }{
		{"https://medium.com/@me/my-post-1a2b3c4d5e6f", "https://medium.com/@me/my-post-1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"  https://Medium.com/@me/my-post-1a2b3c4d5e6f/?source=rss----1#frag ", "https://medium.com/@me/my-post-1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"https://me.medium.com/my-post-1a2b3c4d5e6f", "https://me.medium.com/my-post-1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"https://medium.com/a-publication/my-post-1a2b3c4d5e6f", "https://medium.com/a-publication/my-post-1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"https://medium.com/p/1a2b3c4d5e6f", "https://medium.com/p/1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"https://medium.com/@me/1a2b3c4d5e6f", "https://medium.com/@me/1a2b3c4d5e6f", "1a2b3c4d5e6f"},
		{"https://medium.com/@me/old-story-1a2b3c4d", "https://medium.com/@me/old-story-1a2b3c4d", "1a2b3c4d"},
		{"https://blog.custom.example/my-post-1a2b3c4d5e6f", "https://blog.custom.example/my-post-1a2b3c4d5e6f", "1a2b3c4d5e6f"},
	}
	for _, c := range good {
		got, id, err := ParseMediumURL(c.in)
		if err != nil || got != c.canonical || id != c.id {
			t.Errorf("ParseMediumURL(%q) = %q, %q, %v; want %q, %q", c.in, got, id, err, c.canonical, c.id)
		}
		if err := ValidateMediumURL(c.in); err != nil {
			t.Errorf("ValidateMediumURL(%q) = %v", c.in, err)
		}
	}

	bad := map[string]string{
		"":                                    "empty",
		"medium.com/@me/my-post-1a2b3c4d5e6f": "https://",
		"http://medium.com/@me/my-post-1a2b3c4d5e6f":       "https",
		"ftp://medium.com/@me/my-post-1a2b3c4d5e6f":        "https://",
		"https://user:pw@medium.com/@me/post-1a2b3c4d5e6f": "password",
		"https:///my-post-1a2b3c4d5e6f":                    "host",
		"https://medium.com/@me":                           "story id",
		"https://medium.com/":                              "no story",
		"https://medium.com/p/import":                      "story id",
		"https://medium.com/@me/my-post-1A2B3C4D5E6F":      "story id", // Medium ids are lower case
		"https://medium.com/@me/my-post-1a2b3c4":           "story id", // too short
		"https://medium.com/@me/my-post-1a2b3c4d5e6f7a":    "story id", // too long
		"https://medium.com/@me/my-post-1a2b3c4d5e6g":      "story id", // not hex
		"https://blog.example.com/2024/05/hello-world/":    "not on medium.com",
		"https://blog.example.com/1a2b3c4d5e6f":            "not on medium.com", // bare id only on medium.com
		"https://medium.com/@me/post-1a2b3c4d5e6f\x1b[2J":  "not a valid URL",
		"not a url at all":                                 "https://",
	}
	for in, reason := range bad {
		_, _, err := ParseMediumURL(in)
		var ue *MediumURLError
		if !errors.Is(err, ErrInvalidMediumURL) || !errors.As(err, &ue) {
			t.Errorf("ParseMediumURL(%q) = %v, want a *MediumURLError", in, err)
			continue
		}
		if !strings.Contains(err.Error(), reason) {
			t.Errorf("ParseMediumURL(%q): message %q lacks %q", in, err, reason)
		}
		if strings.ContainsRune(err.Error(), '\x1b') {
			t.Errorf("message carries an escape sequence: %q", err)
		}
		if ValidateMediumURL(in) == nil {
			t.Errorf("ValidateMediumURL(%q) accepted it", in)
		}
	}
}
