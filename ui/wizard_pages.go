package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
)

// wizardPage is one screen of the wizard: a huh form, then (for the first
// three) a live check.
type wizardPage int

const (
	pageSite wizardPage = iota
	pageWordPress
	pageMedium
	pageDefaults
	pageAuto
	pageSummary
	pageDone
)

// wizardSteps is how many numbered steps the user is told about.
const wizardSteps = 6

// Choices of the select fields. They are values, not labels, so tests and the
// accessible mode do not depend on wording.
const (
	choiceSignIn = "sign-in"
	choiceSkip   = "skip"
	choiceToken  = "token"

	actionSave    = "save"
	actionRestart = "restart"
	actionQuit    = "quit"
)

func (p wizardPage) String() string {
	switch p {
	case pageSite:
		return "Your WordPress site"
	case pageWordPress:
		return "Sign in to WordPress"
	case pageMedium:
		return "Medium integration token"
	case pageDefaults:
		return "Defaults for new cross-posts"
	case pageAuto:
		return "Automatic cross-posting"
	case pageSummary:
		return "Check and save"
	}
	return "Done"
}

// intro is the explanation shown above a page's form (and printed before its
// prompts in accessible mode). It is plain text: no network text goes in it.
func (w *Wizard) intro(p wizardPage) []string {
	st := w.st
	switch p {
	case pageSite:
		return []string{
			"Type the address of your WordPress site, e.g. blog.example.com or https://example.com/blog.",
			"wp2medium looks for the site's REST API there and shows the site's name.",
		}
	case pageWordPress:
		lines := []string{
			"wp2medium signs in with an application password, not your login password. To create one:",
			"in WordPress open Users → Profile, scroll to Application Passwords, type the name",
			"\"wp2medium\", click Add New Application Password and copy the password shown.",
			"Skipping is fine: then only public posts are visible, and the cross-link on the",
			"WordPress side is off.",
		}
		if w.opts.Config.WordPress.AppPassword != "" {
			lines = append(lines, "Leave the password empty to keep the current one ("+config.Mask(w.opts.Config.WordPress.AppPassword)+").")
		}
		return lines
	case pageMedium:
		lines := []string{
			"Find your token on Medium: Settings → Security and apps → Integration tokens.",
			"Medium no longer issues new tokens. Without one, wp2medium uses Medium's own importer",
			"(" + strings.TrimPrefix(medium.ImportURL, "https://") + ") instead: nothing is lost, it takes one paste per post.",
		}
		if w.opts.Config.Medium.Token != "" {
			lines = append(lines, "Leave the token empty to keep the current one ("+config.Mask(w.opts.Config.Medium.Token)+").")
		}
		return lines
	case pageDefaults:
		lines := []string{"These are preselected when you cross-post a story; each post can change them."}
		if st.mediumMode == choiceToken && st.token != nil && st.token.pubsErr != nil {
			if missingScope(st.token.pubsErr) {
				lines = append(lines, "This token may not list your publications (Medium error 6002), so type the id if you want one.")
			} else {
				lines = append(lines, "Your publications could not be listed ("+errorText(st.token.pubsErr)+"); type the id if you want one.")
			}
		}
		return lines
	case pageAuto:
		return w.autoIntro()
	case pageSummary:
		return []string{"Nothing is saved until you choose Save. Secrets are shown masked."}
	}
	return nil
}

// wizardGroup is one huh group of a page with the condition that hides it.
// The accessible mode runs the groups one by one (huh's accessible runner
// ignores hidden groups), the interactive mode puts them in one form.
type wizardGroup struct {
	group *huh.Group
	hide  func() bool
}

// groups builds the fields of page p, bound to the wizard's draft. plain
// makes secret inputs echo normally: only for accessible mode reading from a
// pipe, where nothing is echoed anyway and huh cannot read a password.
func (w *Wizard) groups(p wizardPage, plain bool) []wizardGroup {
	st := w.st
	secret := huh.EchoModePassword
	if plain {
		secret = huh.EchoModeNormal
	}
	switch p {
	case pageSite:
		return []wizardGroup{{group: huh.NewGroup(
			huh.NewInput().Title("Site address").Placeholder("blog.example.com").Value(&st.siteURL),
		)}}
	case pageWordPress:
		pass := huh.NewInput().Title("Application password").EchoMode(secret).Value(&st.password)
		if w.opts.Config.WordPress.AppPassword != "" {
			pass = pass.Description("leave empty to keep the current one")
		} else {
			pass = pass.Description("24 letters in groups of four; the spaces may stay")
		}
		return []wizardGroup{
			{group: huh.NewGroup(huh.NewSelect[string]().Title("Sign in to WordPress?").Options(
				huh.NewOption("Sign in with an application password (recommended)", choiceSignIn),
				huh.NewOption("Skip: public posts only, no cross-link on WordPress", choiceSkip),
			).Value(&st.wpMode))},
			{group: huh.NewGroup(
				huh.NewInput().Title("WordPress username").Value(&st.username),
				pass,
			), hide: func() bool { return st.wpMode != choiceSignIn }},
		}
	case pageMedium:
		tok := huh.NewInput().Title("Integration token").EchoMode(secret).Value(&st.tokenInput)
		if w.opts.Config.Medium.Token != "" {
			tok = tok.Description("leave empty to keep the current one")
		}
		return []wizardGroup{
			{group: huh.NewGroup(huh.NewSelect[string]().Title("Use a Medium integration token?").Options(
				huh.NewOption("Yes, I have a token", choiceToken),
				huh.NewOption("No token: use Medium's importer", choiceSkip),
			).Value(&st.mediumMode))},
			{group: huh.NewGroup(tok), hide: func() bool { return st.mediumMode != choiceToken }},
		}
	case pageDefaults:
		return w.defaultsGroups()
	case pageAuto:
		return w.autoGroups()
	case pageSummary:
		return []wizardGroup{{group: huh.NewGroup(huh.NewSelect[string]().Title("Save these settings?").Options(
			huh.NewOption("Save to "+w.opts.Path, actionSave),
			huh.NewOption("Change something (start again; everything typed is kept)", actionRestart),
			huh.NewOption("Quit without saving", actionQuit),
		).Value(&st.action))}}
	}
	return nil
}

func (w *Wizard) defaultsGroups() []wizardGroup {
	st := w.st
	statuses := []huh.Option[string]{
		huh.NewOption("Draft (recommended: check the story on Medium first)", string(medium.StatusDraft)),
		huh.NewOption("Public", string(medium.StatusPublic)),
		huh.NewOption("Unlisted", string(medium.StatusUnlisted)),
		huh.NewOption("Ask each time", config.StatusNone),
	}
	var licenses []huh.Option[medium.License]
	for _, l := range medium.Licenses {
		licenses = append(licenses, huh.NewOption(l.Label(), l))
	}
	crossDesc := `adds "Originally published at <your site>" to the Medium copy`
	if st.wpMode != choiceSignIn {
		crossDesc += "; the WordPress side is off without sign-in"
	} else {
		crossDesc += ` and "Also published on Medium" to the WordPress post`
	}
	groups := []wizardGroup{{group: huh.NewGroup(
		huh.NewSelect[string]().Title("Status on Medium").Options(statuses...).Value(&st.status),
		huh.NewSelect[medium.License]().Title("License").Options(licenses...).Value(&st.license),
		huh.NewConfirm().Title("Cross-link the two copies?").Description(crossDesc).
			Affirmative("Yes").Negative("No").Value(&st.crossLink),
		huh.NewConfirm().Title("Notify your Medium followers?").Affirmative("Yes").Negative("No").Value(&st.notify),
	)}}
	noToken := func() bool { return st.mediumMode != choiceToken || st.token == nil }
	if st.token != nil && st.token.pubsErr == nil {
		opts := []huh.Option[string]{huh.NewOption("None: publish on my profile", "")}
		found := st.pubChoice == ""
		for _, p := range st.token.pubs {
			opts = append(opts, huh.NewOption(p.Name+" ("+p.ID+")", p.ID))
			found = found || p.ID == st.pubChoice
		}
		if !found {
			opts = append(opts, huh.NewOption("Keep the current id "+st.pubChoice, st.pubChoice))
		}
		groups = append(groups, wizardGroup{group: huh.NewGroup(
			huh.NewSelect[string]().Title("Publication").Options(opts...).Value(&st.pubChoice),
		), hide: noToken})
	} else {
		groups = append(groups, wizardGroup{group: huh.NewGroup(
			huh.NewInput().Title("Publication id").
				Description("from the publication's settings; leave empty to publish on your profile").
				Validate(validPublicationID).Value(&st.pubChoice),
		), hide: noToken})
	}
	return groups
}

// validPublicationID mirrors config's rule so a bad id is refused where it
// is typed rather than when saving.
func validPublicationID(v string) error {
	v = strings.TrimSpace(v)
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == '/' || r == '?' || r == '#' || r == 0x7f }) {
		return errPublicationID
	}
	return nil
}

var errPublicationID = wizardError("a publication id is letters and digits only (no spaces or slashes)")

type wizardError string

func (e wizardError) Error() string { return string(e) }

// wizardTheme is huh's base theme coloured from the app's styles.
func wizardTheme(s *Styles) *huh.Theme {
	t := huh.ThemeBase()
	accent := s.Header.GetForeground()
	t.Focused.Base = t.Focused.Base.BorderForeground(accent)
	t.Focused.Card = t.Focused.Base
	t.Focused.Title = s.Header
	t.Focused.NoteTitle = s.Header
	t.Focused.Description = s.Muted
	t.Focused.ErrorIndicator = t.Focused.ErrorIndicator.Foreground(s.Error.GetForeground())
	t.Focused.ErrorMessage = t.Focused.ErrorMessage.Foreground(s.Error.GetForeground())
	t.Focused.SelectSelector = t.Focused.SelectSelector.Foreground(accent)
	t.Focused.SelectedOption = t.Focused.SelectedOption.Foreground(accent)
	t.Focused.TextInput.Prompt = t.Focused.TextInput.Prompt.Foreground(accent)
	t.Focused.TextInput.Placeholder = s.Muted
	t.Focused.FocusedButton = t.Focused.FocusedButton.Background(accent).Foreground(s.RowSelected.GetForeground())
	t.Blurred = t.Focused
	t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
	t.Blurred.Card = t.Blurred.Base
	t.Blurred.Title = s.Muted
	t.Blurred.SelectSelector = t.Blurred.SelectSelector.SetString("  ")
	return t
}

// wizardKeyMap is huh's keymap without select filtering: Esc belongs to the
// wizard (cancel), so a filter could not be left with it.
func wizardKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Select.Filter = key.NewBinding(key.WithDisabled())
	km.Select.SetFilter = key.NewBinding(key.WithDisabled())
	km.Select.ClearFilter = key.NewBinding(key.WithDisabled())
	return km
}
