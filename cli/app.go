package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/ui"
)

// runApp runs the terminal app.
func runApp(cmd *cobra.Command, g *globalFlags) error {
	if err := needTerminal(); err != nil {
		return err
	}
	if err := firstRun(cmd, g); err != nil {
		return err
	}
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer e.Close()
	log.Printf("starting: demo=%v site=%s", e.demo, e.wp.SiteURL())

	ledger, err := e.ledger()
	if err != nil {
		return err
	}
	syncer, err := e.syncer()
	if err != nil {
		return err
	}
	terminal := ui.NewTerminal(os.Stdout)
	deps := e.publishDeps(ledger)
	opts := ui.Options{
		Source:       e.wp,
		Posts:        syncer,
		Medium:       e.mediumColumn(deps.Publisher),
		GlamourStyle: glamourStyle(e.cfg.UI.Theme),
		Keys:         e.cfg.UI.Keys,
		Publish:      deps,
		Terminal:     terminal,
	}
	// The demo starts as it was every time: it keeps no view (views nil).
	var views *viewKeeper
	var notices []string
	if !e.demo {
		views = &viewKeeper{site: e.wp.SiteURL()}
		var problem string
		if opts.SavedView, problem = loadView(views.site); problem != "" {
			notices = append(notices, problem)
		}
	}
	if !e.demo && len(ledger.Entries(e.wp.SiteURL())) == 0 {
		// A new machine, or a lost data directory: say how to find what
		// is already on Medium before anything is sent again.
		notices = append(notices, ui.NoRecordNotice)
	}
	opts.Notice = strings.Join(notices, " · ")
	// The stored list is read before the program starts, so its first frame
	// shows the whole list; the app syncs it in the background. A store
	// that cannot be read starts like a first run: the sync says why.
	if opts.Cached, opts.CachedState, err = syncer.Cached(); err != nil {
		log.Printf("reading the stored list: %v", err)
		opts.Cached = nil
	}
	log.Printf("stored list: %d posts, synced %s", len(opts.Cached), opts.CachedState.SyncedAt)
	if !e.demo {
		version := cmd.Root().Version
		opts.Setup = &ui.SetupDeps{
			Wizard: func() ui.WizardOptions { return wizardOptions(e.path, version, io.Discard) },
			Apply: func(_ config.Config, leaving ui.SavedView) (ui.Reconfigured, error) {
				// The environment still wins over the file, as at start-up.
				cfg, _, err := config.Load(e.path)
				if err != nil {
					return ui.Reconfigured{}, err
				}
				wp, mc, err := clientsFor(cfg, e.path, version, g.timeout)
				if err != nil {
					return ui.Reconfigured{}, err
				}
				next := &env{cfg: cfg, path: e.path, wp: wp, medium: mc, storePath: e.storePath, st: e.st}
				deps := next.publishDeps(ledger)
				syncer, err := next.syncer()
				if err != nil {
					return ui.Reconfigured{}, err
				}
				r := ui.Reconfigured{
					Source:  wp,
					Posts:   syncer,
					Medium:  next.mediumColumn(deps.Publisher),
					Publish: deps,
					View:    views.switchTo(wp.SiteURL(), leaving),
				}
				// Apply runs in a command: reading the store is allowed here.
				if r.Cached, r.CachedState, err = syncer.Cached(); err != nil {
					log.Printf("reading the stored list: %v", err)
					r.Cached = nil
				}
				return r, nil
			},
		}
	}
	program := tea.NewProgram(ui.New(opts), programOptions(e.cfg.UI, g, terminal)...)
	// Bubble Tea ends on SIGINT and SIGTERM; a closed terminal (SIGHUP) must
	// end it the same way, so the store is closed and the demo's
	// temporary folder removed instead of the process just dying.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		if _, ok := <-hup; ok {
			program.Quit()
		}
	}()
	final, err := program.Run()
	if err != nil {
		return err
	}
	if m, ok := final.(*ui.Model); ok && views != nil {
		if err := views.save(m.SavedView()); err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "wp2medium: the list's filters and order are not kept for the next start: %v\n", err)
		}
	}
	return nil
}

// needTerminal refuses to start the app without a terminal to draw on and
// read keys from, with what to run instead.
func needTerminal() error {
	switch {
	case !term.IsTerminal(int(os.Stdin.Fd())) && !term.IsTerminal(int(os.Stdout.Fd())):
		return usagef("the terminal app needs a terminal, and this process has none (its input and output are pipes or files). In a script, use the commands: wp2medium list, wp2medium publish POST_ID (wp2medium --help lists them)")
	case !term.IsTerminal(int(os.Stdout.Fd())):
		return usagef("the terminal app needs a terminal to draw on, but the standard output is a pipe or a file. Run it without redirecting its output; for a listing a script can read, use: wp2medium list --json")
	case !term.IsTerminal(int(os.Stdin.Fd())):
		return usagef("the terminal app reads keys from a terminal, but the standard input is a pipe or a file. Run it from a terminal; in a script, use the commands (wp2medium --help lists them)")
	}
	return nil
}

// firstRun starts the setup wizard when there are no settings at all: no
// file and no WP2MEDIUM_WP_URL. Cancelling it ends the program, unchanged.
func firstRun(cmd *cobra.Command, g *globalFlags) error {
	if g.demo || os.Getenv("WP2MEDIUM_WP_URL") != "" {
		return nil
	}
	path, err := config.Path(g.configPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	fmt.Fprintln(cmd.ErrOrStderr(), "No settings yet: starting the setup wizard (wp2medium setup). To look around first: wp2medium --demo")
	return runSetup(cmd, g, false)
}

// programOptions starts the app on the alternate screen, drawing on
// terminal, with mouse reporting (cell motion: the wheel and clicks, not
// every move) unless ui.mouse = false or --no-mouse leaves the mouse to the
// terminal, for selecting text.
func programOptions(u config.UI, g *globalFlags, terminal io.Writer) []tea.ProgramOption {
	opts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithOutput(terminal)}
	if u.Mouse && !g.noMouse {
		opts = append(opts, tea.WithMouseCellMotion())
	}
	log.Printf("mouse reporting: %v (ui.mouse = %v, --no-mouse = %v)", u.Mouse && !g.noMouse, u.Mouse, g.noMouse)
	return opts
}

// glamourStyle picks the preview's style once, before the program starts:
// asking the terminal for its background later would race with Bubble Tea's
// input reader. ui.theme = "dark" or "light" says it instead of the
// terminal, for the styles' adaptive colours too; NO_COLOR still drops
// every colour (both render with lipgloss.ColorProfile()).
func glamourStyle(theme string) string {
	switch theme {
	case config.ThemeDark:
		lipgloss.SetHasDarkBackground(true)
	case config.ThemeLight:
		lipgloss.SetHasDarkBackground(false)
	}
	if !term.IsTerminal(int(os.Stdout.Fd())) {
		return "notty"
	}
	switch theme {
	case config.ThemeDark, config.ThemeLight:
		return theme
	}
	if lipgloss.HasDarkBackground() {
		return "dark"
	}
	return "light"
}
