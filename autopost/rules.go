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
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/store"
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
	// counted (the config allows 1 to 100).
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
	SkipExcludedTag   = "excluded-tag"
	SkipNoCategory    = "no-matching-category"
	SkipNoTag         = "no-matching-tag"
	SkipProtected     = "password-protected"
	SkipLinked        = "linked-on-wordpress"
	SkipOnMedium      = "already-on-medium"
	SkipRefusedByHand = "refused-when-sent-by-hand"
)

// skipMessages say each skip reason in words.
var skipMessages = map[string]string{
	SkipExcludedTag:   "it has a tag in auto.exclude_tags",
	SkipNoCategory:    "none of its categories is in auto.categories",
	SkipNoTag:         "none of its tags is in auto.tags",
	SkipProtected:     "it is password-protected on WordPress",
	SkipLinked:        "its WordPress post already links a Medium story: another wp2medium sent it",
	SkipOnMedium:      "it is already on Medium (recorded under another address of the site)",
	SkipRefusedByHand: "Medium refused it when it was sent by hand: send it again with 'wp2medium publish'",
}

func skipMessage(reason string) string {
	if m, ok := skipMessages[reason]; ok {
		return m
	}
	return reason
}

// keepsPlanOut reports whether a skip reason holds for a planned post too:
// a plan overrides the rules' picks, never an excluded tag or a password.
func keepsPlanOut(reason string) bool { return reason == SkipExcludedTag || reason == SkipProtected }

// excluded says why the rules keep a post out ("" when they do not). A
// planned post is kept out only by an excluded tag and a password.
func (r Rules) excluded(p wordpress.PostDetail, planned bool) (reason, detail string) {
	if t := firstMatch(p.Tags, p.TagSlugs, r.ExcludeTags); t != "" {
		return SkipExcludedTag, "it is tagged " + quote(t) + " (auto.exclude_tags)"
	}
	if p.Protected {
		return SkipProtected, skipMessage(SkipProtected)
	}
	if planned {
		return "", ""
	}
	if len(r.Categories) > 0 && firstMatch(p.Categories, p.CategorySlugs, r.Categories) == "" {
		return SkipNoCategory, skipMessage(SkipNoCategory)
	}
	if len(r.Tags) > 0 && firstMatch(p.Tags, p.TagSlugs, r.Tags) == "" {
		return SkipNoTag, skipMessage(SkipNoTag)
	}
	return "", ""
}

// firstMatch is the first of the post's terms (names, and their slugs in
// the same order) that one of want names, by name or slug,
// case-insensitively.
func firstMatch(names, slugs, want []string) string {
	for i, name := range names {
		for _, w := range want {
			w = strings.TrimSpace(w)
			if strings.EqualFold(name, w) || (i < len(slugs) && slugs[i] != "" && strings.EqualFold(slugs[i], w)) {
				return name
			}
		}
	}
	return ""
}

// Fingerprint names the rules that decide skips: a skip found under other
// rules is looked at again.
func (r Rules) Fingerprint() string {
	h := sha256.New()
	for _, list := range [][]string{r.Categories, r.Tags, r.ExcludeTags} {
		norm := make([]string, 0, len(list))
		for _, v := range list {
			norm = append(norm, strings.ToLower(strings.TrimSpace(v)))
		}
		slices.Sort(norm)
		fmt.Fprintf(h, "%q\n", norm)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// skipHolds reports whether a recorded skip still says why the post is
// not sent: the post unchanged since, the rules the same, and (for a
// planned post) a reason that keeps a plan out.
func (r Rules) skipHolds(a store.AutoPost, p wordpress.Post, planned bool) bool {
	return a.Skip != "" && a.CheckedModified.Equal(p.ModifiedGMT) && a.Rules == r.Fingerprint() && (!planned || keepsPlanOut(a.Skip))
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
