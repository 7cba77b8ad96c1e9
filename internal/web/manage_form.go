package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/ui"
)

// mopt is one choice of a select, radio group or checkbox group.
type mopt struct {
	Value, Text string
	Selected    bool
}

// mfield is one field of the project form: Kind is text, number, textarea,
// select, radios, checks or date (Year, Month, Day parts).
type mfield struct {
	field
	Kind             string
	Options          []mopt
	Year, Month, Day string
}

// fieldset groups fields under a legend.
type fieldset struct {
	Legend string
	Fields []*mfield
}

type supporterRow struct {
	N, Num                   int
	Name, Organization, Role string
	Email, EmailError        string // the account to link (optional) and its error
	Groups                   []mopt
	// InError ties the row's fields to the group's error (a row half
	// filled in, or with characters that cannot be used); the Invalid
	// fields are those to fix.
	InError                              bool
	NameInvalid, OrgInvalid, RoleInvalid bool
}

type projectFormPage struct {
	ui.Base
	Problems   []problem
	Action     string
	Submit     string
	Back       string
	Version    string // the project's version the form was read at (edit page)
	Sets       []fieldset
	Supporters []supporterRow
	SupError   string
	CanAssign  bool
	Cover      *coverForm    // the separate upload form (images.go); edit page only
	Conflict   *conflictView // after someone else saved meanwhile (hosts_conflict.go)
}

// manageMessages words the service's keys for the project form.
func manageMessage(l *ui.Locale, name, key string) string {
	// The domain's generic keys get the form's own wording.
	if k, ok := strings.CutPrefix(key, "error."); ok && domainKeys[k] {
		key = "manage.error." + k
	}
	return l.T(key)
}

func (h *Handler) projectForm(r *http.Request, l *ui.Locale, title string, in projectValues, canAssign bool) (projectFormPage, error) {
	p := projectFormPage{Base: h.base(r, l, title), CanAssign: canAssign}
	p.NoIndex, p.HeaderSearch, p.Nav = true, false, "manage"
	text := func(name string, v string, optional bool, kind string) *mfield {
		f := &mfield{field: field{L: l, ID: name, Name: name, Type: "text", Label: l.T("manage.field." + name), Value: v, Optional: optional}, Kind: kind}
		if hinted[name] {
			f.Hint = l.T("manage.hint." + name)
		}
		if kind == "number" {
			f.Inputmode = "numeric"
		}
		return f
	}
	choice := func(name, kind, v string, values []string, prefix string, optional bool) *mfield {
		f := text(name, "", optional, kind)
		for _, s := range values {
			f.Options = append(f.Options, mopt{Value: s, Text: l.T(prefix + s), Selected: s == v})
		}
		return f
	}
	date := func(name, y, m, d string, optional bool) *mfield {
		f := text(name, "", optional, "date")
		f.Year, f.Month, f.Day = y, m, d
		return f
	}
	themes := text("themes", "", false, "checks")
	for _, t := range furusato.Themes {
		sel := false
		for _, s := range in.Themes {
			sel = sel || s == t.Slug
		}
		themes.Options = append(themes.Options, mopt{Value: t.Slug, Text: l.Pick(t.NameJa, t.NameEn), Selected: sel})
	}
	pref := text("prefecture", "", false, "select")
	pref.Options = append(pref.Options, mopt{Value: "", Text: l.T("manage.choose")})
	for _, pr := range furusato.Prefectures {
		v := strconv.Itoa(pr.Code)
		pref.Options = append(pref.Options, mopt{Value: v, Text: l.Pick(pr.NameJa, pr.NameEn), Selected: v == in.Prefecture})
	}
	p.Sets = []fieldset{
		{Legend: l.T("manage.set.content"), Fields: []*mfield{
			text("title", in.Title, false, "text"), text("catch_copy", in.CatchCopy, false, "text"),
			text("background", in.Background, false, "textarea"), text("what_you_do", in.WhatYouDo, false, "textarea"),
			text("goal", in.Goal, false, "textarea"), themes, text("skills", in.Skills, true, "textarea"),
			text("good_for", in.GoodFor, true, "textarea"), text("gains", in.Gains, true, "textarea"),
		}},
		{Legend: l.T("manage.set.work"), Fields: []*mfield{
			choice("work_style", "radios", in.WorkStyle, []string{"remote", "hybrid", "onsite"}, "manage.work_style.", false),
			text("visits_per_month", in.VisitsPerMonth, true, "number"), text("work_place", in.WorkPlace, true, "text"),
			text("hours_per_week", in.HoursPerWeek, false, "number"), text("duration_months", in.DurationMonths, false, "number"),
			date("start_date", in.StartYear, in.StartMonth, in.StartDay, true),
		}},
		{Legend: l.T("manage.set.terms"), Fields: []*mfield{
			choice("reward_type", "radios", in.RewardType, strs(furusato.RewardTypes), "manage.reward.", false),
			text("reward_amount", in.RewardAmount, true, "number"),
			choice("travel_cost", "radios", in.TravelCost, []string{"none", "part", "full"}, "manage.travel.", false),
			text("places", in.Places, false, "number"),
			date("deadline", in.DeadlineYear, in.DeadlineMonth, in.DeadlineDay, false),
		}},
		{Legend: l.T("manage.set.place"), Fields: []*mfield{pref, text("city", in.City, true, "text"), text("slug", in.Slug, true, "text")}},
	}
	addFactFields(l, &p, in.Facts)
	if canAssign {
		groups, err := h.svc.Projects.PartnerGroups(r.Context())
		if err != nil {
			return p, err
		}
		rows := append([]supporterValues{}, in.Supporters...)
		rows = append(rows, supporterValues{}, supporterValues{}) // room for more
		for i, s := range rows {
			row := supporterRow{N: i, Num: i + 1, Name: s.Name, Organization: s.Organization, Role: s.Role, Email: s.Email}
			row.Groups = append(row.Groups, mopt{Value: "", Text: l.T("manage.choose")})
			for _, g := range groups {
				v := strconv.FormatInt(g.ID, 10)
				row.Groups = append(row.Groups, mopt{Value: v, Text: g.Name, Selected: v == s.Organization})
			}
			p.Supporters = append(p.Supporters, row)
		}
	}
	return p, nil
}

// applyProjectErrors puts err's field messages beside the fields and
// returns the summary in form order.
func applyProjectErrors(l *ui.Locale, p *projectFormPage, err error) {
	errs, params := furusato.ErrorFields(err), furusato.ErrorParams(err)
	p.ErrorTitle = true
	for _, s := range p.Sets {
		for _, f := range s.Fields {
			if key, ok := errs[f.Name]; ok {
				f.Error = fieldMessage(l, f, key, params[f.Name])
				anchor := f.ID
				if f.Kind == "date" {
					anchor = f.ID + "-year"
				} else if f.Kind == "checks" || f.Kind == "radios" {
					anchor = f.ID + "-0"
				}
				p.Problems = append(p.Problems, problem{Text: f.Error, Anchor: anchor})
				delete(errs, f.Name)
			}
		}
	}
	if key, ok := errs["supporters"]; ok && p.CanAssign {
		p.SupError = manageMessage(l, "supporters", key)
		p.Problems = append(p.Problems, problem{Text: p.SupError, Anchor: markSupporterRows(p.Supporters)})
		delete(errs, "supporters")
	}
	for i := range p.Supporters {
		row := &p.Supporters[i]
		name := "sup-email-" + strconv.Itoa(row.N)
		if key, ok := errs[name]; ok && p.CanAssign {
			row.EmailError = manageMessage(l, name, key)
			p.Problems = append(p.Problems, problem{Text: row.EmailError, Anchor: name})
			delete(errs, name)
		}
	}
	p.Problems = append(p.Problems, wholeFormProblems(l, errs)...)
	if len(p.Problems) == 0 || len(errs) > 0 {
		k := "error.generic"
		if !inputError(err) { // a form error about no field: a newer version was saved
			k = "manage.error.conflict"
		}
		p.Problems = append(p.Problems, problem{Text: l.T(k)})
	}
}

// manageNewForm is GET /manage/projects/new?company=SLUG.
func (h *Handler) manageNewForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		co, err := h.svc.Projects.Company(r.Context(), httpx.ActorFrom(r.Context()), r.URL.Query().Get("company"))
		if err != nil {
			return err
		}
		in := projectValues{Prefecture: strconv.Itoa(co.Prefecture), City: co.City}
		p, err := h.newPage(r, l, co, in)
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, "manage_form", p)
	})
}

func (h *Handler) newPage(r *http.Request, l *ui.Locale, co *furusato.Company, in projectValues) (projectFormPage, error) {
	p, err := h.projectForm(r, l, l.T("manage.new_title", "Company", co.Name), in, h.canAssignNew(r, co))
	p.Action, p.Submit, p.Back = "/manage/projects/new?company="+co.Slug, l.T("manage.create_submit"), "/manage"
	return p, err
}

// canAssignNew asks the policy whether the actor chooses the supporters of
// the draft about to be created for co, as for an existing project.
func (h *Handler) canAssignNew(r *http.Request, co *furusato.Company) bool {
	draft := &furusato.Project{CompanyID: co.ID, OrganizationID: co.OrganizationID, Status: furusato.StatusDraft}
	return policy.Project(httpx.ActorFrom(r.Context()), policy.ProjectAssignSupporters, draft) == nil
}

// manageCreate is POST /manage/projects/new?company=SLUG.
func (h *Handler) manageCreate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		ferr := parseForm(w, r)
		actor := httpx.ActorFrom(r.Context())
		co, err := h.svc.Projects.Company(r.Context(), actor, r.URL.Query().Get("company"))
		if err != nil {
			return err
		}
		in := readProjectValues(r)
		var pr *furusato.Project
		if err = ferr; err == nil {
			var u furusato.ProjectUpdate
			if u, err = in.update(); err == nil {
				pr, err = h.svc.Projects.Create(r.Context(), actor, co.Slug, u)
			}
		}
		if formError(err) {
			p, perr := h.newPage(r, l, co, in)
			return h.projectFormAgain(w, l, p, perr, err)
		} else if err != nil {
			return err
		}
		h.redirect(w, r, manageURL(pr.ID), "manage.flash.created")
		return nil
	})
}

func (h *Handler) editPage(r *http.Request, l *ui.Locale, pr *furusato.Project, in projectValues, version int64) (projectFormPage, error) {
	canAssign := policy.Project(httpx.ActorFrom(r.Context()), policy.ProjectAssignSupporters, pr) == nil
	p, err := h.projectForm(r, l, l.T("manage.edit_title"), in, canAssign)
	p.Action, p.Submit, p.Back = manageURL(pr.ID)+"/edit", l.T("manage.save_submit"), manageURL(pr.ID)
	p.Version = strconv.FormatInt(version, 10)
	if err != nil {
		return p, err
	}
	p.Cover, err = h.coverFormFor(r.Context(), pr)
	return p, err
}

// manageEditForm is GET /manage/projects/{id}/edit.
func (h *Handler) manageEditForm(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		pr, err := h.svc.Projects.Editable(r.Context(), httpx.ActorFrom(r.Context()), projectID(r))
		if err != nil {
			return err
		}
		p, err := h.editPage(r, l, pr, valuesOf(pr), pr.Version())
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, "manage_form", p)
	})
}

// manageUpdate is POST /manage/projects/{id}/edit.
func (h *Handler) manageUpdate(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	return h.managed(w, r, l, func() error {
		ferr := parseForm(w, r)
		actor := httpx.ActorFrom(r.Context())
		pr, err := h.svc.Projects.Editable(r.Context(), actor, projectID(r))
		if err != nil {
			return err
		}
		in := readProjectValues(r)
		version := overwriteVersion(r)
		if err = ferr; err == nil {
			var u furusato.ProjectUpdate
			if u, err = in.update(); err == nil {
				_, err = h.svc.Projects.Update(r.Context(), actor, pr.ID, u, version)
			}
		}
		if formError(err) {
			// On a conflict with no field (someone saved meanwhile) the
			// form keeps the version it was read at: saving over the newer
			// one takes the overwrite box of the comparison.
			p, perr := h.editPage(r, l, pr, in, version)
			if perr == nil && !inputError(err) {
				perr = h.withConflict(r, l, &p, pr, version)
			}
			return h.projectFormAgain(w, l, p, perr, err)
		} else if err != nil {
			return err
		}
		h.redirect(w, r, manageURL(pr.ID), "manage.flash.edited")
		return nil
	})
}

// domainKeys are the field error keys of furusato's Validate ("error." + key).
var domainKeys = map[string]bool{"required": true, "too_long": true, "invalid": true, "range": true, "slug": true, "taken": true}

// hinted lists the fields with a hint (manage.hint.NAME).
var hinted = map[string]bool{"title": true, "themes": true, "skills": true, "visits_per_month": true, "hours_per_week": true,
	"duration_months": true, "reward_amount": true, "places": true, "deadline": true, "start_date": true, "slug": true}

// strs converts a list of domain values to their strings.
func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// projectFormAgain shows the project form p again with the errors of err
// beside their fields and the status err calls for; perr is the error of
// building p.
func (h *Handler) projectFormAgain(w http.ResponseWriter, l *ui.Locale, p projectFormPage, perr, err error) error {
	if perr != nil {
		return perr
	}
	applyProjectErrors(l, &p, err)
	return h.render(w, errorStatus(err), "manage_form", p)
}

// markSupporterRows marks the rows the group's error is about: a row with
// some but not all of name, group and role (its empty ones are to fill) or
// with characters that cannot be used (those fields). It returns the id
// of the first field to fix, for the summary's link.
func markSupporterRows(rows []supporterRow) string {
	first := ""
	for i := range rows {
		r := &rows[i]
		vals := []string{r.Name, r.Organization, r.Role}
		empty := 0
		for _, v := range vals {
			if strings.TrimSpace(v) == "" {
				empty++
			}
		}
		bad := []bool{furusato.BadProse(r.Name), false, furusato.BadProse(r.Role)}
		for j, v := range vals {
			if empty > 0 && empty < len(vals) && strings.TrimSpace(v) == "" {
				bad[j] = true
			}
		}
		r.NameInvalid, r.OrgInvalid, r.RoleInvalid = bad[0], bad[1], bad[2]
		r.InError = bad[0] || bad[1] || bad[2]
		for j, id := range []string{"sup-name-", "sup-org-", "sup-role-"} {
			if bad[j] && first == "" {
				first = id + strconv.Itoa(r.N)
			}
		}
	}
	if first == "" {
		return "sup-name-0"
	}
	return first
}
