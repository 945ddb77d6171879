package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// PlanSource says how a plan was made.
type PlanSource string

// The plan sources.
const (
	// PlanByUser: wp2medium plan, or the app's plan form.
	PlanByUser PlanSource = "plan"
	// PlanBackfill: sync --backfill queued the post from the archive. A
	// backfill never replaces a plan the user made.
	PlanBackfill PlanSource = "backfill"
)

// PlanOptions are the publish choices saved with a plan: what publish's
// flags and the app's form choose.
type PlanOptions struct {
	Status          medium.PublishStatus `json:"status"`
	License         medium.License       `json:"license"`
	CrossLink       bool                 `json:"cross_link"`
	NotifyFollowers bool                 `json:"notify_followers"`
	// Tags nil means the post's own tags when it is sent; empty means none.
	Tags          []string `json:"tags"`
	PublicationID string   `json:"publication_id,omitempty"`
	KeepDate      bool     `json:"keep_date,omitempty"`
	UploadImages  bool     `json:"upload_images,omitempty"`
	WithoutImages bool     `json:"without_images,omitempty"`
}

// Plan is a post to be sent automatically with the saved choices once it
// is published on WordPress (see package autopost).
type Plan struct {
	Site      string // the configured address (stored as its SiteKey)
	PostID    int
	Source    PlanSource
	Options   PlanOptions
	CreatedAt time.Time
}

func (p Plan) check() error {
	switch {
	case SiteKey(p.Site) == "":
		return errors.New("store: a plan needs a site")
	case p.PostID <= 0:
		return fmt.Errorf("store: a plan needs a post id, not %d", p.PostID)
	case p.Source != PlanByUser && p.Source != PlanBackfill:
		return fmt.Errorf("store: unknown plan source %q", p.Source)
	}
	return nil
}

// SetPlan saves the user's plan for a post, replacing any plan it had.
func (s *Store) SetPlan(p Plan) error {
	if err := p.check(); err != nil {
		return err
	}
	return s.write(context.Background(), func(tx *sql.Tx) error {
		_, err := execCount(tx, p, "INSERT OR REPLACE")
		return err
	})
}

// AddPlans saves plans for posts that have none, and says how many it added:
// a backfill run twice queues nothing twice, and never replaces a plan the
// user made.
func (s *Store) AddPlans(ps []Plan) (added int, err error) {
	for _, p := range ps {
		if err := p.check(); err != nil {
			return 0, err
		}
	}
	err = s.write(context.Background(), func(tx *sql.Tx) error {
		added = 0
		for _, p := range ps {
			n, err := execCount(tx, p, "INSERT OR IGNORE")
			if err != nil {
				return err
			}
			added += n
		}
		return nil
	})
	return added, err
}

// execCount writes p with verb ("INSERT OR REPLACE", "INSERT OR IGNORE")
// and says whether a row changed.
func execCount(tx *sql.Tx, p Plan, verb string) (int, error) {
	opts, err := json.Marshal(p.Options)
	if err != nil {
		return 0, err
	}
	at := p.CreatedAt
	if at.IsZero() {
		at = time.Now()
	}
	res, err := tx.Exec(verb+" INTO plans (site, post_id, source, options, created_at) VALUES (?, ?, ?, ?, ?)",
		SiteKey(p.Site), p.PostID, string(p.Source), string(opts), at.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("cannot save the plan of post %d: %w", p.PostID, err)
	}
	n, _ := res.RowsAffected()
	if n > 0 {
		if err := bumpVersion(tx); err != nil {
			return 0, err
		}
	}
	return int(n), nil
}

// CancelPlan removes the post's plan; false when it had none.
func (s *Store) CancelPlan(site string, postID int) (bool, error) {
	var removed bool
	err := s.write(context.Background(), func(tx *sql.Tx) error {
		res, err := tx.Exec("DELETE FROM plans WHERE site = ? AND post_id = ?", SiteKey(site), postID)
		if err != nil {
			return fmt.Errorf("cannot remove the plan of post %d: %w", postID, err)
		}
		n, _ := res.RowsAffected()
		removed = n > 0
		if removed {
			return bumpVersion(tx)
		}
		return nil
	})
	return removed, err
}

// Plans lists the site's plans by post id.
func (s *Store) Plans(site string) ([]Plan, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.db.Query("SELECT post_id, source, options, created_at FROM plans WHERE site = ? ORDER BY post_id", SiteKey(site))
	if err != nil {
		return nil, s.dbError("read the plans", err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p := Plan{Site: SiteKey(site)}
		var source, opts string
		var at int64
		if err := rows.Scan(&p.PostID, &source, &opts, &at); err != nil {
			return nil, s.dbError("read the plans", err)
		}
		p.Source, p.CreatedAt = PlanSource(source), time.Unix(0, at).UTC()
		if err := json.Unmarshal([]byte(opts), &p.Options); err != nil {
			return nil, &FileError{Path: s.path, Problem: fmt.Sprintf("the plan of post %d cannot be read (%v)", p.PostID, err), Corrupt: true, Err: err}
		}
		if err := p.check(); err != nil {
			return nil, &FileError{Path: s.path, Problem: err.Error(), Corrupt: true, Err: err}
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, s.dbError("read the plans", err)
	}
	return out, nil
}

// AutoPost is what automatic passes learnt of a post that has not gone out.
type AutoPost struct {
	Site   string
	PostID int
	// Skip, when not empty, is why the rules do not pick the post, found
	// when its modified_gmt was CheckedModified: a post changed since is
	// looked at again.
	CheckedModified time.Time
	Skip            string
	// Rules is a fingerprint of the rules the skip was found under: other
	// rules look at the post again.
	Rules string
	// Failures counts the failed tries in a row; RetryAt is when the next
	// may go.
	Failures  int
	LastError string
	RetryAt   time.Time
}

// AutoPosts returns what automatic passes recorded of the site's posts.
func (s *Store) AutoPosts(site string) (map[int]AutoPost, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	rows, err := s.db.Query("SELECT post_id, checked_modified, skip, rules, failures, last_error, retry_at FROM auto_posts WHERE site = ?", SiteKey(site))
	if err != nil {
		return nil, s.dbError("read the automatic sends", err)
	}
	defer rows.Close()
	out := map[int]AutoPost{}
	for rows.Next() {
		a := AutoPost{Site: SiteKey(site)}
		var mod, retry int64
		if err := rows.Scan(&a.PostID, &mod, &a.Skip, &a.Rules, &a.Failures, &a.LastError, &retry); err != nil {
			return nil, s.dbError("read the automatic sends", err)
		}
		a.CheckedModified = unixTime(mod)
		if retry != 0 {
			a.RetryAt = time.Unix(0, retry).UTC()
		}
		out[a.PostID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, s.dbError("read the automatic sends", err)
	}
	return out, nil
}

// SetAutoPost records what a pass learnt of a post; the zero AutoPost (no
// skip, no failures) removes the record.
func (s *Store) SetAutoPost(a AutoPost) error {
	return s.write(context.Background(), func(tx *sql.Tx) error {
		if a.Skip == "" && a.Failures == 0 {
			res, err := tx.Exec("DELETE FROM auto_posts WHERE site = ? AND post_id = ?", SiteKey(a.Site), a.PostID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				return bumpVersion(tx)
			}
			return nil
		}
		var retry int64
		if !a.RetryAt.IsZero() {
			retry = a.RetryAt.UnixNano()
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO auto_posts (site, post_id, checked_modified, skip, rules, failures, last_error, retry_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, SiteKey(a.Site), a.PostID, unixOf(a.CheckedModified), a.Skip, a.Rules, a.Failures, termtext.CleanLine(a.LastError), retry)
		if err != nil {
			return fmt.Errorf("cannot record the automatic send of post %d: %w", a.PostID, err)
		}
		return bumpVersion(tx) // the app's column shows it
	})
}

// bumpVersion advances the ledger's version (Ledger.Version), which the app
// polls: a plan made in another terminal shows without a restart.
func bumpVersion(tx *sql.Tx) error {
	_, err := tx.Exec(bumpSQL)
	return err
}

// mediumLimitKey is the meta row of MediumLimitedUntil.
const mediumLimitKey = "medium_limited_until"

// MediumLimitedUntil is when Medium's own daily limit is expected to let
// the next create through, as the last refusal set it (zero when none): no
// automatic pass sends before then.
func (s *Store) MediumLimitedUntil() time.Time {
	if s.closed.Load() {
		return time.Time{}
	}
	var v string
	if err := s.db.QueryRow("SELECT value FROM meta WHERE key = ?", mediumLimitKey).Scan(&v); err != nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

// SetMediumLimitedUntil records that Medium refused a create with its daily
// limit and when the next may go.
func (s *Store) SetMediumLimitedUntil(t time.Time) error {
	return s.write(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", mediumLimitKey, t.UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("cannot record Medium's daily limit: %w", err)
		}
		return bumpVersion(tx)
	})
}
