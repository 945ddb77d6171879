package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// publishChoice holds what the publish form edits. Its zero value is never
// shown: newPublishChoice fills it from the config's defaults.
type publishChoice struct {
	Status        string
	License       string
	CrossLink     bool
	Tags          []string // picked from the post's tags
	OtherTags     string   // typed, comma-separated
	Publication   string   // "" = the user's profile
	Notify        bool
	KeepDate      bool
	withTagsField bool
}

func newPublishChoice(d config.Defaults, publicationID string, post *wordpress.PostDetail) publishChoice {
	c := publishChoice{
		Status:      string(medium.StatusDraft),
		License:     string(d.License),
		CrossLink:   d.CrossLink,
		Publication: publicationID,
		Notify:      d.NotifyFollowers,
	}
	if s, ok := d.PublishStatus(); ok {
		c.Status = string(s)
	}
	if c.License == "" {
		c.License = string(medium.LicenseAllRightsReserved)
	}
	if post != nil {
		c.withTagsField = true
		c.Tags = crosspost.DefaultTags(*post)
	}
	return c
}

// options turns the choice into the transform's options.
func (c *publishChoice) options() crosspost.Options {
	o := crosspost.Options{
		Status:          medium.PublishStatus(c.Status),
		License:         medium.License(c.License),
		CrossLink:       c.CrossLink,
		NotifyFollowers: c.Notify,
		KeepDate:        c.KeepDate,
	}
	if c.withTagsField {
		o.Tags = append([]string{}, c.Tags...)
		for _, t := range strings.Split(c.OtherTags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				o.Tags = append(o.Tags, t)
			}
		}
	}
	return o
}

// publicationChoices describes what the form can offer for the publication.
type publicationChoices struct {
	listed   []medium.Publication
	canList  bool // false: the token may not list them; a typed id is accepted
	listNote string
}

// publication is the chosen publication id ("" for the profile), as typed
// or picked.
func (c *publishChoice) publication() string { return strings.TrimSpace(c.Publication) }

// newPublishForm builds the form, bound to c: c must live as long as the
// form (a field of a screen used through a pointer). post is nil for a bulk
// publish, where each post keeps its own tags.
func newPublishForm(c *publishChoice, post *wordpress.PostDetail, pubs publicationChoices, heading string) *huh.Form {
	statusOpts := []huh.Option[string]{
		huh.NewOption("Draft: check it on Medium first (recommended)", string(medium.StatusDraft)),
		huh.NewOption("Public", string(medium.StatusPublic)),
		huh.NewOption("Unlisted: only people with the link", string(medium.StatusUnlisted)),
	}
	var licenseOpts []huh.Option[string]
	for _, l := range medium.Licenses {
		licenseOpts = append(licenseOpts, huh.NewOption(l.Label(), string(l)))
	}
	story := []huh.Field{
		huh.NewSelect[string]().Title("Medium status").Options(statusOpts...).Value(&c.Status),
		huh.NewSelect[string]().Title("License").Options(licenseOpts...).Value(&c.License).Height(6),
		publicationField(c, pubs),
		huh.NewConfirm().Title("Notify your Medium followers?").Value(&c.Notify),
		huh.NewConfirm().Title("Keep the post's original date?").
			Description("Backdates the story. Dates less than 15 minutes old are not sent: Medium refuses dates in the future.").
			Value(&c.KeepDate),
	}
	var extra []huh.Field
	if post != nil {
		if tags := tagOptions(*post); len(tags) > 0 {
			extra = append(extra, huh.NewMultiSelect[string]().Title("Tags (Medium uses 3)").
				Description("From the post's tags and categories. Space toggles.").
				Options(tags...).Limit(3).Value(&c.Tags))
		}
		extra = append(extra, huh.NewInput().Title("Other tags").
			Description("Comma-separated; each at most 25 characters.").Value(&c.OtherTags))
	}
	extra = append(extra, huh.NewConfirm().Title("Cross-link?").
		Description("The story ends with “Originally published at …”, and the WordPress post gets “Also published on Medium”.").
		Value(&c.CrossLink))
	return huh.NewForm(
		huh.NewGroup(story...).Title(heading),
		huh.NewGroup(extra...).Title("Tags and links"),
	).WithShowHelp(false) // the screen's footer shows the form's keys
}

// sizedPublishForm is newPublishForm laid out for a screen of w×h cells.
func sizedPublishForm(c *publishChoice, post *wordpress.PostDetail, pubs publicationChoices, heading string, w, h int) *huh.Form {
	return newPublishForm(c, post, pubs, heading).WithWidth(min(w, 100)).WithHeight(max(h-2, 4))
}

// updatePublishForm gives the form a message; once the user has gone
// through it, submitted says what follows, and leaving it closes the screen.
func updatePublishForm(form **huh.Form, msg tea.Msg, submitted func() tea.Cmd) tea.Cmd {
	fm, cmd := (*form).Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		*form = f
	}
	switch (*form).State {
	case huh.StateCompleted:
		return submitted()
	case huh.StateAborted:
		return closeScreen
	}
	return cmd
}

func publicationField(c *publishChoice, pubs publicationChoices) huh.Field {
	if pubs.canList {
		opts := []huh.Option[string]{huh.NewOption("Your profile (no publication)", "")}
		for _, p := range pubs.listed {
			// Names and ids come from Medium: terminal-safe text only.
			name, id := termtext.CleanLine(p.Name), termtext.CleanLine(p.ID)
			opts = append(opts, huh.NewOption(name+" ("+id+")", id))
		}
		return huh.NewSelect[string]().Title("Publication").Options(opts...).Value(&c.Publication)
	}
	desc := "Leave empty to publish on your profile."
	if pubs.listNote != "" {
		desc = pubs.listNote + " " + desc
	}
	return huh.NewInput().Title("Publication id").Description(desc).Value(&c.Publication)
}

func tagOptions(p wordpress.PostDetail) []huh.Option[string] {
	var out []huh.Option[string]
	for _, t := range crosspost.TagCandidates(p) {
		out = append(out, huh.NewOption(termtext.CleanLine(t), t))
	}
	return out
}
