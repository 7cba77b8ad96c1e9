package policy

import "github.com/furusato/furusato/internal/furusato"

// Global decides the actions that concern no one object. A visitor is
// refused with EUNAUTHORIZED, anyone else with EFORBIDDEN. The rules:
//   - AuditView, OutboxView, JobsView, UserManage, OrgManage (creating an
//     organisation), PageEdit (the terms, privacy policy, FAQ…): admins
//     only. Coordinators do not see the audit log of
//     their own organisation yet; when they should, it will take an
//     organisation and move to Organization.
//   - TokenManageOwn: anyone signed in whose e-mail address is confirmed,
//     a removed member included (their tokens act with their current,
//     smaller rights). An unconfirmed account is EFORBIDDEN: whoever
//     registered an address first may not own it, and a token would
//     outlive the owner's password reset (security review H1).
//   - FavoriteOwn: anyone signed in, for their own list (a visitor is
//     asked to sign in); which projects may be marked (public ones) is the
//     service's rule.
//   - ManageOpen: those who work on projects as such: admins, coordinators
//     (of any organisation), company staff and supporters (of any partner
//     group), whose /manage is the dashboard of the projects assigned to
//     them (Dashboard decides which, issue 10); a participant has nothing
//     to manage. The pages behind it still ask Project for each project.
func Global(a *furusato.Actor, act Action) error {
	a = actor(a)
	switch act {
	case AuditView, OutboxView, JobsView, UserManage, OrgManage, TokenManageOwn, ManageOpen, PageEdit, FavoriteOwn:
	default:
		return wrongFamily(act, "Global")
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	if act == FavoriteOwn {
		return nil
	}
	if act == TokenManageOwn {
		if !a.User.Verified() {
			return refuse(a, "Please confirm your e-mail address before you manage API tokens.")
		}
		return nil
	}
	if a.IsAdmin() {
		return nil
	}
	if act == ManageOpen {
		for _, m := range a.Memberships {
			if m.Role == furusato.RoleCoordinator || m.Role == furusato.RoleCompanyStaff || m.Role == furusato.RoleSupporter {
				return nil
			}
		}
	}
	return refuse(a, "")
}
