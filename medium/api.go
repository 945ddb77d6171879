package medium

import "time"

// User is the account a token belongs to (GET /me).
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	ImageURL string `json:"imageUrl"`
}

// Publication is a publication the user belongs to.
type Publication struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`
	ImageURL    string `json:"imageUrl"`
}

// Role is a user's role in a publication.
type Role string

// The roles Medium reports for contributors.
const (
	RoleEditor Role = "editor"
	RoleWriter Role = "writer"
)

// String returns the wire value.
func (r Role) String() string { return string(r) }

// Allows reports whether the role may create a story with status s in the
// publication: a writer may only submit drafts, an editor anything.
func (r Role) Allows(s PublishStatus) bool {
	if r == RoleEditor {
		return true
	}
	return s == StatusDraft
}

// Contributor is one user's role in a publication.
type Contributor struct {
	PublicationID string `json:"publicationId"`
	UserID        string `json:"userId"`
	Role          Role   `json:"role"`
}

// ContentFormat is how the content of a new story is written.
type ContentFormat string

// The content formats Medium accepts.
const (
	FormatHTML     ContentFormat = "html"
	FormatMarkdown ContentFormat = "markdown"
)

// String returns the wire value.
func (f ContentFormat) String() string { return string(f) }

// CreatePostRequest is the body of a create-post call. Medium ignores what it
// does not like rather than refusing it (see the contract): only the first three
// tags count, tags over 25 characters and titles over 100 characters are dropped.
type CreatePostRequest struct {
	// Title is required. Medium does not show it in the story, so the content
	// should start with it as <h1>.
	Title         string        `json:"title"`
	ContentFormat ContentFormat `json:"contentFormat"`
	Content       string        `json:"content"`
	Tags          []string      `json:"tags,omitempty"`
	CanonicalURL  string        `json:"canonicalUrl,omitempty"`
	// PublishStatus empty means Medium's default, public.
	PublishStatus PublishStatus `json:"publishStatus,omitempty"`
	// License empty means Medium's default, all-rights-reserved.
	License License `json:"license,omitempty"`
	// NotifyFollowers is always sent, false included, so the choice the user
	// made is the one Medium applies.
	NotifyFollowers bool `json:"notifyFollowers"`
	// PublishedAt backdates the story (ISO-8601, see FormatPublishedAt); empty
	// means now. A date in the future fails with code 2014.
	PublishedAt string `json:"publishedAt,omitempty"`
}

// FormatPublishedAt renders t the way CreatePostRequest.PublishedAt expects.
// The zero time gives "" (publish now).
func FormatPublishedAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Post is what Medium answers to a create. There is no call to read it back:
// whatever the caller needs later must be recorded from this value.
type Post struct {
	ID            string        `json:"id"`
	Title         string        `json:"title"`
	AuthorID      string        `json:"authorId"`
	Tags          []string      `json:"tags"`
	URL           string        `json:"url"`
	CanonicalURL  string        `json:"canonicalUrl"`
	PublishStatus PublishStatus `json:"publishStatus"`
	// PublishedAt is milliseconds since the Unix epoch; see PublishedTime.
	PublishedAt   int64   `json:"publishedAt"`
	License       License `json:"license"`
	LicenseURL    string  `json:"licenseUrl"`
	PublicationID string  `json:"publicationId,omitempty"`
}

// PublishedTime converts PublishedAt; it is the zero time when Medium sent none.
func (p Post) PublishedTime() time.Time {
	if p.PublishedAt == 0 {
		return time.Time{}
	}
	return time.UnixMilli(p.PublishedAt).UTC()
}

// Image is an uploaded image: its URL on Medium's CDN and the MD5 of its bytes.
type Image struct {
	URL string `json:"url"`
	MD5 string `json:"md5"`
}

// The scopes a token needs for each call; they name the missing one in a 6002
// error.
const (
	ScopeBasicProfile     = "basicProfile"
	ScopeListPublications = "listPublications"
	ScopePublishPost      = "publishPost"
	ScopeUploadImage      = "uploadImage"
)
