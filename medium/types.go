package medium

import "fmt"

// PublishStatus is the visibility Medium gives a new story.
type PublishStatus string

// The publish statuses Medium accepts.
const (
	StatusPublic   PublishStatus = "public"
	StatusDraft    PublishStatus = "draft"
	StatusUnlisted PublishStatus = "unlisted"
)

// PublishStatuses lists every valid PublishStatus, in the order forms show them.
var PublishStatuses = []PublishStatus{StatusDraft, StatusPublic, StatusUnlisted}

// String returns the wire value.
func (s PublishStatus) String() string { return string(s) }

// Label is the human name of the status.
func (s PublishStatus) Label() string {
	switch s {
	case StatusPublic:
		return "Public"
	case StatusDraft:
		return "Draft"
	case StatusUnlisted:
		return "Unlisted"
	}
	return string(s)
}

// ParsePublishStatus validates a wire value.
func ParsePublishStatus(v string) (PublishStatus, error) {
	for _, s := range PublishStatuses {
		if string(s) == v {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown Medium publish status %q (use public, draft or unlisted)", v)
}

// License is the licence Medium shows on a story.
type License string

// The nine licences Medium accepts.
const (
	LicenseAllRightsReserved License = "all-rights-reserved"
	LicenseCC40BY            License = "cc-40-by"
	LicenseCC40BYSA          License = "cc-40-by-sa"
	LicenseCC40BYND          License = "cc-40-by-nd"
	LicenseCC40BYNC          License = "cc-40-by-nc"
	LicenseCC40BYNCND        License = "cc-40-by-nc-nd"
	LicenseCC40BYNCSA        License = "cc-40-by-nc-sa"
	LicenseCC40Zero          License = "cc-40-zero"
	LicensePublicDomain      License = "public-domain"
)

// Licenses lists every valid License, in the order forms show them.
var Licenses = []License{
	LicenseAllRightsReserved, LicenseCC40BY, LicenseCC40BYSA, LicenseCC40BYND, LicenseCC40BYNC,
	LicenseCC40BYNCND, LicenseCC40BYNCSA, LicenseCC40Zero, LicensePublicDomain,
}

var licenseLabels = map[License]string{
	LicenseAllRightsReserved: "All rights reserved",
	LicenseCC40BY:            "CC 4.0 BY",
	LicenseCC40BYSA:          "CC 4.0 BY-SA",
	LicenseCC40BYND:          "CC 4.0 BY-ND",
	LicenseCC40BYNC:          "CC 4.0 BY-NC",
	LicenseCC40BYNCND:        "CC 4.0 BY-NC-ND",
	LicenseCC40BYNCSA:        "CC 4.0 BY-NC-SA",
	LicenseCC40Zero:          "CC copyright waiver",
	LicensePublicDomain:      "Public domain",
}

// String returns the wire value.
func (l License) String() string { return string(l) }

// Label is the human name of the licence.
func (l License) Label() string {
	if s, ok := licenseLabels[l]; ok {
		return s
	}
	return string(l)
}

// ParseLicense validates a wire value.
func ParseLicense(v string) (License, error) {
	for _, l := range Licenses {
		if string(l) == v {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown Medium license %q (use one of: %s)", v, LicenseValues())
}

// LicenseValues is the comma-separated list of valid wire values, for messages.
func LicenseValues() string {
	s := ""
	for i, l := range Licenses {
		if i > 0 {
			s += ", "
		}
		s += string(l)
	}
	return s
}
