package policy

import "github.com/furusato/furusato/internal/furusato"

// Organization decides whether a may do act to organisation org. Coordinator
// organisations, partner groups and the secretariat have public pages, so
// only a nil org is ENOTFOUND; otherwise a visitor is refused with
// EUNAUTHORIZED and anyone else with EFORBIDDEN. The rules:
//   - OrgManage (edit the organisation): admins only.
//   - OrgInviteCoordinator: into a coordinator organisation or the
//     secretariat only (else EINVALID: a partner group has supporters);
//     admins and coordinators of that same organisation, since a regional
//     office grows its own team (product.md is silent; a coordinator can
//     already do everything a new colleague could, so this widens nothing).
//   - OrgInviteSupporter: into a partner group only (else EINVALID); admins
//     only. product.md gives partners to the secretariat, and a supporter
//     membership is what a coordinator relies on when assigning someone to a
//     project, so members do not co-opt members. Should partner groups run
//     themselves, add a lead role rather than letting every supporter invite.
//   - MemberRemove (a membership of org): as the corresponding invitation:
//     in a coordinator organisation or the secretariat, admins and its
//     coordinators; in a partner group, admins only.
//   - OrgCoordinate (work on the projects org coordinates, from /manage):
//     a coordinator organisation or the secretariat only (else EINVALID: a
//     partner group coordinates nothing); admins and its coordinators.
func Organization(a *furusato.Actor, act Action, org *furusato.Organization) error {
	a = actor(a)
	switch act {
	case OrgManage, OrgInviteCoordinator, OrgInviteSupporter, OrgCoordinate, MemberRemove:
	default:
		return wrongFamily(act, "Organization")
	}
	if org == nil {
		return furusato.Errorf(furusato.ENOTFOUND, "Organisation not found.")
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	partner := org.Kind == furusato.OrgPartner
	switch {
	case (act == OrgInviteCoordinator || act == OrgCoordinate) && partner:
		return furusato.Errorf(furusato.EINVALID, "A partner group has supporters, not coordinators.")
	case act == OrgInviteSupporter && !partner:
		return furusato.Errorf(furusato.EINVALID, "Only a partner group has supporters.")
	}
	if a.IsAdmin() {
		return nil
	}
	if (act == OrgInviteCoordinator || act == OrgCoordinate || act == MemberRemove) && !partner && coordinates(a, org.ID) {
		return nil
	}
	return refuse(a, "")
}
