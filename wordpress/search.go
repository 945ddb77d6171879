package wordpress

import "context"

// ContentMatch is a post a content search matched, with the content the
// search read: the stored content (content.raw) when the client is
// authenticated, else the rendered one.
type ContentMatch struct {
	Post
	GUID    string
	Content string
}

// searchFields are what SearchContent asks for. content.raw and
// content.rendered are nested fields (WordPress ≥ 5.3): asking for the raw
// one only spares the site rendering every match.
const searchFields = "id,title,status,date_gmt,modified_gmt,link,guid"

// SearchContent lists every post WordPress's search (search=) matches for
// text, with its content, 100 a page: WordPress looks for each word of
// text, or a "quoted phrase" whole, with a LIKE on the title, the excerpt
// and the stored content, so text inside an HTML attribute (a class name)
// matches too (checked on WordPress 6.1). Authenticated, it lists every
// status but trash and reads the stored content; anonymously, published
// posts and their rendered content.
//
// The content is not cleaned: it is for finding a link in, never for a
// terminal.
func (c *Client) SearchContent(ctx context.Context, text string) ([]ContentMatch, error) {
	q := c.listQuery(ListOptions{PerPage: 100})
	q.Set("search", text)
	if c.Authenticated() {
		q.Set("_fields", searchFields+",content.raw")
	} else {
		q.Set("_fields", searchFields+",content.rendered")
	}
	var all []ContentMatch
	l := &lister[ContentMatch]{
		item: func(r *rawPost) ContentMatch {
			content := r.Content.Raw
			if content == "" {
				content = r.Content.Rendered
			}
			return ContentMatch{Post: r.post(), GUID: r.guid(), Content: content}
		},
		id:     func(m ContentMatch) int { return m.ID },
		onPage: func(_ int, ms []ContentMatch) { all = append(all, ms...) },
	}
	return all, l.run(ctx, c, q)
}
