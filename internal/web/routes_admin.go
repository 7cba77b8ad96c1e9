package web

import "net/http"

// registerAdmin adds the routes of organisations, memberships, invitations
// and the admin views (audit log, mail outbox), each line with the
// permission it needs. The decisions themselves are the policy's, made in
// the service (service.Orgs) or, for pages that only link, in the handler.
// h.admin sends a visitor to sign in and shows the 403 page on EFORBIDDEN.
func (h *Handler) registerAdmin(mux *http.ServeMux) {
	mux.Handle("GET /admin", h.admin(h.adminHome))                                           // policy.Global OrgManage: admins; coordinators get their links; others 403
	mux.Handle("GET /admin/users", h.admin(h.adminUsers))                                    // policy.Global UserManage: admins
	mux.Handle("GET /admin/users/{id}", h.admin(h.adminUser))                                // policy.Global UserManage: admins
	mux.Handle("POST /admin/users/{id}/admin", h.admin(h.adminUserAdmin))                    // policy.Global UserManage: admins, never their own flag away; audited
	mux.Handle("GET /admin/organizations", h.admin(h.adminOrgs))                             // policy.Global OrgManage: admins
	mux.Handle("GET /admin/organizations/new", h.admin(h.adminOrgNew))                       // policy.Global OrgManage: admins
	mux.Handle("POST /admin/organizations", h.admin(h.adminOrgCreate))                       // policy.Global OrgManage: admins
	mux.Handle("GET /admin/organizations/{slug}/edit", h.admin(h.adminOrgEdit))              // policy.Organization OrgManage: admins
	mux.Handle("POST /admin/organizations/{slug}", h.admin(h.adminOrgUpdate))                // policy.Organization OrgManage: admins
	mux.Handle("GET /admin/organizations/{slug}/members", h.admin(h.adminOrgMembers))        // policy.Organization MemberRemove: admins; its coordinators (not of a partner group)
	mux.Handle("POST /admin/organizations/{slug}/invitations", h.admin(h.adminOrgInvite))    // policy.Organization OrgInviteCoordinator | OrgInviteSupporter, by the organisation's kind
	mux.Handle("POST /admin/organizations/{slug}/members/remove", h.admin(h.adminOrgRemove)) // policy.Organization MemberRemove
	mux.Handle("GET /admin/companies", h.admin(h.adminCompanies))                            // policy.Global OrgManage: admins all; coordinators their organisation's (CompanyInviteStaff)
	mux.Handle("GET /admin/companies/new", h.admin(h.adminCompanyNew))                       // policy.Company CompanyCreate: admins; coordinators (for their region)
	mux.Handle("POST /admin/companies", h.admin(h.adminCompanyCreate))                       // policy.Company CompanyCreate for the organisation it will be bound to
	mux.Handle("GET /admin/companies/{slug}/edit", h.admin(h.adminCompanyEdit))              // policy.Company CompanyEdit: admins; its coordinators; its staff
	mux.Handle("POST /admin/companies/{slug}/edit", h.admin(h.adminCompanyUpdate))           // policy.Company CompanyEdit
	mux.Handle("GET /admin/companies/{slug}/members", h.admin(h.adminCompanyMembers))        // policy.Company CompanyInviteStaff: admins; coordinators of its organisation
	mux.Handle("POST /admin/companies/{slug}/invitations", h.admin(h.adminCompanyInvite))    // policy.Company CompanyInviteStaff
	mux.Handle("POST /admin/companies/{slug}/members/remove", h.admin(h.adminCompanyRemove)) // policy.Company MemberRemove
	mux.Handle("POST /admin/invitations/{id}/revoke", h.admin(h.adminInvitationRevoke))      // as the invitation: policy.Company CompanyInviteStaff | policy.Organization OrgInvite*; audited
	mux.Handle("GET /admin/audit", h.admin(h.adminAudit))                                    // policy.Global AuditView: admins
	mux.Handle("GET /admin/outbox", h.admin(h.adminOutbox))                                  // policy.Global OutboxView: admins
	mux.Handle("GET /admin/outbox/{id}", h.admin(h.adminMail))                               // policy.Global OutboxView: admins
	mux.Handle("GET /admin/jobs", h.admin(h.adminJobs))                                      // policy.Global JobsView: admins; the dead-letter list
	mux.Handle("POST /admin/jobs/{id}/retry", h.admin(h.adminJobRetry))                      // policy.Global JobsView: admins; audited
	mux.Handle("GET /invitations/{token}", h.account(h.inviteShow))                          // public: the token is the permission to see it
	mux.Handle("POST /invitations/{token}/accept", h.signedIn(h.inviteAccept))               // signed-in, as the invited address, confirmed
}
