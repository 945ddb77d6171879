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

// Redacted returns a copy with the application password and the token masked, for
// summaries and debug output.
func (c Config) Redacted() Config {
	c.WordPress = c.WordPress.Redacted()
	c.Medium = c.Medium.Redacted()
	c.overrides = c.Overrides()
	return c
}

// Redacted returns a copy with the application password masked.
func (w WordPress) Redacted() WordPress {
	w.AppPassword = Mask(w.AppPassword)
	return w
}

// Redacted returns a copy with the token masked.
func (m Medium) Redacted() Medium {
	m.Token = Mask(m.Token)
	return m
}

// String renders the configuration as TOML with secrets masked.
func (c Config) String() string {
	var b strings.Builder
	b.WriteString(c.WordPress.String())
	b.WriteString("\n")
	b.WriteString(c.Medium.String())
	b.WriteString("\n")
	d := c.Defaults
	fmt.Fprintf(&b, "[defaults]\nstatus = %s\nlicense = %s\ncross_link = %t\nnotify_followers = %t\n",
		tomlString(d.Status), tomlString(string(d.License)), d.CrossLink, d.NotifyFollowers)
	return b.String()
}

// String renders the section as TOML with the application password masked.
func (w WordPress) String() string {
	r := w.Redacted()
	return fmt.Sprintf("[wordpress]\nurl = %s\nusername = %s\napp_password = %s\n",
		tomlString(r.URL), tomlString(r.Username), tomlString(r.AppPassword))
}

// String renders the section as TOML with the token masked.
func (m Medium) String() string {
	r := m.Redacted()
	return fmt.Sprintf("[medium]\ntoken = %s\napi_url = %s\npublication_id = %s\n",
		tomlString(r.Token), tomlString(r.APIURL), tomlString(r.PublicationID))
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
