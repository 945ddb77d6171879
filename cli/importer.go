package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/wp2medium/wp2medium/store"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/wordpress"
)

// newImportCmd explains the route for writers without a Medium token:
// Medium's own importer copies the public post.
func newImportCmd(g *globalFlags) *cobra.Command {
	var allowUnpublished bool
	cmd := &cobra.Command{
		Use:   "import POST_ID",
		Short: "Cross-post with Medium's importer (no token needed): print the steps",
		Long: `Medium no longer issues integration tokens. Its importer still works for
everyone: it copies a public post, keeps its date and sets the canonical link.
This prints the steps for one post, with the importer's address filled in;
record the new story afterwards with 'wp2medium record' so wp2medium tracks
it like any other.

Medium fetches the post itself, so it must be published, public, and on a
site Medium can reach. Exit codes: 0, 1 failed, 2 the post is not public
(--allow-unpublished prints the steps anyway), 3 already on Medium.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, id, err := openPostEnv(cmd, g, args[0])
			if err != nil {
				return err
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), crosspost.PublishTimeout)
			defer cancel()
			post, err := e.wp.Post(ctx, id)
			if err != nil {
				return err
			}
			ledger, err := e.ledger()
			if err != nil {
				return err
			}
			if entry, ok := ledger.Find(e.wp.SiteURL(), id, post.GUID, post.Link); ok && entry.State == store.StateSent {
				return codedError{fmt.Errorf("post %d is already on Medium: %s\nImporting it again creates a second story; record that one with 'wp2medium record %d URL --force'", id, entry.URL, id), exitRefused}
			}
			// The guard every create passes: a post whose content links its
			// story is on Medium (the story is recorded, as publish does).
			if err := e.publisher(ledger).Check(ctx, post, false); errors.Is(err, store.ErrAlreadySent) {
				return codedError{fmt.Errorf("%w\nImporting it again creates a second story; record that one with 'wp2medium record %d URL --force'", err, id), exitRefused}
			} else if err != nil && !errors.Is(err, store.ErrOutcomeUnknown) && !errors.Is(err, store.ErrSendInProgress) {
				return err
			}
			stderr := cmd.ErrOrStderr()
			if post.Status != wordpress.StatusPublish || post.Protected {
				problem := fmt.Sprintf("the post is %s%s on WordPress, and Medium's importer can only fetch a public, published post: publish it first", post.Status.InSentence(), protectedNote(post.Protected))
				if !allowUnpublished {
					return usagef("%s (or add --allow-unpublished to print the steps anyway)", problem)
				}
				fmt.Fprintln(stderr, "warning: "+problem)
			}
			if crosspost.MediumCannotReach(post.Link) {
				fmt.Fprintf(stderr, "warning: Medium cannot reach %s (a local or private address), and its importer fetches the post from the site: put the post on a public site first, or paste it into Medium's editor (in the app, c or C copies it as Medium will receive it)\n", post.Link)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), `To cross-post %q with Medium's importer:
  1. Open this address (the post's link is filled in) and press Import:
       %s
  2. Publish the story on Medium, or keep it as a draft.
  3. Record it here:
       wp2medium record %d MEDIUM_URL --status public|draft|unlisted
`, post.Title, medium.ImporterFor(post.Link), id)
			return err
		},
	}
	cmd.Flags().BoolVar(&allowUnpublished, "allow-unpublished", false, "print the steps although the post is not public on WordPress")
	return cmd
}

func protectedNote(protected bool) string {
	if protected {
		return " and password-protected"
	}
	return ""
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
			if err := store.ValidateMediumURL(args[1]); err != nil {
				return usageError{err.Error()}
			}
			e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), crosspost.PublishTimeout)
			defer cancel()
			post, err := e.wp.Post(ctx, id)
			if err != nil {
				return err
			}
			ledger, err := e.ledger()
			if err != nil {
				return err
			}
			entry, err := e.publisher(ledger).RecordImport(ctx, post, args[1], st, force)
			switch {
			case errors.Is(err, store.ErrAlreadySent):
				return codedError{fmt.Errorf("%w\nIf this is a second story of the same post, add --force", err), exitRefused}
			case errors.Is(err, store.ErrOutcomeUnknown), errors.Is(err, store.ErrSendInProgress):
				return codedError{fmt.Errorf("%w\nSettle it first: wp2medium resolve %d --on-medium URL", err, id), exitRefused}
			case err != nil:
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), entry)
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
