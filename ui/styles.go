package ui

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is every style the app uses, built once. Views never make colours of
// their own: a new look starts here.
type Styles struct {
	App        lipgloss.Style
	Header     lipgloss.Style
	HeaderSite lipgloss.Style
	Muted      lipgloss.Style
	Error      lipgloss.Style
	Status     lipgloss.Style

	// Border colours the frame of a pane; BorderFocused the pane with focus.
	Border        lipgloss.Style
	BorderFocused lipgloss.Style

	ColumnHeader lipgloss.Style
	Row          lipgloss.Style
	RowSelected  lipgloss.Style
	RowCursorDim lipgloss.Style

	WPStatus map[string]lipgloss.Style
	Medium   lipgloss.Style

	FilterPrompt lipgloss.Style
	Empty        lipgloss.Style

	// SearchMatch marks a match of the preview's search, SearchCurrent the
	// one n and N are at.
	SearchMatch   markStyle
	SearchCurrent markStyle

	// DiffAdded and DiffRemoved colour a diff's "+" and "-" lines (the
	// marks stay, so it reads without colour too).
	DiffAdded   lipgloss.Style
	DiffRemoved lipgloss.Style
}

// markStyle is a highlight that must show without colour too (NO_COLOR,
// where lipgloss drops every attribute): there it is drawn with a plain
// text attribute, which is not a colour.
type markStyle struct {
	colour lipgloss.Style
	plain  string // the SGR parameters without colour: "4" underline, "7" reverse
}

// Render draws s highlighted.
func (m markStyle) Render(s string) string {
	if lipgloss.ColorProfile() == termenv.Ascii {
		return "\x1b[" + m.plain + "m" + s + "\x1b[m"
	}
	return m.colour.Render(s)
}

var (
	colourAccent   = lipgloss.AdaptiveColor{Light: "#5A56E0", Dark: "#7571F9"}
	colourSubtle   = lipgloss.AdaptiveColor{Light: "#9B9B9B", Dark: "#5C5C5C"}
	colourMuted    = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8E8E8E"}
	colourText     = lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#DDDDDD"}
	colourSelectBg = lipgloss.AdaptiveColor{Light: "#E4E2FF", Dark: "#2F2C6B"}
	colourError    = lipgloss.AdaptiveColor{Light: "#C62828", Dark: "#FF6B6B"}
	colourGreen    = lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#73D08A"}
	colourYellow   = lipgloss.AdaptiveColor{Light: "#A66B00", Dark: "#E8C06A"}
	colourBlue     = lipgloss.AdaptiveColor{Light: "#1565C0", Dark: "#6FB3F2"}
	colourMatchBg  = lipgloss.AdaptiveColor{Light: "#FFE082", Dark: "#6B5A1E"}
	colourOnAccent = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#FFFFFF"}
)

// DefaultStyles builds the adaptive light/dark palette.
func DefaultStyles() *Styles {
	s := &Styles{}
	s.App = lipgloss.NewStyle()
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(colourAccent)
	s.HeaderSite = lipgloss.NewStyle().Foreground(colourText)
	s.Muted = lipgloss.NewStyle().Foreground(colourMuted)
	s.Error = lipgloss.NewStyle().Foreground(colourError).Bold(true)
	s.Status = lipgloss.NewStyle().Foreground(colourGreen)

	s.Border = lipgloss.NewStyle().Foreground(colourSubtle)
	s.BorderFocused = lipgloss.NewStyle().Foreground(colourAccent)

	s.ColumnHeader = lipgloss.NewStyle().Foreground(colourMuted).Bold(true)
	s.Row = lipgloss.NewStyle().Foreground(colourText)
	s.RowSelected = lipgloss.NewStyle().Foreground(colourText).Background(colourSelectBg).Bold(true)
	s.RowCursorDim = lipgloss.NewStyle().Foreground(colourText).Background(colourSubtle)

	s.WPStatus = map[string]lipgloss.Style{
		"publish": lipgloss.NewStyle().Foreground(colourGreen),
		"future":  lipgloss.NewStyle().Foreground(colourBlue),
		"draft":   lipgloss.NewStyle().Foreground(colourYellow),
		"pending": lipgloss.NewStyle().Foreground(colourYellow),
		"private": lipgloss.NewStyle().Foreground(colourMuted),
	}
	s.Medium = lipgloss.NewStyle().Foreground(colourMuted)
	s.FilterPrompt = lipgloss.NewStyle().Foreground(colourAccent).Bold(true)
	s.Empty = lipgloss.NewStyle().Foreground(colourMuted).Italic(true)
	s.SearchMatch = markStyle{colour: lipgloss.NewStyle().Foreground(colourText).Background(colourMatchBg), plain: "4"}
	s.SearchCurrent = markStyle{colour: lipgloss.NewStyle().Foreground(colourOnAccent).Background(colourAccent).Bold(true), plain: "1;7"}
	s.DiffAdded = lipgloss.NewStyle().Foreground(colourGreen)
	s.DiffRemoved = lipgloss.NewStyle().Foreground(colourError)
	return s
}
