package service

import (
	"context"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// MaxUserQueryRunes is the longest search of the user list; longer input is
// cut.
const MaxUserQueryRunes = 200

// normalizeUserQuery prepares a search of the user list: NFKC, trimmed,
// lower case, cut to MaxUserQueryRunes, so that "ＡＤＭＩＮ" finds
// admin@….
func normalizeUserQuery(q string) string {
	q = strings.ToLower(strings.TrimSpace(norm.NFKC.String(q)))
	if r := []rune(q); len(r) > MaxUserQueryRunes {
		q = string(r[:MaxUserQueryRunes])
	}
	return q
}

// Users returns one page of the accounts that are not deleted, newest first,
// whose address or name holds f.Query (NFKC, case-insensitive), and the
// number of matches (policy UserManage, admins only). EINVALID for a
// negative offset.
func (s *Users) Users(ctx context.Context, actor *furusato.Actor, f furusato.UserFilter) ([]furusato.UserSummary, int, error) {
	if err := policy.Global(actor, policy.UserManage); err != nil {
		return nil, 0, err
	}
	if f.Offset < 0 || f.Limit < 0 || f.Limit > MaxPerPage {
		return nil, 0, furusato.Errorf(furusato.EINVALID, "No such page.")
	}
	f.Query = normalizeUserQuery(f.Query)
	return s.db.FindUsers(ctx, f)
}

// User returns the account id and its memberships with what they are in
// (policy UserManage, admins only); ENOTFOUND for an unknown or deleted
// account.
func (s *Users) User(ctx context.Context, actor *furusato.Actor, id int64) (*furusato.User, []furusato.MembershipDetail, error) {
	if err := policy.Global(actor, policy.UserManage); err != nil {
		return nil, nil, err
	}
	u, err := s.db.FindUserByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !u.DeletedAt.IsZero() {
		return nil, nil, furusato.Errorf(furusato.ENOTFOUND, "User not found.")
	}
	ms, err := s.db.FindMembershipDetails(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return u, ms, nil
}

// SetAdmin grants (admin true) or withdraws the admin flag of account id
// (policy UserManage, admins only) and audits "user.admin_grant" or
// "user.admin_revoke". An admin may not withdraw their own flag, so that
// the last admin cannot lock everyone out: ECONFLICT with
// Fields{"admin": "admin.own_admin"}. ENOTFOUND for an unknown or deleted
// account. Setting the flag it already has changes nothing and is no error.
func (s *Users) SetAdmin(ctx context.Context, actor *furusato.Actor, id int64, admin bool, ip string) error {
	if err := policy.Global(actor, policy.UserManage); err != nil {
		return err
	}
	if id == actor.User.ID && !admin {
		return &furusato.Error{Code: furusato.ECONFLICT, Message: "You cannot remove your own admin flag.",
			Fields: map[string]string{"admin": "admin.own_admin"}}
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		if !u.DeletedAt.IsZero() {
			return furusato.Errorf(furusato.ENOTFOUND, "User not found.")
		}
		if u.Admin == admin {
			return nil
		}
		if err := tx.SetAdmin(ctx, id, admin, now); err != nil {
			return err
		}
		action := furusato.AuditUserAdminRevoke
		if admin {
			action = furusato.AuditUserAdminGrant
		}
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: action, ObjectType: "user",
			ObjectID: id, IP: ip, Detail: jsonDetail(map[string]string{"user_id": strconv.FormatInt(id, 10), "email": u.Email})})
	})
}

// MyMemberships returns the signed-in actor's own memberships with what
// they are in, oldest first; EUNAUTHORIZED for a visitor. Anyone may read
// their own roles.
func (s *Users) MyMemberships(ctx context.Context, actor *furusato.Actor) ([]furusato.MembershipDetail, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	return s.db.FindMembershipDetails(ctx, actor.User.ID)
}

// Coordinating returns the organisations the actor coordinates, for the
// admin home of a coordinator; EUNAUTHORIZED for a visitor, none for
// someone who coordinates nothing.
func (s *Users) Coordinating(ctx context.Context, actor *furusato.Actor) ([]*furusato.Organization, error) {
	if !actor.SignedIn() {
		return nil, furusato.Errorf(furusato.EUNAUTHORIZED, "Please sign in.")
	}
	var out []*furusato.Organization
	for _, m := range actor.Memberships {
		if m.Role != furusato.RoleCoordinator || m.OrganizationID == 0 {
			continue
		}
		org, err := s.db.FindOrganizationByID(ctx, m.OrganizationID)
		if err != nil {
			return nil, err
		}
		out = append(out, org)
	}
	return out, nil
}
