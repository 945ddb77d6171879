package mediumtest

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wp2medium/wp2medium/medium"
)

// reply is an answer before it is written: data for a success, errs for a
// failure.
type reply struct {
	status int
	data   any
	errs   []apiError
}

type apiError struct {
	Message string `json:"message"`
	Code    int    `json:"code,omitempty"`
}

func ok(status int, data any) reply { return reply{status: status, data: data} }

func fail(status, code int, msg string) reply {
	return reply{status: status, errs: []apiError{{Message: msg, Code: code}}}
}

func writeReply(w http.ResponseWriter, rep reply) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(rep.status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if rep.errs != nil {
		enc.Encode(map[string]any{"errors": rep.errs})
		return
	}
	enc.Encode(map[string]any{"data": rep.data})
}

// route authenticates the request and runs the call it names.
func (s *Server) route(r *http.Request, path string, body []byte) reply {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return fail(http.StatusUnauthorized, 6000, "An access token is required.")
	}
	token, isBearer := strings.CutPrefix(auth, "Bearer ")
	s.mu.Lock()
	userID, known := s.tokens[token]
	s.mu.Unlock()
	if !isBearer || !known {
		return fail(http.StatusUnauthorized, 6003, "Token was invalid.")
	}

	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	is := func(method string, shape ...string) bool {
		if r.Method != method || len(parts) != len(shape) {
			return false
		}
		for i, want := range shape {
			if want != "*" && parts[i] != want {
				return false
			}
		}
		return true
	}
	switch {
	case is(http.MethodGet, "me"):
		return s.scoped(token, medium.ScopeBasicProfile, func() reply { return s.me(userID) })
	case is(http.MethodGet, "users", "*", "publications"):
		return s.scoped(token, medium.ScopeListPublications, func() reply { return s.publications(parts[1]) })
	case is(http.MethodGet, "publications", "*", "contributors"):
		return s.scoped(token, medium.ScopeListPublications, func() reply { return s.contributors(parts[1]) })
	case is(http.MethodPost, "users", "*", "posts"):
		return s.scoped(token, medium.ScopePublishPost, func() reply { return s.createPost(r, userID, parts[1], "", body) })
	case is(http.MethodPost, "publications", "*", "posts"):
		return s.scoped(token, medium.ScopePublishPost, func() reply { return s.createPost(r, userID, "", parts[1], body) })
	case is(http.MethodPost, "images"):
		return s.scoped(token, medium.ScopeUploadImage, func() reply { return s.uploadImage(r, body) })
	}
	return fail(http.StatusNotFound, 0, "Not found: "+r.Method+" "+path)
}

func (s *Server) scoped(token, scope string, next func() reply) reply {
	s.mu.Lock()
	lacks := s.missingScopes[token][scope]
	s.mu.Unlock()
	if lacks {
		return fail(http.StatusForbidden, 6002, "Token does not have the required scope: "+scope+".")
	}
	return next()
}

func (s *Server) me(userID string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok(http.StatusOK, s.users[userID])
}

func (s *Server) publications(userID string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[userID]; !ok {
		return fail(http.StatusNotFound, 6004, "User not found.")
	}
	pubs := []medium.Publication{}
	for _, id := range s.pubOrder {
		if s.roleOf(id, userID) != "" {
			pubs = append(pubs, s.pubs[id])
		}
	}
	return ok(http.StatusOK, pubs)
}

func (s *Server) contributors(pubID string) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.pubs[pubID]; !ok {
		return fail(http.StatusNotFound, 0, "Publication not found.")
	}
	return ok(http.StatusOK, append([]medium.Contributor{}, s.members[pubID]...))
}

// roleOf is userID's role in a publication, "" if none. The caller holds s.mu.
func (s *Server) roleOf(pubID, userID string) medium.Role {
	for _, c := range s.members[pubID] {
		if c.UserID == userID {
			return c.Role
		}
	}
	return ""
}

// createPost validates a create the way Medium does and records the story.
// Exactly one of authorID and pubID is set.
func (s *Server) createPost(r *http.Request, userID, authorID, pubID string, body []byte) reply {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fail(http.StatusBadRequest, 0, "Content-Type must be application/json.")
	}
	var req medium.CreatePostRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fail(http.StatusBadRequest, 0, "Invalid JSON body.")
	}
	now := s.clock()
	published := now
	switch {
	case strings.TrimSpace(req.Title) == "":
		return fail(http.StatusBadRequest, 0, "Title is required.")
	case strings.TrimSpace(req.Content) == "":
		return fail(http.StatusBadRequest, 0, "Content is required.")
	case req.ContentFormat != medium.FormatHTML && req.ContentFormat != medium.FormatMarkdown:
		return fail(http.StatusBadRequest, 0, "contentFormat must be html or markdown.")
	}
	if req.PublishStatus == "" {
		req.PublishStatus = medium.StatusPublic
	} else if _, err := medium.ParsePublishStatus(string(req.PublishStatus)); err != nil {
		return fail(http.StatusBadRequest, 0, "publishStatus must be public, draft or unlisted.")
	}
	if req.License == "" {
		req.License = medium.LicenseAllRightsReserved
	} else if _, err := medium.ParseLicense(string(req.License)); err != nil {
		return fail(http.StatusBadRequest, 0, "license is not a valid license.")
	}
	if req.PublishedAt != "" {
		t, err := time.Parse(time.RFC3339, req.PublishedAt)
		if err != nil {
			return fail(http.StatusBadRequest, 0, "publishedAt must be an ISO-8601 date.")
		}
		if t.After(now) {
			return fail(http.StatusBadRequest, 2014, "Publish date cannot be in the future.")
		}
		published = t
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	user := s.users[userID]
	postURL := "https://medium.com/@" + user.Username
	if pubID != "" {
		pub, found := s.pubs[pubID]
		if !found {
			return fail(http.StatusNotFound, 0, "Publication not found.")
		}
		switch s.roleOf(pubID, userID) {
		case "":
			return fail(http.StatusForbidden, 0, "You are not a contributor to this publication.")
		case medium.RoleWriter:
			if req.PublishStatus != medium.StatusDraft {
				return fail(http.StatusForbidden, 0, "Writers can only create drafts in this publication; use publishStatus draft.")
			}
		}
		postURL = pub.URL
	} else if authorID != userID {
		if _, exists := s.users[authorID]; !exists {
			return fail(http.StatusNotFound, 6004, "User not found.")
		}
		return fail(http.StatusForbidden, 0, "You can only create posts as yourself.")
	}
	if s.dailyLimit > 0 && s.postsSince(userID, now.Add(-24*time.Hour)) >= s.dailyLimit {
		return fail(http.StatusForbidden, 0, RateLimitMessage)
	}

	sum := sha256.Sum256(fmt.Appendf(nil, "%d\x00%s\x00%s", len(s.posts), userID, req.Title))
	id := hex.EncodeToString(sum[:6])
	post := medium.Post{
		ID: id, Title: req.Title, AuthorID: userID, Tags: mediumTags(req.Tags),
		URL: postURL + "/" + slug(req.Title) + "-" + id, CanonicalURL: req.CanonicalURL,
		PublishStatus: req.PublishStatus, PublishedAt: published.UnixMilli(),
		License: req.License, LicenseURL: licenseURL(req.License), PublicationID: pubID,
	}
	s.posts = append(s.posts, Post{Post: post, Sent: req, UserID: userID, CreatedAt: now})
	return ok(http.StatusCreated, post)
}

// postsSince counts userID's posts created after t. The caller holds s.mu.
func (s *Server) postsSince(userID string, t time.Time) int {
	n := 0
	for _, p := range s.posts {
		if p.UserID == userID && p.CreatedAt.After(t) {
			n++
		}
	}
	return n
}

// mediumTags keeps what Medium keeps: of the first three tags, those of at
// most 25 characters. (Which comes first is not documented; this order is the
// stricter one, so a client that filters long tags itself is safe.)
func mediumTags(tags []string) []string {
	out := []string{}
	for _, t := range tags[:min(len(tags), 3)] {
		if utf8.RuneCountInString(t) <= 25 {
			out = append(out, t)
		}
	}
	return out
}

func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func licenseURL(l medium.License) string {
	switch l {
	case medium.LicenseAllRightsReserved:
		return "https://policy.medium.com/medium-terms-of-service-9db0094a1e0f"
	case medium.LicenseCC40Zero:
		return "https://creativecommons.org/publicdomain/zero/1.0/"
	case medium.LicensePublicDomain:
		return "https://creativecommons.org/publicdomain/mark/1.0/"
	}
	return "https://creativecommons.org/licenses/" + strings.TrimPrefix(string(l), "cc-40-") + "/4.0/"
}

var imageExt = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/tiff": ".tiff"}

func (s *Server) uploadImage(r *http.Request, body []byte) reply {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return fail(http.StatusBadRequest, 0, "Content-Type must be multipart/form-data.")
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return fail(http.StatusBadRequest, 0, `An image is required (multipart field "image").`)
		}
		if part.FormName() != "image" {
			continue
		}
		ct := part.Header.Get("Content-Type")
		ext, allowed := imageExt[ct]
		if !allowed {
			return fail(http.StatusBadRequest, 0, "Unsupported image type; use jpeg, png, gif or tiff.")
		}
		data, err := io.ReadAll(part)
		if err != nil || len(data) == 0 {
			return fail(http.StatusBadRequest, 0, "The image is empty.")
		}
		sum := md5.Sum(data)
		img := medium.Image{MD5: hex.EncodeToString(sum[:])}
		img.URL = s.URL + "/img/" + img.MD5 + ext
		s.mu.Lock()
		s.images = append(s.images, Image{Image: img, Filename: part.FileName(), ContentType: ct, Data: data})
		s.mu.Unlock()
		return ok(http.StatusCreated, img)
	}
}

// serveImage serves an uploaded image at the URL the upload returned, so a
// demo can show it.
func (s *Server) serveImage(w http.ResponseWriter, r *http.Request, name string) {
	for _, img := range slices.Backward(s.Images()) {
		if strings.HasSuffix(img.URL, "/img/"+name) {
			w.Header().Set("Content-Type", img.ContentType)
			w.Write(img.Data)
			return
		}
	}
	http.NotFound(w, r)
}
