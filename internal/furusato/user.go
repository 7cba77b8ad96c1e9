package furusato

import "time"

// User is a person with an account. Roles come from memberships, except
// Admin, a flag for the network's secretariat staff (product.md).
type User struct {
	ID              int64
	Email           string // normalised: NFKC, trimmed, lower case
	DisplayName     string
	Admin           bool
	EmailVerifiedAt time.Time // zero until the address is confirmed
	DeletedAt       time.Time // zero unless the account was deleted (anonymised)
	CreatedAt       time.Time
	// SessionEpoch is bumped by "sign out everywhere" and a password reset;
	// a session that remembers another epoch counts as signed out.
	SessionEpoch int64
	// Lang is the language the person reads pages and mail in ("ja",
	// "en"); "" (an account from before languages were kept) reads
	// Japanese. See MailLang.
	Lang string
}

// MailLang is the language mail to u is written in: its Lang, Japanese
// when none is set.
func (u *User) MailLang() string {
	if u.Lang == "en" {
		return "en"
	}
	return "ja"
}

// Verified reports whether the user confirmed their e-mail address.
func (u *User) Verified() bool { return !u.EmailVerifiedAt.IsZero() }

// Role is what a membership lets a person do.
type Role string

// The roles a membership can give. Participant is every signed-in person and
// needs no membership; admin is User.Admin.
const (
	RoleCoordinator  Role = "coordinator"   // of a coordinator organisation (or the secretariat)
	RoleCompanyStaff Role = "company_staff" // of one company
	RoleSupporter    Role = "supporter"     // of a partner group
)

// Membership binds a user to an organisation or a company in a role. Exactly
// one of OrganizationID and CompanyID is set: company staff belong to a
// company, coordinators and supporters to an organisation.
type Membership struct {
	UserID         int64
	Role           Role
	OrganizationID int64
	CompanyID      int64
	CreatedAt      time.Time
}

// Actor is who makes a request, with what the policy needs to decide: the
// user (nil for a visitor), their memberships as read at the start of this
// request (so a removed membership stops working on the next request), and
// the projects they accompany as a supporter.
type Actor struct {
	User        *User
	Memberships []Membership
	Supporting  []Support // the supporter assignments linked to the user
	// Scope is what the request may do: "" for a session (anything the
	// policy allows), or the scope of the personal access token the
	// request came with.
	Scope TokenScope
}

// TokenScope says what a personal access token may do.
type TokenScope string

// The scopes of personal access tokens.
const (
	ScopeRead  TokenScope = "read"  // read only: every write of the API is refused
	ScopeWrite TokenScope = "write" // read and write, with the owner's permissions
)

// Valid reports whether s is a known scope.
func (s TokenScope) Valid() bool { return s == ScopeRead || s == ScopeWrite }

// ReadOnly reports whether the actor may only read: a request made with a
// read-scoped token.
func (a *Actor) ReadOnly() bool { return a != nil && a.Scope == ScopeRead }

// Support is one supporter assignment of a project linked to a person: the
// project and the partner group the assignment is made through.
type Support struct {
	ProjectID      int64
	OrganizationID int64 // the partner group of the assignment row
}

// Visitor is the actor without an account.
var Visitor = &Actor{}

// SignedIn reports whether the actor has an account.
func (a *Actor) SignedIn() bool { return a != nil && a.User != nil }

// IsAdmin reports whether the actor is a platform admin.
func (a *Actor) IsAdmin() bool { return a.SignedIn() && a.User.Admin }

// CoordinatorOf reports whether the actor coordinates for organisation org.
func (a *Actor) CoordinatorOf(org int64) bool {
	return a.has(func(m Membership) bool { return m.Role == RoleCoordinator && m.OrganizationID == org })
}

// StaffOf reports whether the actor is staff of company co.
func (a *Actor) StaffOf(co int64) bool {
	return a.has(func(m Membership) bool { return m.Role == RoleCompanyStaff && m.CompanyID == co })
}

// SupporterIn reports whether the actor is a supporter of partner group org.
func (a *Actor) SupporterIn(org int64) bool {
	return a.has(func(m Membership) bool { return m.Role == RoleSupporter && m.OrganizationID == org })
}

// Supports reports whether the actor is assigned to project id as a supporter.
func (a *Actor) Supports(project int64) bool {
	if !a.SignedIn() {
		return false
	}
	for _, s := range a.Supporting {
		if s.ProjectID == project {
			return true
		}
	}
	return false
}

func (a *Actor) has(ok func(Membership) bool) bool {
	if !a.SignedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if ok(m) {
			return true
		}
	}
	return false
}

// UserSummary is a user of the admins' list with the number of their
// memberships.
type UserSummary struct {
	User        *User
	Memberships int
}

// UserFilter selects users for the admins' user list.
type UserFilter struct {
	// Query matches a part of the address or of the name. The caller
	// normalises it (NFKC, lower case); the name is compared in lower case.
	Query         string
	Limit, Offset int
}
