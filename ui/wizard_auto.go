package ui

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/internal/termtext"
)

// The wizard's step for the [auto] section: whether `wp2medium sync` and
// `watch` send posts on their own, and which.

// autoDraft is what the auto step's fields are bound to: the lists as typed,
// comma-separated, and the limit as text.
type autoDraft struct {
	on         bool
	categories string
	tags       string
	exclude    string
	limit      string
}

// clearList, typed alone, empties a list: in accessible mode an empty answer
// keeps the current one, so it could not be cleared otherwise.
const clearList = "-"

func newAutoDraft(a config.Auto) autoDraft {
	limit := a.DailyLimit
	if validDailyLimit(strconv.Itoa(limit)) != nil {
		limit = config.DefaultDailyLimit
	}
	return autoDraft{on: a.Enabled, categories: joinList(a.Categories), tags: joinList(a.Tags),
		exclude: joinList(a.ExcludeTags), limit: strconv.Itoa(limit)}
}

func (w *Wizard) autoIntro() []string {
	lines := []string{
		"wp2medium sync (run by a timer) and wp2medium watch can send your new posts to Medium",
		"without a key being pressed, each post once; Medium accepts about 10 stories a day.",
	}
	if was := w.opts.Config.Auto; was.Enabled && !was.SinceTime().IsZero() {
		lines = append(lines, "It is on for posts first published after "+was.Since+"; keeping it on keeps that time.")
	} else {
		lines = append(lines, "Only posts first published from now on are picked: your archive is not sent.")
	}
	if w.st.mediumMode != choiceToken {
		lines = append(lines, "Without a Medium token nothing can be sent automatically until you add one.")
	}
	if w.st.status == config.StatusNone {
		lines = append(lines, statusNoneNote+"; Change something, in the last step, goes back to it.")
	}
	return append(lines, "Lists are names or slugs separated by commas (a lone - empties one).")
}

func (w *Wizard) autoGroups() []wizardGroup {
	a := &w.st.auto
	return []wizardGroup{
		{group: huh.NewGroup(huh.NewConfirm().Title("Cross-post new posts automatically?").
			Affirmative("Yes").Negative("No").Value(&a.on))},
		{group: huh.NewGroup(
			huh.NewInput().Title("Only posts in these categories").Description("empty: any category").
				Validate(validList).Value(&a.categories),
			huh.NewInput().Title("Only posts with these tags").Description("empty: any tag").
				Validate(validList).Value(&a.tags),
			huh.NewInput().Title("Never posts with these tags").Description("a post with any of them is never sent automatically").
				Validate(validList).Value(&a.exclude),
			huh.NewInput().Title("Stories a day at most").
				Description("in any 24 hours, counting every route; Medium accepts about 10").
				Validate(validDailyLimit).Value(&a.limit),
		), hide: func() bool { return !a.on }},
	}
}

// autoResult is the [auto] section to save. Turned off, only enabled
// changes, so the rules are there again the day it is turned back on.
// Turned on, since is now unless it was on already (config.Auto.Enable).
func (w *Wizard) autoResult() config.Auto {
	d, was := w.st.auto, w.opts.Config.Auto
	a := was
	if !d.on {
		a.Enabled = false
		return a
	}
	a.Categories = parseListIfChanged(d.categories, was.Categories)
	a.Tags = parseListIfChanged(d.tags, was.Tags)
	a.ExcludeTags = parseListIfChanged(d.exclude, was.ExcludeTags)
	if n, err := strconv.Atoi(strings.TrimSpace(d.limit)); err == nil && validDailyLimit(d.limit) == nil {
		a.DailyLimit = n
	} else if validDailyLimit(strconv.Itoa(a.DailyLimit)) != nil {
		a.DailyLimit = config.DefaultDailyLimit // left empty over a broken value
	}
	a.Enable(w.now())
	return a
}

// autoSummaryRows are the summary's lines for the auto step.
func (w *Wizard) autoSummaryRows(a config.Auto) [][2]string {
	if !a.Enabled {
		return [][2]string{{"Automatic", "off: nothing is sent without a key being pressed"}}
	}
	from := "from now on"
	if a.Since == w.opts.Config.Auto.Since {
		from = "after " + a.Since
	}
	named := func(items []string, prefix, none string) string {
		if len(items) == 0 {
			return none
		}
		return prefix + termtext.CleanLine(strings.Join(items, ", "))
	}
	rows := [][2]string{
		{"Automatic", "on for posts first published " + from + ", at most " + strconv.Itoa(a.DailyLimit) + " a day"},
		{"Which posts", named(a.Categories, "in ", "in any category") + "; " + named(a.Tags, "tagged ", "any tag") +
			"; " + named(a.ExcludeTags, "never tagged ", "none excluded")},
	}
	if w.st.status == config.StatusNone {
		rows = append(rows, [2]string{"Note", statusNoneNote})
	}
	return rows
}

// statusNoneNote warns that sync refuses to send with "Ask each time": an
// automatic send has nobody to ask.
const statusNoneNote = "automatic sends use the defaults of step 4, and their status is Ask each time: " +
	"sync sends nothing until it is Draft, Public or Unlisted"

func joinList(items []string) string { return strings.Join(items, ", ") }

// parseListIfChanged reads a comma-separated list, or keeps was when the text
// is still what joinList made of it: a name with a comma in it, written in
// the file by hand, is not split by a re-run that leaves it alone.
func parseListIfChanged(typed string, was []string) []string {
	if typed == joinList(was) {
		return was
	}
	if strings.TrimSpace(typed) == clearList {
		return nil
	}
	var items []string
	for _, s := range strings.Split(typed, ",") {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	return items
}

// validList and validDailyLimit mirror config's rules so a bad value is
// refused where it is typed rather than when saving. An empty limit keeps
// the current one.
func validList(v string) error {
	if strings.ContainsFunc(v, unicode.IsControl) {
		return errListControl
	}
	return nil
}

func validDailyLimit(v string) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if n, err := strconv.Atoi(v); err != nil || n < 1 || n > config.MaxDailyLimit {
		return errDailyLimit
	}
	return nil
}

var (
	errListControl = wizardError("names may not contain control characters")
	errDailyLimit  = wizardError("a whole number from 1 to " + strconv.Itoa(config.MaxDailyLimit) + "; Medium accepts about 10 a day")
)
