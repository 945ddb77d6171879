package wordpress

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// Taxonomy is a term route of the REST API: Tags or Categories.
type Taxonomy string

// The taxonomies a post's list fields carry ids of.
const (
	Tags       Taxonomy = "tags"
	Categories Taxonomy = "categories"
)

// String returns the route name ("tags", "categories").
func (t Taxonomy) String() string { return string(t) }

// Term is a tag or a category: its name decoded and cleaned for the
// terminal, its slug cleaned.
type Term struct {
	ID   int
	Name string
	Slug string
}

// termBatch is how many ids one terms request asks for: WordPress's
// per_page maximum, so include= is answered in one page.
const termBatch = 100

// Terms fetches the names and slugs of the terms of taxonomy with ids,
// a hundred per request (include=…&_fields=id,name,slug&per_page=100: a
// few dozen bytes a term), in WordPress's order. Ids WordPress does not
// return (the term was deleted, or its taxonomy is not public) are absent.
// It always asks, even for terms this client has seen (a tag may have been
// renamed since), and refreshes the names Post uses.
//
// Terms is a background request, like a listing page: it waits while a
// preview is being fetched.
func (c *Client) Terms(ctx context.Context, taxonomy Taxonomy, ids []int) ([]Term, error) {
	root, err := c.apiRoot(ctx)
	if err != nil {
		return nil, err
	}
	var out []Term
	for batch := range slices.Chunk(dedupe(ids), termBatch) {
		if err := c.fg.wait(ctx); err != nil {
			return nil, transportError(ctx, c.SiteURL(), err)
		}
		terms, err := c.fetchTerms(ctx, root, taxonomy, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, terms...)
	}
	return out, nil
}

// fetchTerms asks for at most termBatch ids in one request and puts what
// comes back in the client's name cache.
func (c *Client) fetchTerms(ctx context.Context, root string, taxonomy Taxonomy, ids []int) ([]Term, error) {
	include := make([]string, len(ids))
	for i, id := range ids {
		include[i] = strconv.Itoa(id)
	}
	q := url.Values{
		"include":  {strings.Join(include, ",")},
		"per_page": {strconv.Itoa(termBatch)},
		"_fields":  {"id,name,slug"},
	}
	var raw []struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Slug string `json:"slug"`
	}
	if _, err := c.getJSON(ctx, endpoint(root, "wp/v2/"+string(taxonomy), q), &raw); err != nil {
		return nil, err
	}
	terms := make([]Term, len(raw))
	cache := c.termCache(taxonomy)
	c.termsMu.Lock()
	for i, t := range raw {
		terms[i] = Term{ID: t.ID, Name: cleanText(t.Name), Slug: termtext.CleanLine(t.Slug)}
		cache[t.ID] = term{name: terms[i].Name, slug: terms[i].Slug}
	}
	c.termsMu.Unlock()
	return terms, nil
}

// term is a tag or category as the client keeps it.
type term struct{ name, slug string }

func (c *Client) termCache(taxonomy Taxonomy) map[int]term {
	if taxonomy == Categories {
		return c.catNames
	}
	return c.tagNames
}

// termNames returns the names and slugs of term ids in taxonomy, in the
// order of ids, fetching the ones the client has not seen in batches of
// 100. Ids WordPress does not return are skipped. It is part of a
// foreground request (Post), so it does not wait for the lane.
func (c *Client) termNames(ctx context.Context, root string, taxonomy Taxonomy, ids []int) (names, slugs []string, err error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	cache := c.termCache(taxonomy)
	c.termsMu.Lock()
	var missing []int
	for _, id := range ids {
		if _, ok := cache[id]; !ok && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	c.termsMu.Unlock()

	for batch := range slices.Chunk(missing, termBatch) {
		if _, err := c.fetchTerms(ctx, root, taxonomy, batch); err != nil {
			return nil, nil, err
		}
	}

	c.termsMu.Lock()
	defer c.termsMu.Unlock()
	names = make([]string, 0, len(ids))
	slugs = make([]string, 0, len(ids))
	for _, id := range ids {
		if t, ok := cache[id]; ok && t.name != "" {
			names, slugs = append(names, t.name), append(slugs, t.slug)
		}
	}
	return names, slugs, nil
}

// dedupe returns ids without repeats, in their first order.
func dedupe(ids []int) []int {
	seen := make(map[int]bool, len(ids))
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
