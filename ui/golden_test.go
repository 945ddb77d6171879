package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// The golden files under testdata/ are whole screens, ANSI-stripped, at fixed
// sizes. Regenerate with: go test ./ui -run Golden -update
// After the keys, it waits for after to appear on the screen.
func goldenScreen(t *testing.T, w, h int, after string, keys ...tea.KeyMsg) {
	t.Helper()
	src := newFakeSource(40)
	now := func() time.Time { return time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC) }
	tm := teatest.NewTestModel(t, New(Options{Source: src, GlamourStyle: "ascii", Now: now}), teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { _ = tm.Quit() })
	waitForScreen(t, tm, "Body of post 1")
	for _, k := range keys {
		tm.Send(k)
	}
	if after != "" {
		waitForScreen(t, tm, after)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	golden.RequireEqual(t, []byte(ansi.Strip(fm.View())))
}

func waitForScreen(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), text)
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func TestGoldenBrowse80x24(t *testing.T) { goldenScreen(t, 80, 24, "") }

func TestGoldenBrowse200x50(t *testing.T) { goldenScreen(t, 200, 50, "") }

func TestGoldenFullHelp120x30(t *testing.T) {
	goldenScreen(t, 120, 30, "page down", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("?")})
}

func TestGoldenFilter100x30(t *testing.T) {
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("/")}}
	for _, r := range "number 3" {
		keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	goldenScreen(t, 100, 30, "Body of post 3,", keys...)
}
