package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// Shell completion: cobra's completion command writes the script (bash,
// zsh, fish, powershell); the script asks `wp2medium __complete ...`, which
// answers with what is below. A completion runs on every tab press, so it
// never asks the network: post ids come from the local store, read only if
// it exists (a tab press must not create one).

// completionLong is the completion command's help, since the README points
// at it.
const completionLong = `Prints the shell completion script of wp2medium for bash, zsh, fish or
powershell. Post ids complete from the local store (with their titles), and
so do the values of --status and --license; nothing is asked of WordPress or
Medium.

  bash (needs the bash-completion package):
    source <(wp2medium completion bash)
    # for every session:
    wp2medium completion bash > ~/.local/share/bash-completion/completions/wp2medium
  zsh:
    wp2medium completion zsh > "${fpath[1]}/_wp2medium"   # then start a new shell
  fish:
    wp2medium completion fish > ~/.config/fish/completions/wp2medium.fish

Run 'wp2medium completion SHELL --help' for the details of each shell.`

// postIDCommands take POST_ID as their first argument.
var postIDCommands = map[string]bool{"publish": true, "plan": true, "resolve": true, "link": true, "import": true, "record": true, "diff": true, "mark-updated": true}

// initCompletionCmd adds cobra's completion command, described for
// wp2medium. It must come after root.SetOut: the command keeps the writer
// it finds when it is made.
func initCompletionCmd(root *cobra.Command) {
	root.CompletionOptions.DisableDefaultCmd = false
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Short, c.Long = "Print the shell completion script (bash, zsh, fish, powershell)", completionLong
		}
	}
}

// addCompletions completes the arguments and flag values of root's
// commands.
func addCompletions(root *cobra.Command, g *globalFlags) {
	for _, c := range root.Commands() {
		if postIDCommands[c.Name()] {
			c.ValidArgsFunction = completePostIDs(g)
		}
		if c.Flags().Lookup("status") != nil {
			values := mediumStatusValues
			if c.Name() == "list" {
				values = wordpressStatusValues
			}
			_ = c.RegisterFlagCompletionFunc("status", values)
		}
		if c.Flags().Lookup("license") != nil {
			_ = c.RegisterFlagCompletionFunc("license", licenseValues)
		}
	}
}

// completePostIDs completes the first argument with the ids of the site's
// posts in the store, each with its title; later arguments (record's
// MEDIUM_URL) are not completed.
func completePostIDs(g *globalFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 || g.demo { // the demo's store lives only while it runs
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		posts, err := storedPosts(g, cmd.Root().Version)
		if err != nil {
			cobra.CompDebugln("wp2medium: "+err.Error(), true) // shown only with BASH_COMP_DEBUG_FILE
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, p := range posts {
			id := strconv.Itoa(p.ID)
			if strings.HasPrefix(id, toComplete) {
				out = append(out, cobra.CompletionWithDesc(id, termtext.CleanLine(p.Title)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// storedPosts are the configured site's posts as the store holds them,
// none when there is no store yet. It reads the config and the store only.
func storedPosts(g *globalFlags, version string) ([]wordpress.Post, error) {
	e, err := openEnv(g, version, io.Discard)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	if _, err := os.Stat(e.storePath); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	st, err := e.store()
	if err != nil {
		return nil, err
	}
	return st.Posts(e.wp.SiteURL())
}

func mediumStatusValues(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, s := range medium.PublishStatuses {
		out = append(out, cobra.CompletionWithDesc(string(s), s.Label()))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func licenseValues(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, l := range medium.Licenses {
		out = append(out, cobra.CompletionWithDesc(string(l), l.Label()))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// wordpressStatusValues completes list's --status, a comma-separated
// list: the statuses not given yet, after those that are.
func wordpressStatusValues(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	given, prefix := map[string]bool{}, ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		prefix = toComplete[:i+1]
		for _, s := range strings.Split(toComplete[:i], ",") {
			given[strings.TrimSpace(s)] = true
		}
	}
	var out []cobra.Completion
	for _, s := range wordpress.AllStatuses {
		if !given[string(s)] {
			out = append(out, cobra.CompletionWithDesc(prefix+string(s), s.Label()))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
