package crosspost

import (
	"time"

	"github.com/wp2medium/wp2medium/store"

	"github.com/wp2medium/wp2medium/medium"
)

// StatusLabel is the short text of the Medium status column, the same in the
// terminal app and in 'wp2medium list': "—" never sent, "public ✓" /
// "draft ✓" / "unlisted ✓" on Medium, "changed" edited on WordPress since it
// was sent, "failed", "unknown" (the user must say what happened), "sending".
func StatusLabel(e store.Entry, ok bool, modified time.Time) string {
	if !ok {
		return "—"
	}
	switch e.State {
	case store.StateSent:
		if e.ChangedSince(modified, "") {
			return "changed"
		}
		s := e.PublishStatus
		if s == "" {
			s = medium.StatusPublic // imported stories are public unless told
		}
		return string(s) + " ✓"
	case store.StateFailed:
		return "failed"
	case store.StateUnknown:
		return "unknown"
	case store.StateSending:
		return "sending"
	}
	return string(e.State)
}
