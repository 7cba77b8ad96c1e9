package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/ui"
)

// The admins' user pages: a searchable list of accounts, one account with
// its memberships (each with the existing remove form) and the admin flag.

type userRow struct {
	ID, Name, Email, Created string
	Admin, Verified          string
	Memberships              int
}

type userListPage struct {
	ui.Base
	Query string
	Rows  []userRow
	Range string
	Pager pager
}

// yesNo words a flag.
func yesNo(l *ui.Locale, b bool) string {
	if b {
		return l.T("admin.yes")
	}
	return l.T("admin.no")
}

// adminUsers is GET /admin/users: accounts, newest first, found by a part
// of their address or name (?q=).
func (h *Handler) adminUsers(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	page, err := adminPage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	rows, total, err := h.svc.Users.Users(r.Context(), httpx.ActorFrom(r.Context()),
		furusato.UserFilter{Query: q, Limit: adminPerPage, Offset: (page - 1) * adminPerPage})
	if err != nil {
		return err
	}
	p := userListPage{Base: h.adminBase(r, l, l.T("admin.users_title")), Query: strings.TrimSpace(q),
		Pager: adminPager(l, "/admin/users", r, page, total)}
	for _, row := range rows {
		u := row.User
		p.Rows = append(p.Rows, userRow{ID: strconv.FormatInt(u.ID, 10), Name: u.DisplayName, Email: u.Email, Created: l.Date(u.CreatedAt),
			Admin: yesNo(l, u.Admin), Verified: yesNo(l, u.Verified()), Memberships: row.Memberships})
	}
	if len(rows) > 0 {
		from := (page-1)*adminPerPage + 1
		p.Range = l.T("admin.range", "Total", num(total), "From", num(from), "To", num(from+len(rows)-1), "Count", total)
	}
	return h.render(w, http.StatusOK, "admin_users", p)
}

// userMembershipRow is one membership on a user's page.
type userMembershipRow struct {
	Target, TargetURL, Role, Since string
	Remove                         *form
}

type userPage struct {
	ui.Base
	Problems    []problem
	Facts       []fact
	Memberships []userMembershipRow
	AdminForm   *form
	Self        bool
}

// userPath is the admin page of user id.
func userPath(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// userID reads the {id} of the path; ENOTFOUND when it is no id.
func userID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "User not found.")
	}
	return id, nil
}

// removeForm is the form that takes membership d away, through the member
// page's own removal (back brings the admin back to path).
func removeForm(l *ui.Locale, d furusato.MembershipDetail, back string) *form {
	var action string
	if d.Company != nil {
		action = "/admin/companies/" + d.Company.Slug + "/members/remove"
	} else {
		action = "/admin/organizations/" + d.Organization.Slug + "/members/remove"
	}
	return &form{Action: action, Submit: l.T("admin.remove"), Secondary: true,
		Hidden: []hidden{{"user_id", strconv.FormatInt(d.UserID, 10)}, {"role", string(d.Role)}, {"back", back}}}
}

func (h *Handler) userPage(w http.ResponseWriter, r *http.Request, l *ui.Locale, setErr error) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	u, ms, err := h.svc.Users.User(r.Context(), a, id)
	if err != nil {
		return err
	}
	path := userPath(u.ID)
	p := userPage{Base: h.adminBase(r, l, l.T("admin.user_title", "Name", u.DisplayName)), Self: a.User.ID == u.ID,
		Facts: []fact{
			{l.T("admin.member_name"), u.DisplayName},
			{l.T("admin.member_email"), u.Email},
			{l.T("admin.user_verified"), yesNo(l, u.Verified())},
			{l.T("admin.user_created"), l.Date(u.CreatedAt)},
			{l.T("admin.user_admin"), yesNo(l, u.Admin)},
		}}
	for _, d := range ms {
		row := userMembershipRow{Role: roleLabel(l, d.Role), Since: l.Date(d.CreatedAt), Remove: removeForm(l, d, path)}
		if d.Company != nil {
			row.Target, row.TargetURL = d.Company.Name, "/admin/companies/"+d.Company.Slug+"/members"
		} else {
			row.Target, row.TargetURL = d.Organization.Name, "/admin/organizations/"+d.Organization.Slug+"/members"
		}
		p.Memberships = append(p.Memberships, row)
	}
	switch {
	case !u.Admin:
		p.AdminForm = &form{Action: path + "/admin", Submit: l.T("admin.user_grant"), Secondary: true, Hidden: []hidden{{"admin", "true"}}, ButtonID: "admin-flag-submit", L: l}
	case !p.Self:
		p.AdminForm = &form{Action: path + "/admin", Submit: l.T("admin.user_revoke"), Secondary: true, Hidden: []hidden{{"admin", "false"}}, ButtonID: "admin-flag-submit", L: l}
	}
	status := http.StatusOK
	switch {
	case setErr == errAdminChoice:
		pr := choiceProblem(l, l.T("admin.user_admin"), l.T("admin.user_grant"), l.T("admin.user_revoke"))
		if p.AdminForm != nil { // the flag is a hidden value: link to the button that sends it again
			pr.Anchor, p.AdminForm.Error = p.AdminForm.ButtonID, pr.Text
		}
		p.Problems = []problem{pr}
		p.ErrorTitle, status = true, http.StatusBadRequest
	case setErr != nil:
		p.Problems = []problem{{Text: l.T(furusato.ErrorFields(setErr)["admin"])}}
		p.ErrorTitle, status = true, errorStatus(setErr)
	}
	return h.render(w, status, "admin_user", p)
}

// errAdminChoice is an admin flag that is neither "true" nor "false".
var errAdminChoice = furusato.Errorf(furusato.EINVALID, "admin must be true or false.")

// adminUser is GET /admin/users/{id}.
func (h *Handler) adminUser(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.userPage(w, r, l, nil)
}

// adminUserAdmin is POST /admin/users/{id}/admin: grant (admin=true) or
// withdraw (admin=false) the admin flag.
func (h *Handler) adminUserAdmin(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := userID(r)
	if err != nil {
		return err
	}
	var admin bool
	switch r.PostFormValue("admin") {
	case "true":
		admin = true
	case "false":
	default: // the page names the field and its two choices
		return h.userPage(w, r, l, errAdminChoice)
	}
	err = h.svc.Users.SetAdmin(r.Context(), httpx.ActorFrom(r.Context()), id, admin, h.clientIP(r))
	if inputError(err) && furusato.ErrorFields(err)["admin"] != "" { // never one's own flag away
		return h.userPage(w, r, l, err)
	} else if err != nil {
		return err
	}
	flash := "admin.flash_admin_revoked"
	if admin {
		flash = "admin.flash_admin_granted"
	}
	h.redirect(w, r, userPath(id), flash)
	return nil
}
