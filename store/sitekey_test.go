package store

import "testing"

func TestSiteKey(t *testing.T) {
	same := map[string][]string{
		"blog.example.com": {
			"https://blog.example.com", "http://blog.example.com/", "HTTPS://Blog.Example.COM",
			"blog.example.com", "https://www.blog.example.com:443/", "http://blog.example.com:80/index.php",
			"https://blog.example.com/wp-json/", "https://blog.example.com/index.php/",
		},
		"localhost:8080": {
			"http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:8080", "https://127.0.0.1:8080/index.php",
			"127.0.0.1:8080", "http://127.1.2.3:8080", "http://app.localhost:8080",
		},
		"example.com/blog": {"https://example.com/blog/", "http://example.com/blog/wp-json", "example.com/blog/index.php"},
	}
	for want, addresses := range same {
		for _, a := range addresses {
			if got := SiteKey(a); got != want {
				t.Errorf("SiteKey(%q) = %q, want %q", a, got, want)
			}
		}
	}
	different := [][2]string{
		{"https://blog.example.com", "https://blog.example.org"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8081"},
		{"https://example.com/blog", "https://example.com/news"},
		{"https://example.com", "https://example.com/blog"},
		{"https://[2001:db8::1]:8080", "https://[2001:db8::2]:8080"},
	}
	for _, d := range different {
		if SiteKey(d[0]) == SiteKey(d[1]) {
			t.Errorf("SiteKey(%q) == SiteKey(%q) = %q: two sites made one", d[0], d[1], SiteKey(d[0]))
		}
	}
	if SiteKey("  ") != "" {
		t.Error("an empty address has a key")
	}
}

func TestPostURLKey(t *testing.T) {
	same := [][2]string{
		{"http://127.0.0.1:8080/?p=12", "https://localhost:8080/?p=12"},
		{"http://blog.example.com/?p=12&#038;x=1", "https://www.blog.example.com/?p=12&x=1"},
		{"https://blog.example.com/2024/03/a-post/", "http://blog.example.com/2024/03/a-post"},
	}
	for _, c := range same {
		if a, b := postURLKey(c[0]), postURLKey(c[1]); a == "" || a != b {
			t.Errorf("postURLKey(%q) = %q, postURLKey(%q) = %q: want equal", c[0], a, c[1], b)
		}
	}
	if postURLKey("http://blog.example.com/?p=12") == postURLKey("http://blog.example.com/?p=13") {
		t.Error("two guids made one")
	}
	if postURLKey("") != "" || postURLKey("not a url") != "" {
		t.Error("no address has a key")
	}
}
