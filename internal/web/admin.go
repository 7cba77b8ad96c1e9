package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/ui"
)

// The admin pages: organisations and their members, company staff,
// invitations, the audit log and the mail outbox. Every decision is the
// policy's, asked by the service (or, for a page that only links, here);
// a refusal is answered by fail: the 403 page, a visitor sent to sign in.

// admin serves an admin page to signed-in people; its refusals are
// answered by fail like every page's (a visitor is sent to sign in,
// EFORBIDDEN is the 403 page).
func (h *Handler) admin(fn pageFunc) http.Handler { return h.signedIn(fn) }

// adminBase is the Base of an admin page.
func (h *Handler) adminBase(r *http.Request, l *ui.Locale, title string) ui.Base {
	b := h.base(r, l, title)
	b.NoIndex, b.HeaderSearch, b.Nav = true, false, "admin"
	return b
}

// when writes an instant as 2026年11月24日(火) 14:00 in JST.
func when(l *ui.Locale, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.Date(t) + " " + ui.Clock(t)
}

// roleLabel words a role.
func roleLabel(l *ui.Locale, r furusato.Role) string {
	switch r {
	case furusato.RoleCoordinator:
		return l.T("admin.role_coordinator")
	case furusato.RoleCompanyStaff:
		return l.T("admin.role_company_staff")
	case furusato.RoleSupporter:
		return l.T("admin.role_supporter")
	}
	return string(r)
}

// kindLabel words an organisation kind.
func kindLabel(l *ui.Locale, k furusato.OrgKind) string {
	switch k {
	case furusato.OrgCoordinator:
		return l.T("admin.kind_coordinator")
	case furusato.OrgPartner:
		return l.T("admin.kind_partner")
	case furusato.OrgSecretariat:
		return l.T("admin.kind_secretariat")
	}
	return string(k)
}

// --- the admin home

// adminHome is GET /admin: links to the admin pages (with the background
// jobs when policy.JobsView allows) for admins; for a
// coordinator, links to their organisation's members page and the new
// company form; for anyone else the 403 page.
func (h *Handler) adminHome(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	a := httpx.ActorFrom(r.Context())
	if policy.Global(a, policy.OrgManage) == nil {
		p := formPage{Base: h.adminBase(r, l, l.T("admin.title")), Intro: []string{l.T("admin.intro")},
			Links: []link{
				{"/admin/organizations", l.T("admin.orgs_title")},
				{"/admin/companies", l.T("admin.companies_title")},
				{"/admin/companies/new", l.T("admin.company_new_title")},
				{"/admin/users", l.T("admin.users_title")},
				{"/admin/audit", l.T("admin.audit_title")},
				{"/admin/outbox", l.T("admin.outbox_title")},
				{"/admin/pages", l.T("trust.admin_title")},
			}}
		if policy.Global(a, policy.JobsView) == nil {
			p.Links = append(p.Links, link{"/admin/jobs", l.T("jobs.title")})
		}
		return h.render(w, http.StatusOK, "account_form", p)
	}
	// Not an admin (the page is for signed-in people only): a coordinator's links.
	orgs, err := h.svc.Users.Coordinating(r.Context(), a)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return furusato.Errorf(furusato.EFORBIDDEN, "Admins and coordinators only.")
	}
	p := formPage{Base: h.adminBase(r, l, l.T("admin.title")), Intro: []string{l.T("admin.coordinator_intro")}}
	for _, o := range orgs {
		if policy.Organization(a, policy.MemberRemove, o) == nil {
			p.Links = append(p.Links, link{"/admin/organizations/" + o.Slug + "/members", l.T("admin.members_link", "Name", o.Name)})
		}
	}
	p.Links = append(p.Links, link{"/admin/companies", l.T("admin.companies_title")}, link{"/admin/companies/new", l.T("admin.company_new_title")})
	return h.render(w, http.StatusOK, "account_form", p)
}

// --- organisations

type orgRow struct {
	Name, Slug, Kind, Regions string
	Projects                  int
}

type orgListPage struct {
	ui.Base
	Orgs []orgRow
}

// adminOrgs is GET /admin/organizations.
func (h *Handler) adminOrgs(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	orgs, err := h.svc.Orgs.Organizations(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	p := orgListPage{Base: h.adminBase(r, l, l.T("admin.orgs_title"))}
	for _, o := range orgs {
		var regions []string
		for _, c := range o.Prefectures {
			if pr, ok := furusato.PrefectureByCode(c); ok {
				regions = append(regions, l.Pick(pr.NameJa, pr.NameEn))
			}
		}
		p.Orgs = append(p.Orgs, orgRow{Name: o.Name, Slug: o.Slug, Kind: kindLabel(l, o.Kind), Regions: strings.Join(regions, l.T("admin.list_sep")), Projects: o.ProjectCount})
	}
	return h.render(w, http.StatusOK, "admin_orgs", p)
}

// choice is a radio button or checkbox.
type choice struct {
	Value, Label string
	Checked      bool
}

type choiceGroup struct {
	Label   string
	Choices []choice
}

type orgFormPage struct {
	ui.Base
	Problems    []problem
	Action      string
	Submit      string
	New         bool
	Slug, Name  field
	Website     field
	Description string
	DescError   string
	KindError   string
	PrefError   string
	Kinds       []choice
	Areas       []choiceGroup
}

func (h *Handler) orgForm(r *http.Request, l *ui.Locale, o *furusato.Organization, isNew bool) orgFormPage {
	title, action, submit := l.T("admin.org_edit_title", "Name", o.Name), "/admin/organizations/"+o.Slug, l.T("admin.org_save")
	if isNew {
		title, action, submit = l.T("admin.org_new_title"), "/admin/organizations", l.T("admin.org_create")
	}
	p := orgFormPage{Base: h.adminBase(r, l, title), Action: action, Submit: submit, New: isNew, Description: o.Description,
		Slug: field{L: l, ID: "slug", Name: "slug", Type: "text", Label: l.T("admin.org_slug"), Hint: l.T("admin.org_slug_hint"), Value: o.Slug, Autocomplete: "off"},
		Name: field{L: l, ID: "name", Name: "name", Type: "text", Label: l.T("admin.org_name"), Value: o.Name, Autocomplete: "organization"},
		Website: field{L: l, ID: "website", Name: "website", Type: "text", Label: l.T("admin.org_website"), Value: o.Website, Optional: true,
			Inputmode: "url", Autocomplete: "url"},
	}
	for _, k := range []furusato.OrgKind{furusato.OrgCoordinator, furusato.OrgPartner, furusato.OrgSecretariat} {
		p.Kinds = append(p.Kinds, choice{string(k), kindLabel(l, k), o.Kind == k})
	}
	have := map[int]bool{}
	for _, c := range o.Prefectures {
		have[c] = true
	}
	for _, a := range furusato.Areas {
		g := choiceGroup{Label: l.Pick(a.NameJa, a.NameEn)}
		for _, pr := range furusato.PrefecturesIn(a.Slug) {
			g.Choices = append(g.Choices, choice{strconv.Itoa(pr.Code), l.Pick(pr.NameJa, pr.NameEn), have[pr.Code]})
		}
		p.Areas = append(p.Areas, g)
	}
	return p
}

// readOrg reads the organisation form.
func readOrg(r *http.Request) *furusato.Organization {
	o := &furusato.Organization{Slug: r.PostFormValue("slug"), Name: r.PostFormValue("name"), Kind: furusato.OrgKind(r.PostFormValue("kind")),
		Description: r.PostFormValue("description"), Website: r.PostFormValue("website")}
	for _, v := range r.PostForm["prefecture"] {
		c, err := strconv.Atoi(v)
		if err != nil {
			c = -1 // Validate names the field
		}
		o.Prefectures = append(o.Prefectures, c)
	}
	return o
}

// orgFormErrors puts err beside the fields of the organisation form.
func orgFormErrors(l *ui.Locale, p *orgFormPage, err error) {
	err = adminFieldKeys(err)
	f := &form{Fields: []field{p.Slug, p.Name, p.Website}}
	p.Problems = applyErrors(l, err, nil, f)
	p.Slug, p.Name, p.Website = f.Fields[0], f.Fields[1], f.Fields[2]
	fields := furusato.ErrorFields(err)
	extra := []struct {
		name, anchor string
		msg          *string
		key          string
	}{{"kind", "kind-" + string(furusato.OrgCoordinator), &p.KindError, "admin.kind_error"}, {"prefectures", "pref-1", &p.PrefError, "admin.pref_error"}}
	for _, e := range extra {
		if _, ok := fields[e.name]; ok {
			*e.msg = l.T(e.key)
			p.Problems = append(p.Problems, problem{Text: *e.msg, Anchor: e.anchor})
		}
	}
	// applyErrors adds a generic line when some fields were not on its
	// form; drop it when the extra fields above account for them.
	if len(p.Problems) > 1 {
		out := p.Problems[:0]
		for _, pr := range p.Problems {
			if pr.Anchor != "" {
				out = append(out, pr)
			}
		}
		if len(out) > 0 {
			p.Problems = out
		}
	}
	p.ErrorTitle = true
}

// adminFieldMessages words the service's field errors on the admin forms
// (field name + " " + key → message id).
var adminFieldMessages = map[string]string{
	"slug error.slug":     "admin.slug_error",
	"slug error.taken":    "admin.slug_taken",
	"name error.required": "admin.name_required",
}

// adminFieldKeys returns err with its field keys worded for the admin forms.
func adminFieldKeys(err error) error {
	fs := furusato.ErrorFields(err)
	if fs == nil {
		return err
	}
	out := make(map[string]string, len(fs))
	for k, v := range fs {
		if id, ok := adminFieldMessages[k+" "+v]; ok {
			v = id
		}
		out[k] = v
	}
	return &furusato.Error{Code: furusato.ErrorCode(err), Message: furusato.ErrorMessage(err), Fields: out, Params: furusato.ErrorParams(err)}
}

// adminOrgNew is GET /admin/organizations/new.
func (h *Handler) adminOrgNew(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	if err := policy.Global(httpx.ActorFrom(r.Context()), policy.OrgManage); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "admin_org_form", h.orgForm(r, l, &furusato.Organization{Kind: furusato.OrgCoordinator}, true))
}

// adminOrgCreate is POST /admin/organizations.
func (h *Handler) adminOrgCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	o, typed := readOrg(r), readOrg(r) // the service normalises o; the form gives back what was typed
	if err != nil {
		// The form comes back only to those who may use it.
		if perr := policy.Global(httpx.ActorFrom(r.Context()), policy.OrgManage); perr != nil {
			return perr
		}
	} else {
		err = h.svc.Orgs.CreateOrganization(r.Context(), httpx.ActorFrom(r.Context()), o, h.clientIP(r))
	}
	if formError(err) {
		p := h.orgForm(r, l, typed, true)
		orgFormErrors(l, &p, err)
		return h.render(w, errorStatus(err), "admin_org_form", p)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/organizations", "admin.flash_org_created")
	return nil
}

// adminOrgEdit is GET /admin/organizations/{slug}/edit.
func (h *Handler) adminOrgEdit(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	o, err := h.svc.Orgs.Organization(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := policy.Organization(httpx.ActorFrom(r.Context()), policy.OrgManage, o); err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "admin_org_form", h.orgForm(r, l, o, false))
}

// adminOrgUpdate is POST /admin/organizations/{slug}.
func (h *Handler) adminOrgUpdate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	o, typed := readOrg(r), readOrg(r)
	slug := r.PathValue("slug")
	if err != nil {
		// The form comes back only to those who may use it.
		cur, ferr := h.svc.Orgs.Organization(r.Context(), slug)
		if ferr != nil {
			return ferr
		}
		if perr := policy.Organization(httpx.ActorFrom(r.Context()), policy.OrgManage, cur); perr != nil {
			return perr
		}
	} else {
		err = h.svc.Orgs.UpdateOrganization(r.Context(), httpx.ActorFrom(r.Context()), slug, o, h.clientIP(r))
	}
	if formError(err) {
		typed.Slug = slug
		p := h.orgForm(r, l, typed, false)
		orgFormErrors(l, &p, err)
		return h.render(w, errorStatus(err), "admin_org_form", p)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/organizations", "admin.flash_org_saved")
	return nil
}

// --- companies

type companyRow struct {
	Name, Slug, Prefecture, City string
	Organization                 string // the coordinating organisation's name, "" when none
}

type companyListPage struct {
	ui.Base
	Companies []companyRow
}

// adminCompanies is GET /admin/companies.
func (h *Handler) adminCompanies(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	cos, err := h.svc.Orgs.Companies(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		return err
	}
	a := httpx.ActorFrom(r.Context())
	var orgs []*furusato.Organization
	if policy.Global(a, policy.OrgManage) == nil { // those who manage every organisation see them all
		orgs, err = h.svc.Orgs.Organizations(r.Context(), a)
	} else {
		orgs, err = h.svc.Users.Coordinating(r.Context(), a)
	}
	if err != nil {
		return err
	}
	orgName := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	p := companyListPage{Base: h.adminBase(r, l, l.T("admin.companies_title"))}
	for _, c := range cos {
		row := companyRow{Name: c.Name, Slug: c.Slug, City: c.City, Organization: orgName[c.OrganizationID]}
		if pr, ok := furusato.PrefectureByCode(c.Prefecture); ok {
			row.Prefecture = l.Pick(pr.NameJa, pr.NameEn)
		}
		p.Companies = append(p.Companies, row)
	}
	return h.render(w, http.StatusOK, "admin_companies", p)
}
