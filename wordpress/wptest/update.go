package wptest

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// maxWriteBody bounds the body of a write the fake reads; a long post is a
// few hundred KB.
const maxWriteBody = 8 << 20

// isWrite reports whether method is one WordPress routes to update_item.
func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// updatePost mirrors WP_REST_Posts_Controller::update_item for the one field
// wp2medium writes, content: the post must exist (404 first, as WordPress
// checks it before the rights), the request must be logged in (401
// rest_cannot_edit) by a user who may edit (403 rest_cannot_edit). The
// stored content becomes the given one, the rendered content is it with
// block comments removed (the fake does not run wpautop on classic
// content), modified moves to now, and the answer is the post in the edit
// context. Other fields in the body are ignored.
func (s *Server) updatePost(w http.ResponseWriter, r *http.Request, who authState, id int, fields fieldSet, body string) {
	s.mu.Lock()
	p, found := s.posts[id]
	s.mu.Unlock()
	switch {
	case !found || p.Status == "trash":
		writeError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	case who != loggedIn:
		writeError(w, http.StatusUnauthorized, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.", nil)
		return
	case s.cfg.cannotEdit:
		writeError(w, http.StatusForbidden, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.", nil)
		return
	}
	content, given, ok := contentParam(w, r, body)
	if !ok {
		return
	}
	s.mu.Lock()
	p, found = s.posts[id]
	if found && given {
		p.RawContent = content
		p.Content = renderBlocks(content)
		p.Modified = time.Now().UTC().Truncate(time.Second)
		s.posts[id] = p
		s.sorted = nil
	}
	s.mu.Unlock()
	if !found { // deleted by a test hook meanwhile
		writeError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	}
	writeJSON(w, http.StatusOK, s.postJSON(&p, true, who, fields))
}

// contentParam reads "content" from a JSON body (a string, or an object
// with "raw", both of which WordPress accepts) or a form body. given is
// false when the body has no content; ok is false when an error was sent.
func contentParam(w http.ResponseWriter, r *http.Request, body string) (content string, given, ok bool) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		form, err := url.ParseQuery(body)
		if err != nil || !form.Has("content") {
			return "", false, true
		}
		return form.Get("content"), true, true
	}
	var params map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &params); err != nil {
		writeError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.",
			map[string]any{"json_error_code": 4, "json_error_message": "Syntax error"})
		return "", false, false
	}
	v, has := params["content"]
	if !has {
		return "", false, true
	}
	if json.Unmarshal(v, &content) == nil {
		return content, true, true
	}
	var obj struct {
		Raw *string `json:"raw"`
	}
	if json.Unmarshal(v, &obj) == nil && obj.Raw != nil {
		return *obj.Raw, true, true
	}
	invalidParam(w, "content", "content is not of type object, string.")
	return "", false, false
}
