//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// wpTerm is a tag or category as the REST API answers it.
type wpTerm struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// createOwnTag creates a tag on the real site, deleted for good when the
// test ends.
func createOwnTag(t *testing.T, name string) wpTerm {
	t.Helper()
	var tag wpTerm
	wpDo(t, http.MethodPost, "/wp-json/wp/v2/tags", map[string]any{"name": name}, &tag)
	if tag.ID == 0 {
		t.Fatalf("creating tag %q: no id in the answer", name)
	}
	t.Cleanup(func() { wpDo(t, http.MethodDelete, fmt.Sprintf("/wp-json/wp/v2/tags/%d?force=true", tag.ID), nil, nil) })
	return tag
}

// listedByID is the post with id in a listing.
func listedByID(t *testing.T, posts []listedPost, id int) listedPost {
	t.Helper()
	for _, p := range posts {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("post %d is not in the listing (%d posts)", id, len(posts))
	return listedPost{}
}

// TestListShowsTermNames: list --json names a post's tags and categories
// as WordPress has them; a renamed tag keeps its stored name through a
// plain sync (renaming changes no post) and shows its new name after
// list --check.
func TestListShowsTermNames(t *testing.T) {
	stamp := time.Now().UnixNano()
	tag := createOwnTag(t, fmt.Sprintf("e2e terms %d", stamp))
	post := createOwnPost(t, "A post with a tag of its own", "<p>Tagged.</p>", map[string]any{"tags": []int{tag.ID}})
	var cats []wpTerm
	wpDo(t, http.MethodGet, fmt.Sprintf("/wp-json/wp/v2/categories?include=%d&_fields=id,name", post.Categories[0]), nil, &cats)
	if len(cats) != 1 {
		t.Fatalf("the post's category %v: %+v", post.Categories, cats)
	}

	cfg := writeConfig(t, wpURL, wpUser, wpAppPass)
	home := t.TempDir()
	got := listedByID(t, listIn(t, home, cfg), post.ID)
	if !slices.Equal(got.Tags, []string{tag.Name}) || !slices.Equal(got.Categories, []string{cats[0].Name}) {
		t.Fatalf("first list: tags %q, categories %q; want [%q], [%q]", got.Tags, got.Categories, tag.Name, cats[0].Name)
	}

	renamed := fmt.Sprintf("e2e renamed & %d", stamp)
	wpDo(t, http.MethodPost, fmt.Sprintf("/wp-json/wp/v2/tags/%d", tag.ID), map[string]any{"name": renamed}, nil)
	if got = listedByID(t, listIn(t, home, cfg), post.ID); !slices.Equal(got.Tags, []string{tag.Name}) {
		t.Fatalf("a plain list after the rename: tags %q, want the stored %q", got.Tags, tag.Name)
	}
	if got = listedByID(t, listIn(t, home, cfg, "--check"), post.ID); !slices.Equal(got.Tags, []string{renamed}) {
		t.Fatalf("list --check after the rename: tags %q, want [%q]", got.Tags, renamed)
	}
	// The store now holds what a first listing would show.
	sameListing(t, "after the check", listIn(t, home, cfg, "--offline"), fullFetch(t, cfg))
}
