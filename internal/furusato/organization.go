package furusato

import (
	"net/url"
	"strings"
	"time"
)

// OrgKind tells what an organisation is.
type OrgKind string

// The kinds of organisation.
const (
	OrgCoordinator OrgKind = "coordinator" // runs one or more regions
	OrgPartner     OrgKind = "partner"     // a cross-region partner group (supporters)
	OrgSecretariat OrgKind = "secretariat" // the network's secretariat
)

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool {
	return k == OrgCoordinator || k == OrgPartner || k == OrgSecretariat
}

// Organization is a regional coordinating organisation, a partner group or
// the secretariat.
type Organization struct {
	ID          int64
	Slug        string
	Name        string
	Kind        OrgKind
	Prefectures []int // JIS codes of the regions a coordinator runs
	Description string
	Website     string
	CreatedAt   time.Time

	ProjectCount int // public projects; filled by listings
}

// MaxOrgName is the most characters of an organisation's or company's
// name, and of a company's industry and size.
const MaxOrgName = 100

// Validate checks fields that need no database.
func (o *Organization) Validate() error {
	var f FieldErrors
	if !validSlug(o.Slug) {
		f.Add("slug", "error.slug")
	}
	f.Text("name", o.Name, MaxOrgName, true)
	if !o.Kind.Valid() {
		f.Add("kind", "error.invalid")
	}
	for _, c := range o.Prefectures {
		if _, ok := PrefectureByCode(c); !ok {
			f.Add("prefectures", "error.invalid")
		}
	}
	if o.Website != "" && !ValidWebsite(o.Website) {
		f.Add("website", ErrWebsite)
	}
	return f.Err()
}

// Company is a host company or organisation that offers projects.
type Company struct {
	ID          int64
	Slug        string
	Name        string
	Prefecture  int
	City        string
	Industry    string
	FoundedYear int
	Size        string // e.g. "従業員12名"
	Description string
	Website     string
	CreatedAt   time.Time
	// OrganizationID is the coordinating organisation, chosen when the
	// company is created (the coordinator of its prefecture, else the
	// secretariat); 0 only when neither existed then.
	OrganizationID int64
}

// Validate checks fields that need no database.
func (c *Company) Validate() error {
	var f FieldErrors
	if !validSlug(c.Slug) {
		f.Add("slug", "error.slug")
	}
	f.Text("name", c.Name, MaxOrgName, true)
	f.Text("city", c.City, MaxCity, false)
	f.Text("industry", c.Industry, MaxOrgName, false)
	f.Text("size", c.Size, MaxOrgName, false)
	if _, ok := PrefectureByCode(c.Prefecture); !ok {
		f.Add("prefecture", "error.invalid")
	}
	if c.FoundedYear != 0 && (c.FoundedYear < 600 || c.FoundedYear > 2100) {
		f.Add("founded_year", "error.invalid")
	}
	if c.Website != "" && !ValidWebsite(c.Website) {
		f.Add("website", ErrWebsite)
	}
	return f.Err()
}

// validSlug accepts lower-case ASCII letters, digits and hyphens, 2–80
// characters, not all digits (so that {id-or-slug} is unambiguous).
func validSlug(s string) bool {
	if len(s) < 2 || len(s) > 80 {
		return false
	}
	letter := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			letter = true
		case r >= '0' && r <= '9':
		case r == '-':
			letter = true
		default:
			return false
		}
	}
	return letter && s[0] != '-' && s[len(s)-1] != '-'
}

// ErrWebsite is the field-error key of a website that is not an absolute
// http(s) URL.
const ErrWebsite = "error.website"

// ValidWebsite reports whether s is a website people may be sent to: an
// absolute http or https URL with a host, no user name or password (which
// make "https://bank.example@evil.example" look like another site), and no
// spaces or control characters. javascript:, data:, ftp: and "//host"
// are refused.
func ValidWebsite(s string) bool {
	if s == "" || len(s) > 2000 || BadProse(s) || strings.ContainsAny(s, " \t\r\n\\") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil {
		return false
	}
	return u.Hostname() != "" && !strings.ContainsFunc(u.Hostname(), bidiControl)
}

// SafeWebsite returns s when ValidWebsite accepts it, else "": what the
// pages and the API show of a stored website, so that a value saved before
// the check (javascript:…) never reaches a link or an API client.
func SafeWebsite(s string) string {
	if ValidWebsite(s) {
		return s
	}
	return ""
}
