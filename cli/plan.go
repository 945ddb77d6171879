package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

func newPlanCmd(g *globalFlags) *cobra.Command {
	var f publishFlags
	var cancel, list, asJSON bool
	cmd := &cobra.Command{
		Use:   "plan POST_ID [publish flags] | plan POST_ID --cancel | plan --list",
		Short: "Choose now how a post goes to Medium once it is published",
		Long: `Saves the choices for one post ahead of time (like the old plugin's box on the
post's edit screen): 'wp2medium sync' (or watch) sends the post with them when
it is published on WordPress, even if the [auto] rules would not pick it
(never when it carries one of auto.exclude_tags). A post already published
goes with the next pass. Options left out come from [defaults].

Exit codes: 0 done, 1 failed, 2 usage error, 3 refused (the post is already
on Medium, or the outcome of its last send is unknown).`,
		Example: `  wp2medium plan 42 --status public --license cc-40-by --cross-link
  wp2medium plan 42 --cancel
  wp2medium plan --list`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case list:
				if len(args) > 0 || cancel {
					return usagef("plan --list takes no post id and no --cancel")
				}
				return runPlanList(cmd, g, asJSON)
			case len(args) != 1:
				return usagef("plan needs one POST_ID (or --list); 'wp2medium list' shows the ids")
			case cancel:
				return runPlanCancel(cmd, g, args[0])
			}
			return runPlan(cmd, g, args[0], &f, asJSON)
		},
	}
	addChoiceFlags(cmd, &f)
	fl := cmd.Flags()
	fl.BoolVar(&cancel, "cancel", false, "remove the post's plan")
	fl.BoolVar(&list, "list", false, "show every plan of the site")
	fl.BoolVar(&asJSON, "json", false, "print the plan (or the list) as JSON")
	return cmd
}

// planJSON is a plan as plan --json and plan --list --json print it.
type planJSON struct {
	PostID    int               `json:"post_id"`
	Title     string            `json:"title,omitempty"`
	WordPress string            `json:"wordpress_status,omitempty"`
	Date      *time.Time        `json:"date,omitempty"`
	Source    store.PlanSource  `json:"source"`
	Options   store.PlanOptions `json:"options"`
	CreatedAt time.Time         `json:"created_at"`
}

func runPlan(cmd *cobra.Command, g *globalFlags, arg string, f *publishFlags, asJSON bool) error {
	e, id, err := openPostEnv(cmd, g, arg)
	if err != nil {
		return err
	}
	defer e.Close()
	opts, publication, err := f.choices(cmd, e.cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), crosspost.PublishTimeout)
	defer cancel()
	post, err := e.wp.Post(ctx, id)
	if err != nil {
		return err
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	if err := e.publisher(st.Ledger()).Check(ctx, post, false); err != nil {
		if errors.Is(err, store.ErrAlreadySent) || errors.Is(err, store.ErrOutcomeUnknown) || errors.Is(err, store.ErrSendInProgress) {
			return codedError{fmt.Errorf("not planned: %w", err), exitRefused}
		}
		return err
	}
	// The same plans the app's form writes (autopost.SitePlans).
	plans := autopost.SitePlans{Store: st, Site: e.wp.SiteURL()}
	err = plans.SetPlan(id, store.PlanOptions{
		Status: opts.Status, License: opts.License, CrossLink: opts.CrossLink, NotifyFollowers: opts.NotifyFollowers, Tags: opts.Tags,
		PublicationID: publication, KeepDate: opts.KeepDate, UploadImages: f.uploadImages, WithoutImages: f.withoutImages,
	})
	if err != nil {
		return err
	}
	if asJSON {
		p, _, err := plans.Plan(id)
		if err != nil {
			return err
		}
		return writeJSON(cmd.OutOrStdout(), toPlanJSON(p, &post.Post))
	}
	when := "by the next 'wp2medium sync' (it is published)"
	switch {
	case post.Status == wordpress.StatusFuture:
		when = "once it goes live (scheduled for " + post.DateGMT.Local().Format("2006-01-02 15:04") + ")"
	case post.Status != wordpress.StatusPublish:
		when = "once it is published on WordPress (it is " + string(post.Status) + ")"
	}
	_, err = fmt.Fprintf(cmd.OutOrStdout(), "Planned: post %d %q goes to Medium as %s, %s, %s.\nUndo with: wp2medium plan %d --cancel\n",
		id, termtext.CleanLine(post.Title), opts.Status, opts.License, when, id)
	if err == nil && e.demo {
		_, err = fmt.Fprintln(cmd.OutOrStdout(), "(The demo keeps nothing once a command ends: try plans in the app, 'wp2medium --demo'.)")
	}
	return err
}

func toPlanJSON(p store.Plan, post *wordpress.Post) planJSON {
	j := planJSON{PostID: p.PostID, Source: p.Source, Options: p.Options, CreatedAt: p.CreatedAt}
	if post != nil {
		j.Title, j.WordPress = post.Title, string(post.Status)
		if !post.DateGMT.IsZero() {
			d := post.DateGMT
			j.Date = &d
		}
	}
	return j
}

func runPlanCancel(cmd *cobra.Command, g *globalFlags, arg string) error {
	e, id, err := openPostEnv(cmd, g, arg)
	if err != nil {
		return err
	}
	defer e.Close()
	st, err := e.store()
	if err != nil {
		return err
	}
	removed, err := autopost.SitePlans{Store: st, Site: e.wp.SiteURL()}.CancelPlan(id)
	if err != nil {
		return err
	}
	if !removed {
		return fmt.Errorf("post %d has no plan ('wp2medium plan --list' shows the plans)", id)
	}
	_, err = fmt.Fprintf(cmd.OutOrStdout(), "The plan of post %d is removed.\n", id)
	return err
}

func runPlanList(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer e.Close()
	st, err := e.store()
	if err != nil {
		return err
	}
	plans, err := st.Plans(e.wp.SiteURL())
	if err != nil {
		return err
	}
	// The titles come from the store's copy of the list: no request.
	posts, _ := st.Posts(e.wp.SiteURL())
	byID := make(map[int]*wordpress.Post, len(posts))
	for i := range posts {
		byID[posts[i].ID] = &posts[i]
	}
	out := make([]planJSON, 0, len(plans))
	for _, p := range plans {
		out = append(out, toPlanJSON(p, byID[p.PostID]))
	}
	if asJSON {
		return writeJSON(cmd.OutOrStdout(), out)
	}
	if len(out) == 0 {
		_, err := fmt.Fprintln(cmd.OutOrStdout(), "No plans. Plan a post with: wp2medium plan POST_ID [--status ...]")
		return err
	}
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWORDPRESS\tMEDIUM\tLICENSE\tSOURCE\tTITLE")
	for _, p := range out {
		o := p.Options
		extra := []string{}
		if o.CrossLink {
			extra = append(extra, "cross-link")
		}
		if o.PublicationID != "" {
			extra = append(extra, "publication "+o.PublicationID)
		}
		medium := string(o.Status)
		if p.Source == store.PlanBackfill {
			medium, o.License = "[defaults]", "[defaults]"
		}
		if len(extra) > 0 {
			medium += " (" + strings.Join(extra, ", ") + ")"
		}
		wp := p.WordPress
		if wp == "" {
			wp = "?"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.PostID, wp, medium, o.License, p.Source, termtext.CleanLine(p.Title))
	}
	return tw.Flush()
}
