package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/store"
)

// newMarkUpdatedCmd records that the writer brought a story up to date by
// hand: Medium's API cannot edit a story, so only they know it was done,
// and until they say so the post reads as changed since it was sent.
func newMarkUpdatedCmd(g *globalFlags) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   "mark-updated POST_ID",
		Short: "Record that a post's Medium story was brought up to date by hand",
		Long: `After editing a story in Medium's editor to match its WordPress post (see
'wp2medium diff POST_ID'), record it: the post no longer shows as changed in
'wp2medium list' and the app, and the next diff compares with the post as it
is now. A post never sent, or whose last send has an unknown outcome, is
refused.`,
		Example: `  wp2medium mark-updated 42 --note "fixed the typo in the intro"`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, l, id, err := openPostLedger(cmd, g, args[0])
			if err != nil {
				return err
			}
			defer e.Close()
			ctx, cancel := context.WithTimeout(cmd.Context(), g.timeout)
			defer cancel()
			post, err := e.wp.Post(ctx, id)
			if err != nil {
				return err
			}
			entry, err := e.publisher(l).MarkUpdated(ctx, post, note)
			if err != nil {
				return markUpdatedError(err, id)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Post %d is recorded as up to date on Medium (%s): it no longer shows as changed.\n", id, entry.URL)
			return err
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "what was done, kept in the record (default: brought up to date by the user)")
	return cmd
}

// markUpdatedError says what to do instead.
func markUpdatedError(err error, id int) error {
	switch {
	case errors.Is(err, store.ErrNoRecord), errors.Is(err, crosspost.ErrNeverSent):
		return fmt.Errorf("%w\nThere is no story to bring up to date: 'wp2medium publish %d' sends it, or 'wp2medium record %d URL' records one made by hand", err, id, id)
	case errors.Is(err, store.ErrNotSent):
		return fmt.Errorf("%w\nIts last send failed, so there is no story: 'wp2medium publish %d' sends it again", err, id)
	}
	return notOnMediumError(err, id)
}
