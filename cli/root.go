// Package cli is wp2medium's command line (cobra): the terminal app and the
// scriptable commands. It wires config, the clients and the ui; the rules
// themselves live in wordpress/, medium/ and crosspost/.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/internal/termtext"
)

// Exit codes shared by every command.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks an error as the user's invocation being wrong (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// globalFlags are the flags every command takes.
type globalFlags struct {
	configPath string
	debug      bool
	demo       bool
	noMouse    bool
	timeout    time.Duration

	// width is the terminal's width when stdout is one, else 0 (see
	// tableWidth).
	width int

	// logPath is the --debug log's file, once started; closeLog ends it.
	logPath  string
	closeLog func()
}

// Execute runs the command line and returns the process exit code.
//
// Everything a command prints goes through termtext's writer: text from
// WordPress or Medium (titles, names, error messages) reaches the terminal,
// or a file, without a control character or an escape sequence, whatever
// decoding made it. (The terminal app draws through its own output.)
func Execute(version string, args []string, stdout, stderr io.Writer) int {
	return execute(version, args, nil, stdout, stderr)
}

// execute is Execute reading stdin from in (os.Stdin when nil), so a test
// can answer a question (resolve --check's y/N).
func execute(version string, args []string, in io.Reader, stdout, stderr io.Writer) int {
	g := &globalFlags{width: terminalWidth(stdout)} // asked of the terminal, before the wrapping hides it
	out, errOut := termtext.NewWriter(stdout), termtext.NewWriter(stderr)
	defer func() { _ = out.Flush(); _ = errOut.Flush() }()
	stdout, stderr = out, errOut
	root := newRootCmd(g, resolveVersion(version))
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if in != nil {
		root.SetIn(in)
	}
	initCompletionCmd(root)
	err := root.Execute()
	if g.closeLog != nil {
		g.closeLog()
		if g.logPath != "" {
			fmt.Fprintf(stderr, "debug log: %s\n", g.logPath)
		}
	}
	if err == nil {
		return exitOK
	}
	var coded interface{ ExitCode() int }
	fmt.Fprintln(stderr, "wp2medium: "+err.Error())
	switch {
	case errors.As(err, &coded):
		return coded.ExitCode()
	case errors.As(err, new(usageError)), isCobraUsageError(err):
		fmt.Fprintln(stderr, "Run 'wp2medium --help' for usage.")
		return exitUsage
	}
	return exitError
}

func newRootCmd(g *globalFlags, version string) *cobra.Command {
	root := &cobra.Command{
		Use:   "wp2medium",
		Short: "Cross-post a WordPress site's posts to Medium, from the terminal",
		Long: `wp2medium lists your WordPress posts beside their Medium status, previews them as
Markdown and cross-posts them to Medium.

Run it with no command for the terminal app, or try it on a built-in demo blog:
  wp2medium --demo`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		// --debug logs every command, not only the app.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			path, closeLog, err := startDebugLog(g.debug)
			g.logPath, g.closeLog = path, closeLog
			if err == nil {
				log.Printf("%s %q (version %s)", cmd.CommandPath(), args, cmd.Root().Version)
			}
			return err
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runApp(cmd, g)
		},
	}
	root.SetVersionTemplate("wp2medium {{.Version}}\n")
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "config file (default $WP2MEDIUM_CONFIG, else $XDG_CONFIG_HOME/wp2medium/config.toml)")
	pf.BoolVar(&g.debug, "debug", false, "write a debug log file (its path is printed on exit)")
	pf.BoolVar(&g.demo, "demo", false, "use the built-in demo blog instead of your site (no accounts needed)")
	pf.BoolVar(&g.noMouse, "no-mouse", false, "leave the mouse to the terminal in the app, to select text (as ui.mouse = false)")
	pf.DurationVar(&g.timeout, "timeout", 30*time.Second, "how long one request to WordPress or Medium may take")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })

	root.AddCommand(newListCmd(g), newPublishCmd(g), newResolveCmd(g), newLinkCmd(g), newImportCmd(g), newRecordCmd(g), newSetupCmd(g), newLedgerCmd(), newHistoryCmd(g), newDiffCmd(g), newMarkUpdatedCmd(g), newSyncCmd(g), newWatchCmd(g), newPlanCmd(g), newReconcileCmd(g), newVersionCmd(version))
	addCompletions(root, g)
	return root
}

func newVersionCmd(version string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "wp2medium %s\n", version)
			return err
		},
	}
}

// resolveVersion prefers the version stamped with -ldflags, then the module
// version Go recorded (go install ...@v1.2.3), then "dev".
func resolveVersion(stamped string) string {
	if stamped != "" {
		return stamped
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// isCobraUsageError recognises cobra's own argument errors, which it does not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
