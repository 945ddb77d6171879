package wptest

import (
	"bytes"
	"encoding/json"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeError writes WordPress's error envelope.
func writeError(w http.ResponseWriter, status int, code, message string, extra map[string]any) {
	data := map[string]any{"status": status}
	for k, v := range extra {
		data[k] = v
	}
	writeJSON(w, status, map[string]any{"code": code, "message": message, "data": data})
}

func invalidParam(w http.ResponseWriter, param, why string) {
	writeError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): "+param,
		map[string]any{"params": map[string]any{param: why}})
}

func serveThemePage(w http.ResponseWriter, status int, title string) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<meta charset=\"UTF-8\">\n<title>" +
		html.EscapeString(title) + "</title>\n</head>\n<body class=\"home blog\">\n<main id=\"main\"><p>" +
		html.EscapeString(title) + "</p></main>\n</body>\n</html>\n"))
}

var (
	imageOnce sync.Once
	imagePNG  []byte
)

// serveImage answers any upload path with a small PNG, so a client that
// downloads featured images has something real to read.
func serveImage(w http.ResponseWriter, r *http.Request) {
	imageOnce.Do(func() {
		img := image.NewRGBA(image.Rect(0, 0, 64, 40))
		for y := range 40 {
			for x := range 64 {
				img.Set(x, y, color.RGBA{uint8(40 + x*2), uint8(90 + y*2), 160, 255})
			}
		}
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		imagePNG = buf.Bytes()
	})
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "max-age=31536000")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(imagePNG)
}

// fieldSet is the parsed _fields parameter as a tree: {"content":
// {"protected": nil}} for "content.protected"; a nil value includes the
// whole field. A nil fieldSet includes everything.
type fieldSet map[string]fieldSet

func parseFields(q url.Values) fieldSet {
	raw := listParam(q, "_fields")
	if len(raw) == 0 {
		return nil
	}
	root := fieldSet{}
	for _, f := range raw {
		parts := strings.Split(f, ".")
		node := root
		for i, part := range parts {
			child, seen := node[part]
			if seen && child == nil {
				break // the parent is already included whole
			}
			if i == len(parts)-1 {
				node[part] = nil
				break
			}
			if child == nil {
				child = fieldSet{}
				node[part] = child
			}
			node = child
		}
	}
	return root
}

// includes reports whether a (possibly dotted) field is asked for, like
// rest_is_field_included: "content" is included by "content.protected", and
// "content.raw" by "content".
func (f fieldSet) includes(name string) bool {
	if f == nil {
		return true
	}
	node := f
	for part := range strings.SplitSeq(name, ".") {
		child, ok := node[part]
		if !ok {
			return false
		}
		if child == nil {
			return true
		}
		node = child
	}
	return true
}

// filter keeps only the requested keys of v, recursively.
func (f fieldSet) filter(v map[string]any) map[string]any {
	if f == nil {
		return v
	}
	out := make(map[string]any, len(f))
	for k, sub := range f {
		val, ok := v[k]
		if !ok {
			continue
		}
		if m, isMap := val.(map[string]any); isMap && sub != nil {
			out[k] = sub.filter(m)
			continue
		}
		out[k] = val
	}
	return out
}
