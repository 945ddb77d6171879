package ui

import (
	"context"

	"github.com/wp2medium/wp2medium/wordpress"
)

// PostSource is what the app needs from WordPress. *wordpress.Client satisfies it;
// tests may pass anything else that does.
type PostSource interface {
	Site(ctx context.Context) (wordpress.Site, error)
	ListPosts(ctx context.Context, opt wordpress.ListOptions, onPage func(wordpress.Page)) error
	Post(ctx context.Context, id int) (wordpress.PostDetail, error)
}

// MediumStatuses tells the list what is known on Medium of each post. The
// record of what was sent fills it; without one every post shows "—".
type MediumStatuses interface {
	MediumStatus(p wordpress.Post) string
}

type noMediumStatuses struct{}

func (noMediumStatuses) MediumStatus(wordpress.Post) string { return "—" }

// Common is the state every pane shares: the size it was given, the styles,
// the keys and the clients. Panes hold a pointer to the one instance.
type Common struct {
	Width, Height int
	Styles        *Styles
	Keys          *KeyMap
	Source        PostSource
	Medium        MediumStatuses
	// GlamourStyle is the glamour standard style ("dark", "light", "notty"),
	// chosen once before the program starts.
	GlamourStyle string
}
