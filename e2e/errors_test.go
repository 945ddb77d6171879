//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// checkFailure asserts a failed run: exit 1, nothing on stdout, one
// "wp2medium: " message holding every want, and no password anywhere.
func checkFailure(t *testing.T, r result, secrets []string, want ...string) {
	t.Helper()
	if r.code != 1 {
		t.Errorf("exit %d, want 1; stderr: %s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout should be empty on failure, got: %.300s", r.stdout)
	}
	if !strings.HasPrefix(r.stderr, "wp2medium: ") {
		t.Errorf("stderr does not start with \"wp2medium: \": %s", r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q: %s", w, r.stderr)
		}
	}
	for _, s := range append(secrets, wpAppPass) {
		if s != "" && strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("a password was printed: %s", r.stderr)
		}
	}
	if hasControl(strings.ReplaceAll(r.stderr, "\n", "")) {
		t.Errorf("stderr has control characters: %q", r.stderr)
	}
}

func TestWrongApplicationPassword(t *testing.T) {
	const wrong = "abcd EFGH ijkl MNOP qrst UVWX"
	for _, args := range [][]string{{"list"}, {"list", "--json"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runBin(t, append([]string{"--config", writeConfig(t, wpURL, wpUser, wrong)}, args...)...)
			checkFailure(t, r, []string{wrong, strings.ReplaceAll(wrong, " ", "")})
			if !strings.Contains(r.stderr, "application password") {
				t.Errorf("the message does not mention the application password: %s", r.stderr)
			}
		})
	}
}

func TestUnknownUser(t *testing.T) {
	const pass = "abcd efgh ijkl mnop qrst uvwx"
	r := runBin(t, "--config", writeConfig(t, wpURL, "nobody-e2e", pass), "list")
	checkFailure(t, r, []string{pass})
	// Same cause as a wrong password: WordPress answers anonymously.
	if !strings.Contains(r.stderr, "application password") {
		t.Errorf("the message does not mention the application password: %s", r.stderr)
	}
}

// A URL inside the site: WordPress's 404 page still carries the Link header
// to its REST root, so the app finds the site from it.
func TestURLInsideTheSiteFindsIt(t *testing.T) {
	want := siteListing(t, false)
	got := listJSON(t, writeConfig(t, wpURL+"/nope/", "", ""))
	if len(got) != len(want) || len(got) == 0 || got[0].ID != want[0].ID || got[len(got)-1].ID != want[len(want)-1].ID {
		t.Fatalf("%s/nope/ listed %d posts, %s listed %d", wpURL, len(got), wpURL, len(want))
	}
}

func TestWrongURL(t *testing.T) {
	// Served by the same server, outside WordPress: a plain 404 without the Link header.
	url := wpURL + "/wp-content/"
	r := runBin(t, "--config", writeConfig(t, url, wpUser, wpAppPass), "list")
	checkFailure(t, r, nil, "no WordPress REST API found", hostPort(t, wpURL), "check the URL")
}

func TestSiteStopped(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	r := runBin(t, "--config", writeConfig(t, "http://"+addr, wpUser, wpAppPass), "list", "--json")
	checkFailure(t, r, nil, "cannot reach "+addr, "is the site up")
}

func TestNotWordPress(t *testing.T) {
	// A web server that answers every path with a page, as a static site or a
	// parked domain does.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><head><title>Welcome to nginx!</title></head><body><h1>It works</h1></body></html>")
	}))
	defer srv.Close()
	r := runBin(t, "--config", writeConfig(t, srv.URL, wpUser, wpAppPass), "list")
	checkFailure(t, r, nil, hostPort(t, srv.URL))
	if !strings.Contains(r.stderr, "no WordPress REST API found") && !strings.Contains(r.stderr, "web page instead of WordPress data") {
		t.Errorf("the message does not say the site is not WordPress: %s", r.stderr)
	}
}

func hostPort(t *testing.T, url string) string {
	t.Helper()
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		t.Fatalf("not a URL: %s", url)
	}
	host, _, _ := strings.Cut(rest, "/")
	return host
}
