package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Mask hides a secret for display: empty stays empty (so "not set" is visible), short
// secrets become "****", longer ones keep their last four characters so a user can tell
// two tokens apart.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	r := []rune(secret)
	if len(r) < 16 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}

// Redacted returns a copy with every secret (the application password, the token)
// masked, for summaries and debug output.
func (c Config) Redacted() Config {
	for _, k := range keyTable {
		if k.secret {
			v := k.value.(stringValue)
			v.set(&c, Mask(v.get(&c)))
		}
	}
	c.overrides = c.Overrides()
	return c
}

// Redacted returns a copy with the application password masked.
func (w WordPress) Redacted() WordPress { return Config{WordPress: w}.Redacted().WordPress }

// Redacted returns a copy with the token masked.
func (m Medium) Redacted() Medium { return Config{Medium: m}.Redacted().Medium }

// String renders the configuration as TOML with secrets masked.
func (c Config) String() string {
	r := c.Redacted()
	var b strings.Builder
	for i, s := range sectionOrder {
		if i > 0 {
			b.WriteString("\n")
		}
		writeSection(&b, &r, s, false)
	}
	return b.String()
}

// String renders the section as TOML with the application password masked.
func (w WordPress) String() string { return Config{WordPress: w}.sectionString("wordpress") }

// String renders the section as TOML with the token masked.
func (m Medium) String() string { return Config{Medium: m}.sectionString("medium") }

func (c Config) sectionString(section string) string {
	r := c.Redacted()
	var b strings.Builder
	writeSection(&b, &r, section, false)
	return b.String()
}

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %d, ...) print the masked form, so
// a secret cannot leak through a log line or a debug print.
func (c Config) Format(f fmt.State, verb rune) { formatMasked(f, verb, c.String()) }

// Format prints the masked form for every verb; see Config.Format.
func (w WordPress) Format(f fmt.State, verb rune) { formatMasked(f, verb, w.String()) }

// Format prints the masked form for every verb; see Config.Format.
func (m Medium) Format(f fmt.State, verb rune) { formatMasked(f, verb, m.String()) }

func formatMasked(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}
