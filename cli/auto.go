package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"
	"github.com/wp2medium/wp2medium/wordpress"
)

type syncFlags struct {
	dryRun, asJSON bool
	backfill       bool
	before         string
}

func newSyncCmd(g *globalFlags) *cobra.Command {
	var f syncFlags
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Send every post that is due to Medium, once (for cron and timers)",
		Long: `One pass of automatic cross-posting: sync the post list from WordPress, then
send every post that is due, oldest first, through the same checks as
'publish'. A post is due when it is published on WordPress and either has a
plan ('wp2medium plan') or, with [auto] enabled = true, was first published
after auto.since and matches auto.categories and auto.tags; a post tagged
with one of auto.exclude_tags never is. A post already sent, failed for an
unknown reason, or being sent elsewhere is never sent again. At most
auto.daily_limit stories go out in 24 hours, counting every route; the rest
wait, in order, for the next pass.

--backfill --before DATE queues every published post from before DATE that
matches the rules, to be sent at the daily limit by this and later passes.

Exit codes: 0 nothing failed, 1 a send failed (it is tried again later, if
Medium or the network made certain nothing was created), 2 usage error,
3 something is blocked (an unknown outcome waits for 'wp2medium resolve',
or Medium refused the token).`,
		Example: `  wp2medium sync --dry-run
  wp2medium sync --json
  wp2medium sync --backfill --before 2026-01-01`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSync(cmd, g, &f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.dryRun, "dry-run", false, "send and record nothing; print what would be sent and why")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON (sent, waiting, failed, blocked, skipped)")
	fl.BoolVar(&f.backfill, "backfill", false, "queue the archive's published posts from before --before (matching the rules)")
	fl.StringVar(&f.before, "before", "", "with --backfill: a date (2026-01-01) or time (RFC 3339)")
	return cmd
}

func newWatchCmd(g *globalFlags) *cobra.Command {
	var every time.Duration
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Run sync's pass again and again (for a user service)",
		Long: `Runs the pass of 'wp2medium sync' now and then every --every, until SIGTERM or
SIGINT. A signal between sends ends it at once; during a send it waits for
Medium's answer (each request bounded by --timeout) and records it first.
It exits 3 when Medium refuses the token, since no later pass can work.`,
		Example: `  wp2medium watch --every 5m`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if every < time.Minute {
				return usagef("--every must be at least 1m, not %s", every)
			}
			return runWatch(cmd, g, every, asJSON)
		},
	}
	cmd.Flags().DurationVar(&every, "every", 5*time.Minute, "time between passes")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each pass's report as one line of JSON")
	return cmd
}

// stopOnSignal returns a context canceled on the first SIGTERM or SIGINT
// (the pass stops before its next send, a send in flight finishes), and a
// function to stop listening. A second signal abandons the send in flight
// at once: its post then reads as an unknown outcome.
func stopOnSignal(parent context.Context, stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			fmt.Fprintln(stderr, "wp2medium: stopped during a send: its post is left as an unknown outcome for 'wp2medium resolve'")
			os.Exit(130)
		case <-done:
		}
	}()
	return ctx, func() { signal.Stop(sigs); close(done); cancel() }
}

// settingError gives a problem with the settings exit code 2, as a usage
// error: a timer or service retrying cannot fix it (the watch unit does not
// restart on 2).
func settingError(err error) error {
	if err == nil {
		return nil
	}
	var ce codedError
	var ue usageError
	if errors.As(err, &ce) || errors.As(err, &ue) {
		return err
	}
	return codedError{err, exitUsage}
}

// runner builds the pass for the configured site.
func (e *env) runner(stderr io.Writer, needDefaults bool) (*autopost.Runner, error) {
	st, err := e.store()
	if err != nil {
		return nil, err
	}
	syncer, err := e.syncer()
	if err != nil {
		return nil, err
	}
	if e.medium == nil {
		return nil, usagef("automatic cross-posting needs a Medium token: set medium.token or WP2MEDIUM_MEDIUM_TOKEN (Medium's importer takes a person at the keyboard: wp2medium import POST_ID)")
	}
	rules := autopost.RulesFrom(e.cfg.Auto)
	pub := e.publisher(st.Ledger())
	pub.DailyLimit = rules.DailyLimit
	r := &autopost.Runner{Store: st, Site: e.wp.SiteURL(), Syncer: syncer, Posts: e.wp, Publisher: pub, Rules: rules}
	r.FindElsewhere = func(ctx context.Context, list []wordpress.Post) ([]crosspost.Found, error) {
		return crosspost.CheckFeed(ctx, e.medium, e.cfg.Medium.FeedURL, list, crosspost.TakenStories(pub.Ledger, e.wp.SiteURL()))
	}
	d := e.cfg.Defaults
	status, ok := d.PublishStatus()
	if !ok && needDefaults {
		return nil, usagef("automatic sends need a Medium status: set defaults.status to public, draft or unlisted in %s (it is \"none\", which means asking each time)", e.path)
	}
	r.Defaults = store.PlanOptions{Status: status, License: d.License, CrossLink: d.CrossLink, NotifyFollowers: d.NotifyFollowers, PublicationID: e.cfg.Medium.PublicationID}
	if cmdline := strings.TrimSpace(e.cfg.Auto.NotifyCommand); cmdline != "" {
		r.Notify = func(result string, it autopost.Item) { runNotify(cmdline, e.wp.SiteURL(), result, it, stderr) }
	}
	return r, nil
}

func runSync(cmd *cobra.Command, g *globalFlags, f *syncFlags) error {
	if f.backfill != (f.before != "") {
		return usagef("--backfill and --before go together: wp2medium sync --backfill --before 2026-01-01")
	}
	var before time.Time
	if f.backfill {
		t, err := parseDate(f.before)
		if err != nil {
			return err
		}
		before = t
	}
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return settingError(err)
	}
	defer e.Close()
	r, err := e.runner(cmd.ErrOrStderr(), e.cfg.Auto.Enabled || f.backfill)
	if err != nil {
		return settingError(err)
	}
	ctx, done := stopOnSignal(cmd.Context(), cmd.ErrOrStderr())
	defer done()
	queued := 0
	if f.backfill {
		if queued, err = backfill(ctx, e, r, before, f.dryRun); err != nil {
			if ctx.Err() != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), "wp2medium: stopped before anything was sent")
				return nil
			}
			return err
		}
	}
	rep, err := r.Pass(ctx, autopost.PassOptions{DryRun: f.dryRun})
	rep.Backfilled = queued
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), "wp2medium: stopped before anything was sent")
		return nil // stopped, not failed: systemd must not mark the unit failed
	}
	if err != nil {
		return err
	}
	if f.asJSON {
		err = writeJSON(cmd.OutOrStdout(), rep)
	} else {
		err = printReport(cmd.OutOrStdout(), rep)
	}
	if err != nil {
		return err
	}
	if code := rep.ExitCode(); code != 0 {
		return codedError{fmt.Errorf("%s", summary(rep)), code}
	}
	return nil
}

func runWatch(cmd *cobra.Command, g *globalFlags, every time.Duration, asJSON bool) error {
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	if err != nil {
		return settingError(err)
	}
	defer e.Close()
	r, err := e.runner(cmd.ErrOrStderr(), e.cfg.Auto.Enabled)
	if err != nil {
		return settingError(err)
	}
	ctx, done := stopOnSignal(cmd.Context(), cmd.ErrOrStderr())
	defer done()
	out, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	for {
		rep, err := r.Pass(ctx, autopost.PassOptions{})
		switch {
		case ctx.Err() != nil:
			if rep.Stopped || len(rep.Sent) > 0 {
				printWatch(out, rep, asJSON)
			}
			return nil
		case err != nil:
			fmt.Fprintf(stderr, "%s pass failed: %v (next pass in %s)\n", time.Now().Format("15:04:05"), err, every)
		default:
			printWatch(out, rep, asJSON)
			for _, b := range rep.Blocked {
				if b.Reason == autopost.BlockToken {
					return codedError{fmt.Errorf("%s", b.Message), exitRefused}
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(every):
		}
	}
}

func printWatch(w io.Writer, rep autopost.Report, asJSON bool) {
	if asJSON {
		var b bytes.Buffer
		_ = writeJSON(&b, rep)
		var line bytes.Buffer
		_ = json.Compact(&line, b.Bytes())
		fmt.Fprintln(w, line.String())
		return
	}
	fmt.Fprintf(w, "%s %s\n", time.Now().Format("2006-01-02 15:04:05"), summary(rep))
	_ = printItems(w, rep)
}

// backfill queues the archive: every published post from before the date
// that has no ledger entry and no plan yet, with the defaults (the rules'
// categories and tags are checked when each is sent).
func backfill(ctx context.Context, e *env, r *autopost.Runner, before time.Time, dryRun bool) (int, error) {
	syncer, err := e.syncer()
	if err != nil {
		return 0, err
	}
	if _, err := syncer.Sync(ctx, sitesync.Auto, nil); err != nil {
		return 0, fmt.Errorf("syncing the post list: %w", err)
	}
	r.Syncer = nil // the pass that follows works on this list
	posts, err := r.Store.Posts(r.Site)
	if err != nil {
		return 0, err
	}
	snap, err := r.Publisher.Ledger.Snapshot()
	if err != nil {
		return 0, err
	}
	var plans []store.Plan
	for _, p := range posts {
		if p.Status != wordpress.StatusPublish || p.DateGMT.IsZero() || !p.DateGMT.Before(before) {
			continue
		}
		if _, ok := snap.Find(r.Site, p.ID, "", p.Link); ok {
			continue
		}
		// No options: a backfill goes with [defaults] as they are when
		// each post is sent, however long the queue takes.
		plans = append(plans, store.Plan{Site: r.Site, PostID: p.ID, Source: store.PlanBackfill, CreatedAt: time.Now()})
	}
	if dryRun {
		return len(plans), nil
	}
	return r.Store.AddPlans(plans)
}

// parseDate reads --before: a date (midnight UTC) or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--before %q is not a date: use 2026-01-01 or 2026-01-01T12:00:00Z", s)
}

// summary is the report in one line: "1 sent, 3 posts waiting; next at 14:05".
func summary(rep autopost.Report) string {
	verb := "sent"
	if rep.DryRun {
		verb = "would be sent"
	}
	parts := []string{fmt.Sprintf("%d %s", len(rep.Sent), verb)}
	if n := len(rep.Waiting); n > 0 {
		s := fmt.Sprintf("%d %s waiting", n, plural(n, "post", "posts"))
		if next, ok := rep.NextAt(); ok {
			s += "; next at " + clock(next)
		}
		parts = append(parts, s)
	}
	if n := len(rep.Failed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", n))
	}
	if n := len(rep.Blocked); n > 0 {
		parts = append(parts, fmt.Sprintf("%d blocked", n))
	}
	if rep.Backfilled > 0 {
		parts = append(parts, fmt.Sprintf("%d queued from the archive", rep.Backfilled))
	}
	return strings.Join(parts, ", ")
}

// clock is a time as the user reads it: "14:05", with the date when it is
// not today.
func clock(t time.Time) string {
	t = t.Local()
	if y, m, d := t.Date(); y == time.Now().Year() && m == time.Now().Month() && d == time.Now().Day() {
		return t.Format("15:04")
	}
	return t.Format("Jan 2 15:04")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func printReport(w io.Writer, rep autopost.Report) error {
	if !rep.Enabled {
		fmt.Fprintln(w, "Automatic cross-posting is off ([auto] enabled = false): only posts with a plan are sent.")
	}
	if err := printItems(w, rep); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summary(rep))
	return err
}

// maxWaitingLines bounds the waiting posts the text report names: a
// backfill being drained waits by the hundred.
const maxWaitingLines = 10

func printItems(w io.Writer, rep autopost.Report) error {
	line := func(label string, it autopost.Item, rest string) {
		fmt.Fprintf(w, "%-10s %6d  %s%s\n", label, it.PostID, termtext.CleanLine(it.Title), rest)
	}
	sentLabel := "sent"
	if rep.DryRun {
		sentLabel = "would send"
	}
	for _, it := range rep.Sent {
		rest := " (" + it.Status + ")"
		if it.URL != "" {
			rest = " → " + it.URL + rest
		}
		if rep.DryRun && it.Message != "" {
			rest += ": " + it.Message
		}
		line(sentLabel, it, rest)
		for _, warn := range it.Warnings {
			fmt.Fprintf(w, "%-10s %6s  warning: %s\n", "", "", termtext.CleanLine(warn))
		}
	}
	for i, it := range rep.Waiting {
		if i == maxWaitingLines && len(rep.Waiting) > maxWaitingLines+1 {
			fmt.Fprintf(w, "%-10s %6s  … and %d more (--json lists them all)\n", "waiting", "", len(rep.Waiting)-i)
			break
		}
		rest := ": " + it.Message
		if it.At != nil {
			rest += "; goes at " + clock(*it.At)
		}
		line("waiting", it, rest)
	}
	for _, it := range rep.Failed {
		rest := ": " + termtext.CleanLine(it.Message)
		if it.At != nil {
			rest += "; tried again after " + clock(*it.At)
		} else if !rep.DryRun {
			rest += "; tried again at the next pass"
		}
		line("failed", it, rest)
	}
	for _, it := range rep.Blocked {
		line("blocked", it, ": "+termtext.CleanLine(it.Message))
	}
	for _, it := range rep.Linked {
		line("linked", it, ": "+it.Message)
	}
	for _, it := range rep.Found {
		line("found", it, " → "+it.URL+": "+it.Message+", so it is not sent again")
	}
	if rep.FoundError != "" {
		fmt.Fprintf(w, "%-10s %6s  this machine has no record of the site, and Medium's public feed could not be read (%s): run wp2medium reconcile, or ledger import, if posts were sent from another machine\n", "warning", "", rep.FoundError)
	}
	if rep.DryRun {
		for _, it := range rep.Skipped {
			line("skipped", it, ": "+it.Message)
		}
	}
	return nil
}

// notifyTimeout bounds auto.notify_command.
const notifyTimeout = 30 * time.Second

// runNotify runs auto.notify_command through sh with the result in its
// environment. The environment is the process's without any WP2MEDIUM_
// variable, since the token and the password may come from those.
func runNotify(cmdline, site, result string, it autopost.Item, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	c := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WP2MEDIUM_") {
			env = append(env, kv)
		}
	}
	c.Env = append(env,
		"WP2MEDIUM_RESULT="+result,
		"WP2MEDIUM_SITE="+termtext.CleanLine(site),
		fmt.Sprintf("WP2MEDIUM_POST_ID=%d", it.PostID),
		"WP2MEDIUM_POST_TITLE="+termtext.CleanLine(it.Title),
		"WP2MEDIUM_STORY_URL="+termtext.CleanLine(it.URL),
		"WP2MEDIUM_STATUS="+termtext.CleanLine(it.Status),
		"WP2MEDIUM_MESSAGE="+termtext.CleanLine(it.Message),
	)
	c.Stdout, c.Stderr = stderr, stderr
	if err := c.Run(); err != nil {
		fmt.Fprintf(stderr, "warning: auto.notify_command failed: %v\n", err)
	}
}
