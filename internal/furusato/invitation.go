package furusato

import "time"

// Invitation asks the owner of Email to take Role in an organisation or a
// company. Only the hash of its token is stored.
type Invitation struct {
	TokenHash      string // SHA-256 hex of the token in the mailed link
	Email          string // normalised
	Role           Role
	OrganizationID int64 // exactly one of OrganizationID and CompanyID is set
	CompanyID      int64
	InvitedBy      int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	AcceptedAt     time.Time // zero until accepted
	AcceptedBy     int64
	RevokedAt      time.Time // zero unless revoked
}
