package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/wordpress"
)

// newResolveCmd settles a send whose outcome is unknown: only the user can
// look at Medium (the API cannot read a story back), so they say what they saw.
func newResolveCmd(g *globalFlags) *cobra.Command {
	var onMedium string
	var notSent, check, yes bool
	cmd := &cobra.Command{
		Use:   "resolve POST_ID (--on-medium URL | --not-sent | --check [--yes])",
		Short: "Say what happened to a send whose outcome is unknown",
		Long: `When a send to Medium timed out or its connection dropped, the story may or may
not exist, and wp2medium refuses to send the post again until you say which.
Look at your Medium profile and drafts, then either record the story you found
(--on-medium URL) or confirm there is none (--not-sent) to allow a new send.
` + resolveCheckHelp,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch n := btoi(onMedium != "") + btoi(notSent) + btoi(check); {
			case n != 1:
				return usagef("give exactly one of --on-medium URL, --not-sent or --check")
			case yes && !check:
				return usagef("--yes answers --check's question; use it with --check")
			case check:
				return runResolveCheck(cmd, g, args[0], yes)
			}
			e, l, id, err := openPostLedger(cmd, g, args[0])
			if err != nil {
				return err
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), g.timeout)
			defer cancel()
			pub := e.publisher(l)
			post := knownPost(ctx, e, id)
			if notSent {
				if _, err := pub.ResolveNotSent(ctx, post); err != nil {
					return err
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "Post %d is recorded as not sent; 'wp2medium publish %d' may send it again.\n", id, id)
				return err
			}
			entry, err := pub.ResolveOnMedium(ctx, post, onMedium)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Post %d is recorded as on Medium: %s\n", id, entry.URL)
			return err
		},
	}
	cmd.Flags().StringVar(&onMedium, "on-medium", "", "the story is on Medium at this URL")
	cmd.Flags().BoolVar(&notSent, "not-sent", false, "there is no story on Medium: allow sending again")
	cmd.Flags().BoolVar(&check, "check", false, "look for the story in Medium's public feed and offer to record it")
	cmd.Flags().BoolVar(&yes, "yes", false, "with --check: record a story found in the feed without asking")
	return cmd
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// newLinkCmd retries the WordPress side of the cross-link on its own.
func newLinkCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "link POST_ID",
		Short: "Add 'Also published on Medium' to a WordPress post already on Medium",
		Long: `Adds the italic "Also published on Medium." paragraph, linking to the recorded
story, at the end of the WordPress post. It is added once: running it again
changes nothing. Needs an application password of a user who may edit the post.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, id, err := openPostEnv(cmd, g, args[0])
			if err != nil {
				return err
			}
			defer e.Close()
			if !e.wp.Authenticated() {
				return fmt.Errorf("linking from WordPress needs wordpress.username and wordpress.app_password of a user who may edit post %d", id)
			}
			l, err := e.ledger()
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), crosspost.PublishTimeout)
			defer cancel()
			if err := e.publisher(l).LinkOnWordPress(ctx, knownPost(ctx, e, id)); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Post %d now links to its Medium story.\n", id)
			return err
		},
	}
}

// knownPost is the post as WordPress has it now, for its guid and permalink
// (which find a record made through another address of the site), or only
// its id when WordPress cannot be asked: settling an outcome works offline.
func knownPost(ctx context.Context, e *env, id int) wordpress.PostDetail {
	if d, err := e.wp.Post(ctx, id); err == nil {
		return d
	}
	return wordpress.PostDetail{Post: wordpress.Post{ID: id}}
}
