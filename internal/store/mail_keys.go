package store

import "context"

// MailKey returns the secret that signs unsubscribe links, storing
// candidate first when there is none yet (the first mail that needs one);
// concurrent first calls agree on one secret.
func (tx *Tx) MailKey(ctx context.Context, candidate string) (string, error) {
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO mail_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, candidate); err != nil {
		return "", wrap("mail key", err)
	}
	var secret string
	err := tx.q.QueryRowContext(ctx, `SELECT secret FROM mail_keys WHERE id = 1`).Scan(&secret)
	return secret, wrap("mail key", err)
}
