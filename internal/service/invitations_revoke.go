package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// InvitationID is how the member pages name a pending invitation: the hash
// of its token (the table's key), which opens nothing by itself.
func InvitationID(inv *furusato.Invitation) string { return inv.TokenHash }

// validInvitationID reports whether id looks like a token hash (64
// lower-case hex digits).
func validInvitationID(id string) bool {
	if len(id) != 64 {
		return false
	}
	for _, r := range id {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}

// RevokeInvitation stops the pending invitation id (InvitationID) from
// working, under the policy that let it be sent (CompanyInviteStaff for a
// company's, OrgInviteCoordinator or OrgInviteSupporter by role for an
// organisation's), and audits "invitation.revoke", in one transaction. It
// returns what the invitation was for, so the edge can go back to that
// member page. ENOTFOUND for an unknown id; ECONFLICT with
// Fields{"invitation": "invite.accepted" | "invite.revoked"} when it was
// accepted or revoked already, returned with the InvitationInfo (the
// refusal came after the policy's consent).
func (o *Orgs) RevokeInvitation(ctx context.Context, actor *furusato.Actor, id, ip string) (*InvitationInfo, error) {
	if !validInvitationID(id) {
		return nil, errInvitationGone()
	}
	var info *InvitationInfo
	err := o.db.Tx(ctx, func(tx *store.Tx) error {
		inv, err := tx.FindInvitation(ctx, id)
		if err != nil {
			return err
		}
		info = &InvitationInfo{Invitation: inv, State: InvitationPending}
		objType := "organization"
		if inv.CompanyID != 0 {
			if info.Company, err = tx.FindCompanyByID(ctx, inv.CompanyID); err != nil {
				return err
			}
			if err := policy.Company(actor, policy.CompanyInviteStaff, companyRef(info.Company)); err != nil {
				return err
			}
			objType = "company"
		} else {
			if info.Organization, err = tx.FindOrganizationByID(ctx, inv.OrganizationID); err != nil {
				return err
			}
			act := policy.OrgInviteCoordinator
			if inv.Role == furusato.RoleSupporter {
				act = policy.OrgInviteSupporter
			}
			if err := policy.Organization(actor, act, info.Organization); err != nil {
				return err
			}
		}
		switch {
		case !inv.AcceptedAt.IsZero():
			return &furusato.Error{Code: furusato.ECONFLICT, Message: "This invitation was accepted already.",
				Fields: map[string]string{"invitation": "invite.accepted"}}
		case !inv.RevokedAt.IsZero():
			return &furusato.Error{Code: furusato.ECONFLICT, Message: "This invitation was revoked already.",
				Fields: map[string]string{"invitation": "invite.revoked"}}
		}
		now := o.now()
		if err := tx.RevokeInvitation(ctx, id, now); err != nil {
			return err
		}
		info.State = InvitationRevoked
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditInvitationRevoke, ObjectType: objType,
			ObjectID: inv.OrganizationID + inv.CompanyID, IP: ip, Detail: jsonDetail(map[string]string{"email": inv.Email, "role": string(inv.Role)})})
	})
	if furusato.ErrorCode(err) == furusato.ENOTFOUND && info == nil {
		return nil, errInvitationGone()
	}
	switch furusato.ErrorCode(err) {
	case "":
		return info, nil
	case furusato.ECONFLICT:
		return info, err
	}
	return nil, err
}
