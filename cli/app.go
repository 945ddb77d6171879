package cli

import (
	"fmt"
	"log"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/ui"
)

// runApp runs the terminal app.
func runApp(cmd *cobra.Command, g *globalFlags) error {
	logPath, closeLog, err := startDebugLog(g.debug)
	if err != nil {
		return err
	}
	defer closeLog()

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
	if e.medium != nil {
		opts.Publish = &ui.PublishDeps{
			Publisher:     e.publisher(ledger),
			Defaults:      e.cfg.Defaults,
			PublicationID: e.cfg.Medium.PublicationID,
		}
	}
	_, err = tea.NewProgram(ui.New(opts), tea.WithAltScreen()).Run()
	if logPath != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "debug log: %s\n", logPath)
	}
	return err
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
