package crosspost

// Found is a post's story found outside this machine's record: in the
// post's own content on WordPress, or in Medium's public feed. `wp2medium
// reconcile` records what it finds; nothing found overwrites a record that
// says more.
type Found struct {
	PostID int
	// URL is the story's address on Medium.
	URL string
	// Source is store.FoundWordPress or store.FoundFeed.
	Source string
	// How says what matched, for the user: "the cross-link paragraph",
	// "the old Medium plugin's footer", "Originally published at link",
	// "canonical link", "title".
	How string
}
