package config

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestPathPrecedence(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory")
	}
	env := map[string]string{
		"WP2MEDIUM_CONFIG": "/env/config.toml",
		"XDG_CONFIG_HOME":  "/xdg",
	}
	tests := []struct {
		name, flag string
		unset      []string
		want       string
	}{
		{"flag wins", "/flag/c.toml", nil, "/flag/c.toml"},
		{"flag tilde", "~/c.toml", nil, filepath.Join(home, "c.toml")},
		{"env next", "", nil, "/env/config.toml"},
		{"xdg next", "", []string{"WP2MEDIUM_CONFIG"}, "/xdg/wp2medium/config.toml"},
	}
	if runtime.GOOS == "linux" {
		tests = append(tests,
			struct {
				name, flag string
				unset      []string
				want       string
			}{"xdg unset", "", []string{"WP2MEDIUM_CONFIG", "XDG_CONFIG_HOME"}, filepath.Join(home, ".config", "wp2medium", "config.toml")})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range env {
				m[k] = v
			}
			for _, k := range tt.unset {
				delete(m, k)
			}
			got, err := PathWithEnv(tt.flag, mapEnv(m))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPathFollowsRuntimeXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("WP2MEDIUM_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	got, err := Path("")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "wp2medium", "config.toml"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "wp2medium")); !os.IsNotExist(err) {
		t.Error("Path created the directory")
	}
}

func TestPathIgnoresRelativeXDG(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("default location is platform specific")
	}
	t.Setenv("HOME", t.TempDir())
	got, err := PathWithEnv("", mapEnv(map[string]string{"XDG_CONFIG_HOME": "rel/dir"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(os.Getenv("HOME"), ".config", "wp2medium", "config.toml"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
