package wordpress

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

func TestNewClientNormalisesSiteURL(t *testing.T) {
	cases := []struct {
		in, want, restHint string
	}{
		{"blog.example.com", "https://blog.example.com", ""},
		{"  https://Blog.Example.com/  ", "https://blog.example.com", ""},
		{"https://example.com/blog/", "https://example.com/blog", ""},
		{"http://example.com", "http://example.com", ""},
		{"localhost:8080", "http://localhost:8080", ""},
		{"127.0.0.1:8080/wp", "http://127.0.0.1:8080/wp", ""},
		{"mysite.local", "http://mysite.local", ""},
		{"wordpress.test", "http://wordpress.test", ""},
		{"192.168.1.20", "http://192.168.1.20", ""},
		{"https://example.com/wp-json", "https://example.com", "https://example.com/wp-json/"},
		{"example.com/blog/wp-json/", "https://example.com/blog", "https://example.com/blog/wp-json/"},
	}
	for _, c := range cases {
		cl, err := NewClient(c.in)
		if err != nil {
			t.Errorf("NewClient(%q): %v", c.in, err)
			continue
		}
		if cl.SiteURL() != c.want || cl.restHint != c.restHint {
			t.Errorf("NewClient(%q): SiteURL %q restHint %q, want %q %q", c.in, cl.SiteURL(), cl.restHint, c.want, c.restHint)
		}
	}
}

func TestNewClientRejectsNonSiteURLs(t *testing.T) {
	for _, in := range []string{"", "   ", "ftp://example.com", "https://", "https://user:pw@example.com",
		"https://example.com/?p=1", "https://example.com/#top", "http://exa mple.com"} {
		_, err := NewClient(in)
		e := wpErr(t, err, KindInvalidURL)
		if strings.Contains(e.Error(), "pw@") {
			t.Errorf("error repeats the password in the URL: %v", e)
		}
	}
}

func TestAuthenticated(t *testing.T) {
	anon, _ := NewClient("example.com")
	authed, _ := NewClient("example.com", WithCredentials("me", "abcd efgh"))
	if anon.Authenticated() || !authed.Authenticated() {
		t.Fatalf("Authenticated: anon %v, authed %v", anon.Authenticated(), authed.Authenticated())
	}
}

func TestDiscoveryFromLinkHeader(t *testing.T) {
	s := newFake(t, wptest.WithSite("Tom &amp; Jerry&#8217;s \x1b[31mblog", "Cats <em>and</em> mice"))
	c, _ := newTestClient(t, s.URL)
	site, err := c.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Site{Name: "Tom & Jerry’s blog", Description: "Cats and mice", URL: s.URL, AdminURL: s.URL + "/wp-admin/", APIRoot: s.URL + "/wp-json/"}
	if site != want {
		t.Fatalf("Site = %+v, want %+v", site, want)
	}
	if _, err := c.Site(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.Count("home") != 1 || s.Count("/") != 1 {
		t.Errorf("discovery not cached: home %d, index %d requests", s.Count("home"), s.Count("/"))
	}
}

func TestDiscoveryIsSharedByConcurrentCallers(t *testing.T) {
	s := newFake(t)
	c, _ := newTestClient(t, s.URL)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Site(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := s.Count("home"); n != 1 {
		t.Errorf("home requested %d times, want 1", n)
	}
}

func TestDiscoveryFallsBackToWPJSON(t *testing.T) {
	s := newFake(t)
	s.Fail("home", wptest.HTMLPage(http.StatusOK, "Home")) // a cache that drops the Link header
	c, _ := newTestClient(t, s.URL)
	site, err := c.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if site.APIRoot != s.URL+"/wp-json/" {
		t.Errorf("APIRoot = %q", site.APIRoot)
	}
}

func TestDiscoveryFallsBackToRestRoute(t *testing.T) {
	s := newFake(t, wptest.WithPrettyPermalinks(false))
	s.Fail("home", wptest.HTMLPage(http.StatusOK, "Home"))
	s.SetPosts(wptest.GeneratePosts(3, base))
	c, _ := newTestClient(t, s.URL)
	site, err := c.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if site.APIRoot != s.URL+"/?rest_route=/" {
		t.Fatalf("APIRoot = %q", site.APIRoot)
	}
	posts, err := c.ListAllPosts(context.Background(), ListOptions{})
	if err != nil || len(posts) != 3 {
		t.Fatalf("ListAllPosts: %d posts, %v", len(posts), err)
	}
	for _, r := range s.Requests() {
		if r.Route == "/wp/v2/posts" && !r.RESTRouteForm {
			t.Errorf("posts requested without ?rest_route=: %+v", r)
		}
	}
}

func TestDiscoveryFollowsRestRouteLink(t *testing.T) {
	s := newFake(t, wptest.WithPrettyPermalinks(false))
	s.SetPosts(wptest.GeneratePosts(2, base))
	c, _ := newTestClient(t, s.URL)
	if _, err := c.Post(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	site, _ := c.Site(context.Background())
	if site.APIRoot != s.URL+"/?rest_route=/" {
		t.Errorf("APIRoot = %q", site.APIRoot)
	}
	for _, r := range s.Requests() {
		if r.Route == "/" && !r.RESTRouteForm {
			t.Errorf("tried /wp-json/ although the Link header said ?rest_route=")
		}
	}
}

func TestDiscoveryFromURLEndingWPJSON(t *testing.T) {
	s := newFake(t)
	for _, suffix := range []string{"/wp-json", "/wp-json/"} {
		c, _ := newTestClient(t, s.URL+suffix)
		site, err := c.Site(context.Background())
		if err != nil || site.APIRoot != s.URL+"/wp-json/" {
			t.Errorf("%s: APIRoot %q, %v", suffix, site.APIRoot, err)
		}
	}
	if n := s.Count("home"); n != 0 {
		t.Errorf("home page requested %d times; the URL named the REST root", n)
	}
}

func TestDiscoveryFromBareHost(t *testing.T) {
	s := newFake(t)
	c, _ := newTestClient(t, strings.TrimPrefix(s.URL, "http://"))
	if _, err := c.Site(context.Background()); err != nil {
		t.Fatalf("bare loopback host should get http: %v", err)
	}
}

func TestFailedDiscoveryIsRetriedNextTime(t *testing.T) {
	s := newFake(t)
	s.Fail("/", wptest.WPError(http.StatusInternalServerError, "internal_server_error", "There has been a critical error on this website."))
	c, _ := newTestClient(t, s.URL)
	_, err := c.Site(context.Background())
	wpErr(t, err, KindServer)
	s.ClearFailures()
	if _, err := c.Site(context.Background()); err != nil {
		t.Fatalf("second Site after the site recovered: %v", err)
	}
}

func TestLinkHeaderParsing(t *testing.T) {
	v := `<https://x.example/wp-json/wp/v2/pages/2>; rel="alternate"; type="application/json", <https://x.example/wp-json/>; rel="https://api.w.org/", <https://x.example/?p=2>; rel=shortlink`
	links := parseLinks(v)
	if len(links) != 3 || links[1].target != "https://x.example/wp-json/" || links[1].rel != apiRel || links[2].rel != "shortlink" {
		t.Fatalf("parseLinks = %+v", links)
	}
}

// dialTo makes every connection go to addr, to give the client a public
// host name while talking to the loopback fake.
func dialTo(addr string) *http.Client {
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	return &http.Client{Transport: tr}
}

func TestNoCredentialsOverPlainHTTPToPublicHost(t *testing.T) {
	s := newFake(t, wptest.WithCredentials(testUser, testPass))
	hc := dialTo(strings.TrimPrefix(s.URL, "http://"))
	c, _ := newTestClient(t, "http://blog.example.com/wp-json", WithCredentials(testUser, testPass), WithHTTPClient(hc))
	_, err := c.Site(context.Background())
	wpErr(t, err, KindAppPasswordsUnavailable)
	for _, r := range s.Requests() {
		if r.HasAuth {
			t.Fatalf("credentials were sent over plain http: %+v", r)
		}
	}
}

// WordPress advertises its REST root from its own home setting, which may
// be another origin than the one configured (plain http behind an https
// proxy, another host name). The credentials go only to the configured one.
func TestDiscoveryKeepsTheConfiguredOrigin(t *testing.T) {
	var elsewhere atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		http.NotFound(w, r)
	}))
	defer other.Close()
	s := newFake(t, wptest.WithCredentials("me", "abcd efgh"))
	backend, _ := url.Parse(s.URL)
	proxy := httputil.NewSingleHostReverseProxy(backend)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Add("Link", "<"+other.URL+`/wp-json/>; rel="https://api.w.org/"`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()
	c, _ := newTestClient(t, front.URL, WithCredentials("me", "abcd efgh"))
	site, err := c.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(site.APIRoot, front.URL+"/") {
		t.Fatalf("API root %q, want it on the configured origin %s", site.APIRoot, front.URL)
	}
	if _, err := c.ListAllPosts(context.Background(), ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("%d requests (with the application password) went to the origin WordPress advertised, not the one configured", n)
	}
}
