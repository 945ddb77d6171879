package config

import (
	"testing"
	"time"
)

func TestAutoSinceTime(t *testing.T) {
	for since, want := range map[string]time.Time{
		"2026-12-01T00:00:00Z":      time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		"2026-12-01T09:00:00+01:00": time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),
		"":                          {},
		"yesterday":                 {},
		"2026-12-01":                {},
	} {
		if got := (Auto{Since: since}).SinceTime(); !got.Equal(want) || got.IsZero() != want.IsZero() {
			t.Errorf("SinceTime(%q) = %v, want %v", since, got, want)
		}
	}
}

func TestAutoEnable(t *testing.T) {
	now := time.Date(2026, 12, 24, 15, 4, 5, 999_000_000, time.FixedZone("CET", 3600))
	earlier := "2026-12-01T00:00:00Z"
	tests := []struct {
		name string
		was  Auto
		want string
	}{
		{"first time", Auto{}, "2026-12-24T14:04:05Z"},
		{"off with an old since", Auto{Since: earlier}, "2026-12-24T14:04:05Z"},
		{"already on", Auto{Enabled: true, Since: earlier}, earlier},
		{"on but since broken", Auto{Enabled: true, Since: "soon"}, "2026-12-24T14:04:05Z"},
	}
	for _, tt := range tests {
		a := tt.was
		a.Enable(now)
		if !a.Enabled || a.Since != tt.want {
			t.Errorf("%s: Enable gave enabled=%v since=%q, want since %q", tt.name, a.Enabled, a.Since, tt.want)
		}
		c := Default()
		c.Auto = a
		c.Auto.DailyLimit = DefaultDailyLimit
		if err := c.Validate(); err != nil {
			t.Errorf("%s: an enabled Auto does not validate: %v", tt.name, err)
		}
	}
}
