// Package autopost is automatic cross-posting: which posts of a site are
// due (the [auto] rules of the config, and the plans saved for single posts)
// and one pass that sends them, oldest first, through the same
// crosspost.Publisher as the app and the command line. wp2medium sync runs
// one pass; wp2medium watch runs them in a loop.
//
// What a pass never does: send a post twice (the store's ledger refuses a
// post already sent, being sent, or whose last send has an unknown outcome,
// across processes), retry a create whose outcome is unknown, or pass the
// daily limit (counted in the same transaction that records a send).
package autopost

import (
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Rules pick the posts sent without a plan: the [auto] section.
type Rules struct {
	// Enabled: off, only posts with a plan are sent.
	Enabled bool
	// Since: only posts first published after it are picked.
	Since time.Time
	// Categories and Tags, when not empty, pick only posts with one of
	// them; ExcludeTags are never sent automatically, plan or not. Each
	// matches a name or a slug, case-insensitively.
	Categories, Tags, ExcludeTags []string
	// DailyLimit caps the creates of a rolling 24 hours, every route
	// counted; 0 caps nothing.
	DailyLimit int
}

// RulesFrom reads the config's [auto] section (already validated).
func RulesFrom(a config.Auto) Rules {
	since, _ := time.Parse(time.RFC3339, a.Since)
	return Rules{Enabled: a.Enabled, Since: since, Categories: a.Categories, Tags: a.Tags, ExcludeTags: a.ExcludeTags, DailyLimit: a.DailyLimit}
}

// Window is the daily limit's window.
const Window = 24 * time.Hour

// inDates reports whether a listed post's date puts it in the rules' reach:
// published after Since and not in the future (WordPress lists a scheduled
// post that just went live with its scheduled date).
func (r Rules) inDates(p wordpress.Post, now time.Time) bool {
	return r.Enabled && !p.DateGMT.IsZero() && p.DateGMT.After(r.Since) && !p.DateGMT.After(now)
}

// Skip reasons, stable for --json and the store.
const (
	SkipExcludedTag  = "excluded-tag"
	SkipNoCategory   = "no-matching-category"
	SkipNoTag        = "no-matching-tag"
	SkipProtected    = "password-protected"
	SkipNotPublished = "not-published"
	SkipLinked       = "linked-on-wordpress"
	SkipOnMedium     = "already-on-medium"
)

// excluded says why the rules keep a post out ("" when they do not). A
// planned post is kept out only by an excluded tag and a password.
func (r Rules) excluded(p wordpress.PostDetail, planned bool) (reason, detail string) {
	if t := firstMatch(p.Tags, r.ExcludeTags); t != "" {
		return SkipExcludedTag, "it is tagged " + quote(t) + " (auto.exclude_tags)"
	}
	if p.Protected {
		return SkipProtected, "it is password-protected on WordPress"
	}
	if planned {
		return "", ""
	}
	if len(r.Categories) > 0 && firstMatch(p.Categories, r.Categories) == "" {
		return SkipNoCategory, "none of its categories is in auto.categories"
	}
	if len(r.Tags) > 0 && firstMatch(p.Tags, r.Tags) == "" {
		return SkipNoTag, "none of its tags is in auto.tags"
	}
	return "", ""
}

// firstMatch is the first of have that one of want names: a name or its
// slug, case-insensitively ("Go Tips" matches "go-tips").
func firstMatch(have, want []string) string {
	for _, h := range have {
		for _, w := range want {
			if strings.EqualFold(h, w) || slug(h) == slug(w) {
				return h
			}
		}
	}
	return ""
}

// slug is about what WordPress makes of a term name: lower case, runs of
// other characters as one hyphen.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
