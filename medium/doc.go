// Package medium is a client for Medium's (unsupported, write-only) API v1.
//
// See ../shared/medium-api.md for the contract: there is no call to read a post
// back, creating a post is not idempotent, and new tokens are no longer issued.
package medium
