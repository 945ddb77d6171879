package medium

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// Me checks the token and returns its user, whose ID is the author id of
// CreatePost.
func (c *Client) Me(ctx context.Context) (User, error) {
	var u User
	err := c.do(ctx, call{op: "checking the token", method: http.MethodGet, path: "/me", scope: ScopeBasicProfile}, &u)
	return u, err
}

// Publications lists the publications userID belongs to. Integration tokens
// often lack the listPublications scope (KindMissingScope): callers should then
// let the user type a publication id.
func (c *Client) Publications(ctx context.Context, userID string) ([]Publication, error) {
	const op = "listing publications"
	if err := requireID(op, "user id", userID); err != nil {
		return nil, err
	}
	var ps []Publication
	err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/users/" + url.PathEscape(userID) + "/publications", scope: ScopeListPublications}, &ps)
	return ps, err
}

// Contributors lists the editors and writers of a publication.
func (c *Client) Contributors(ctx context.Context, publicationID string) ([]Contributor, error) {
	const op = "listing contributors"
	if err := requireID(op, "publication id", publicationID); err != nil {
		return nil, err
	}
	var cs []Contributor
	err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/publications/" + url.PathEscape(publicationID) + "/contributors", scope: ScopeListPublications}, &cs)
	return cs, err
}

// CreatePost creates a story on the author's profile. It is never retried: when
// it fails, IsOutcomeUnknown tells whether the story may exist anyway.
func (c *Client) CreatePost(ctx context.Context, authorID string, req CreatePostRequest) (Post, error) {
	return c.createPost(ctx, "creating the post", "author id", authorID, "/users/", req)
}

// CreatePublicationPost creates a story in a publication. A writer there may
// only create drafts (see Role.Allows). Never retried, like CreatePost.
func (c *Client) CreatePublicationPost(ctx context.Context, publicationID string, req CreatePostRequest) (Post, error) {
	return c.createPost(ctx, "creating the post in the publication", "publication id", publicationID, "/publications/", req)
}

func (c *Client) createPost(ctx context.Context, op, idName, id, prefix string, req CreatePostRequest) (Post, error) {
	if err := requireID(op, idName, id); err != nil {
		return Post{}, err
	}
	if err := req.Validate(); err != nil {
		return Post{}, &Error{Op: op, Kind: KindInvalidRequest, Detail: err.Error(), Err: err}
	}
	body, err := EncodeCreatePost(req)
	if err != nil {
		return Post{}, &Error{Op: op, Kind: KindInvalidRequest, Detail: err.Error(), Err: err}
	}
	var p Post
	err = c.do(ctx, call{
		op: op, method: http.MethodPost, path: prefix + url.PathEscape(id) + "/posts",
		body: body, contentType: "application/json", scope: ScopePublishPost, create: true,
		check: func() string {
			if p.ID == "" {
				return "the answer has no post id"
			}
			return ""
		},
	}, &p)
	return p, err
}

// UploadImageTypes are the content types POST /images accepts.
var UploadImageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/tiff"}

// UploadImage uploads one image (multipart field "image") and returns its
// Medium URL. It needs the uploadImage scope, which not every token has; without
// it, images must already have public absolute URLs that Medium fetches itself.
// Like a create, it is never retried.
func (c *Client) UploadImage(ctx context.Context, filename, contentType string, r io.Reader) (Image, error) {
	const op = "uploading the image"
	contentType = strings.ToLower(strings.TrimSpace(contentType))
	if !slices.Contains(UploadImageTypes, contentType) {
		return Image{}, &Error{Op: op, Kind: KindInvalidRequest,
			Detail: fmt.Sprintf("content type %q is not one Medium accepts (%s)", termtext.CleanLine(contentType), strings.Join(UploadImageTypes, ", "))}
	}
	// The name goes into a header: no control characters, quotes escaped.
	filename = termtext.CleanLine(path.Base(filename))
	if filename == "" || filename == "." || filename == "/" {
		filename = "image"
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", `form-data; name="image"; filename="`+quoteEscaper.Replace(filename)+`"`)
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err == nil {
		_, err = io.Copy(part, r)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return Image{}, &Error{Op: op, Kind: KindInvalidRequest, Detail: "reading the image: " + err.Error(), Err: err}
	}
	var img Image
	err = c.do(ctx, call{
		op: op, method: http.MethodPost, path: "/images",
		body: buf.Bytes(), contentType: mw.FormDataContentType(), scope: ScopeUploadImage, create: true,
		check: func() string {
			if img.URL == "" {
				return "the answer has no image url"
			}
			return ""
		},
	}, &img)
	return img, err
}

// Validate checks what Medium would refuse, so a create that can only fail is
// never sent. It does not trim tags: Medium ignores the extra ones itself.
func (r CreatePostRequest) Validate() error {
	var problems []string
	if strings.TrimSpace(r.Title) == "" {
		problems = append(problems, "the title is empty")
	}
	if strings.TrimSpace(r.Content) == "" {
		problems = append(problems, "the content is empty")
	}
	if r.ContentFormat != FormatHTML && r.ContentFormat != FormatMarkdown {
		problems = append(problems, fmt.Sprintf("content format %q is not html or markdown", r.ContentFormat))
	}
	if r.PublishStatus != "" {
		if _, err := ParsePublishStatus(string(r.PublishStatus)); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if r.License != "" {
		if _, err := ParseLicense(string(r.License)); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if r.PublishedAt != "" {
		if _, err := time.Parse(time.RFC3339, r.PublishedAt); err != nil {
			problems = append(problems, fmt.Sprintf("publishedAt %q is not an ISO-8601 date such as 2024-05-01T09:30:00Z", r.PublishedAt))
		}
	}
	if len(problems) > 0 {
		return errors.New("invalid post: " + strings.Join(problems, "; "))
	}
	return nil
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func requireID(op, name, id string) error {
	if strings.TrimSpace(id) == "" {
		return &Error{Op: op, Kind: KindInvalidRequest, Detail: "the " + name + " is empty"}
	}
	return nil
}

func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Content is HTML: escaping <, > and & as \u003c would be valid JSON but
	// makes recorded requests unreadable for no benefit.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// EncodeCreatePost is the exact body CreatePost and CreatePublicationPost send
// for req, byte for byte: what a dry run shows. It is the last step before
// Medium, so it also removes any control character or escape sequence from
// the text fields (the transform already sends none): nothing a post said
// can reach Medium as a terminal sequence.
func EncodeCreatePost(req CreatePostRequest) ([]byte, error) {
	req.Title = termtext.CleanLine(req.Title)
	req.Content = termtext.Clean(req.Content)
	req.CanonicalURL = termtext.CleanLine(req.CanonicalURL)
	if req.Tags != nil {
		tags := make([]string, len(req.Tags))
		for i, t := range req.Tags {
			tags[i] = termtext.CleanLine(t)
		}
		req.Tags = tags
	}
	return marshalJSON(req)
}
