package furusato

import "time"

// APIToken is a personal access token for the JSON API. Only Hash (the
// SHA-256 hex of the whole token) is stored; Prefix, its first characters,
// tells tokens apart on the tokens page. The token itself is shown once, at
// creation, and the tokens its owner lists carry no Hash.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	Prefix     string
	Scope      TokenScope
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	ExpiresAt  time.Time // zero: never expires
	RevokedAt  time.Time // zero: not revoked
}

// Active reports whether the token still works at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}
