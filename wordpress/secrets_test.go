package wordpress

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

const (
	leakUser = "alice"
	// As WordPress shows it; chosen so its base64 forms hold "+" and "/".
	leakPass = "Zj9w +x4M ?q>r n8Kd ~~Ab 3?>?"
)

// secretsOf lists, independently of the code under test, every form of the
// credentials that must never appear in an error.
func secretsOf(user, pass string) []string {
	bare := strings.ReplaceAll(pass, " ", "")
	var out []string
	for _, pw := range []string{pass, bare} {
		out = append(out, pw)
		plain := []byte(user + ":" + pw)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			b := enc.EncodeToString(plain)
			out = append(out, b, url.QueryEscape(b), base64.StdEncoding.EncodeToString([]byte("Basic "+base64.StdEncoding.EncodeToString(plain))))
		}
	}
	return out
}

// echoes is what a server that echoes the request's Authorization header
// puts in its answer: the header, its payload decoded, and re-encodings.
func echoes(r *http.Request) string {
	h := r.Header.Get("Authorization")
	payload := strings.TrimPrefix(h, "Basic ")
	raw, _ := base64.StdEncoding.DecodeString(payload)
	_, pw, _ := strings.Cut(string(raw), ":")
	bare := strings.ReplaceAll(pw, " ", "")
	grouped := grouped(bare)
	var parts []string
	for _, p := range []string{pw, bare, grouped} {
		plain := []byte(leakUser + ":" + p)
		parts = append(parts, p, base64.StdEncoding.EncodeToString(plain), base64.URLEncoding.EncodeToString(plain),
			base64.RawStdEncoding.EncodeToString(plain), base64.RawURLEncoding.EncodeToString(plain),
			url.QueryEscape(base64.StdEncoding.EncodeToString(plain)))
	}
	parts = append(parts, h, base64.StdEncoding.EncodeToString([]byte(h)), string(raw))
	return "you sent " + strings.Join(parts, " | ")
}

// assertNoSecret checks every rendering of err, and every field of the
// *Error in it, for every form of the credentials.
func assertNoSecret(t *testing.T, err error, secrets []string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err), fmt.Sprintf("%s", err)}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T is not a *wordpress.Error", err)
	}
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Kind() == reflect.String:
			texts = append(texts, f.String())
		case v.Type().Field(i).Name == "Err" && !f.IsNil():
			texts = append(texts, e.Err.Error(), fmt.Sprintf("%+v", e.Err))
		}
	}
	for _, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("error shows %q: %s", s, text)
			}
		}
	}
}

func TestEchoedAuthorizationNeverInErrors(t *testing.T) {
	handlers := map[string]http.HandlerFunc{
		"json message and code": func(w http.ResponseWriter, r *http.Request) {
			body := fmt.Sprintf(`{"code":%q,"message":%q,"data":{"status":401}}`,
				"bad_"+strings.TrimPrefix(r.Header.Get("Authorization"), "Basic "), echoes(r))
			// PHP's json_encode escapes slashes.
			body = strings.ReplaceAll(body, "/", `\/`)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(body))
		},
		"html page": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusForbidden)
			e := strings.NewReplacer("+", "&#43;", "/", "&#x2F;", "<", "&lt;", ">", "&gt;").Replace(echoes(r))
			_, _ = fmt.Fprintf(w, "<html><head><title>Denied: %s</title></head><body>%s</body></html>", e, e)
		},
	}
	for _, configured := range []string{leakPass, strings.ReplaceAll(leakPass, " ", "")} {
		for name, h := range handlers {
			t.Run(name, func(t *testing.T) {
				srv := httptest.NewServer(h)
				defer srv.Close()
				c, _ := newTestClient(t, srv.URL+"/wp-json", WithCredentials(leakUser, configured))
				_, err := c.Site(context.Background())
				assertNoSecret(t, err, secretsOf(leakUser, leakPass))
				if !strings.Contains(err.Error(), redacted) {
					t.Errorf("nothing was redacted, so nothing was echoed? %v", err)
				}
			})
		}
	}
}

// A server that echoes the header into its status line: Go's error then
// quotes the line, header and all.
func TestEchoedAuthorizationInStatusLine(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				// No spaces, so that Go quotes the whole line.
				line := strings.ReplaceAll(req.Header.Get("Authorization")+" "+echoes(req), " ", "_")
				_, _ = fmt.Fprintf(conn, "%s\r\n\r\n", line)
			}()
		}
	}()
	c, _ := newTestClient(t, "http://"+ln.Addr().String()+"/wp-json", WithCredentials(leakUser, leakPass))
	_, err = c.Site(context.Background())
	assertNoSecret(t, err, secretsOf(leakUser, leakPass))
	if !strings.Contains(err.Error(), "malformed HTTP response") || !strings.Contains(err.Error(), redacted) {
		t.Errorf("not the echo this test means: %v", err)
	}
	var ne net.Error
	if e := wpErr(t, err, KindNetwork); e.Err == nil || errors.As(err, &ne) != errors.As(e.Err, &ne) {
		t.Errorf("the underlying error is lost: %#v", e)
	}
}

func TestClientFormattingHidesPassword(t *testing.T) {
	c, _ := NewClient("https://blog.example.com", WithCredentials(leakUser, leakPass))
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%q", c), fmt.Sprintf("%s", c)} {
		if strings.Contains(s, strings.Fields(leakPass)[0]) || !strings.Contains(s, "blog.example.com") {
			t.Errorf("client shown as %s", s)
		}
	}
}
