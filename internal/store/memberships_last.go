package store

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
)

// RemoveLastSafe removes membership m of an organisation (RemoveMembership)
// and reports whether another member keeps the role; when none does it
// returns false and the caller must roll the transaction back (return an
// error from Tx), which puts the membership back. The organisation's row is taken first, so
// two removals at once (on PostgreSQL) queue and the second sees the first:
// the last coordinator cannot leave through a race either.
func (tx *Tx) RemoveLastSafe(ctx context.Context, m furusato.Membership) (bool, error) {
	if _, err := tx.q.ExecContext(ctx, `UPDATE organizations SET id = id WHERE id = $1`, m.OrganizationID); err != nil {
		return false, wrap("hold organisation", err)
	}
	if err := tx.RemoveMembership(ctx, m); err != nil {
		return false, err
	}
	var left int
	if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = $2`,
		m.OrganizationID, string(m.Role)).Scan(&left); err != nil {
		return false, wrap("count members", err)
	}
	if left == 0 {
		return false, nil
	}
	return true, nil
}
