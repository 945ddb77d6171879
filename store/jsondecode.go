package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decodeStrict decodes JSON that must mean one thing: no object with the
// same key twice (encoding/json would keep the last silently), no field this
// version does not know, nothing after the document.
func decodeStrict(b []byte, v any) error {
	if err := checkUniqueKeys(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("there is more after the JSON document")
	}
	return nil
}

// checkUniqueKeys walks the document's tokens and fails on an object that
// has a key twice.
func checkUniqueKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var stack []*jsonFrame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		top := (*jsonFrame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.key {
			k, ok := tok.(string)
			if !ok { // the end of the object
				stack = stack[:len(stack)-1]
				markValueDone(stack)
				continue
			}
			// encoding/json matches field names without regard to case and
			// keeps the last: "state" and "STATE" are the same key to it.
			if folded := strings.ToLower(k); top.keys[folded] {
				return fmt.Errorf("the key %q appears twice in one object (keys differing only in case are one key)", k)
			} else {
				top.keys[folded] = true
			}
			top.key = false
			continue
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &jsonFrame{object: true, keys: map[string]bool{}, key: true})
			case '[':
				stack = append(stack, &jsonFrame{})
			default: // ']' (a '}' is seen where a key is expected)
				stack = stack[:len(stack)-1]
				markValueDone(stack)
			}
		default:
			markValueDone(stack)
		}
	}
}

// jsonFrame is an array or object open in checkUniqueKeys.
type jsonFrame struct {
	object bool
	keys   map[string]bool
	key    bool // the next token of an object is a key (or its end)
}

// markValueDone: a value of the innermost object is complete, a key is next.
func markValueDone(stack []*jsonFrame) {
	if len(stack) > 0 && stack[len(stack)-1].object {
		stack[len(stack)-1].key = true
	}
}
