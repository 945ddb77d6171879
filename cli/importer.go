package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// newImportCmd explains the route for writers without a Medium token:
// Medium's own importer copies the public post.
func newImportCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "import POST_ID",
		Short: "Cross-post with Medium's importer (no token needed): print the steps",
		Long: `Medium no longer issues integration tokens. Its importer still works for
everyone: it copies a public post, keeps its date and sets the canonical link.
This prints the steps for one post; record the new story afterwards with
'wp2medium record' so wp2medium tracks it like any other.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, id, err := openPostEnv(cmd, g, args[0])
			if err != nil {
				return err
			}
			defer e.Close()
			ledger, err := crosspost.ReadLedger(e.ledgerPath)
			if err != nil {
				return err
			}
			if entry, ok := ledger.Get(e.wp.SiteURL(), id); ok && entry.State == crosspost.StateSent {
				return codedError{fmt.Errorf("post %d is already on Medium: %s\nImporting it again creates a second story; record that one with 'wp2medium record %d URL --force'", id, entry.URL, id), exitRefused}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), publishTimeout)
			defer cancel()
			post, err := e.wp.Post(ctx, id)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if post.Status != wordpress.StatusPublish || post.Protected {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: the post is %s%s on WordPress; Medium's importer can only fetch a public, published post. Publish it first.\n",
					post.Status.Label(), map[bool]string{true: " and password-protected"}[post.Protected])
			}
			_, err = fmt.Fprintf(out, `To cross-post %q with Medium's importer:
  1. Open %s
  2. Paste this link and press Import:
       %s
  3. Publish the story on Medium, or keep it as a draft.
  4. Record it here:
       wp2medium record %d MEDIUM_URL --status public|draft|unlisted
`, post.Title, medium.ImportURL, post.Link, id)
			return err
		},
	}
}

// newRecordCmd records a story made outside the API: with the importer, by
// hand, or before wp2medium existed.
func newRecordCmd(g *globalFlags) *cobra.Command {
	var status string
	var force, asJSON bool
	cmd := &cobra.Command{
		Use:   "record POST_ID MEDIUM_URL",
		Short: "Record a Medium story made with the importer or by hand",
		Long: `Records that the WordPress post is on Medium at MEDIUM_URL (a story URL such as
https://medium.com/@you/title-1a2b3c4d5e6f), so the Medium column, 'list' and
the duplicate checks know about it. Also for posts cross-posted before
wp2medium existed.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parsePostID(args[0])
			if err != nil {
				return err
			}
			st, err := medium.ParsePublishStatus(status)
			if err != nil {
				return usageError{err.Error()}
			}
			if err := crosspost.ValidateMediumURL(args[1]); err != nil {
				return usageError{err.Error()}
			}
			e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), publishTimeout)
			defer cancel()
			post, err := e.wp.Post(ctx, id)
			if err != nil {
				return err
			}
			ledger, err := e.openLedger()
			if err != nil {
				return err
			}
			defer ledger.Close()
			entry, err := e.publisher(ledger).RecordImport(id, args[1], st, post.ModifiedGMT, force)
			switch {
			case errors.Is(err, crosspost.ErrAlreadySent):
				return codedError{fmt.Errorf("%w\nIf this is a second story of the same post, add --force", err), exitRefused}
			case errors.Is(err, crosspost.ErrOutcomeUnknown), errors.Is(err, crosspost.ErrSendInProgress):
				return codedError{fmt.Errorf("%w\nSettle it first: wp2medium resolve %d --on-medium URL", err, id), exitRefused}
			case err != nil:
				return err
			}
			if asJSON {
				return writeIndentedJSON(cmd.OutOrStdout(), entry)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Recorded post %d on Medium (%s): %s\n", id, entry.PublishStatus, entry.URL)
			return err
		},
	}
	cmd.Flags().StringVar(&status, "status", "public", "the story's status on Medium: public, draft or unlisted")
	cmd.Flags().BoolVar(&force, "force", false, "the post is already recorded on Medium: record a second story")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the recorded entry as JSON")
	return cmd
}
