package service

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/mail"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// InvitationsPerDay bounds the invitations one person sends in 24 hours:
// each is a mail to an address they chose.
const InvitationsPerDay = 50

// The states of an invitation, as InvitationInfo.State names them.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationRevoked  = "revoked"
	InvitationExpired  = "expired"
)

// InvitationInfo is an invitation with what it invites to.
type InvitationInfo struct {
	Invitation   *furusato.Invitation
	Organization *furusato.Organization // set for an organisation's invitation
	Company      *furusato.Company      // set for a company's invitation
	State        string                 // InvitationPending, …Accepted, …Revoked, …Expired
}

// TargetName is the name of the organisation or company invited to.
func (i *InvitationInfo) TargetName() string {
	if i.Company != nil {
		return i.Company.Name
	}
	return i.Organization.Name
}

// roleNames words a role for the invitation mail.
var roleNames = map[string]map[furusato.Role]string{
	"ja": {furusato.RoleCoordinator: "コーディネーター", furusato.RoleCompanyStaff: "企業スタッフ", furusato.RoleSupporter: "伴走者"},
	"en": {furusato.RoleCoordinator: "coordinator", furusato.RoleCompanyStaff: "company staff", furusato.RoleSupporter: "supporter"},
}

// InviteTarget names where an invitation leads: exactly one of Org and
// Company.
type InviteTarget struct {
	Org     *furusato.Organization
	Company *furusato.Company
}

// Invite invites the owner of email to take role in target: it stores an
// invitation (InvitationTTL) and queues a KindInvitation mail with its
// link, in lang, in one transaction with the audit entry
// "invitation.create". The policy decides first: OrgInviteCoordinator,
// OrgInviteSupporter or CompanyInviteStaff, by role (a role that does not
// fit the target is EINVALID, as the policy answers for the wrong kind of
// organisation). EINVALID with Fields{"email": "error.email"} for a
// malformed address; ECONFLICT with Fields{"email": "invite.already_member"}
// when the address's account already holds that role there; ERATELIMIT
// with Fields{"email": "invite.too_many"} beyond InvitationsPerDay
// invitations by the actor in 24 hours (counted in the writing
// transaction, so a refused invitation counts nothing).
func (o *Orgs) Invite(ctx context.Context, actor *furusato.Actor, email string, role furusato.Role, target InviteTarget, lang, ip string) (*furusato.Invitation, error) {
	inv := &furusato.Invitation{Role: role}
	var targetName, objType string
	switch {
	case target.Company != nil && target.Org == nil:
		if role != furusato.RoleCompanyStaff {
			return nil, invalid(map[string]string{"role": "error.invalid"})
		}
		if err := policy.Company(actor, policy.CompanyInviteStaff, companyRef(target.Company)); err != nil {
			return nil, err
		}
		inv.CompanyID, targetName, objType = target.Company.ID, target.Company.Name, "company"
	case target.Org != nil && target.Company == nil:
		act := policy.OrgInviteCoordinator
		switch role {
		case furusato.RoleCoordinator:
		case furusato.RoleSupporter:
			act = policy.OrgInviteSupporter
		default:
			return nil, invalid(map[string]string{"role": "error.invalid"})
		}
		if err := policy.Organization(actor, act, target.Org); err != nil {
			return nil, err
		}
		inv.OrganizationID, targetName, objType = target.Org.ID, target.Org.Name, "organization"
	default:
		return nil, furusato.Errorf(furusato.EINVALID, "An invitation names one organisation or one company.")
	}
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	token, hash, err := newToken()
	if err != nil {
		return nil, err
	}
	now := o.now()
	inv.TokenHash, inv.Email, inv.InvitedBy, inv.ExpiresAt = hash, email, actor.User.ID, now.Add(InvitationTTL)
	lang = mailLang(lang)
	err = o.db.Tx(ctx, func(tx *store.Tx) error {
		if u, err := tx.FindUserByEmail(ctx, email); err == nil {
			ms, err := tx.FindMemberships(ctx, u.ID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.Role == role && m.OrganizationID == inv.OrganizationID && m.CompanyID == inv.CompanyID {
					return &furusato.Error{Code: furusato.ECONFLICT, Message: "This person is already a member.",
						Fields: map[string]string{"email": "invite.already_member"}}
				}
			}
		} else if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			return err
		}
		if n, err := tx.HitThrottle(ctx, fmt.Sprintf("invite:user:%d", actor.User.ID), 24*time.Hour, now); err != nil {
			return err
		} else if n > InvitationsPerDay {
			return &furusato.Error{Code: furusato.ERATELIMIT, Message: "Too many invitations today; please try again tomorrow.",
				Fields: map[string]string{"email": "invite.too_many"}}
		}
		if err := tx.CreateInvitation(ctx, inv, now); err != nil {
			return err
		}
		m, err := mail.Compose(mail.KindInvitation, lang, email, mail.Data{
			Name: "", URL: o.baseURL + "/invitations/" + token, Expires: inv.ExpiresAt,
			Inviter: actor.User.DisplayName, Target: targetName, Role: roleNames[lang][role], Contact: o.contact,
		})
		if err != nil {
			return err
		}
		if err := QueueMail(ctx, tx, m, now); err != nil {
			return err
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditInvitationCreate, ObjectType: objType,
			ObjectID: inv.OrganizationID + inv.CompanyID, IP: ip, Detail: jsonDetail(map[string]string{"email": email, "role": string(role)})})
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// errInvitationGone is the answer for a link that names no invitation.
func errInvitationGone() error {
	return furusato.Errorf(furusato.ENOTFOUND, "This invitation link does not work.")
}

// Invitation returns the invitation of token, in whatever state, with what
// it invites to; anyone holding the link may see it. ENOTFOUND for an
// unknown token.
func (o *Orgs) Invitation(ctx context.Context, token string) (*InvitationInfo, error) {
	return o.invitation(ctx, o.db, token)
}

type invitationReader interface {
	FindInvitation(context.Context, string) (*furusato.Invitation, error)
	FindOrganizationByID(context.Context, int64) (*furusato.Organization, error)
	FindCompanyByID(context.Context, int64) (*furusato.Company, error)
}

func (o *Orgs) invitation(ctx context.Context, q invitationReader, token string) (*InvitationInfo, error) {
	if token == "" || len(token) > 100 {
		return nil, errInvitationGone()
	}
	inv, err := q.FindInvitation(ctx, hashToken(token))
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, errInvitationGone()
	} else if err != nil {
		return nil, err
	}
	info := &InvitationInfo{Invitation: inv, State: InvitationPending}
	if inv.CompanyID != 0 {
		info.Company, err = q.FindCompanyByID(ctx, inv.CompanyID)
	} else {
		info.Organization, err = q.FindOrganizationByID(ctx, inv.OrganizationID)
	}
	if err != nil {
		return nil, err
	}
	switch now := o.now(); {
	case !inv.AcceptedAt.IsZero():
		info.State = InvitationAccepted
	case !inv.RevokedAt.IsZero():
		info.State = InvitationRevoked
	case !now.Before(inv.ExpiresAt):
		info.State = InvitationExpired
	}
	return info, nil
}

// AcceptInvitation gives the signed-in actor the membership the invitation
// of token offers, marks the invitation accepted (once: a conditional
// update) and audits "invitation.accept", in one transaction.
//
// Only the person invited may accept: the actor's address must be the
// invitation's and confirmed. A forwarded link is no key, and an
// unconfirmed account could have been made with someone else's address.
//
// Errors: EUNAUTHORIZED for a visitor; ENOTFOUND for an unknown token;
// ECONFLICT with Fields{"invitation": "invite.accepted" | "invite.revoked"
// | "invite.expired"} when it cannot be accepted any more; EFORBIDDEN with
// Fields{"invitation": "invite.unverified" | "invite.other_email"} when the
// actor may not accept it. Holding the role already is no error.
func (o *Orgs) AcceptInvitation(ctx context.Context, actor *furusato.Actor, token, ip string) (*InvitationInfo, error) {
	if !actor.SignedIn() || !actor.User.DeletedAt.IsZero() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	var info *InvitationInfo
	err := o.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if info, err = o.invitation(ctx, tx, token); err != nil {
			return err
		}
		if info.State != InvitationPending {
			return &furusato.Error{Code: furusato.ECONFLICT, Message: "This invitation cannot be accepted any more.",
				Fields: map[string]string{"invitation": "invite." + info.State}}
		}
		u := actor.User
		switch {
		case u.Email != info.Invitation.Email:
			return &furusato.Error{Code: furusato.EFORBIDDEN, Message: "This invitation is for another e-mail address.",
				Fields: map[string]string{"invitation": "invite.other_email"}}
		case !u.Verified():
			return &furusato.Error{Code: furusato.EFORBIDDEN, Message: "Please confirm your e-mail address first.",
				Fields: map[string]string{"invitation": "invite.unverified"}}
		}
		now := o.now()
		if err := tx.AcceptInvitation(ctx, info.Invitation.TokenHash, u.ID, now); err != nil {
			return err
		}
		m := &furusato.Membership{UserID: u.ID, Role: info.Invitation.Role, OrganizationID: info.Invitation.OrganizationID, CompanyID: info.Invitation.CompanyID}
		if err := tx.AddMembership(ctx, m, now); err != nil && furusato.ErrorCode(err) != furusato.ECONFLICT {
			return err
		}
		objType := "organization"
		if m.CompanyID != 0 {
			objType = "company"
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: u.ID, Action: furusato.AuditInvitationAccept, ObjectType: objType,
			ObjectID: m.OrganizationID + m.CompanyID, IP: ip, Detail: jsonDetail(map[string]string{"role": string(m.Role), "email": u.Email})})
	})
	if err != nil {
		return nil, err
	}
	info.State = InvitationAccepted
	return info, nil
}
