package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"

	"github.com/wp2medium/wp2medium/config"
	"github.com/wp2medium/wp2medium/wordpress"
	"github.com/wp2medium/wp2medium/wordpress/wptest"
)

// env is what a command works with: the settings and a WordPress client, for
// the user's site or for the built-in demo blog.
type env struct {
	cfg    config.Config
	wp     *wordpress.Client
	demo   bool
	closer func()
}

func (e *env) Close() {
	if e.closer != nil {
		e.closer()
	}
}

// userAgent identifies wp2medium to both services.
func userAgent(version string) string { return "wp2medium/" + version }

// openEnv loads the config (or starts the demo) and builds the clients.
// Warnings about the config go to warn; nothing secret is printed.
func openEnv(g *globalFlags, version string, warn io.Writer) (*env, error) {
	if g.demo {
		srv := wptest.NewDemoServer()
		wp, err := wordpress.NewClient(srv.URL,
			wordpress.WithCredentials(wptest.DemoUsername, wptest.DemoAppPassword),
			wordpress.WithUserAgent(userAgent(version)))
		if err != nil {
			srv.Close()
			return nil, err
		}
		return &env{cfg: config.Default(), wp: wp, demo: true, closer: srv.Close}, nil
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
	opts := []wordpress.Option{wordpress.WithUserAgent(userAgent(version))}
	if cfg.WordPress.Username != "" || cfg.WordPress.AppPassword != "" {
		if cfg.WordPress.Username == "" || cfg.WordPress.AppPassword == "" {
			return nil, fmt.Errorf("config %s: set both wordpress.username and wordpress.app_password, or neither (to see public posts only)", path)
		}
		opts = append(opts, wordpress.WithCredentials(cfg.WordPress.Username, cfg.WordPress.AppPassword))
	}
	wp, err := wordpress.NewClient(cfg.WordPress.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("config %s: wordpress.url: %w", path, err)
	}
	return &env{cfg: cfg, wp: wp}, nil
}

// startDebugLog sends the standard logger to a file when --debug is set, and
// nowhere otherwise: nothing may write to the terminal while the app runs.
// It returns the file's path ("" without --debug) and a function to close it.
func startDebugLog(enabled bool) (string, func(), error) {
	if !enabled {
		log.SetOutput(io.Discard)
		return "", func() {}, nil
	}
	path, err := xdg.StateFile(filepath.Join("wp2medium", "debug.log"))
	if err != nil {
		return "", nil, fmt.Errorf("creating the debug log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("opening the debug log: %w", err)
	}
	log.SetOutput(f)
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	return path, func() { log.SetOutput(io.Discard); _ = f.Close() }, nil
}
