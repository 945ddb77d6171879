package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// WizardOptions configures the setup wizard.
type WizardOptions struct {
	// Config pre-fills every field and supplies the secrets kept when their
	// input is left empty. Load it with config.LoadWithEnv(path, nil) so
	// values from the environment are not written into the file.
	Config config.Config
	// Path is where the settings are saved (config.Path).
	Path string
	// Accessible asks for huh's accessible mode (plain prompts for screen
	// readers). huh runs that mode outside Bubble Tea, so a caller that sets
	// it runs Wizard.RunAccessible instead of a program; Update ignores it.
	Accessible bool
	// Now is the clock auto.since is set from when automatic cross-posting
	// is turned on; nil uses time.Now.
	Now func() time.Time
	// Standalone makes the wizard quit the program when it is done or
	// cancelled. Embedded in the app it never quits: it sends WizardDoneMsg.
	Standalone bool
	// Styles colours the wizard; nil uses DefaultStyles.
	Styles *Styles
	// NewWordPress and NewMedium build the clients of the live checks; nil
	// uses WordPressCheckerFactory() and MediumCheckerFactory().
	NewWordPress func(url, user, pass string) (WordPressChecker, error)
	NewMedium    func(token, apiURL string) MediumChecker
	// CheckTimeout bounds each live check (DefaultCheckTimeout when 0).
	CheckTimeout time.Duration
	// EnvOverrides lists the keys the environment overrides (take them from
	// config.Load(path)'s Overrides): the wizard says that they win over the
	// file, and never saves them.
	EnvOverrides []config.Override
	// CheckAPIURL is the Medium API the token is checked against when the
	// environment names one (WP2MEDIUM_MEDIUM_API_URL wins over the file, as
	// it does for every command); it is never saved. "" uses the file's.
	CheckAPIURL string
}

// WizardDoneMsg ends the wizard: Saved reports whether Config was written
// to Path. A cancelled wizard leaves the file untouched and Saved false.
type WizardDoneMsg struct {
	Saved  bool
	Config config.Config
	Path   string
}

// wizardState is what the huh fields are bound to; it lives as long as the
// wizard, so the fields' pointers stay valid.
type wizardState struct {
	siteURL    string
	wpMode     string
	username   string
	password   string // typed; empty keeps the saved one
	mediumMode string
	tokenInput string // typed; empty keeps the saved one
	status     string
	license    medium.License
	crossLink  bool
	notify     bool
	pubChoice  string
	auto       autoDraft
	action     string

	// What the live checks found.
	site   *siteResult
	wpUser *wordpress.User
	token  *tokenResult

	cancel context.CancelFunc // of the running check
}

// wizardCheckedMsg is the result of a page's live check.
type wizardCheckedMsg struct {
	id, seq int
	page    wizardPage
	site    siteResult
	user    wordpress.User
	token   tokenResult
	err     error
}

// wizardSavedMsg is the result of config.Save.
type wizardSavedMsg struct {
	id, seq int
	cfg     config.Config
	err     error
}

var wizardIDs atomic.Int64

// Wizard is the setup wizard: six steps that check every credential live
// before saving. It is a tea.Model that can run alone (Standalone) or inside
// the app, where it sends WizardDoneMsg instead of quitting.
type Wizard struct {
	opts    WizardOptions
	st      *wizardState
	id      int
	page    wizardPage
	form    *huh.Form
	seq     int
	busy    string // what is running, "" when idle
	failure string // why the last check failed, until the next one
	spinner spinner.Model
	width   int
	height  int
	done    *WizardDoneMsg
}

// NewWizard builds the wizard, pre-filled from opts.Config. Nothing runs
// until Init.
func NewWizard(opts WizardOptions) *Wizard {
	if opts.Styles == nil {
		opts.Styles = DefaultStyles()
	}
	if opts.NewWordPress == nil {
		opts.NewWordPress = WordPressCheckerFactory()
	}
	if opts.NewMedium == nil {
		opts.NewMedium = MediumCheckerFactory()
	}
	if opts.CheckTimeout <= 0 {
		opts.CheckTimeout = DefaultCheckTimeout
	}
	c := opts.Config
	st := &wizardState{
		siteURL:    c.WordPress.URL,
		wpMode:     choiceSignIn,
		username:   c.WordPress.Username,
		mediumMode: choiceToken,
		status:     c.Defaults.Status,
		license:    c.Defaults.License,
		crossLink:  c.Defaults.CrossLink,
		notify:     c.Defaults.NotifyFollowers,
		pubChoice:  c.Medium.PublicationID,
		auto:       newAutoDraft(c.Auto),
		action:     actionSave,
	}
	// A re-run of someone who skipped a step offers the skip again.
	if c.WordPress.URL != "" && c.WordPress.Username == "" && c.WordPress.AppPassword == "" {
		st.wpMode = choiceSkip
	}
	if c.WordPress.URL != "" && c.Medium.Token == "" {
		st.mediumMode = choiceSkip
	}
	if !validStatus(st.status) {
		st.status = string(medium.StatusDraft)
	}
	if _, err := medium.ParseLicense(string(st.license)); err != nil {
		st.license = medium.LicenseAllRightsReserved
	}
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(opts.Styles.Header))
	w := &Wizard{opts: opts, st: st, id: int(wizardIDs.Add(1)), spinner: sp}
	w.form = w.newForm(pageSite)
	return w
}

func validStatus(s string) bool {
	for _, v := range config.StatusValues() {
		if s == v {
			return true
		}
	}
	return false
}

// Init starts the first step.
func (w *Wizard) Init() tea.Cmd { return w.form.Init() }

// Done reports whether the wizard has finished, and how.
func (w *Wizard) Done() (WizardDoneMsg, bool) {
	if w.done == nil {
		return WizardDoneMsg{}, false
	}
	return *w.done, true
}

// SetSize gives the wizard the space it may use.
func (w *Wizard) SetSize(width, height int) {
	w.width, w.height = width, height
}

// Update handles keys, the live checks' results and the forms.
func (w *Wizard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if w.done != nil {
		return w, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.SetSize(msg.Width, msg.Height)
		return w, w.sizeForm()
	case tea.KeyMsg:
		switch msg.String() {
		case "ctrl+c", "esc":
			if w.busy == "saving" {
				return w, nil // the user already chose Save; it takes a moment
			}
			return w.finish(false, config.Config{})
		}
		if w.busy != "" {
			return w, nil
		}
	case spinner.TickMsg:
		if w.busy == "" {
			return w, nil
		}
		var cmd tea.Cmd
		w.spinner, cmd = w.spinner.Update(msg)
		return w, cmd
	case wizardCheckedMsg:
		if msg.id != w.id || msg.seq != w.seq {
			return w, nil // from a check that was cancelled or superseded
		}
		return w.checked(msg)
	case wizardSavedMsg:
		if msg.id != w.id || msg.seq != w.seq {
			return w, nil
		}
		w.busy = ""
		if msg.err != nil {
			w.failure = "Not saved: " + errorText(msg.err)
			return w.startPage(pageSummary, 0)
		}
		return w.finish(true, msg.cfg)
	}

	if w.busy != "" {
		return w, nil
	}
	m, cmd := w.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		w.form = f
	}
	switch w.form.State {
	case huh.StateCompleted:
		return w.submit()
	case huh.StateAborted:
		return w.finish(false, config.Config{})
	}
	return w, cmd
}

// submit acts on a completed page: start its live check, or move on.
func (w *Wizard) submit() (tea.Model, tea.Cmd) {
	st := w.st
	switch w.page {
	case pageSite:
		return w.check("Looking for WordPress at "+strings.TrimSpace(st.siteURL)+"…", w.siteCheck())
	case pageWordPress:
		if st.wpMode != choiceSignIn {
			st.wpUser = nil
			return w.startPage(pageMedium, 0)
		}
		return w.check("Signing in as "+strings.TrimSpace(st.username)+"…", w.loginCheck())
	case pageMedium:
		if st.mediumMode != choiceToken {
			st.token = nil
			return w.startPage(pageDefaults, 0)
		}
		return w.check("Checking the token with Medium…", w.tokenCheck())
	case pageDefaults:
		return w.startPage(pageAuto, 0)
	case pageAuto:
		return w.startPage(pageSummary, 0)
	case pageSummary:
		switch st.action {
		case actionSave:
			cfg := w.result()
			w.seq++
			w.busy = "saving"
			id, seq, path := w.id, w.seq, w.opts.Path
			return w, tea.Batch(w.spinner.Tick, func() tea.Msg {
				return wizardSavedMsg{id: id, seq: seq, cfg: cfg, err: config.Save(path, cfg)}
			})
		case actionRestart:
			st.action = actionSave
			return w.startPage(pageSite, 0)
		}
		return w.finish(false, config.Config{})
	}
	return w, nil
}

// check runs one live check in a command, under the wizard's timeout, with
// the spinner turning. Values are captured now: the command must not read
// the form's state from another goroutine.
func (w *Wizard) check(what string, run func(ctx context.Context) wizardCheckedMsg) (tea.Model, tea.Cmd) {
	w.seq++
	w.busy = what
	w.failure = ""
	ctx, cancel := context.WithTimeout(context.Background(), w.opts.CheckTimeout)
	w.st.cancel = cancel
	id, seq, page := w.id, w.seq, w.page
	return w, tea.Batch(w.spinner.Tick, func() tea.Msg {
		defer cancel()
		msg := run(ctx)
		msg.id, msg.seq, msg.page = id, seq, page
		return msg
	})
}

func (w *Wizard) siteCheck() func(context.Context) wizardCheckedMsg {
	newWP, raw := w.opts.NewWordPress, w.st.siteURL
	return func(ctx context.Context) wizardCheckedMsg {
		s, err := checkSite(ctx, newWP, raw)
		return wizardCheckedMsg{site: s, err: err}
	}
}

func (w *Wizard) loginCheck() func(context.Context) wizardCheckedMsg {
	newWP, url, user, pass := w.opts.NewWordPress, w.st.site.url, w.st.username, w.password()
	return func(ctx context.Context) wizardCheckedMsg {
		u, err := checkLogin(ctx, newWP, url, user, pass)
		return wizardCheckedMsg{user: u, err: err}
	}
}

func (w *Wizard) tokenCheck() func(context.Context) wizardCheckedMsg {
	newM, token, api := w.opts.NewMedium, w.token(), w.apiURL()
	if w.opts.CheckAPIURL != "" {
		api = w.opts.CheckAPIURL
	}
	return func(ctx context.Context) wizardCheckedMsg {
		t, err := checkToken(ctx, newM, token, api)
		return wizardCheckedMsg{token: t, err: err}
	}
}

// checked records a check's result and moves on, or shows the failure and
// the same page again, pre-filled with what was typed, for a retry.
func (w *Wizard) checked(msg wizardCheckedMsg) (tea.Model, tea.Cmd) {
	w.busy = ""
	w.st.cancel = nil
	if msg.err != nil {
		w.failure = errorText(msg.err)
		retryGroup := 0
		if msg.page == pageWordPress || msg.page == pageMedium {
			retryGroup = 1 // back to the inputs, not the sign-in choice
		}
		m, cmd := w.startPage(msg.page, retryGroup)
		return m, cmd
	}
	switch msg.page {
	case pageSite:
		w.st.site = &msg.site
		return w.startPage(pageWordPress, 0)
	case pageWordPress:
		w.st.wpUser = &msg.user
		return w.startPage(pageMedium, 0)
	case pageMedium:
		w.st.token = &msg.token
		return w.startPage(pageDefaults, 0)
	}
	return w, nil
}

// startPage shows page p's form, on its group-th group.
func (w *Wizard) startPage(p wizardPage, group int) (tea.Model, tea.Cmd) {
	w.page = p
	w.form = w.newForm(p)
	cmds := []tea.Cmd{w.form.Init()}
	for i := 0; i < group; i++ {
		cmds = append(cmds, w.form.NextGroup())
	}
	cmds = append(cmds, w.sizeForm())
	return w, tea.Sequence(cmds...)
}

func (w *Wizard) newForm(p wizardPage) *huh.Form {
	var groups []*huh.Group
	for _, g := range w.groups(p, false) {
		if g.hide != nil {
			g.group = g.group.WithHideFunc(g.hide)
		}
		groups = append(groups, g.group)
	}
	return huh.NewForm(groups...).
		WithTheme(wizardTheme(w.opts.Styles)).
		WithKeyMap(wizardKeyMap()).
		WithShowHelp(false).
		WithShowErrors(true)
}

// sizeForm tells the form how much room it has under the wizard's header.
// huh sizes itself from a WindowSizeMsg, taking only the height it needs.
func (w *Wizard) sizeForm() tea.Cmd {
	if w.width <= 0 || w.height <= 0 {
		return nil
	}
	top, bottom := w.chrome()
	h := max(w.height-wizardLines(top)-wizardLines(bottom), 3)
	_, cmd := w.form.Update(tea.WindowSizeMsg{Width: min(w.width, wizardMaxWidth), Height: h})
	return cmd
}

// finish ends the wizard. Standalone it quits the program; embedded it sends
// WizardDoneMsg and the app decides what comes next.
func (w *Wizard) finish(saved bool, cfg config.Config) (tea.Model, tea.Cmd) {
	if w.st.cancel != nil {
		w.st.cancel()
		w.st.cancel = nil
	}
	w.busy = ""
	if !saved {
		cfg = w.opts.Config
	}
	done := WizardDoneMsg{Saved: saved, Config: cfg, Path: w.opts.Path}
	w.done = &done
	if w.opts.Standalone {
		return w, tea.Quit
	}
	return w, func() tea.Msg { return done }
}

// password is the application password to use: the typed one, else the
// saved one (an empty input keeps it).
func (w *Wizard) password() string {
	if w.st.password != "" {
		return w.st.password
	}
	return w.opts.Config.WordPress.AppPassword
}

// token is the Medium token to use: the typed one, else the saved one.
func (w *Wizard) token() string {
	if t := strings.TrimSpace(w.st.tokenInput); t != "" {
		return t
	}
	return w.opts.Config.Medium.Token
}

func (w *Wizard) now() time.Time {
	if w.opts.Now != nil {
		return w.opts.Now()
	}
	return time.Now()
}

func (w *Wizard) apiURL() string {
	if w.opts.Config.Medium.APIURL != "" {
		return w.opts.Config.Medium.APIURL
	}
	return config.DefaultMediumAPIURL
}

// result is the configuration to save: the loaded one with every answer
// applied, so keys the wizard does not ask about (medium.api_url) are kept.
func (w *Wizard) result() config.Config {
	st := w.st
	c := w.opts.Config
	if st.site != nil {
		c.WordPress.URL = st.site.url
	}
	if st.wpMode == choiceSignIn {
		c.WordPress.Username = strings.TrimSpace(st.username)
		c.WordPress.AppPassword = w.password()
	} else {
		c.WordPress.Username, c.WordPress.AppPassword = "", ""
	}
	if st.mediumMode == choiceToken {
		c.Medium.Token = w.token()
		c.Medium.PublicationID = strings.TrimSpace(st.pubChoice)
	} else {
		c.Medium.Token = ""
	}
	c.Medium.APIURL = w.apiURL()
	c.Defaults = config.Defaults{Status: st.status, License: st.license,
		CrossLink: st.crossLink, NotifyFollowers: st.notify}
	c.Auto = w.autoResult()
	return c
}
