package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/store"
)

// newDiffCmd shows what changed in a post since its story was sent:
// Medium's API cannot edit a story, so the writer redoes the edit in
// Medium's editor and needs to see exactly what it is.
func newDiffCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "diff POST_ID",
		Short: "Show what changed in a post since its story was sent to Medium",
		Long: `Compares what Medium got for the post's story (the copy wp2medium keeps of
every create) with what the post makes now: the title, the tags, the text a
paragraph a line ("-" what Medium has, "+" what the post says now), the links
and the images. Medium cannot edit a story through its API: make the edit in
Medium's editor (in the app, c and C copy the new version as Markdown or
HTML), then run 'wp2medium mark-updated POST_ID'.

A story sent before wp2medium kept copies, or recorded by hand or by an
import, has no copy: only the times are shown.

Exit codes: 0 whether or not anything changed, 1 failed (a post never sent
included), 2 usage error.`,
		Example: `  wp2medium diff 42`,
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
			c, err := e.publisher(l).Changes(ctx, post)
			if err != nil {
				return notOnMediumError(err, id)
			}
			return printChanges(cmd.OutOrStdout(), c, diffWidth(g))
		},
	}
}

// printChanges prints the report, then what to do about it.
func printChanges(w io.Writer, c crosspost.Changes, width int) error {
	if _, err := io.WriteString(w, c.Report(width)); err != nil {
		return err
	}
	if c.None() && !c.Changed {
		return nil
	}
	_, err := fmt.Fprintf(w, "\nMedium's API cannot edit a story: make the change in Medium's editor\n(in the app, c and C copy the post as Markdown or HTML), then run:\n  wp2medium mark-updated %d\n", c.Post.ID)
	return err
}

// notOnMediumError says what to do about a post without a story.
func notOnMediumError(err error, id int) error {
	switch {
	case errors.Is(err, store.ErrNotSent):
		return fmt.Errorf("%w: its last send failed, so there is no story to compare with; 'wp2medium publish %d' sends it again", err, id)
	case errors.Is(err, store.ErrOutcomeUnknown), errors.Is(err, store.ErrSendInProgress):
		return codedError{fmt.Errorf("%w\nLook at your Medium profile and drafts, then run 'wp2medium resolve %d --on-medium URL' or 'wp2medium resolve %d --not-sent'", err, id, id), exitRefused}
	}
	return err
}

// diffWidth is the width the report wraps to: the terminal's (or
// $COLUMNS), else 80, so a piped report still reads as paragraphs.
func diffWidth(g *globalFlags) int {
	if w := g.tableWidth(); w > 0 {
		return w
	}
	return 80
}
