package wordpress

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A site URL that cannot be used is echoed without what was typed before
// the host, and the error still says what is wrong.
func TestSiteURLErrorsNeverShowUserinfo(t *testing.T) {
	cases := []struct {
		in      string
		secrets []string
		want    []string
	}{
		{"https://alice:s3cret@blog.example.com/%zz", []string{"s3cret", "alice"},
			[]string{"“https://blog.example.com/%zz”", `"%zz" is not a valid %-escape`}},
		{"https://alice:s3cret@[::1", []string{"s3cret", "alice"}, []string{"“https://[::1”", "missing ']' in host"}},
		{"https://alice:s3/cret@blog.example.com/%zz", []string{"s3/cret", "cret", "alice"}, []string{"blog.example.com", "username and password", "not in the URL"}},
		{"https://alice:s3cr?et@blog.example.com/", []string{"s3cr", "alice"}, []string{"“https://blog.example.com/”", "not in the URL"}},
		{"https://blog.example.com:80a/", nil, []string{"“https://blog.example.com:80a/”", "port after the host name is not a number"}},
		{"https://alice:p%zzw@blog.example.com/", []string{"p%zzw", "%zz", "alice"}, []string{"invalid %-escape"}},
		{"https://alice:s3cret@blog.example.com/", []string{"s3cret", "alice"}, []string{"“https://blog.example.com/”", "not in the URL"}},
		{"alice:s3cret@blog.example.com", []string{"s3cret", "alice"}, []string{"blog.example.com", "not in the URL"}},
		{"https://alice:s3cret@exa mple.com/", []string{"s3cret", "alice"}, []string{`invalid character " "`}},
	}
	for _, tc := range cases {
		_, err := NewClient(tc.in)
		e := wpErr(t, err, KindInvalidURL)
		for _, text := range []string{e.Error(), fmt.Sprintf("%#v", e), fmt.Sprintf("%+v", e), e.Message, e.URL} {
			for _, s := range tc.secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s: error shows %q: %s", tc.in, s, text)
				}
			}
		}
		for _, w := range tc.want {
			if !strings.Contains(e.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.in, e, w)
			}
		}
	}
}

func TestErrorURLNeverShowsUserinfo(t *testing.T) {
	e := &Error{Kind: KindNetwork, URL: "https://alice:s3cret@blog.example.com/wp-json/", Message: "connection refused"}
	for _, s := range []string{e.Error(), fmt.Sprintf("%#v", e)} {
		if strings.Contains(s, "s3cret") || !strings.Contains(s, "blog.example.com") {
			t.Errorf("shown as %s", s)
		}
	}
}

// A REST root advertised with userinfo does not bring it into errors.
func TestLinkHeaderUserinfoIsDropped(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" && r.URL.RawQuery == "" {
			root := strings.Replace(srv.URL, "http://", "http://alice:s3cret@", 1) + "/api/"
			w.Header().Set("Link", "<"+root+`>; rel="https://api.w.org/"`)
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":"internal_server_error","message":"boom","data":{"status":500}}`))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL)
	_, err := c.Site(context.Background())
	e := wpErr(t, err, KindServer)
	for _, s := range []string{e.Error(), fmt.Sprintf("%#v", e), e.URL} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("shown as %s", s)
		}
	}
}
