package autopost

import (
	"testing"
	"time"

	"github.com/wp2medium/wp2medium/wordpress"
)

func TestBackoffGrowsToADay(t *testing.T) {
	for _, c := range []struct {
		n    int
		want time.Duration
	}{{1, 0}, {2, 15 * time.Minute}, {3, 30 * time.Minute}, {4, time.Hour}, {7, 8 * time.Hour}, {8, 16 * time.Hour}, {9, 24 * time.Hour}, {40, 24 * time.Hour}} {
		if got := Backoff(c.n); got != c.want {
			t.Errorf("Backoff(%d) = %s, want %s", c.n, got, c.want)
		}
	}
}

func TestRulesMatchNamesAndSlugs(t *testing.T) {
	r := Rules{Enabled: true, Categories: []string{"golang"}, Tags: []string{"Terminals", "c++"}, ExcludeTags: []string{"no-medium"}}
	// Terms as WordPress gives them: names, and slugs in the same order.
	post := func(cats, catSlugs, tags, tagSlugs []string) wordpress.PostDetail {
		return wordpress.PostDetail{Categories: cats, CategorySlugs: catSlugs, Tags: tags, TagSlugs: tagSlugs}
	}
	for _, c := range []struct {
		name    string
		p       wordpress.PostDetail
		planned bool
		want    string
	}{
		{"a custom slug, and a name in another case", post([]string{"Go"}, []string{"golang"}, []string{"terminals"}, []string{"terminals"}), false, ""},
		{"no category", post([]string{"Cooking"}, []string{"cooking"}, []string{"terminals"}, []string{"terminals"}), false, SkipNoCategory},
		{"no tag", post([]string{"Go"}, []string{"golang"}, []string{"other"}, []string{"other"}), false, SkipNoTag},
		{"C# is not C++, though both slugs are c", post([]string{"Go"}, []string{"golang"}, []string{"C#"}, []string{"c"}), false, SkipNoTag},
		{"excluded wins, by slug", post([]string{"Go"}, []string{"golang"}, []string{"terminals", "No Medium!"}, []string{"terminals", "no-medium"}), false, SkipExcludedTag},
		{"a plan ignores the picks", post([]string{"Cooking"}, []string{"cooking"}, nil, nil), true, ""},
		{"but not the exclusion", post(nil, nil, []string{"no-medium"}, []string{"no-medium"}), true, SkipExcludedTag},
	} {
		if got, _ := r.excluded(c.p, c.planned); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	protected := post([]string{"Go"}, []string{"golang"}, []string{"terminals"}, []string{"terminals"})
	protected.Protected = true
	if got, _ := r.excluded(protected, true); got != SkipProtected {
		t.Errorf("a password-protected post: %q", got)
	}
}

func TestFingerprintFollowsTheRules(t *testing.T) {
	a := Rules{Categories: []string{"Go", "News"}, ExcludeTags: []string{"no-medium"}}
	b := Rules{Categories: []string{"news", " go"}, ExcludeTags: []string{"no-medium"}, DailyLimit: 3}
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("the same rules in another order and case give another fingerprint")
	}
	for _, c := range []Rules{{Categories: []string{"Go"}, ExcludeTags: []string{"no-medium"}}, {Categories: []string{"Go", "News"}}, {Tags: []string{"Go", "News"}, ExcludeTags: []string{"no-medium"}}} {
		if c.Fingerprint() == a.Fingerprint() {
			t.Errorf("%+v has the fingerprint of %+v", c, a)
		}
	}
}

func TestInDates(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	r := Rules{Enabled: true, Since: now.Add(-time.Hour)}
	for _, c := range []struct {
		date time.Time
		want bool
	}{{now.Add(-2 * time.Hour), false}, {now.Add(-time.Hour), false}, {now.Add(-time.Minute), true}, {now.Add(time.Minute), false}, {time.Time{}, false}} {
		if got := r.inDates(wordpress.Post{DateGMT: c.date}, now); got != c.want {
			t.Errorf("date %s: %t, want %t", c.date, got, c.want)
		}
	}
	r.Enabled = false
	if r.inDates(wordpress.Post{DateGMT: now.Add(-time.Minute)}, now) {
		t.Error("rules that are off picked a post")
	}
}
