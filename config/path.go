package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/adrg/xdg"
)

// EnvConfigPath names the environment variable that points at the config file.
const EnvConfigPath = "WP2MEDIUM_CONFIG"

// appDirName is wp2medium's own directory under the XDG config directory.
const appDirName = "wp2medium"

// relPath is the file's place under the XDG config directory.
var relPath = filepath.Join(appDirName, "config.toml")

// Path resolves the config file: the --config flag value if given, else
// $WP2MEDIUM_CONFIG, else wp2medium/config.toml under the XDG config directory.
// It creates nothing; Save creates the directory when it writes.
func Path(flagValue string) (string, error) {
	return PathWithEnv(flagValue, os.LookupEnv)
}

// PathWithEnv is Path with an injectable environment.
//
// XDG_CONFIG_HOME is read through env on every call rather than from adrg/xdg's
// package variables, which are computed once at start-up: a test (or a caller) that
// changes it later is honoured. When it is unset or relative (the XDG spec says to
// ignore relative values), the platform default from adrg/xdg is used.
func PathWithEnv(flagValue string, env LookupEnv) (string, error) {
	if env == nil {
		env = func(string) (string, bool) { return "", false }
	}
	if flagValue != "" {
		return expandHome(flagValue)
	}
	if v, ok := env(EnvConfigPath); ok && v != "" {
		return expandHome(v)
	}
	if v, ok := env("XDG_CONFIG_HOME"); ok && filepath.IsAbs(v) {
		return filepath.Join(v, relPath), nil
	}
	base := defaultConfigHome()
	if base == "" {
		return "", &Error{Problem: "has no default location because the home directory is unknown",
			Fix: "pass --config PATH or set " + EnvConfigPath}
	}
	return filepath.Join(base, relPath), nil
}

// defaultConfigHome is the XDG default for when XDG_CONFIG_HOME is unset, computed from
// the home directory now: adrg/xdg's ConfigHome may hold a value taken from the
// environment at start-up that has since been unset.
func defaultConfigHome() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	switch runtime.GOOS {
	case "darwin", "ios":
		return filepath.Join(home, "Library", "Application Support")
	case "windows", "plan9":
		return xdg.ConfigHome // adrg/xdg knows these platforms' conventions
	}
	return filepath.Join(home, ".config")
}

// expandHome turns a leading "~/" into the home directory, since "--config=~/x" reaches
// us unexpanded by the shell.
func expandHome(p string) (string, error) {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return filepath.Clean(p), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", &Error{Path: p, Problem: "starts with ~ but the home directory is unknown",
			Fix: "give an absolute path", Err: err}
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~")), nil
}
