package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/wp2medium/wp2medium/store"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
)

// exitRefused: the post was not sent because it is already on Medium or the
// outcome of an earlier send is unknown.
const exitRefused = 3

// codedError carries an exit code other than 1.
type codedError struct {
	err  error
	code int
}

func (e codedError) Error() string { return e.err.Error() }
func (e codedError) Unwrap() error { return e.err }
func (e codedError) ExitCode() int { return e.code }

type publishFlags struct {
	status, license, publication string
	crossLink, noCrossLink       bool
	tags                         []string
	notify, keepDate             bool
	dryRun, force, asJSON        bool
	uploadImages, withoutImages  bool
	allowUnpublished             bool
}

func newPublishCmd(g *globalFlags) *cobra.Command {
	var f publishFlags
	cmd := &cobra.Command{
		Use:   "publish POST_ID",
		Short: "Cross-post one WordPress post to Medium",
		Long: `Cross-post one WordPress post to Medium through the API.

Options left out come from [defaults] in the config. Nothing is sent twice:
a post already on Medium is refused unless --force, and a post whose last
send has an unknown outcome (a timeout, a dropped connection) is refused
until you say what happened (see 'wp2medium resolve').

Exit codes: 0 published, 1 failed, 2 usage error, 3 refused (already on
Medium, or the outcome of an earlier send is unknown).`,
		Example: `  wp2medium publish 42 --status draft --tags go,terminals
  wp2medium publish 42 --dry-run --json > request.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPublish(cmd, g, args[0], &f)
		},
	}
	fl := cmd.Flags()
	addChoiceFlags(cmd, &f)
	fl.BoolVar(&f.dryRun, "dry-run", false, "send nothing; print the exact request (with --json, the exact JSON body)")
	fl.BoolVar(&f.force, "force", false, "the post is already on Medium: create a second story anyway")
	fl.BoolVar(&f.asJSON, "json", false, "print the recorded entry as JSON")
	fl.BoolVar(&f.allowUnpublished, "allow-unpublished", false, "allow a public or unlisted story of a post not yet published on WordPress")
	return cmd
}

// addChoiceFlags adds the flags that choose how a post goes to Medium,
// which publish and plan share.
func addChoiceFlags(cmd *cobra.Command, f *publishFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.status, "status", "", "Medium status: public, draft or unlisted (default: defaults.status)")
	fl.StringVar(&f.license, "license", "", "license: "+medium.LicenseValues()+" (default: defaults.license)")
	fl.BoolVar(&f.crossLink, "cross-link", false, "end the story with 'Originally published at', and link back from WordPress")
	fl.BoolVar(&f.noCrossLink, "no-cross-link", false, "no cross-link, whatever defaults.cross_link says")
	fl.StringSliceVar(&f.tags, "tags", nil, "up to 3 tags, comma-separated (default: the post's tags)")
	fl.StringVar(&f.publication, "publication", "", "publish in this Medium publication (id) instead of your profile")
	fl.BoolVar(&f.notify, "notify-followers", false, "notify your Medium followers (default: defaults.notify_followers)")
	fl.BoolVar(&f.keepDate, "keep-date", false, "date the story with the post's original date")
	fl.BoolVar(&f.uploadImages, "upload-images", false, "upload the images to Medium even if Medium could fetch them")
	fl.BoolVar(&f.withoutImages, "without-images", false, "send the story without its images")
	cmd.MarkFlagsMutuallyExclusive("cross-link", "no-cross-link")
	cmd.MarkFlagsMutuallyExclusive("upload-images", "without-images")
}

func parsePostID(s string) (int, error) {
	id, err := strconv.Atoi(s)
	if err != nil || id <= 0 {
		return 0, usagef("POST_ID must be a WordPress post id (a positive number), not %q; 'wp2medium list' shows them", s)
	}
	return id, nil
}

// options merges the flags over the config's defaults.
func (f *publishFlags) options(cmd *cobra.Command, d config.Defaults) (crosspost.Options, error) {
	var o crosspost.Options
	switch {
	case f.status != "":
		s, err := medium.ParsePublishStatus(f.status)
		if err != nil {
			return o, usageError{err.Error()}
		}
		o.Status = s
	default:
		s, ok := d.PublishStatus()
		if !ok {
			return o, usagef("choose a Medium status with --status public|draft|unlisted (defaults.status is \"none\")")
		}
		o.Status = s
	}
	o.License = d.License
	if f.license != "" {
		l, err := medium.ParseLicense(f.license)
		if err != nil {
			return o, usageError{err.Error()}
		}
		o.License = l
	}
	o.CrossLink = (d.CrossLink || f.crossLink) && !f.noCrossLink
	o.NotifyFollowers = d.NotifyFollowers
	if cmd.Flags().Changed("notify-followers") {
		o.NotifyFollowers = f.notify
	}
	if cmd.Flags().Changed("tags") {
		o.Tags = []string{}
		for _, t := range f.tags {
			if t = strings.TrimSpace(t); t != "" {
				o.Tags = append(o.Tags, t)
			}
		}
	}
	o.KeepDate = f.keepDate
	return o, nil
}

// choices are the options and the publication the flags choose, over the
// config's [defaults] and medium.publication_id: what publish sends and
// plan saves.
func (f *publishFlags) choices(cmd *cobra.Command, cfg config.Config) (crosspost.Options, string, error) {
	opts, err := f.options(cmd, cfg.Defaults)
	if err != nil {
		return opts, "", err
	}
	publication := f.publication
	if publication == "" {
		publication = cfg.Medium.PublicationID
	}
	return opts, publication, nil
}

func runPublish(cmd *cobra.Command, g *globalFlags, arg string, f *publishFlags) error {
	e, id, err := openPostEnv(cmd, g, arg)
	if err != nil {
		return err
	}
	defer e.Close()
	opts, publication, err := f.choices(cmd, e.cfg)
	if err != nil {
		return err
	}
	if e.medium == nil {
		return errNoToken
	}

	ctx, cancel := context.WithTimeout(cmd.Context(), crosspost.PublishTimeout)
	defer cancel()
	ledger, err := e.ledger()
	if err != nil {
		return err
	}
	pub := e.publisher(ledger)
	post, err := e.wp.Post(ctx, id)
	if err != nil {
		return err
	}
	plan, err := pub.Plan(ctx, crosspost.PlanRequest{
		Post: post, Options: opts, PublicationID: publication, SecondStory: f.force,
		UploadImages: f.uploadImages, WithoutImages: f.withoutImages, AllowUnpublished: f.allowUnpublished,
		DryRun: f.dryRun,
	})
	if err != nil {
		return publishError(err, id)
	}
	stderr := cmd.ErrOrStderr()
	for _, w := range plan.Submission.Warnings {
		fmt.Fprintln(stderr, "warning: "+w.Message)
	}
	if f.dryRun {
		return printDryRun(cmd.OutOrStdout(), plan, f.asJSON)
	}
	res, err := pub.Publish(ctx, plan)
	if err != nil {
		return publishError(err, id)
	}
	if res.CrossLinkErr != nil {
		fmt.Fprintf(stderr, "warning: %v\nRetry the WordPress link alone with: wp2medium link %d\n", res.CrossLinkErr, id)
	}
	if f.asJSON {
		return writeJSON(cmd.OutOrStdout(), publishedJSON{Entry: res.Entry, Warnings: plan.Submission.Warnings})
	}
	_, err = fmt.Fprintln(cmd.OutOrStdout(), res.Entry.URL)
	return err
}

// publishedJSON is what 'publish --json' prints: the recorded entry, and the
// warnings the send went out with (also printed on stderr).
type publishedJSON struct {
	store.Entry
	Warnings []crosspost.Warning `json:"warnings"`
}

// publishError turns the refusals into exit code 3 and explains the way out.
func publishError(err error, id int) error {
	var ie *crosspost.ImageError
	switch {
	case errors.Is(err, store.ErrAlreadySent):
		return codedError{fmt.Errorf("%w\nTo create a second Medium story anyway, add --force", err), exitRefused}
	case errors.Is(err, store.ErrOutcomeUnknown), errors.Is(err, store.ErrSendInProgress):
		return codedError{fmt.Errorf("%w\nLook at your Medium profile and drafts, then run 'wp2medium resolve %d --on-medium URL' or 'wp2medium resolve %d --not-sent'", err, id, id), exitRefused}
	case errors.Is(err, crosspost.ErrUnpublishedNotDraft):
		return usagef("%v (--status draft, or --allow-unpublished)", err)
	case errors.Is(err, crosspost.ErrDraftsOnly):
		return usagef("%v (--status draft)", err)
	case errors.As(err, &ie) && ie.MissingScope():
		return fmt.Errorf("%w\nMedium cannot fetch this site's images and the token may not upload them: add --without-images to send the story without them", err)
	case medium.IsOutcomeUnknown(err):
		return fmt.Errorf("%w\nThe story may exist on Medium. Check your profile and drafts, then run 'wp2medium resolve %d --on-medium URL' or 'wp2medium resolve %d --not-sent'", err, id, id)
	}
	return err
}

// printDryRun shows the exact request. With --json it prints exactly the
// JSON body that would be POSTed: a contract users and tests diff.
func printDryRun(w io.Writer, plan crosspost.Plan, asJSON bool) error {
	body, err := medium.EncodeCreatePost(plan.Submission.Request)
	if err != nil {
		return err
	}
	if asJSON {
		_, err = fmt.Fprintf(w, "%s\n", body)
		return err
	}
	target := "POST /users/{authorId}/posts"
	if id := plan.Request.PublicationID; id != "" {
		target = "POST /publications/" + id + "/posts"
	}
	fmt.Fprintf(w, "Dry run: nothing was sent.\n\n%s\n", target)
	if plan.UploadImages {
		fmt.Fprintf(w, "(after uploading %d image(s) with POST /images and pointing the content at the copies)\n", len(plan.Submission.Images))
	}
	var pretty strings.Builder
	enc := json.NewEncoder(&pretty)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plan.Submission.Request); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\n%s", pretty.String())
	return err
}

// writeJSON prints v as indented JSON that is safe on a terminal: Go's
// encoder escapes C0 controls but leaves C1 controls and bidi overrides
// raw; they are escaped too, so the text is the same once decoded.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(termtext.EscapeJSON(b.Bytes()))
	return err
}
