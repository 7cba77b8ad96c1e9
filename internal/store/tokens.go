package store

import (
	"context"
	"time"
)

// TokenPurpose says what an e-mailed link does.
type TokenPurpose string

// The purposes of tokens.
const (
	TokenVerifyEmail   TokenPurpose = "verify_email"
	TokenEmailChange   TokenPurpose = "email_change"
	TokenResetPassword TokenPurpose = "reset_password"
)

// Token is a single-use link sent by e-mail. Only Hash (the SHA-256 hex of
// the random token the link holds) is stored.
type Token struct {
	Hash      string
	Purpose   TokenPurpose
	UserID    int64
	NewEmail  string // TokenEmailChange: the address to move to
	ExpiresAt time.Time
	UsedAt    time.Time
	CreatedAt time.Time
}

// CreateToken stores t, created at now. Call it on a Tx.
func (c *conn) CreateToken(ctx context.Context, t *Token, now time.Time) error {
	t.CreatedAt = now.UTC().Truncate(time.Millisecond)
	_, err := c.q.ExecContext(ctx, `
		INSERT INTO tokens (hash, purpose, user_id, new_email, expires_at, used_at, created_at)
		VALUES ($1, $2, $3, $4, $5, 0, $6)`,
		t.Hash, string(t.Purpose), t.UserID, t.NewEmail, ms(t.ExpiresAt), ms(now))
	return wrap("create token", err)
}

const tokenColumns = `hash, purpose, user_id, new_email, expires_at, used_at, created_at`

func scanToken(s interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var purpose string
	var expires, used, created int64
	if err := s.Scan(&t.Hash, &purpose, &t.UserID, &t.NewEmail, &expires, &used, &created); err != nil {
		return nil, err
	}
	t.Purpose, t.ExpiresAt, t.UsedAt, t.CreatedAt = TokenPurpose(purpose), fromMS(expires), fromMS(used), fromMS(created)
	return &t, nil
}

// FindLiveToken returns the token with hash and purpose when it is unused
// and not expired at now, or ENOTFOUND; it does not use it up.
func (c *conn) FindLiveToken(ctx context.Context, hash string, purpose TokenPurpose, now time.Time) (*Token, error) {
	t, err := scanToken(c.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens
		WHERE hash = $1 AND purpose = $2 AND used_at = 0 AND expires_at > $3`, hash, string(purpose), ms(now)))
	if err != nil {
		return nil, wrap("find token", err)
	}
	return t, nil
}

// UseToken marks the token with hash and purpose used at now and returns
// it, when it was unused and not expired; otherwise ENOTFOUND. One
// conditional UPDATE, so two nodes can never both use the same token. Call
// it on a Tx.
func (c *conn) UseToken(ctx context.Context, hash string, purpose TokenPurpose, now time.Time) (*Token, error) {
	t, err := scanToken(c.q.QueryRowContext(ctx, `UPDATE tokens SET used_at = $3
		WHERE hash = $1 AND purpose = $2 AND used_at = 0 AND expires_at > $3
		RETURNING `+tokenColumns, hash, string(purpose), ms(now)))
	if err != nil {
		return nil, wrap("use token", err)
	}
	return t, nil
}

// RevokeTokens marks every unused token of user id with purpose used at
// now, so that older links stop working. Call it on a Tx.
func (c *conn) RevokeTokens(ctx context.Context, userID int64, purpose TokenPurpose, now time.Time) error {
	_, err := c.q.ExecContext(ctx, `UPDATE tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at = 0`,
		userID, string(purpose), ms(now))
	return wrap("revoke tokens", err)
}

// FindToken returns the token with hash and purpose whatever its state
// (used or expired), or ENOTFOUND; it tells a link opened twice from an
// unknown one.
func (c *conn) FindToken(ctx context.Context, hash string, purpose TokenPurpose) (*Token, error) {
	t, err := scanToken(c.q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens
		WHERE hash = $1 AND purpose = $2`, hash, string(purpose)))
	if err != nil {
		return nil, wrap("find token", err)
	}
	return t, nil
}
