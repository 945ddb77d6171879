//go:build e2e

package e2e

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wp2medium/wp2medium/medium/mediumtest"
)

// TestOnePostHoweverTheSiteIsWritten publishes a post through the site's
// own address, then tries again through other spellings of the same site:
// localhost for 127.0.0.1, the front controller /index.php, and an https
// reverse proxy in front of it. The ledger (one XDG_DATA_HOME for all) knows
// the post under each: every publish is refused as already on Medium (exit
// 3) and sends nothing, and --force makes a second story.
func TestOnePostHoweverTheSiteIsWritten(t *testing.T) {
	pe := newPublishEnv(t)
	post := createOwnPost(t, fmt.Sprintf("E2E one post, many site spellings %d", os.Getpid()),
		"<!-- wp:paragraph -->\n<p>Published once, whatever the site's address.</p>\n<!-- /wp:paragraph -->", nil)
	id := fmt.Sprint(post.ID)
	r := pe.run(t, "publish", id)
	if r.code != 0 {
		t.Fatalf("publish through %s: exit %d: %s", wpURL, r.code, r.stderr)
	}
	latest := strings.TrimSpace(r.stdout) // the post's newest story

	proxy := newHTTPSProxy(t, wpURL)
	local, err := url.Parse(wpURL)
	if err != nil {
		t.Fatal(err)
	}
	local.Host = strings.Replace(local.Host, local.Hostname(), "localhost", 1)
	spellings := []struct {
		name, url string
		env       []string
	}{
		{"localhost", local.String(), nil},
		{"index.php", wpURL + "/index.php", nil},
		{"https proxy", proxy.url, []string{"SSL_CERT_FILE=" + proxy.certFile}},
	}
	for _, sp := range spellings {
		t.Run(sp.name, func(t *testing.T) {
			cfg := pe.configFor(t, sp.url)
			env := append(append([]string{}, pe.env...), sp.env...)
			run := func(args ...string) result {
				t.Helper()
				return runBinEnv(t, env, append([]string{"--config", cfg}, args...)...)
			}
			// The spelling reaches this WordPress, and its listing knows the
			// post's story.
			r := run("list", "--json")
			if r.code != 0 {
				t.Fatalf("list --json through %s: exit %d: %s", sp.url, r.code, r.stderr)
			}
			found := false
			for _, p := range decodeListing(t, r.stdout) {
				if p.ID == post.ID {
					found = true
					if !strings.Contains(string(p.Medium), latest) {
						t.Errorf("list --json through %s: medium = %s, want the story %s", sp.url, p.Medium, latest)
					}
				}
			}
			if !found {
				t.Fatalf("list --json through %s does not list post %d: not the same WordPress?", sp.url, post.ID)
			}

			stories := len(pe.srv.Posts())
			creates := len(pe.srv.RequestsTo("POST", "/users/"+mediumtest.DefaultUserID+"/posts"))
			r = run("publish", id)
			if r.code != 3 || !strings.Contains(r.stderr, "already on Medium") || !strings.Contains(r.stderr, "--force") {
				t.Errorf("publish through %s: exit %d, want 3, and a message saying the post is already on Medium and how to --force\nstderr: %s",
					sp.url, r.code, r.stderr)
			}
			if n := len(pe.srv.RequestsTo("POST", "/users/"+mediumtest.DefaultUserID+"/posts")); n != creates {
				t.Fatalf("the refused publish through %s sent %d create(s) to Medium", sp.url, n-creates)
			}

			r = run("publish", id, "--force")
			if r.code != 0 {
				t.Fatalf("publish --force through %s: exit %d: %s", sp.url, r.code, r.stderr)
			}
			all := pe.srv.Posts()
			if len(all) != stories+1 || strings.TrimSpace(r.stdout) != all[len(all)-1].URL {
				t.Fatalf("publish --force through %s: %d new stories, printed %q; want one, and its URL", sp.url, len(all)-stories, r.stdout)
			}
			latest = all[len(all)-1].URL
		})
	}
	// The proxy keeps the backend's Host, so WordPress behind it advertises
	// its REST root at its own plain-http address (the home page's Link
	// header). The client keeps to the configured origin all the same: every
	// REST call, with the application password, goes through the proxy.
	if proxy.rest.Load() == 0 {
		t.Errorf("no REST request went through the https proxy (%d requests in all): the application password went around it, over plain http", proxy.requests.Load())
	}
}

// httpsProxy is an https reverse proxy in front of a site, on 127.0.0.1.
type httpsProxy struct {
	url      string
	certFile string // its certificate, PEM: SSL_CERT_FILE for the binary
	requests *atomic.Int64
	rest     *atomic.Int64 // requests to the REST API
}

// newHTTPSProxy starts a TLS reverse proxy to target. The requests it
// forwards carry the target's Host, as a proxy in front of a site
// configured for its own address does: WordPress answers as itself.
func newHTTPSProxy(t *testing.T, target string) httpsProxy {
	t.Helper()
	to, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(to) }}
	p := httpsProxy{requests: new(atomic.Int64), rest: new(atomic.Int64)}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.requests.Add(1)
		if strings.HasPrefix(r.URL.Path, "/wp-json/") || r.URL.Query().Has("rest_route") {
			p.rest.Add(1)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	p.certFile = filepath.Join(t.TempDir(), "proxy.pem")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(p.certFile, cert, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
