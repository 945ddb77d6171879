// Package medium is a client for Medium's (unsupported, write-only) API v1.
//
// See docs/medium-api.md for the contract: there is no call to read a post
// back, creating a post is not idempotent, and new tokens are no longer issued.
//
// Every failure is a *Error with a Kind and advice for the user. A create is
// never retried; when one fails, IsOutcomeUnknown says whether the story may
// exist anyway (so the caller must ask the user, not resend). The package
// mediumtest is a fake of the API for tests and the demo mode.
package medium
