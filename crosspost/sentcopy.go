package crosspost

import (
	"encoding/json"
	"fmt"

	"github.com/wp2medium/wp2medium/medium"
)

// sentCopy is what the store keeps of a create (store.SentBody): the exact
// JSON body Medium got, and which of the post's images were uploaded to
// Medium first (their copies are what the body names), so that a later
// diff compares the post's own image addresses, not Medium's.
type sentCopy struct {
	Request  json.RawMessage   `json:"request"`
	Uploaded map[string]string `json:"uploaded,omitempty"`
}

// keptBody is the sentCopy of req, for the store; nil when it cannot be
// encoded (the send goes ahead: only the later diff is lost).
func keptBody(req medium.CreatePostRequest, uploaded map[string]string) []byte {
	body, err := medium.EncodeCreatePost(req)
	if err != nil {
		return nil
	}
	b, err := json.Marshal(sentCopy{Request: body, Uploaded: uploaded})
	if err != nil {
		return nil
	}
	return b
}

// readKept decodes a body kept by keptBody.
func readKept(b []byte) (medium.CreatePostRequest, map[string]string, error) {
	var c sentCopy
	var req medium.CreatePostRequest
	if err := json.Unmarshal(b, &c); err != nil {
		return req, nil, fmt.Errorf("the copy kept of what Medium got is unreadable: %w", err)
	}
	if err := json.Unmarshal(c.Request, &req); err != nil {
		return req, nil, fmt.Errorf("the copy kept of what Medium got is unreadable: %w", err)
	}
	return req, c.Uploaded, nil
}
