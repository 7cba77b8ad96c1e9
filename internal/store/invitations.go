package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateInvitation stores inv (its CreatedAt set to now). It returns
// EINVALID for a malformed invitation (as AddMembership) and ENOTFOUND when
// the organisation or company does not exist. Call it on a Tx.
func (c *conn) CreateInvitation(ctx context.Context, inv *furusato.Invitation, now time.Time) error {
	if err := checkMembership(&furusato.Membership{UserID: -1, Role: inv.Role, OrganizationID: inv.OrganizationID, CompanyID: inv.CompanyID}); err != nil {
		return err
	}
	inv.CreatedAt = now.UTC().Truncate(time.Millisecond)
	_, err := c.q.ExecContext(ctx, `
		INSERT INTO invitations (token_hash, email, role, organization_id, company_id, invited_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		inv.TokenHash, inv.Email, string(inv.Role), nullID(inv.OrganizationID), nullID(inv.CompanyID), inv.InvitedBy, ms(now), ms(inv.ExpiresAt))
	if err != nil && isForeignKey(err) {
		return furusato.Errorf(furusato.ENOTFOUND, "No such organisation or company.")
	}
	return wrap("create invitation", err)
}

const invitationColumns = `token_hash, email, role, COALESCE(organization_id, 0), COALESCE(company_id, 0), invited_by,
	created_at, expires_at, accepted_at, accepted_by, revoked_at`

func scanInvitation(s interface{ Scan(...any) error }) (*furusato.Invitation, error) {
	var inv furusato.Invitation
	var role string
	var created, expires, accepted, revoked int64
	if err := s.Scan(&inv.TokenHash, &inv.Email, &role, &inv.OrganizationID, &inv.CompanyID, &inv.InvitedBy,
		&created, &expires, &accepted, &inv.AcceptedBy, &revoked); err != nil {
		return nil, err
	}
	inv.Role = furusato.Role(role)
	inv.CreatedAt, inv.ExpiresAt, inv.AcceptedAt, inv.RevokedAt = fromMS(created), fromMS(expires), fromMS(accepted), fromMS(revoked)
	return &inv, nil
}

// FindInvitation returns the invitation whose token hashes to hash, in
// whatever state it is, or ENOTFOUND.
func (c *conn) FindInvitation(ctx context.Context, hash string) (*furusato.Invitation, error) {
	inv, err := scanInvitation(c.q.QueryRowContext(ctx, `SELECT `+invitationColumns+` FROM invitations WHERE token_hash = $1`, hash))
	if err != nil {
		return nil, wrap("find invitation", err)
	}
	return inv, nil
}

// FindPendingInvitations returns the invitations into organisation org or
// company co (one of them 0) that can still be accepted at now, newest
// first.
func (c *conn) FindPendingInvitations(ctx context.Context, org, co int64, now time.Time) ([]*furusato.Invitation, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+invitationColumns+` FROM invitations
		WHERE COALESCE(organization_id, 0) = $1 AND COALESCE(company_id, 0) = $2
		  AND accepted_at = 0 AND revoked_at = 0 AND expires_at > $3
		ORDER BY created_at DESC, token_hash`, org, co, ms(now))
	if err != nil {
		return nil, wrap("find invitations", err)
	}
	defer rows.Close()
	var out []*furusato.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, wrap("find invitations", err)
		}
		out = append(out, inv)
	}
	return out, wrap("find invitations", rows.Err())
}

// AcceptInvitation marks the invitation hash accepted by user at now, in
// one conditional UPDATE, so that of two concurrent accepts only one
// succeeds. ECONFLICT when it is no longer pending (accepted, revoked or
// expired) or does not exist. Call it on a Tx.
func (tx *Tx) AcceptInvitation(ctx context.Context, hash string, user int64, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE invitations SET accepted_at = $2, accepted_by = $3
		WHERE token_hash = $1 AND accepted_at = 0 AND revoked_at = 0 AND expires_at > $2`, hash, ms(now), user)
	if err := mustAffect("accept invitation", res, err, "The invitation is no longer valid."); err != nil {
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return furusato.Errorf(furusato.ECONFLICT, "The invitation is no longer valid.")
		}
		return err
	}
	return nil
}

// RevokeInvitation stops the pending invitation hash from working;
// ENOTFOUND when there is no pending one. Call it on a Tx.
func (tx *Tx) RevokeInvitation(ctx context.Context, hash string, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE invitations SET revoked_at = $2 WHERE token_hash = $1 AND accepted_at = 0 AND revoked_at = 0`, hash, ms(now))
	return mustAffect("revoke invitation", res, err, "Invitation not found.")
}
