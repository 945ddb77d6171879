package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/ui"
	"github.com/wp2medium/wp2medium/wordpress"
)

// setupRequestTimeout bounds each request of the wizard's live checks; the
// wizard bounds the whole check (ui.DefaultCheckTimeout).
const setupRequestTimeout = 15 * time.Second

// errSetupCancelled is returned when the user leaves the wizard without
// saving, so scripts see a failure (exit 1) and the config is unchanged.
type errSetupCancelled struct{ path string }

func (e errSetupCancelled) Error() string {
	return "setup cancelled: nothing was saved (" + e.path + " is unchanged)"
}

func newSetupCmd(g *globalFlags) *cobra.Command {
	var accessible bool
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Set up your WordPress site and Medium token, each checked before saving",
		Long: `setup asks, step by step, for your WordPress site, a WordPress application
password and a Medium integration token, checks each one live, then asks for the
defaults of new cross-posts and whether to cross-post new posts automatically
(and which: categories, tags, excluded tags, a daily limit), and saves
everything (mode 0600) to the config file. Turning automatic cross-posting on
sets auto.since to now, so only posts first published from then on are sent.

Running it again shows the current values; an empty password or token keeps the
saved one. Esc or Ctrl+C leaves the config file untouched.

With --accessible (or when the input is not a terminal) it asks plain questions,
one per line, for screen readers and scripts.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSetup(cmd, g, accessible)
		},
	}
	cmd.Flags().BoolVar(&accessible, "accessible", false, "ask plain questions instead of showing forms (for screen readers)")
	return cmd
}

func runSetup(cmd *cobra.Command, g *globalFlags, accessible bool) error {
	if g.demo {
		return usagef("--demo needs no setup: the demo blog has its own accounts")
	}
	path, err := config.Path(g.configPath)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	opts := wizardOptions(path, cmd.Root().Version, stderr)
	opts.Standalone = true
	var res ui.WizardDoneMsg

	in, out := cmd.InOrStdin(), cmd.OutOrStdout()
	inFile, inIsFile := in.(*os.File)
	inTTY := inIsFile && term.IsTerminal(int(inFile.Fd()))
	if accessible || !inTTY {
		opts.Accessible = true
		res, err = runAccessibleSetup(cmd.Context(), ui.NewWizard(opts), in, out, stderr, inFile, inTTY)
	} else {
		// A full-screen program draws on the terminal itself: not through the
		// command's output, which strips every escape sequence.
		res, err = runInteractiveSetup(ui.NewWizard(opts), inFile, os.Stdout)
	}
	if err != nil && !errors.Is(err, ui.ErrWizardInputEnded) {
		return err
	}
	if !res.Saved {
		return errSetupCancelled{path: path}
	}
	_, err = fmt.Fprintf(out, "Saved settings to %s\n", res.Path)
	return err
}

// wizardOptions prepares the wizard for the config at path: the file alone
// is edited, so values from the environment are never saved into it by
// accident; they are listed instead. Problems with the file are warned about
// on warn and the wizard starts from what could be read.
func wizardOptions(path, version string, warn io.Writer) ui.WizardOptions {
	cfg, warnings, err := config.LoadWithEnv(path, nil)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cfg = config.Default()
	case err != nil:
		fmt.Fprintf(warn, "warning: %v\nThe wizard starts from what could be read; Esc leaves the file as it is.\n\n", err)
	}
	for _, w := range warnings {
		fmt.Fprintln(warn, "warning: "+w.String())
	}
	withEnv, _, _ := config.Load(path)
	if version == "" {
		version = "dev"
	}
	checkAPI := ""
	for _, o := range withEnv.Overrides() {
		if o.Key == "medium.api_url" {
			checkAPI = withEnv.Medium.APIURL // the token is checked where every command would send it
		}
	}
	return ui.WizardOptions{
		CheckAPIURL: checkAPI,
		Config:      cfg,
		Path:        path,
		NewWordPress: ui.WordPressCheckerFactory(
			wordpress.WithUserAgent(userAgent(version)), wordpress.WithTimeout(setupRequestTimeout)),
		NewMedium: ui.MediumCheckerFactory(
			medium.WithUserAgent(userAgent(version)), medium.WithTimeout(setupRequestTimeout)),
		EnvOverrides: withEnv.Overrides(),
	}
}

// runInteractiveSetup runs the wizard's forms as a full-screen program.
func runInteractiveSetup(w *ui.Wizard, in io.Reader, out io.Writer) (ui.WizardDoneMsg, error) {
	popts := []tea.ProgramOption{tea.WithAltScreen()}
	if in != os.Stdin {
		popts = append(popts, tea.WithInput(in))
	}
	if out != os.Stdout {
		popts = append(popts, tea.WithOutput(out))
	}
	final, err := tea.NewProgram(w, popts...).Run()
	if err != nil {
		return ui.WizardDoneMsg{}, fmt.Errorf("setup: %w", err)
	}
	res, _ := final.(*ui.Wizard).Done()
	return res, nil
}

// runAccessibleSetup runs the wizard as plain prompts. On a terminal, Ctrl+C
// would kill the process in the middle of a password prompt with echo still
// off, so the terminal is restored first.
func runAccessibleSetup(ctx context.Context, w *ui.Wizard, in io.Reader, out, stderr io.Writer, inFile *os.File, inTTY bool) (ui.WizardDoneMsg, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if inTTY {
		fd := int(inFile.Fd())
		if state, err := term.GetState(fd); err == nil {
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, os.Interrupt)
			stop := make(chan struct{})
			defer func() { signal.Stop(sigs); close(stop) }()
			go func() {
				select {
				case <-sigs:
					_ = term.Restore(fd, state)
					fmt.Fprintln(stderr, "\nSetup cancelled: nothing was saved.")
					os.Exit(130)
				case <-stop:
				}
			}()
		}
	}
	if inTTY {
		fmt.Fprintln(out, "wp2medium setup. Answer each question and press Enter; an empty answer keeps the current setting. Ctrl+D or Ctrl+C cancels without saving.")
	} else {
		// No terminal: no keys to press, just lines to read.
		fmt.Fprintln(out, "wp2medium setup, reading the answers from the input, one per line: an empty line keeps the current setting, and the end of the input cancels without saving.")
	}
	return w.RunAccessible(ctx, out, in)
}
