package furusato

import "time"

// Member is a membership with the name and address of its user, for the
// member lists of an organisation or a company.
type Member struct {
	UserID      int64
	DisplayName string
	Email       string
	Role        Role
	Since       time.Time
}

// MembershipDetail is a membership with the names of what it is in: an
// organisation (with its kind, which the policy needs) or a company (with
// its coordinating organisation).
type MembershipDetail struct {
	Membership
	Organization *Organization // set for an organisation's membership (without prefectures)
	Company      *Company      // set for a company's membership (id, slug, name, organisation only)
}
