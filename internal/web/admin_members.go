package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// memberRow is one line of a member table, with its remove form.
type memberRow struct {
	Name, Email, Role, Since string
	Remove                   *form
}

type pendingRow struct {
	Email, Role, Sent, Expires string
	Revoke                     *form
}

// membersPage is the members of an organisation or a company, with the
// invitations still pending and the form to invite someone.
type membersPage struct {
	ui.Base
	Problems []problem
	Target   string // the organisation's or company's name
	Back     link
	Links    []link // other pages of the same organisation or company
	Members  []memberRow
	Pending  []pendingRow
	Invite   *form
	// RemoveError is the error of a removal whose role was none of the
	// choices, shown above the member table the summary links to.
	RemoveError string
}

// membersBase is what both member pages share; path is the page's own
// path (…/members), role the role an invitation gives.
func (h *Handler) membersPage(r *http.Request, l *ui.Locale, name, path string, role furusato.Role, ms *service.Members, email string) membersPage {
	p := membersPage{Base: h.adminBase(r, l, l.T("admin.members_title", "Name", name)), Target: name}
	for _, m := range ms.Members {
		p.Members = append(p.Members, memberRow{Name: m.DisplayName, Email: m.Email, Role: roleLabel(l, m.Role), Since: l.Date(m.Since),
			Remove: &form{Action: path + "/remove", Submit: l.T("admin.remove"), Secondary: true,
				Hidden: []hidden{{"user_id", strconv.FormatInt(m.UserID, 10)}, {"role", string(m.Role)}}}})
	}
	for _, inv := range ms.Pending {
		p.Pending = append(p.Pending, pendingRow{Email: inv.Email, Role: roleLabel(l, inv.Role), Sent: l.Date(inv.CreatedAt), Expires: when(l, inv.ExpiresAt),
			Revoke: &form{Action: "/admin/invitations/" + service.InvitationID(inv) + "/revoke", Submit: l.T("admin.revoke"), Secondary: true}})
	}
	p.Invite = &form{Action: path[:len(path)-len("/members")] + "/invitations", Submit: l.T("admin.invite_submit"),
		Hidden: []hidden{{"role", string(role)}}, ButtonID: "invite-submit", L: l,
		Fields: []field{emailField(l, "invite-email", "email", l.T("admin.invite_email"), email)}}
	p.Invite.Fields[0].Hint = l.T("admin.invite_hint", "Role", roleLabel(l, role), "Days", int(service.InvitationTTL.Hours()/24))
	return p
}

// orgRole is the role an invitation into o gives.
func orgRole(o *furusato.Organization) furusato.Role {
	if o.Kind == furusato.OrgPartner {
		return furusato.RoleSupporter
	}
	return furusato.RoleCoordinator
}

// orgMembers renders the members of the organisation of the path, with
// email in the invite form and the errors of err beside it.
func (h *Handler) orgMembers(w http.ResponseWriter, r *http.Request, l *ui.Locale, email string, invErr error) error {
	o, err := h.svc.Orgs.Organization(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	ms, err := h.svc.Orgs.OrganizationMembers(r.Context(), httpx.ActorFrom(r.Context()), o)
	if err != nil {
		return err
	}
	p := h.membersPage(r, l, o.Name, "/admin/organizations/"+o.Slug+"/members", orgRole(o), ms, email)
	return h.renderMembers(w, l, p, invErr)
}

func (h *Handler) renderMembers(w http.ResponseWriter, l *ui.Locale, p membersPage, invErr error) error {
	status := http.StatusOK
	var bad *badRole
	switch {
	case errors.As(invErr, &bad): // a role the form cannot have sent: name the field and the choices
		pr := choiceProblem(l, l.T("admin.member_role"), bad.choices(l)...)
		// The role is a hidden value: the summary links to what sends it
		// again, the invite button or the member table's remove buttons.
		if bad.removal && len(p.Members) > 0 {
			pr.Anchor, p.RemoveError = "members-table", pr.Text
		} else if !bad.removal {
			pr.Anchor, p.Invite.Error = p.Invite.ButtonID, pr.Text
		}
		p.Problems = []problem{pr}
		p.ErrorTitle, status = true, http.StatusBadRequest
	case invErr != nil:
		p.Problems = applyErrors(l, invErr, map[string]string{"email": "email"}, p.Invite)
		p.ErrorTitle, status = true, errorStatus(invErr)
	}
	return h.render(w, status, "admin_members", p)
}

// adminOrgMembers is GET /admin/organizations/{slug}/members.
func (h *Handler) adminOrgMembers(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.orgMembers(w, r, l, "", nil)
}

// inviteFormError reports whether err goes beside the invite form
// (an address refused or already a member, too many invitations today).
func inviteFormError(err error) bool {
	return inputError(err) && furusato.ErrorFields(err)["email"] != ""
}

// adminOrgInvite is POST /admin/organizations/{slug}/invitations.
func (h *Handler) adminOrgInvite(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	o, err := h.svc.Orgs.Organization(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	email := r.PostFormValue("email")
	role := furusato.Role(r.PostFormValue("role"))
	if role != orgRole(o) { // the page offers the one role the organisation's kind gives
		return h.orgMembers(w, r, l, email, &badRole{allowed: []furusato.Role{orgRole(o)}})
	}
	_, err = h.svc.Orgs.Invite(r.Context(), httpx.ActorFrom(r.Context()), email, role,
		service.InviteTarget{Org: o}, l.Lang, h.clientIP(r))
	if inviteFormError(err) {
		return h.orgMembers(w, r, l, email, err)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/organizations/"+o.Slug+"/members", "admin.flash_invited")
	return nil
}

// readMembership reads the remove form of a member row.
func readMembership(r *http.Request) (furusato.Membership, error) {
	id, err := strconv.ParseInt(r.PostFormValue("user_id"), 10, 64)
	if err != nil || id <= 0 {
		return furusato.Membership{}, furusato.Errorf(furusato.EINVALID, "No such member.")
	}
	return furusato.Membership{UserID: id, Role: furusato.Role(r.PostFormValue("role"))}, nil
}

// adminOrgRemove is POST /admin/organizations/{slug}/members/remove.
func (h *Handler) adminOrgRemove(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	o, err := h.svc.Orgs.Organization(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	m, err := readMembership(r)
	if err != nil {
		return err
	}
	if orgRoles := []furusato.Role{furusato.RoleCoordinator, furusato.RoleSupporter}; !slices.Contains(orgRoles, m.Role) {
		return h.orgMembers(w, r, l, "", &badRole{allowed: orgRoles, removal: true})
	}
	m.OrganizationID = o.ID
	members := "/admin/organizations/" + o.Slug + "/members"
	actor := httpx.ActorFrom(r.Context())
	if err := h.svc.Orgs.RemoveMembership(r.Context(), actor, m, h.clientIP(r)); err == service.ErrLastCoordinator {
		return backOnConflict(err, removedBack(r, members), "hosts.flash.last_coordinator")
	} else if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		h.redirect(w, r, removedBack(r, members), alreadyRemoved)
		return nil
	} else if err != nil {
		return err
	}
	if m.UserID == actor.User.ID && !actor.IsAdmin() {
		members = "/account" // one's own membership is gone: its page is no longer one's to open
	}
	h.redirect(w, r, removedBack(r, members), "admin.flash_removed")
	return nil
}

// companyMembers is orgMembers for the company of the path.
func (h *Handler) companyMembers(w http.ResponseWriter, r *http.Request, l *ui.Locale, email string, invErr error) error {
	co, err := h.svc.Orgs.Company(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	ms, err := h.svc.Orgs.CompanyMembers(r.Context(), httpx.ActorFrom(r.Context()), co)
	if err != nil {
		return err
	}
	p := h.membersPage(r, l, co.Name, "/admin/companies/"+co.Slug+"/members", furusato.RoleCompanyStaff, ms, email)
	p.Links = []link{{"/admin/companies/" + co.Slug + "/edit", l.T("admin.company_edit_link", "Name", co.Name)}}
	return h.renderMembers(w, l, p, invErr)
}

// adminCompanyMembers is GET /admin/companies/{slug}/members.
func (h *Handler) adminCompanyMembers(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.companyMembers(w, r, l, "", nil)
}

// adminCompanyInvite is POST /admin/companies/{slug}/invitations.
func (h *Handler) adminCompanyInvite(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	co, err := h.svc.Orgs.Company(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	email := r.PostFormValue("email")
	_, err = h.svc.Orgs.Invite(r.Context(), httpx.ActorFrom(r.Context()), email, furusato.RoleCompanyStaff,
		service.InviteTarget{Company: co}, l.Lang, h.clientIP(r))
	if inviteFormError(err) {
		return h.companyMembers(w, r, l, email, err)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/companies/"+co.Slug+"/members", "admin.flash_invited")
	return nil
}

// adminCompanyRemove is POST /admin/companies/{slug}/members/remove.
func (h *Handler) adminCompanyRemove(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	co, err := h.svc.Orgs.Company(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	m, err := readMembership(r)
	if err != nil {
		return err
	}
	m.Role, m.CompanyID = furusato.RoleCompanyStaff, co.ID
	if err := h.svc.Orgs.RemoveMembership(r.Context(), httpx.ActorFrom(r.Context()), m, h.clientIP(r)); furusato.ErrorCode(err) == furusato.ENOTFOUND {
		h.redirect(w, r, removedBack(r, "/admin/companies/"+co.Slug+"/members"), alreadyRemoved)
		return nil
	} else if err != nil {
		return err
	}
	h.redirect(w, r, removedBack(r, "/admin/companies/"+co.Slug+"/members"), "admin.flash_removed")
	return nil
}

// alreadyRemoved is the message of a removal whose membership is gone
// already (the second click of a double click, another tab): the page
// tells the outcome instead of a 404 page. (The organisation or company
// itself was found before, so ENOTFOUND names the membership.)
const alreadyRemoved = "admin.flash_already_removed"

// removedBack is where a removal goes back to: the user page it was made
// on (the form's back, only an /admin/users/ path), else the member page.
func removedBack(r *http.Request, members string) string {
	if back := localPath(r.PostFormValue("back")); strings.HasPrefix(back, "/admin/users/") {
		return back
	}
	return members
}

// badRole is a role a members form cannot have sent (a stale or altered
// form): the page names the field and the roles it may hold. removal: it
// came from a member row's remove form, not the invite form.
type badRole struct {
	allowed []furusato.Role
	removal bool
}

func (e *badRole) Error() string { return "web: a role that is not one of the choices" }

// choices words the allowed roles.
func (e *badRole) choices(l *ui.Locale) []string {
	out := make([]string, len(e.allowed))
	for i, r := range e.allowed {
		out[i] = roleLabel(l, r)
	}
	return out
}
