package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

const apiTokenColumns = `id, user_id, name, token_hash, prefix, scope, created_at, last_used_at, expires_at, revoked_at`

func scanAPIToken(s interface{ Scan(...any) error }) (*furusato.APIToken, error) {
	var t furusato.APIToken
	var scope string
	var created, used, expires, revoked int64
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, &scope, &created, &used, &expires, &revoked); err != nil {
		return nil, err
	}
	t.Scope = furusato.TokenScope(scope)
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = fromMS(created), fromMS(used), fromMS(expires), fromMS(revoked)
	return &t, nil
}

// CreateAPIToken stores t (its ID is set), created at now; t.Scope must be
// set (the database refuses any other than read and write). Call it on a
// Tx.
func (c *conn) CreateAPIToken(ctx context.Context, t *furusato.APIToken, now time.Time) error {
	t.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err := c.q.QueryRowContext(ctx, `
		INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, created_at, last_used_at, expires_at, revoked_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 0) RETURNING id`,
		t.UserID, t.Name, t.Hash, t.Prefix, string(t.Scope), ms(now), ms(t.ExpiresAt)).Scan(&t.ID)
	if err != nil && isForeignKey(err) {
		return furusato.Errorf(furusato.ENOTFOUND, "No such user.")
	}
	return wrap("create api token", err)
}

// FindAPITokens returns every token of user id, revoked and expired ones
// included, newest first.
func (c *conn) FindAPITokens(ctx context.Context, userID int64) ([]*furusato.APIToken, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, wrap("find api tokens", err)
	}
	defer rows.Close()
	var out []*furusato.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, wrap("find api tokens", err)
		}
		out = append(out, t)
	}
	return out, wrap("find api tokens", rows.Err())
}

// FindAPITokenByHash returns the token whose hash this is, in any state,
// or ENOTFOUND.
func (c *conn) FindAPITokenByHash(ctx context.Context, hash string) (*furusato.APIToken, error) {
	t, err := scanAPIToken(c.q.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
	if err != nil {
		return nil, wrap("find api token", err)
	}
	return t, nil
}

// RevokeAPIToken marks token id of user userID revoked at now and returns
// it; ENOTFOUND when that user has no such token, or it is already
// revoked. Call it on a Tx.
func (c *conn) RevokeAPIToken(ctx context.Context, userID, id int64, now time.Time) (*furusato.APIToken, error) {
	t, err := scanAPIToken(c.q.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = $3
		WHERE id = $1 AND user_id = $2 AND revoked_at = 0 RETURNING `+apiTokenColumns, id, userID, ms(now)))
	if err != nil {
		return nil, wrap("revoke api token", err)
	}
	return t, nil
}

// RevokeAPITokens marks every token of user userID that is not revoked yet
// revoked at now, and returns how many it revoked: a credential changed,
// so nothing made with the old one may act any more. Call it on a Tx.
func (c *conn) RevokeAPITokens(ctx context.Context, userID int64, now time.Time) (int64, error) {
	res, err := c.q.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at = 0`,
		userID, ms(now))
	if err != nil {
		return 0, wrap("revoke api tokens", err)
	}
	n, err := res.RowsAffected()
	return n, wrap("revoke api tokens", err)
}

// TouchAPIToken sets the last use of token id to now unless it was used
// since notBefore, so a busy token costs at most one write per interval.
// Call it on a Tx.
func (c *conn) TouchAPIToken(ctx context.Context, id int64, now, notBefore time.Time) error {
	_, err := c.q.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND last_used_at <= $3`,
		id, ms(now), ms(notBefore))
	return wrap("touch api token", err)
}
