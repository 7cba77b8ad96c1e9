package web

import (
	"net/http"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// The company form: registering a company (admins, and coordinators for
// their own region) and editing its profile (admins, its coordinators and
// its own staff). The decisions are the policy's, asked by service.Orgs.

type prefOption struct {
	Value, Label string
	Selected     bool
}

type prefGroup struct {
	Label   string
	Options []prefOption
}

type companyFormPage struct {
	ui.Base
	Problems     []problem
	Action       string
	Submit       string
	New          bool
	Back         link
	Links        []link
	Slug, Name   field
	City         field
	Industry     field
	Founded      field
	Size         field
	Website      field
	Description  string
	PrefError    string
	PrefHint     string
	Prefectures  []prefGroup
	PrefSelected bool
}

// companyForm is the form for co (typed values on a form shown again).
func (h *Handler) companyForm(r *http.Request, l *ui.Locale, co *furusato.Company, founded string, isNew bool) companyFormPage {
	title, action, submit := l.T("admin.company_edit_title", "Name", co.Name), "/admin/companies/"+co.Slug+"/edit", l.T("admin.org_save")
	if isNew {
		title, action, submit = l.T("admin.company_new_title"), "/admin/companies", l.T("admin.org_create")
	}
	p := companyFormPage{Base: h.adminBase(r, l, title), Action: action, Submit: submit, New: isNew, Description: co.Description,
		Back:     link{"/admin", l.T("admin.back")},
		PrefHint: l.T("admin.company_pref_hint"),
		Slug: field{L: l, ID: "slug", Name: "slug", Type: "text", Label: l.T("admin.org_slug"), Hint: l.T("admin.company_slug_hint"),
			Value: co.Slug, Autocomplete: "off", Optional: true},
		Name:     field{L: l, ID: "name", Name: "name", Type: "text", Label: l.T("admin.company_name"), Value: co.Name, Autocomplete: "organization"},
		City:     field{L: l, ID: "city", Name: "city", Type: "text", Label: l.T("admin.company_city"), Value: co.City, Optional: true, Hint: l.T("admin.company_city_hint")},
		Industry: field{L: l, ID: "industry", Name: "industry", Type: "text", Label: l.T("admin.company_industry"), Value: co.Industry, Optional: true},
		Founded: field{L: l, ID: "founded_year", Name: "founded_year", Type: "text", Label: l.T("admin.company_founded"), Value: founded,
			Optional: true, Inputmode: "numeric", Hint: l.T("admin.company_founded_hint")},
		Size: field{L: l, ID: "size", Name: "size", Type: "text", Label: l.T("admin.company_size"), Value: co.Size, Optional: true,
			Hint: l.T("admin.company_size_hint")},
		Website: field{L: l, ID: "website", Name: "website", Type: "text", Label: l.T("admin.org_website"), Value: co.Website, Optional: true,
			Inputmode: "url", Autocomplete: "url"},
	}
	if !isNew {
		p.PrefHint = l.T("admin.company_pref_edit_hint")
		p.Links = []link{{"/admin/companies/" + co.Slug + "/members", l.T("admin.members_link", "Name", co.Name)}}
	}
	for _, a := range furusato.Areas {
		g := prefGroup{Label: l.Pick(a.NameJa, a.NameEn)}
		for _, pr := range furusato.PrefecturesIn(a.Slug) {
			sel := pr.Code == co.Prefecture
			p.PrefSelected = p.PrefSelected || sel
			g.Options = append(g.Options, prefOption{strconv.Itoa(pr.Code), l.Pick(pr.NameJa, pr.NameEn), sel})
		}
		p.Prefectures = append(p.Prefectures, g)
	}
	return p
}

// readCompany reads the company form; founded is the year as typed. The
// year is read by the service's reader (full-width digits, 年 after it);
// anything else that is not a number becomes -1, which Validate refuses.
func readCompany(r *http.Request) (co *furusato.Company, founded string) {
	co = &furusato.Company{Slug: r.PostFormValue("slug"), Name: r.PostFormValue("name"), City: r.PostFormValue("city"),
		Industry: r.PostFormValue("industry"), Size: r.PostFormValue("size"), Description: r.PostFormValue("description"),
		Website: r.PostFormValue("website")}
	co.Prefecture, _ = strconv.Atoi(r.PostFormValue("prefecture"))
	founded = r.PostFormValue("founded_year")
	n, ok := service.ReadNumber(founded, "年")
	if !ok {
		n = -1
	}
	co.FoundedYear = n
	return co, founded
}

// adminCompanyMessages words the service's field errors on the company form.
var adminCompanyMessages = map[string]string{
	"slug error.slug":            "admin.company_slug_error",
	"slug error.taken":           "admin.slug_taken",
	"name error.required":        "admin.company_name_required",
	"founded_year error.invalid": "admin.company_founded_error",
	"prefecture error.invalid":   "admin.company_pref_error",
}

// companyFormErrors puts err beside the fields of the company form.
func companyFormErrors(l *ui.Locale, p *companyFormPage, err error) {
	fs, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	f := &form{Fields: []field{p.Slug, p.Name, p.City, p.Industry, p.Founded, p.Size, p.Website}}
	for i := range f.Fields {
		fd := &f.Fields[i]
		if key, ok := fs[fd.Name]; ok {
			id, ok := adminCompanyMessages[fd.Name+" "+key]
			if !ok {
				id = key
			}
			fd.Error = ruleMessage(l, fd.Label, kindInput, id, params[fd.Name])
			p.Problems = append(p.Problems, problem{Text: fd.Error, Anchor: fd.ID})
		}
	}
	if key, ok := fs["prefecture"]; ok {
		id, ok := adminCompanyMessages["prefecture "+key]
		if !ok {
			id = key
		}
		p.PrefError = l.T(id)
		// the summary keeps the order of the form: the prefecture comes after the name
		ps := []problem{}
		inserted := false
		for _, pr := range p.Problems {
			if !inserted && pr.Anchor != "slug" && pr.Anchor != "name" {
				ps = append(ps, problem{Text: p.PrefError, Anchor: "prefecture"})
				inserted = true
			}
			ps = append(ps, pr)
		}
		if !inserted {
			ps = append(ps, problem{Text: p.PrefError, Anchor: "prefecture"})
		}
		p.Problems = ps
	}
	if len(p.Problems) == 0 {
		rest := map[string]string{}
		for k, v := range fs {
			rest[k] = v
		}
		p.Problems = wholeFormProblems(l, rest)
	}
	if len(p.Problems) == 0 {
		p.Problems = []problem{{Text: l.T("error.generic")}}
	}
	p.Slug, p.Name, p.City, p.Industry, p.Founded, p.Size, p.Website = f.Fields[0], f.Fields[1], f.Fields[2], f.Fields[3], f.Fields[4], f.Fields[5], f.Fields[6]
	p.ErrorTitle = true
}

// mayCreateCompanies reports whether the actor may register some company:
// admins, and coordinators (each for their own organisation's region).
// It returns the first prefecture of a coordinator's region, to preselect.
func (h *Handler) mayCreateCompanies(r *http.Request) (int, error) {
	a := httpx.ActorFrom(r.Context())
	if policy.Global(a, policy.OrgManage) == nil {
		return 0, nil
	}
	orgs, err := h.svc.Users.Coordinating(r.Context(), a)
	if err != nil {
		return 0, err
	}
	for _, o := range orgs {
		if policy.Company(a, policy.CompanyCreate, policy.CompanyRef{OrganizationID: o.ID}) == nil {
			if len(o.Prefectures) > 0 {
				return o.Prefectures[0], nil
			}
			return 0, nil
		}
	}
	return 0, furusato.Errorf(furusato.EFORBIDDEN, "Admins and coordinators only.")
}

// adminCompanyNew is GET /admin/companies/new.
func (h *Handler) adminCompanyNew(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	pref, err := h.mayCreateCompanies(r)
	if err != nil {
		return err
	}
	return h.render(w, http.StatusOK, "admin_company_form", h.companyForm(r, l, &furusato.Company{Prefecture: pref}, "", true))
}

// adminCompanyCreate is POST /admin/companies.
func (h *Handler) adminCompanyCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	co, founded := readCompany(r)
	typed, _ := readCompany(r)
	a := httpx.ActorFrom(r.Context())
	if err != nil {
		// The form comes back only to those who may use it.
		if _, perr := h.mayCreateCompanies(r); perr != nil {
			return perr
		}
	} else {
		err = h.svc.Orgs.CreateCompany(r.Context(), a, co, h.clientIP(r))
	}
	if furusato.ErrorCode(err) == furusato.EFORBIDDEN && co.Prefecture != 0 {
		// a coordinator chose a prefecture outside their region: say so beside the field
		if _, merr := h.mayCreateCompanies(r); merr == nil {
			err = &furusato.Error{Code: furusato.EFORBIDDEN, Message: furusato.ErrorMessage(err), Fields: map[string]string{"prefecture": "admin.company_pref_forbidden"}}
		}
	}
	if formError(err) {
		p := h.companyForm(r, l, typed, founded, true)
		companyFormErrors(l, &p, err)
		return h.render(w, errorStatus(err), "admin_company_form", p)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/companies", "admin.flash_company_created")
	return nil
}

// adminCompanyEdit is GET /admin/companies/{slug}/edit.
func (h *Handler) adminCompanyEdit(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	co, err := h.svc.Orgs.Company(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := policy.Company(httpx.ActorFrom(r.Context()), policy.CompanyEdit, policy.CompanyRef{ID: co.ID, OrganizationID: co.OrganizationID}); err != nil {
		return err
	}
	founded := ""
	if co.FoundedYear != 0 {
		founded = strconv.Itoa(co.FoundedYear)
	}
	return h.render(w, http.StatusOK, "admin_company_form", h.companyEditForm(r, l, co, founded))
}

// companyEditForm is companyForm for an existing company, with the link to
// its members page only for those who may see it.
func (h *Handler) companyEditForm(r *http.Request, l *ui.Locale, co *furusato.Company, founded string) companyFormPage {
	p := h.companyForm(r, l, co, founded, false)
	if policy.Company(httpx.ActorFrom(r.Context()), policy.CompanyInviteStaff, policy.CompanyRef{ID: co.ID, OrganizationID: co.OrganizationID}) != nil {
		p.Links, p.Back = nil, link{"/manage", l.T("admin.back_manage")}
	}
	return p
}

// adminCompanyUpdate is POST /admin/companies/{slug}/edit.
func (h *Handler) adminCompanyUpdate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	err := parseForm(w, r)
	slug := r.PathValue("slug")
	co, founded := readCompany(r)
	typed, _ := readCompany(r)
	if err != nil {
		// The form comes back only to those who may use it.
		cur, ferr := h.svc.Orgs.Company(r.Context(), slug)
		if ferr != nil {
			return ferr
		}
		if perr := policy.Company(httpx.ActorFrom(r.Context()), policy.CompanyEdit, policy.CompanyRef{ID: cur.ID, OrganizationID: cur.OrganizationID}); perr != nil {
			return perr
		}
		co.ID, co.OrganizationID = cur.ID, cur.OrganizationID
	} else {
		err = h.svc.Orgs.UpdateCompany(r.Context(), httpx.ActorFrom(r.Context()), slug, co, h.clientIP(r))
	}
	if formError(err) {
		typed.Slug, typed.ID, typed.OrganizationID = slug, co.ID, co.OrganizationID
		p := h.companyEditForm(r, l, typed, founded)
		companyFormErrors(l, &p, err)
		return h.render(w, errorStatus(err), "admin_company_form", p)
	} else if err != nil {
		return err
	}
	h.redirect(w, r, "/admin/companies/"+slug+"/edit", "admin.flash_company_saved")
	return nil
}
