package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
)

// On a machine with no record of the site, the app says at start how to
// find what is already on Medium, whole, at 80 columns, above the keys.
func TestNoRecordNoticeAtStart(t *testing.T) {
	tm := teatest.NewTestModel(t, New(Options{Source: newFakeSource(3), GlamourStyle: "ascii", Notice: NoRecordNotice}),
		teatest.WithInitialTermSize(80, 24))
	t.Cleanup(func() { _ = tm.Quit() })
	a := &app{t: t, tm: tm}
	// The keys stay in the footer beneath it.
	a.waitFor("Body of post 1", NoRecordNotice, "more keys")
}
