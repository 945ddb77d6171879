package medium_test

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

	"github.com/wp2medium/wp2medium/medium"
)

// leakToken's base64 forms hold "+" and "/", so every alphabet differs.
const leakToken = "2f>?6c0d~1e9a7b?4c3d>>"

// tokenForms lists, independently of the code under test, the forms of the
// token that must never appear in an error.
func tokenForms(tok string) []string {
	var out []string
	for _, plain := range []string{tok, "Bearer " + tok} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			b := enc.EncodeToString([]byte(plain))
			out = append(out, b, url.QueryEscape(b))
		}
	}
	return append(out, tok, url.QueryEscape(tok))
}

// echo is what a server that echoes the Authorization header puts in its
// answer: the header and re-encodings of it and of the token.
func echo(r *http.Request) string {
	h := r.Header.Get("Authorization")
	tok := strings.TrimPrefix(h, "Bearer ")
	parts := []string{h, url.QueryEscape(tok)}
	for _, plain := range []string{tok, h} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			parts = append(parts, enc.EncodeToString([]byte(plain)))
		}
	}
	parts = append(parts, url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(h))))
	return "you sent " + strings.Join(parts, " | ")
}

func assertNoToken(t *testing.T, err error) {
	t.Helper()
	e := asError(t, err)
	texts := []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err), fmt.Sprintf("%s", err)}
	v := reflect.ValueOf(e).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String {
			texts = append(texts, f.String())
		}
	}
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		texts = append(texts, u.Error(), fmt.Sprintf("%+v", u))
		if strings.Contains(u.Error(), "[redacted]") {
			break // below the redacting wrapper is the raw error, kept for errors.Is/As
		}
	}
	for _, text := range texts {
		for _, s := range tokenForms(leakToken) {
			if strings.Contains(text, s) {
				t.Errorf("error shows %q: %s", s, text)
			}
		}
	}
	if !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("nothing redacted, so nothing echoed? %v", err)
	}
}

func TestEchoedAuthorizationNeverInErrors(t *testing.T) {
	handlers := map[string]http.HandlerFunc{
		"json error": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			// PHP-style escaped slashes, as a proxy's JSON may have.
			fmt.Fprint(w, strings.ReplaceAll(fmt.Sprintf(`{"errors":[{"message":%q,"code":6003}]}`, echo(r)), "/", `\/`))
		},
		"html page": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusForbidden)
			e := strings.NewReplacer("+", "&#43;", "/", "&#x2F;", ">", "&gt;").Replace(echo(r))
			fmt.Fprintf(w, "<html><head><title>Denied %s</title></head><body>%s</body></html>", e, e)
		},
		"plain text": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, echo(r))
		},
		"malformed json": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"errors": %q`, echo(r))
		},
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			_, err := medium.NewClient(leakToken, medium.WithBaseURL(srv.URL), medium.WithRetry(0, nil)).Me(context.Background())
			assertNoToken(t, err)
		})
	}
}

// A proxy that echoes the header into its status line: Go's error quotes
// the line whole.
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
				fmt.Fprintf(conn, "%s\r\n\r\n", strings.ReplaceAll(echo(req), " ", "_"))
			}()
		}
	}()
	_, err = medium.NewClient(leakToken, medium.WithBaseURL("http://"+ln.Addr().String()), medium.WithRetry(0, nil)).Me(context.Background())
	assertNoToken(t, err)
	if medium.KindOf(err) != medium.KindNetwork || !strings.Contains(err.Error(), "malformed HTTP response") {
		t.Errorf("not the echo this test means: %v", err)
	}
}
