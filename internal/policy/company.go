package policy

import "github.com/furusato/furusato/internal/furusato"

// CompanyRef is what the policy needs of a company: its ID (0 for one not
// yet created) and its coordinating organisation. A company is bound to the
// coordinating organisation of its prefecture when it is created; that link,
// not geography, decides who coordinates it.
type CompanyRef struct {
	ID, OrganizationID int64
}

// Company decides whether a may do act to company c. Companies have public
// pages, so there is nothing to hide: a visitor is refused with
// EUNAUTHORIZED, anyone else with EFORBIDDEN. The rules:
//   - CompanyCreate (c.ID is 0, c.OrganizationID the organisation it will be
//     bound to): admins, and coordinators of that organisation.
//   - CompanyEdit: admins, coordinators of c.OrganizationID, and the
//     company's own staff (it is their profile).
//   - CompanyInviteStaff: admins and coordinators of c.OrganizationID
//     (product.md: a coordinator invites staff for companies in their own
//     region). Staff do not invite colleagues themselves: we have no
//     owner role to tell who may, so the coordinator who knows the company
//     does it.
//   - MemberRemove (a staff membership of c): as CompanyInviteStaff; who may
//     let someone in may take them out.
func Company(a *furusato.Actor, act Action, c CompanyRef) error {
	a = actor(a)
	switch act {
	case CompanyCreate, CompanyEdit, CompanyInviteStaff, MemberRemove:
	default:
		return wrongFamily(act, "Company")
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	if a.IsAdmin() || coordinates(a, c.OrganizationID) {
		return nil
	}
	if act == CompanyEdit && staffOf(a, c.ID) {
		return nil
	}
	return refuse(a, "Only the company's coordinator may do this.")
}
