package crosspost

import (
	"errors"
	"fmt"

	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// The refusals Plan makes before anything is sent: each is a decision the
// user makes (a draft instead, or an explicit yes), the same for the app,
// its bulk publish and the command line.

// ErrUnpublishedNotDraft classifies a refusal to make a public or unlisted
// Medium story of a post that is not public on WordPress (NotPublicError).
var ErrUnpublishedNotDraft = errors.New("the post is not public on WordPress")

// NotPublicError refuses a public or unlisted Medium story of a post that
// WordPress does not show to everyone, until the user confirms
// (PlanRequest.AllowUnpublished).
type NotPublicError struct {
	Status    wordpress.Status
	Protected bool
	Medium    medium.PublishStatus // what was asked
}

func (e *NotPublicError) Error() string {
	return e.Reason() + ": send it as a Medium draft, or confirm that you want it " + string(e.Medium) + " anyway"
}

// Reason says why the post is not public on WordPress, and what a public
// story would do.
func (e *NotPublicError) Reason() string {
	switch {
	case e.Status == wordpress.StatusPrivate:
		return "the post is private on WordPress, so only signed-in users who may read it see it; a " + string(e.Medium) + " Medium story shows its content to everyone"
	case e.Protected && e.Status == wordpress.StatusPublish:
		return "the post is password-protected on WordPress; a " + string(e.Medium) + " Medium story shows its content to everyone, without the password"
	}
	return "the post is " + e.Status.InSentence() + " on WordPress, so its link does not work yet; a " + string(e.Medium) + " Medium story would point readers at a page that does not exist"
}

// Is makes errors.Is(err, ErrUnpublishedNotDraft) hold.
func (e *NotPublicError) Is(target error) bool { return target == ErrUnpublishedNotDraft }

// ErrDraftsOnly classifies a refusal to send a public or unlisted story to a
// publication where the user is a writer (DraftsOnlyError).
var ErrDraftsOnly = errors.New("the publication accepts drafts only from this user")

// DraftsOnlyError: Medium accepts only drafts from a writer in a
// publication; its editors publish them.
type DraftsOnlyError struct {
	PublicationID string
	Role          medium.Role
	Medium        medium.PublishStatus // what was asked
}

func (e *DraftsOnlyError) Error() string {
	return fmt.Sprintf("you are a %s in publication %s, where Medium accepts drafts only (its editors publish them), not a %s story: send it as a draft",
		e.Role, e.PublicationID, e.Medium)
}

// Is makes errors.Is(err, ErrDraftsOnly) hold.
func (e *DraftsOnlyError) Is(target error) bool { return target == ErrDraftsOnly }

// ErrNoToken: publishing through the API needs a Medium integration token.
var ErrNoToken = errors.New("no Medium integration token is configured; Medium no longer issues new ones, so cross-post with Medium's importer instead")
