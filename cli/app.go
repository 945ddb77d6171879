package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
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
	logPath, closeLog, err := startDebugLog(g.debug)
	if err != nil {
		return err
	}
	defer closeLog()

	if err := firstRun(cmd, g); err != nil {
		return err
	}
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer e.Close()
	log.Printf("starting: demo=%v site=%s", e.demo, e.wp.SiteURL())

	// The app holds the ledger for the whole session: a second wp2medium
	// that could record sends is refused.
	ledger, err := e.openLedger()
	if err != nil {
		return err
	}
	defer ledger.Close()
	opts := ui.Options{
		Source:       e.wp,
		Medium:       ui.LedgerStatuses(ledger, e.wp.SiteURL()),
		GlamourStyle: glamourStyle(),
	}
	opts.Publish = e.publishDeps(ledger)
	if !e.demo {
		version := cmd.Root().Version
		opts.Setup = &ui.SetupDeps{
			Wizard: func() ui.WizardOptions { return wizardOptions(e.path, version, io.Discard) },
			Apply: func(config.Config) (ui.Reconfigured, error) {
				// The environment still wins over the file, as at start-up.
				cfg, _, err := config.Load(e.path)
				if err != nil {
					return ui.Reconfigured{}, err
				}
				wp, mc, err := clientsFor(cfg, e.path, version, g.timeout)
				if err != nil {
					return ui.Reconfigured{}, err
				}
				next := &env{cfg: cfg, path: e.path, wp: wp, medium: mc, ledgerPath: e.ledgerPath}
				return ui.Reconfigured{
					Source:  wp,
					Medium:  ui.LedgerStatuses(ledger, wp.SiteURL()),
					Publish: next.publishDeps(ledger),
				}, nil
			},
		}
	}
	program := tea.NewProgram(ui.New(opts), tea.WithAltScreen())
	// Bubble Tea ends on SIGINT and SIGTERM; a closed terminal (SIGHUP) must
	// end it the same way, so the ledger lock is released and the demo's
	// temporary folder removed instead of the process just dying.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		if _, ok := <-hup; ok {
			program.Quit()
		}
	}()
	_, err = program.Run()
	if logPath != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "debug log: %s\n", logPath)
	}
	return err
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

// glamourStyle picks the preview's style once, before the program starts:
// asking the terminal for its background later would race with Bubble Tea's
// input reader.
func glamourStyle() string {
	if !term.IsTerminal(int(os.Stdout.Fd())) {
		return "notty"
	}
	if lipgloss.HasDarkBackground() {
		return "dark"
	}
	return "light"
}
