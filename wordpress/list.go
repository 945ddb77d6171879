package wordpress

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// ListOptions selects what ListPosts asks for.
type ListOptions struct {
	// Statuses to list. Empty means every status the credentials may see:
	// AllStatuses when authenticated, only publish otherwise.
	Statuses []Status
	// PerPage is the page size, 1 to 100 (WordPress's maximum); default 100.
	PerPage int
	// ModifiedAfter, when not zero, keeps only posts modified strictly
	// after it (modified_after, WordPress ≥ 5.7). It is sent as RFC 3339
	// in UTC, whole seconds, truncated: "2025-06-01T09:30:00Z".
	//
	// WordPress compares it with post_modified, the site-local column, not
	// post_modified_gmt, after converting it to the site's timezone as set
	// now (WP_Date_Query::build_mysql_datetime with wp_timezone()). That is
	// exact for posts saved under the current setting, DST included, but
	// for the hour a return from DST repeats (1 h). Posts saved before the
	// site's timezone was moved east by N hours look N hours older, and are
	// missed when saved less than N hours after the instant (N is 26 at
	// most, UTC-12 to UTC+14). So a caller asking for "modified since my
	// last sync" subtracts a margin: 15 h covers DST, the whole seconds, and
	// a timezone moved east by up to 15 h between two syncs; a larger move
	// (UTC-10 to UTC+6) needs a full pass. Start from the newest
	// ModifiedGMT the site sent, not the caller's clock, which may differ
	// from the site's. The margin only costs refetching those hours' posts.
	//
	// Two changes leave the modified time alone, so no ModifiedAfter sees
	// them: a scheduled post going live (wp_publish_post sets only the
	// status; refetch cached future posts whose date has come, with
	// Include), and a post created with a date in the past (an import, a
	// backdated post: a new post's modified time is its date; CountPosts
	// and Stamps see it).
	//
	// WordPress older than 5.7 ignores the parameter, as it ignores every
	// parameter it does not know, and lists every post: slower, still
	// correct.
	ModifiedAfter time.Time
	// Include, when not empty, keeps only the posts with these ids
	// (WordPress's include), to refetch the list fields of known posts. The
	// page size grows to len(Include), up to 100, so up to 100 ids take
	// one request; pass at most 100 per call (more work, a page at a time,
	// but make a long URL). Ids WordPress does not list with the statuses
	// asked for (deleted, trashed, another status) are simply absent.
	Include []int
}

// listFields are the only fields a listing asks for. content.protected is a
// nested field (WordPress ≥ 5.3) that WordPress computes without rendering the
// content; older versions drop it and Protected stays false. tags and
// categories are term ids (a few bytes a post, read from WordPress's term
// cache, primed for the whole page in one query); their names are one
// request per hundred terms (Client.Terms), not one per post.
const listFields = "id,title,status,date_gmt,modified_gmt,link,sticky,content.protected,tags,categories"

// ListPosts lists posts, newest first, calling onPage once per page, in page
// order, from the calling goroutine. Page 1 is delivered as soon as it
// arrives; the other pages are fetched concurrently (WithWorkers) and
// buffered until their turn. A post seen on an earlier page is not repeated
// (posts published during the listing shift the pages). While a preview
// (Post) is being fetched no new page is asked for. The first error or the
// cancellation of ctx stops every fetch and is returned.
func (c *Client) ListPosts(ctx context.Context, opt ListOptions, onPage func(Page)) error {
	var l *lister[Post]
	l = &lister[Post]{
		item:  (*rawPost).post,
		id:    func(p Post) int { return p.ID },
		limit: len(opt.Include),
		onPage: func(n int, posts []Post) {
			onPage(Page{Number: n, Posts: posts, Loaded: l.loaded, Total: l.total, TotalPages: l.pages})
		},
	}
	return l.run(ctx, c, c.listQuery(opt))
}

// ListAllPosts collects every page of ListPosts.
func (c *Client) ListAllPosts(ctx context.Context, opt ListOptions) ([]Post, error) {
	var all []Post
	err := c.ListPosts(ctx, opt, func(p Page) { all = append(all, p.Posts...) })
	return all, err
}

func (c *Client) listQuery(opt ListOptions) url.Values {
	perPage := opt.PerPage
	if perPage <= 0 || perPage > 100 {
		perPage = DefaultPerPage
	}
	statuses := opt.Statuses
	if len(statuses) == 0 {
		statuses = []Status{StatusPublish}
		if c.Authenticated() {
			statuses = AllStatuses
		}
	}
	names := make([]string, len(statuses))
	for i, s := range statuses {
		names[i] = string(s)
	}
	if len(opt.Include) > 0 {
		perPage = min(max(perPage, len(opt.Include)), 100)
	}
	q := url.Values{
		"per_page": {strconv.Itoa(perPage)},
		"orderby":  {"date"},
		"order":    {"desc"},
		"status":   {strings.Join(names, ",")},
		"_fields":  {listFields},
	}
	if c.Authenticated() {
		q.Set("context", "edit")
	}
	if !opt.ModifiedAfter.IsZero() {
		q.Set("modified_after", opt.ModifiedAfter.UTC().Format(time.RFC3339))
	}
	if len(opt.Include) > 0 {
		ids := make([]string, len(opt.Include))
		for i, id := range opt.Include {
			ids[i] = strconv.Itoa(id)
		}
		q.Set("include", strings.Join(ids, ","))
	}
	return q
}

// lister walks every page of a posts query. T is what a listing hands out
// for one post (a Post, a Stamp): item makes it from the answer, in the
// goroutine that fetched the page, and id names its post for the
// de-duplication.
type lister[T any] struct {
	item   func(*rawPost) T
	id     func(T) int
	onPage func(number int, items []T) // in page order, from run's goroutine
	// limit is the most posts the query can match (len(Include)), 0 when
	// it is open: once that many are in, a full last page is the end.
	limit int

	c       *Client
	root    string
	query   url.Values
	perPage int
	seen    map[int]bool
	loaded  int
	total   int
	pages   int
}

// pageResult is one fetched page; pastEnd marks WordPress's
// rest_post_invalid_page_number, the end of the listing.
type pageResult[T any] struct {
	number  int
	posts   []T
	pastEnd bool
	err     error
}

// run lists query (per_page set) on c, calling l.onPage for every page.
func (l *lister[T]) run(ctx context.Context, c *Client, query url.Values) error {
	root, err := c.apiRoot(ctx)
	if err != nil {
		return err
	}
	l.c, l.root, l.query, l.seen = c, root, query, map[int]bool{}
	l.perPage, _ = strconv.Atoi(query.Get("per_page"))
	first := l.fetch(ctx, 1)
	if first.err != nil {
		return first.err
	}
	if first.pastEnd {
		return nil
	}
	last := first
	if l.pages > 1 {
		var err error
		if last, err = l.fetchRest(ctx, first); err != nil {
			return err
		}
	} else {
		l.deliver(first)
		if l.pages == 0 && len(first.posts) < l.perPage {
			return nil // no pagination headers (stripped by a cache) and a short page: done
		}
	}
	// A full last page may mean posts were published meanwhile, or that a
	// cache stripped the pagination headers: walk on until a short page.
	for n := last.number + 1; !last.pastEnd && len(last.posts) >= l.perPage && (l.limit == 0 || l.loaded < l.limit); n++ {
		if last = l.fetch(ctx, n); last.err != nil {
			return last.err
		}
		if !last.pastEnd {
			l.deliver(last)
		}
	}
	return nil
}

// fetchRest delivers the first page, fetches pages 2..l.pages with bounded
// workers and delivers them in order. It returns the last page delivered, or
// a past-end marker when the listing turned out shorter.
func (l *lister[T]) fetchRest(ctx context.Context, first pageResult[T]) (pageResult[T], error) {
	ctx, cancel := context.WithCancel(ctx)
	jobs := make(chan int)
	results := make(chan pageResult[T])
	var wg sync.WaitGroup
	// No goroutine outlives the call: stop them, then wait for them.
	defer func() { cancel(); wg.Wait() }()
	for range min(l.c.workers, l.pages-1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				r := l.fetch(ctx, n)
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for n := 2; n <= l.pages; n++ {
			select {
			case jobs <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Workers are already busy with the next pages while the caller
	// handles the first.
	l.deliver(first)
	pending := map[int]pageResult[T]{}
	last := first
	for next := 2; next <= l.pages; {
		select {
		case r := <-results:
			if r.err != nil {
				return last, r.err
			}
			pending[r.number] = r
		case <-ctx.Done():
			return last, transportError(ctx, l.c.SiteURL(), ctx.Err())
		}
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if r.pastEnd {
				// Posts were deleted meanwhile: the listing is shorter.
				return pageResult[T]{number: r.number - 1, pastEnd: true}, nil
			}
			l.deliver(r)
			last = r
		}
	}
	return last, nil
}

func (l *lister[T]) deliver(r pageResult[T]) {
	posts := r.posts[:0:0]
	for _, p := range r.posts {
		if id := l.id(p); !l.seen[id] {
			l.seen[id] = true
			posts = append(posts, p)
		}
	}
	l.loaded += len(posts)
	l.onPage(r.number, posts)
}

// fetch gets one page, once no preview is in flight. On page 1 it records
// the totals.
func (l *lister[T]) fetch(ctx context.Context, n int) pageResult[T] {
	if err := l.c.fg.wait(ctx); err != nil {
		return pageResult[T]{number: n, err: transportError(ctx, l.c.SiteURL(), err)}
	}
	q := make(url.Values, len(l.query)+1)
	for k, v := range l.query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	var raw []rawPost
	resp, err := l.c.getJSON(ctx, endpoint(l.root, "wp/v2/posts", q), &raw)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == "rest_post_invalid_page_number" {
			return pageResult[T]{number: n, pastEnd: true}
		}
		return pageResult[T]{number: n, err: err}
	}
	if n == 1 {
		l.total, _ = strconv.Atoi(resp.header.Get("X-WP-Total"))
		l.pages, _ = strconv.Atoi(resp.header.Get("X-WP-TotalPages"))
	}
	posts := make([]T, len(raw))
	for i := range raw {
		posts[i] = l.item(&raw[i])
	}
	return pageResult[T]{number: n, posts: posts}
}

// rawPost is a post as the REST API sends it, list fields and detail fields.
type rawPost struct {
	ID          int      `json:"id"`
	Title       rendered `json:"title"`
	Status      string   `json:"status"`
	DateGMT     wpTime   `json:"date_gmt"`
	ModifiedGMT wpTime   `json:"modified_gmt"`
	Link        string   `json:"link"`
	GUID        rendered `json:"guid"`
	Sticky      bool     `json:"sticky"`
	Content     struct {
		Raw       string `json:"raw"`
		Rendered  string `json:"rendered"`
		Protected bool   `json:"protected"`
	} `json:"content"`
	Excerpt       rendered `json:"excerpt"`
	FeaturedMedia int      `json:"featured_media"`
	Tags          []int    `json:"tags"`
	Categories    []int    `json:"categories"`
}

// rendered is WordPress's {raw, rendered} pair; raw only comes with context=edit.
type rendered struct {
	Raw      string `json:"raw"`
	Rendered string `json:"rendered"`
}

// guid is the stored guid (raw, with context=edit), else the rendered one,
// which WordPress escapes for HTML ("&#038;").
func (r *rawPost) guid() string {
	if r.GUID.Raw != "" {
		return termtext.CleanLine(r.GUID.Raw)
	}
	return cleanText(r.GUID.Rendered)
}

func (r *rawPost) post() Post {
	title := r.Title.Rendered
	if r.Status == string(StatusPrivate) && r.Title.Raw != "" {
		// title.rendered of a private post carries WordPress's own
		// (translated) "Private: " prefix; the stored title does not.
		title = r.Title.Raw
	}
	return Post{
		ID:          r.ID,
		Title:       cleanTitle(title),
		Status:      Status(cleanText(r.Status)),
		DateGMT:     time.Time(r.DateGMT),
		ModifiedGMT: time.Time(r.ModifiedGMT),
		Link:        cleanText(r.Link),
		Sticky:      r.Sticky,
		Protected:   r.Content.Protected,
		TagIDs:      nilIfEmpty(r.Tags),
		CategoryIDs: nilIfEmpty(r.Categories),
	}
}

// nilIfEmpty makes "no terms" one value whether WordPress sent [] or
// nothing (a taxonomy hidden from the REST API).
func nilIfEmpty(ids []int) []int {
	if len(ids) == 0 {
		return nil
	}
	return ids
}

// cleanTitle is cleanText with a placeholder for untitled posts.
func cleanTitle(s string) string {
	if t := cleanText(s); t != "" {
		return t
	}
	return "(no title)"
}

// wpTime reads WordPress's GMT dates ("2024-05-01T09:30:00", no zone);
// null or an empty string (a never-saved draft) is the zero time.
type wpTime time.Time

// wpDateLayout is how WordPress writes its dates.
const wpDateLayout = "2006-01-02T15:04:05"

// UnmarshalJSON implements json.Unmarshaler.
func (t *wpTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" || s == `""` {
		*t = wpTime{}
		return nil
	}
	s = strings.Trim(s, `"`)
	for _, layout := range []string{wpDateLayout, time.RFC3339} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = wpTime(v.UTC())
			return nil
		}
	}
	return errors.New("wordpress: bad date " + strconv.Quote(s))
}
