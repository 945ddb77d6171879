package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/wp2medium/wp2medium/autopost"
	"github.com/wp2medium/wp2medium/sitesync"
	"github.com/wp2medium/wp2medium/store"

	"github.com/spf13/cobra"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/crosspost"
	"github.com/wp2medium/wp2medium/internal/termtext"
	"github.com/wp2medium/wp2medium/medium"
	"github.com/wp2medium/wp2medium/medium/mediumtest"
	"github.com/wp2medium/wp2medium/ui"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// env is what a command works with: the settings and a WordPress client, for
// the user's site or for the built-in demo blog.
type env struct {
	cfg  config.Config
	path string // the config file's path ("" in the demo)
	wp   *wordpress.Client
	// medium is nil when no token is configured: publishing then goes
	// through Medium's importer.
	medium *medium.Client
	// storePath is the local store's file (see package store), opened on
	// first use by e.store and closed by Close.
	storePath string
	st        *store.Store
	demo      bool
	closers   []func()
}

func (e *env) Close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// store opens the local store on first use. Every process may have it open
// at once: the app, list, publish, sync.
func (e *env) store() (*store.Store, error) {
	if e.st != nil {
		return e.st, nil
	}
	st, err := store.Open(e.storePath)
	if err != nil {
		return nil, err
	}
	e.st = st
	e.closers = append(e.closers, func() { _ = st.Close() })
	return st, nil
}

// syncer keeps the store's copy of the site's post list.
func (e *env) syncer() (*sitesync.Syncer, error) {
	st, err := e.store()
	if err != nil {
		return nil, err
	}
	return &sitesync.Syncer{Store: st, Source: e.wp, Site: e.wp.SiteURL()}, nil
}

// ledger is the store's record of what was sent to Medium.
func (e *env) ledger() (*store.Ledger, error) {
	st, err := e.store()
	if err != nil {
		return nil, err
	}
	return st.Ledger(), nil
}

// publisher wires the clients and the ledger for publishing. Without a
// Medium token it can still record imports and link stories on WordPress.
// It does no I/O until it is used.
func (e *env) publisher(l *store.Ledger) *crosspost.Publisher {
	p := &crosspost.Publisher{Ledger: l, WordPress: e.wp, SiteURL: e.wp.SiteURL()}
	if e.medium != nil {
		p.Medium = e.medium
	}
	if e.wp.Authenticated() {
		p.Linker = e.wp
	}
	return p
}

// mediumColumn is the app's Medium column: the ledger's state of each
// post, else "planned" or "due" for what the next sync sends.
func (e *env) mediumColumn(p *crosspost.Publisher) ui.MediumStatuses {
	return autopost.Column{Publisher: p, Store: e.st, Site: e.wp.SiteURL(), Rules: autopost.RulesFrom(e.cfg.Auto)}
}

// publishDeps is what the app needs to publish: through the API with a
// token, through Medium's importer without one; and the store's plans, which
// `wp2medium sync` sends (l's store, opened by e.ledger).
func (e *env) publishDeps(l *store.Ledger) *ui.PublishDeps {
	d := &ui.PublishDeps{Publisher: e.publisher(l), Defaults: e.cfg.Defaults, PublicationID: e.cfg.Medium.PublicationID}
	if e.medium != nil {
		d.Feed, d.FeedURL = e.medium, e.cfg.Medium.FeedURL
	}
	if e.st != nil {
		d.Plans = autopost.SitePlans{Store: e.st, Site: e.wp.SiteURL()}
		d.History = storeHistory{st: e.st, site: e.wp.SiteURL()}
	}
	return d
}

// errNoToken explains the way forward without a Medium token.
var errNoToken = fmt.Errorf("%w (set medium.token or WP2MEDIUM_MEDIUM_TOKEN, or run: wp2medium import POST_ID)", crosspost.ErrNoToken)

// userAgent identifies wp2medium to both services.
func userAgent(version string) string { return "wp2medium/" + version }

// openEnv loads the config (or starts the demo) and builds the clients.
// Warnings about the config go to warn; nothing secret is printed.
func openEnv(g *globalFlags, version string, warn io.Writer) (*env, error) {
	if g.demo {
		return openDemo(version)
	}

	path, err := config.Path(g.configPath)
	if err != nil {
		return nil, err
	}
	cfg, warnings, err := config.Load(path)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !(missing && cfg.WordPress.URL != "") {
		if missing {
			return nil, fmt.Errorf("%w\nTo try wp2medium without an account, run: wp2medium --demo", err)
		}
		return nil, err
	}
	for _, w := range warnings {
		fmt.Fprintln(warn, "warning: "+w.String())
	}
	if cfg.WordPress.URL == "" {
		return nil, fmt.Errorf("config %s: wordpress.url is empty; set it to your site's address, e.g.\n\n[wordpress]\nurl = \"https://blog.example.com\"", path)
	}
	wp, mc, err := clientsFor(cfg, path, version, g.timeout)
	if err != nil {
		return nil, err
	}
	e := &env{cfg: cfg, path: path, wp: wp, medium: mc}
	if e.storePath, err = store.DefaultPath(); err != nil {
		return nil, err
	}
	return e, nil
}

// clientsFor builds the WordPress client and, when a token is configured,
// the Medium client (nil otherwise).
func clientsFor(cfg config.Config, path, version string, timeout time.Duration) (*wordpress.Client, *medium.Client, error) {
	if timeout <= 0 {
		return nil, nil, usagef("--timeout must be positive, e.g. 30s")
	}
	opts := []wordpress.Option{wordpress.WithUserAgent(userAgent(version)), wordpress.WithTimeout(timeout)}
	if cfg.WordPress.Username != "" || cfg.WordPress.AppPassword != "" {
		if cfg.WordPress.Username == "" || cfg.WordPress.AppPassword == "" {
			return nil, nil, fmt.Errorf("config %s: set both wordpress.username and wordpress.app_password, or neither (to see public posts only)", path)
		}
		opts = append(opts, wordpress.WithCredentials(cfg.WordPress.Username, cfg.WordPress.AppPassword))
	}
	wp, err := wordpress.NewClient(cfg.WordPress.URL, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("config %s: wordpress.url: %w", path, err)
	}
	var mc *medium.Client
	if cfg.Medium.Token != "" {
		mc = medium.NewClient(cfg.Medium.Token, medium.WithBaseURL(cfg.Medium.APIURL),
			medium.WithUserAgent(userAgent(version)), medium.WithTimeout(timeout))
	}
	return wp, mc, nil
}

// openDemo serves the demo blog and a simulated Medium inside the process;
// the store lives in a temporary folder removed on Close, so the demo
// writes nothing else.
func openDemo(version string) (*env, error) {
	e := &env{cfg: config.Default(), demo: true}
	wpSrv := wptest.NewDemoServer()
	e.closers = append(e.closers, wpSrv.Close)
	mSrv := mediumtest.NewServer()
	e.closers = append(e.closers, mSrv.Close)
	e.cfg.Medium.FeedURL = mSrv.FeedURL() // the simulated Medium's public feed
	dir, err := os.MkdirTemp("", "wp2medium-demo-")
	if err != nil {
		e.Close()
		return nil, err
	}
	e.closers = append(e.closers, func() { _ = os.RemoveAll(dir) })
	e.storePath = filepath.Join(dir, store.FileName)
	e.wp, err = wordpress.NewClient(wpSrv.URL,
		wordpress.WithCredentials(wptest.DemoUsername, wptest.DemoAppPassword),
		wordpress.WithUserAgent(userAgent(version)))
	if err != nil {
		e.Close()
		return nil, err
	}
	e.medium = medium.NewClient(mediumtest.DefaultToken, medium.WithBaseURL(mSrv.URL), medium.WithUserAgent(userAgent(version)))
	return e, nil
}

// openPostEnv is how every command about one post starts: the POST_ID
// argument checked, then the config and clients opened. The caller closes
// the env.
func openPostEnv(cmd *cobra.Command, g *globalFlags, arg string) (*env, int, error) {
	id, err := parsePostID(arg)
	if err != nil {
		return nil, 0, err
	}
	e, err := openEnv(g, cmd.Root().Version, cmd.ErrOrStderr())
	return e, id, err
}

// openPostLedger is openPostEnv with the store's record opened too, for a
// command about one post's record (resolve, diff, mark-updated). The env
// is closed when the record cannot be opened; otherwise the caller closes it.
func openPostLedger(cmd *cobra.Command, g *globalFlags, arg string) (*env, *store.Ledger, int, error) {
	e, id, err := openPostEnv(cmd, g, arg)
	if err != nil {
		return nil, nil, 0, err
	}
	l, err := e.ledger()
	if err != nil {
		e.Close()
		return nil, nil, 0, err
	}
	return e, l, id, nil
}

// startDebugLog sends the standard logger to a file when --debug is set, and
// nowhere otherwise: nothing may write to the terminal while the app runs.
// It returns the file's path ("" without --debug) and a function to close it.
func startDebugLog(enabled bool) (string, func(), error) {
	if !enabled {
		log.SetOutput(io.Discard)
		return "", func() {}, nil
	}
	dir, err := stateDir()
	if err != nil {
		return "", nil, fmt.Errorf("the debug log: %w", err)
	}
	path := filepath.Join(dir, "debug.log")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("opening the debug log: %w", err)
	}
	// Log lines quote what WordPress and Medium said: the file gets it
	// cleaned, like the terminal, since it is read with cat and less.
	log.SetOutput(termtext.NewWriter(f))
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	return path, func() { log.SetOutput(io.Discard); _ = f.Close() }, nil
}
