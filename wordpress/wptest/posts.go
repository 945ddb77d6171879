package wptest

import (
	"cmp"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FakePost is a post as the fake stores it.
type FakePost struct {
	ID int
	// Title is the rendered title as WordPress sends it, entities and all
	// ("It&#8217;s"). TitleRaw is what context=edit adds as title.raw;
	// empty means Title with entities decoded.
	Title    string
	TitleRaw string
	// Content is the rendered HTML; RawContent the stored block markup
	// (context=edit only; empty means Content). ContentSignedIn, when set,
	// is the rendered HTML a request with good credentials gets instead of
	// Content, as dynamic blocks (latest posts, query loops) render more
	// for a signed-in user than for an anonymous reader.
	Content         string
	ContentSignedIn string
	RawContent      string
	Excerpt         string // rendered excerpt HTML
	Status          string // "publish", "future", "draft", "pending", "private"
	Date            time.Time
	Modified        time.Time // zero means Date
	Slug            string    // empty means "post-<id>"
	Sticky          bool
	// Password protects the post: anonymous readers get empty content and
	// excerpt, and content.protected is true.
	Password      string
	FeaturedMedia int
	Tags          []int
	Categories    []int
}

// FakeMedia is an attachment. A SourceURL starting with "/" is served
// relative to the server's URL.
type FakeMedia struct {
	ID        int
	SourceURL string
	AltText   string
	Width     int
	Height    int
}

// AddPost adds p, replacing any post with the same ID.
func (s *Server) AddPost(p FakePost) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts[p.ID] = p
	s.sorted = nil
}

// SetPosts replaces every post.
func (s *Server) SetPosts(posts []FakePost) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.posts = make(map[int]FakePost, len(posts))
	for _, p := range posts {
		s.posts[p.ID] = p
	}
	s.sorted = nil
}

// UpdatePost changes the post with id in place, as an edit on a real site
// would, and reports whether it exists. fn may change any field: the status
// (to "trash" to trash it: trashed posts are not listed unless asked for,
// and a single read answers them with status "trash" to the logged-in user
// and 401 to others, as WordPress does), the title, the content. When fn leaves
// Modified as it was, Modified moves to now (whole seconds, as WordPress
// stores it), like any save; set Modified in fn to pin it, even backwards.
func (s *Server) UpdatePost(id int, fn func(*FakePost)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.posts[id]
	if !ok {
		return false
	}
	before := p.Modified
	fn(&p)
	if p.Modified.Equal(before) {
		p.Modified = time.Now().UTC().Truncate(time.Second)
	}
	p.ID = id
	s.posts[id] = p
	s.sorted = nil
	return true
}

// DeletePost removes the post with id, if any.
func (s *Server) DeletePost(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.posts, id)
	s.sorted = nil
}

// AddTag adds a tag. Names are served as given: WordPress stores "&" as
// "&amp;".
func (s *Server) AddTag(id int, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tags[id] = name
}

// AddCategory adds a category (1 is "Uncategorized" from the start).
func (s *Server) AddCategory(id int, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.categories[id] = name
}

// AddMedia adds an attachment.
func (s *Server) AddMedia(m FakeMedia) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.media[m.ID] = m
}

// GeneratePosts returns n plain published posts, ids 1..n, one hour apart
// ending at base (newest is id n), for benchmarks and paging tests.
func GeneratePosts(n int, base time.Time) []FakePost {
	posts := make([]FakePost, n)
	for i := range posts {
		id := i + 1
		posts[i] = FakePost{
			ID:         id,
			Title:      "Generated post number " + strconv.Itoa(id),
			Content:    "<p>Body of generated post " + strconv.Itoa(id) + ".</p>\n",
			Excerpt:    "<p>Body of generated post " + strconv.Itoa(id) + ".</p>\n",
			Status:     "publish",
			Date:       base.Add(-time.Duration(n-id) * time.Hour).UTC(),
			Categories: []int{1},
		}
	}
	return posts
}

// sortedPosts returns the posts newest first; s.mu must be held.
func (s *Server) sortedPosts() []*FakePost {
	if s.sorted == nil {
		s.sorted = make([]*FakePost, 0, len(s.posts))
		for id := range s.posts {
			p := s.posts[id]
			s.sorted = append(s.sorted, &p)
		}
		slices.SortFunc(s.sorted, func(a, b *FakePost) int {
			if c := b.Date.Compare(a.Date); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
	}
	return s.sorted
}

var validStatuses = []string{"publish", "future", "draft", "pending", "private", "trash", "any"}

func (s *Server) servePosts(w http.ResponseWriter, q url.Values, who authState, fields fieldSet) {
	page, ok := intParam(w, q, "page", 1, 1, 1<<30)
	if !ok {
		return
	}
	perPage, ok := intParam(w, q, "per_page", 10, 1, 100)
	if !ok {
		return
	}
	statuses := listParam(q, "status")
	if len(statuses) == 0 {
		statuses = []string{"publish"}
	}
	for _, st := range statuses {
		if !slices.Contains(validStatuses, st) {
			invalidParam(w, "status", "status["+strconv.Itoa(slices.Index(statuses, st))+"] is not one of publish, future, draft, pending, private, trash, any.")
			return
		}
		if st != "publish" && who != loggedIn {
			// As WordPress does: the real reason (the request counts as
			// anonymous) is only in data.details.
			writeError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): status", map[string]any{
				"params":  map[string]any{"status": "Status is forbidden."},
				"details": map[string]any{"status": map[string]any{"code": "rest_forbidden_status", "message": "Status is forbidden.", "data": map[string]any{"status": 401}}},
			})
			return
		}
	}
	// WordPress validates the parameters (status above) before it checks
	// the permission for context=edit.
	edit := q.Get("context") == "edit"
	if edit && who != loggedIn {
		writeError(w, http.StatusUnauthorized, "rest_forbidden_context", "Sorry, you are not allowed to edit posts in this post type.", nil)
		return
	}
	asc := q.Get("order") == "asc"
	filter, ok := postFilter(w, q)
	if !ok {
		return
	}
	matches := func(p *FakePost) bool {
		return (slices.Contains(statuses, p.Status) || (slices.Contains(statuses, "any") && p.Status != "trash")) && filter(p)
	}

	// Count every match but keep only the requested page's posts, so a
	// 10,000-post benchmark measures the client rather than this fake.
	s.mu.Lock()
	all := s.sortedPosts()
	if q.Get("orderby") == "id" { // newest id first, as the date order
		all = slices.Clone(all)
		slices.SortFunc(all, func(a, b *FakePost) int { return cmp.Compare(b.ID, a.ID) })
	}
	total := 0
	for _, p := range all {
		if matches(p) {
			total++
		}
	}
	start := min((page-1)*perPage, total)
	end := min(start+perPage, total)
	window := make([]*FakePost, 0, end-start)
	for i, n := 0, 0; i < len(all) && n < end; i++ {
		p := all[i]
		if asc {
			p = all[len(all)-1-i]
		}
		if !matches(p) {
			continue
		}
		if n >= start {
			window = append(window, p)
		}
		n++
	}
	s.mu.Unlock()

	pages := (total + perPage - 1) / perPage
	if page > pages && total > 0 {
		writeError(w, http.StatusBadRequest, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.", nil)
		return
	}
	w.Header().Set("X-WP-Total", strconv.Itoa(total))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	if page < pages {
		next := cloneValues(q)
		next.Set("page", strconv.Itoa(page+1))
		w.Header().Add("Link", "<"+s.URL+"/wp-json/wp/v2/posts?"+next.Encode()+`>; rel="next"`)
	}
	out := make([]any, 0, len(window))
	for _, p := range window {
		out = append(out, s.postJSON(p, edit, who, fields))
	}
	writeJSON(w, http.StatusOK, out)
}

// postFilter reads the listing filters beyond status: include (ids) and
// modified_after. WordPress compares modified_after with post_modified, the
// site-local column, after converting the given instant to the site's
// timezone; the fake's site is on UTC (its index says gmt_offset 0), so it
// compares with the modified GMT time, which is the same thing. Like
// WordPress it keeps only posts modified strictly after the instant, and
// reads a time without a zone as site time.
func postFilter(w http.ResponseWriter, q url.Values) (func(*FakePost) bool, bool) {
	var include []int
	for i, v := range listParam(q, "include") {
		id, err := strconv.Atoi(v)
		if err != nil {
			invalidParam(w, "include", "include["+strconv.Itoa(i)+"] is not of type integer.")
			return nil, false
		}
		include = append(include, id)
	}
	var after time.Time
	if v := q.Get("modified_after"); v != "" {
		t, ok := parseRESTDate(v)
		if !ok {
			invalidParam(w, "modified_after", "Invalid date.")
			return nil, false
		}
		after = t
	}
	terms := searchTerms(q.Get("search"))
	return func(p *FakePost) bool {
		if include != nil && !slices.Contains(include, p.ID) {
			return false
		}
		return (after.IsZero() || p.modified().After(after)) && p.matchesSearch(terms)
	}, true
}

// searchTerm splits search= as WP_Query::parse_search does: a "quoted
// phrase" is one term, other words are split on spaces, commas and plus
// signs.
var searchTerm = regexp.MustCompile(`".*?("|$)|((^|[\t ",+])[^\t ",+]+)`)

func searchTerms(s string) []string {
	var terms []string
	for _, m := range searchTerm.FindAllString(s, -1) {
		if t := strings.Trim(m, "\t \",+"); t != "" {
			terms = append(terms, strings.ToLower(t))
		}
	}
	return terms
}

// matchesSearch is WordPress's search: every term in the title, the
// excerpt or the stored content (post_content, with its markup: a LIKE,
// case-insensitive in MySQL's default collation).
func (p *FakePost) matchesSearch(terms []string) bool {
	raw := p.RawContent
	if raw == "" {
		raw = p.Content
	}
	hay := strings.ToLower(p.Title + "\n" + p.Excerpt + "\n" + raw)
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}

// parseRESTDate reads a date-time as rest_parse_date does: RFC 3339, the
// zone optional (then site time, UTC here), fractions of a second allowed.
func parseRESTDate(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// modified is the post's modified time: Modified, or Date when it is zero.
func (p *FakePost) modified() time.Time {
	if p.Modified.IsZero() {
		return p.Date
	}
	return p.Modified
}

func (s *Server) servePost(w http.ResponseWriter, q url.Values, who authState, id int, fields fieldSet) {
	s.mu.Lock()
	p, found := s.posts[id]
	s.mu.Unlock()
	if !found {
		writeError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	}
	// A trashed post is still there for those who may edit it: WordPress
	// answers it with status "trash" (anonymous readers get the 401 below).
	edit := q.Get("context") == "edit"
	if edit && who != loggedIn {
		writeError(w, http.StatusUnauthorized, "rest_forbidden_context", "Sorry, you are not allowed to edit this post.", nil)
		return
	}
	if edit && s.cfg.cannotEdit {
		writeError(w, http.StatusForbidden, "rest_forbidden_context", "Sorry, you are not allowed to edit this post.", nil)
		return
	}
	if p.Status != "publish" && who != loggedIn {
		writeError(w, http.StatusUnauthorized, "rest_forbidden", "Sorry, you are not allowed to do that.", nil)
		return
	}
	if p.Password != "" && who != loggedIn && q.Get("password") != "" && q.Get("password") != p.Password {
		writeError(w, http.StatusForbidden, "rest_post_incorrect_password", "Incorrect post password.", nil)
		return
	}
	writeJSON(w, http.StatusOK, s.postJSON(&p, edit, who, fields))
}

const wpDate = "2006-01-02T15:04:05"

// postJSON renders a post like WP_REST_Posts_Controller: only the fields
// asked for are computed, and a protected post's content is empty unless the
// reader may see it.
func (s *Server) postJSON(p *FakePost, edit bool, who authState, fields fieldSet) map[string]any {
	d := map[string]any{}
	set := func(name string, v func() any) {
		if fields.includes(name) {
			d[name] = v()
		}
	}
	modified := p.modified()
	slug := p.Slug
	if slug == "" {
		slug = "post-" + strconv.Itoa(p.ID)
	}
	hidden := p.Password != "" && who != loggedIn
	set("id", func() any { return p.ID })
	set("date", func() any { return p.Date.UTC().Format(wpDate) })
	set("date_gmt", func() any { return p.Date.UTC().Format(wpDate) })
	set("guid", func() any { return map[string]any{"rendered": s.URL + "/?p=" + strconv.Itoa(p.ID)} })
	set("modified", func() any { return modified.UTC().Format(wpDate) })
	set("modified_gmt", func() any { return modified.UTC().Format(wpDate) })
	set("slug", func() any { return slug })
	set("status", func() any { return p.Status })
	set("type", func() any { return "post" })
	set("link", func() any {
		if p.Status != "publish" && p.Status != "private" {
			return s.URL + "/?p=" + strconv.Itoa(p.ID)
		}
		if s.cfg.pretty {
			return s.URL + "/" + slug + "/" // the "Post name" permalink structure
		}
		return s.URL + "/?p=" + strconv.Itoa(p.ID)
	})
	set("title", func() any {
		rendered := p.Title
		if p.Status == "private" {
			rendered = "Private: " + rendered // get_the_title's prefix, which the REST API keeps
		}
		t := map[string]any{"rendered": rendered}
		if edit {
			raw := p.TitleRaw
			if raw == "" {
				raw = html.UnescapeString(p.Title)
			}
			t["raw"] = raw
		}
		return t
	})
	set("content", func() any {
		c := map[string]any{"protected": p.Password != ""}
		if fields.includes("content.rendered") {
			c["rendered"] = ""
			switch {
			case hidden:
			case who == loggedIn && p.ContentSignedIn != "":
				c["rendered"] = p.ContentSignedIn
			default:
				c["rendered"] = p.Content
			}
		}
		if edit {
			raw := p.RawContent
			if raw == "" {
				raw = p.Content
			}
			c["raw"] = raw
			c["block_version"] = boolInt(strings.Contains(raw, "<!-- wp:"))
		}
		return c
	})
	set("excerpt", func() any {
		e := map[string]any{"rendered": p.Excerpt, "protected": p.Password != ""}
		if hidden {
			e["rendered"] = ""
		}
		if edit {
			e["raw"] = ""
		}
		return e
	})
	set("author", func() any { return s.cfg.user.ID })
	set("featured_media", func() any { return p.FeaturedMedia })
	set("comment_status", func() any { return "open" })
	set("ping_status", func() any { return "open" })
	set("sticky", func() any { return p.Sticky })
	set("template", func() any { return "" })
	set("format", func() any { return "standard" })
	set("meta", func() any { return map[string]any{"footnotes": ""} })
	set("categories", func() any { return orEmpty(p.Categories) })
	set("tags", func() any { return orEmpty(p.Tags) })
	if edit {
		set("password", func() any { return p.Password })
	}
	if fields == nil {
		d["_links"] = map[string]any{"self": []any{map[string]any{"href": s.URL + "/wp-json/wp/v2/posts/" + strconv.Itoa(p.ID)}}}
	}
	return fields.filter(d)
}

func (s *Server) serveTerms(w http.ResponseWriter, route string, q url.Values, fields fieldSet) {
	perPage, ok := intParam(w, q, "per_page", 10, 1, 100)
	if !ok {
		return
	}
	taxonomy, source := "post_tag", s.tags
	if route == "/wp/v2/categories" {
		taxonomy, source = "category", s.categories
	}
	var include []int
	for _, v := range listParam(q, "include") {
		id, err := strconv.Atoi(v)
		if err != nil {
			invalidParam(w, "include", "include[0] is not of type integer.")
			return
		}
		include = append(include, id)
	}
	s.mu.Lock()
	type term struct {
		id   int
		name string
	}
	var terms []term
	for id, name := range source {
		if include == nil || slices.Contains(include, id) {
			terms = append(terms, term{id, name})
		}
	}
	s.mu.Unlock()
	// WordPress orders terms by name by default.
	slices.SortFunc(terms, func(a, b term) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id)) })
	w.Header().Set("X-WP-Total", strconv.Itoa(len(terms)))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa((len(terms)+perPage-1)/perPage))
	out := []any{}
	for _, t := range terms[:min(perPage, len(terms))] {
		slug := strings.ToLower(strings.ReplaceAll(html.UnescapeString(t.name), " ", "-"))
		out = append(out, fields.filter(map[string]any{
			"id": t.id, "count": 1, "description": "", "name": t.name, "slug": slug,
			"taxonomy": taxonomy, "link": s.URL + "/" + taxonomy + "/" + slug + "/", "meta": []any{},
		}))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) serveMedia(w http.ResponseWriter, id int, fields fieldSet) {
	s.mu.Lock()
	m, ok := s.media[id]
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "rest_post_invalid_id", "Invalid post ID.", nil)
		return
	}
	src := m.SourceURL
	if strings.HasPrefix(src, "/") {
		src = s.URL + src
	}
	writeJSON(w, http.StatusOK, fields.filter(map[string]any{
		"id": m.ID, "type": "attachment", "media_type": "image", "mime_type": mimeFor(src),
		"source_url": src, "alt_text": m.AltText, "link": s.URL + "/?attachment_id=" + strconv.Itoa(m.ID),
		"title":         map[string]any{"rendered": "attachment-" + strconv.Itoa(m.ID)},
		"media_details": map[string]any{"width": m.Width, "height": m.Height},
	}))
}

func mimeFor(src string) string {
	switch {
	case strings.HasSuffix(src, ".png"):
		return "image/png"
	case strings.HasSuffix(src, ".webp"):
		return "image/webp"
	}
	return "image/jpeg"
}

func intParam(w http.ResponseWriter, q url.Values, name string, def, lo, hi int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		invalidParam(w, name, name+" is not of type integer.")
		return 0, false
	}
	if n < lo || n > hi {
		invalidParam(w, name, name+" must be between "+strconv.Itoa(lo)+" (inclusive) and "+strconv.Itoa(hi)+" (inclusive)")
		return 0, false
	}
	return n, true
}

// listParam reads a WordPress list argument: "a,b", or name[]=a&name[]=b.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range append(q[name], q[name+"[]"]...) {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

func orEmpty(ids []int) []int {
	if ids == nil {
		return []int{}
	}
	return ids
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
