package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

// The write side of the API, for people with a personal access token:
// their account, their management dashboard, and creating, editing and
// moving projects. Every decision is service.Projects' (and so the
// policy's); these handlers only translate JSON.

// projectFieldsJS is the editable fields of a project, as sent and as
// returned: a field left out stays as it is.
type projectFieldsJS struct {
	Slug           *string   `json:"slug,omitempty"`
	Title          *string   `json:"title,omitempty"`
	CatchCopy      *string   `json:"catch_copy,omitempty"`
	Background     *string   `json:"background,omitempty"`
	WhatYouDo      *string   `json:"what_you_do,omitempty"`
	Goal           *string   `json:"goal,omitempty"`
	Themes         *[]string `json:"themes,omitempty"`
	Skills         *[]string `json:"skills,omitempty"`
	GoodFor        *string   `json:"good_for,omitempty"`
	Gains          *string   `json:"gains,omitempty"`
	WorkStyle      *string   `json:"work_style,omitempty"`
	VisitsPerMonth *int      `json:"visits_per_month,omitempty"`
	WorkPlace      *string   `json:"work_place,omitempty"`
	HoursPerWeek   *int      `json:"hours_per_week,omitempty"`
	DurationMonths *int      `json:"duration_months,omitempty"`
	StartDate      *string   `json:"start_date,omitempty"`
	RewardType     *string   `json:"reward_type,omitempty"`
	RewardAmount   *int      `json:"reward_amount,omitempty"`
	TravelCost     *string   `json:"travel_cost,omitempty"`
	Places         *int      `json:"places,omitempty"`
	Deadline       *string   `json:"deadline,omitempty"`
	Prefecture     *string   `json:"prefecture,omitempty"` // slug
	City           *string   `json:"city,omitempty"`
	factFieldsJS
}

// projectCreateJS is the body of POST /api/v1/projects.
type projectCreateJS struct {
	Company string `json:"company"` // slug or id
	projectFieldsJS
}

// projectPatchJS is the body of PATCH /api/v1/projects/{key}.
type projectPatchJS struct {
	Version *int64 `json:"version"` // as last read: the edit is refused if someone saved since
	projectFieldsJS
}

// statusChangeJS is the body of POST /api/v1/projects/{id}/status.
type statusChangeJS struct {
	To      string `json:"to"`
	From    string `json:"from"` // the status the client saw; "" for any
	Comment string `json:"comment"`
}

// managedProjectJS is a project of any status, as those who work on it see it.
type managedProjectJS struct {
	ID             int64    `json:"id"`
	Slug           string   `json:"slug"`
	Status         string   `json:"status"`
	Company        refJS    `json:"company"`
	Organization   refJS    `json:"organization"`
	Title          string   `json:"title"`
	CatchCopy      string   `json:"catch_copy"`
	Background     string   `json:"background"`
	WhatYouDo      string   `json:"what_you_do"`
	Goal           string   `json:"goal"`
	Themes         []string `json:"themes"`
	Skills         []string `json:"skills"`
	GoodFor        string   `json:"good_for"`
	Gains          string   `json:"gains"`
	WorkStyle      string   `json:"work_style"`
	VisitsPerMonth int      `json:"visits_per_month"`
	WorkPlace      string   `json:"work_place"`
	HoursPerWeek   int      `json:"hours_per_week"`
	DurationMonths int      `json:"duration_months"`
	StartDate      *string  `json:"start_date"`
	RewardType     string   `json:"reward_type"`
	RewardAmount   int      `json:"reward_amount"`
	TravelCost     string   `json:"travel_cost"`
	Places         int      `json:"places"`
	Deadline       *string  `json:"deadline"`
	Prefecture     string   `json:"prefecture"`
	City           string   `json:"city"`
	CreatedAt      string   `json:"created_at"`
	UpdatedAt      string   `json:"updated_at"`
	Version        int64    `json:"version"` // send it back unchanged with PATCH
	PublishedAt    *string  `json:"published_at"`
	URL            string   `json:"url"`
	RewardBasis    string   `json:"reward_basis"` // month or total; "" when there is no amount
	factsJS
}

// manageSectionJS is one list of the dashboard.
type manageSectionJS struct {
	Key      string             `json:"key"`
	Staff    bool               `json:"staff"`
	Total    int                `json:"total"`
	Projects []managedProjectJS `json:"projects"`
}

type manageListJS struct {
	Sections []manageSectionJS `json:"sections"`
}

// meJS is the response of GET /api/v1/me.
type meJS struct {
	User        userJS         `json:"user"`
	Memberships []membershipJS `json:"memberships"`
	Token       meTokenJS      `json:"token"`
}

// meTokenJS is what /me tells of the token the request came with.
type meTokenJS struct {
	Scope string `json:"scope"` // read or write
}

type userJS struct {
	ID          int64  `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
	Verified    bool   `json:"verified"`
	Admin       bool   `json:"admin"`
}

type membershipJS struct {
	Role           string `json:"role"`
	OrganizationID *int64 `json:"organization_id"`
	Company        *refJS `json:"company"`
}

// updatedAtLayout keeps milliseconds, the precision updated_at is stored
// with.
const updatedAtLayout = "2006-01-02T15:04:05.000Z07:00"

func dateOrNil(d furusato.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func (h *Handler) managed(p *furusato.Project) managedProjectJS {
	out := managedProjectJS{ID: p.ID, Slug: p.Slug, Status: string(p.Status), Title: p.Title, CatchCopy: p.CatchCopy,
		Background: p.Background, WhatYouDo: p.WhatYouDo, Goal: p.Goal, Themes: nonNil(p.Themes), Skills: nonNil(p.Skills),
		GoodFor: p.GoodFor, Gains: p.Gains, WorkStyle: string(p.WorkStyle), VisitsPerMonth: p.VisitsPerMonth,
		WorkPlace: p.WorkPlace, HoursPerWeek: p.HoursPerWeek, DurationMonths: p.DurationMonths,
		StartDate: dateOrNil(p.StartDate), RewardType: string(p.RewardType), RewardAmount: p.RewardAmount,
		TravelCost: string(p.TravelCost), Places: p.Places, Deadline: dateOrNil(p.Deadline), City: p.City,
		CreatedAt: rfc3339(p.CreatedAt), UpdatedAt: p.UpdatedAt.In(furusato.JST).Format(updatedAtLayout), Version: p.Version(),
		URL: h.projectURL(p.Slug), RewardBasis: rewardBasis(p), factsJS: factsOf(p)}
	if pr, ok := furusato.PrefectureByCode(p.Prefecture); ok {
		out.Prefecture = pr.Slug
	}
	if p.Company != nil {
		out.Company = refJS{Slug: p.Company.Slug, Name: p.Company.Name}
	}
	if p.Organization != nil {
		out.Organization = refJS{Slug: p.Organization.Slug, Name: p.Organization.Name}
	}
	if !p.PublishedAt.IsZero() {
		s := rfc3339(p.PublishedAt)
		out.PublishedAt = &s
	}
	return out
}

// update is the typed update of the fields that were sent: a field left
// out stays as it is. A date that is not YYYY-MM-DD and a prefecture slug
// that does not exist are errors of the API's own syntax (the service
// checks the rest, and normalises the text).
func (f projectFieldsJS) update() (furusato.ProjectUpdate, error) {
	bad := map[string]string{}
	date := func(name string, v *string) *furusato.Date {
		if v == nil {
			return nil
		}
		var d furusato.Date
		if s := strings.TrimSpace(*v); s != "" {
			var err error
			if d, err = furusato.ParseDate(s); err != nil {
				bad[name] = "manage.error.date"
			}
		}
		return &d
	}
	u := furusato.ProjectUpdate{Slug: f.Slug, Title: f.Title, CatchCopy: f.CatchCopy, Background: f.Background,
		WhatYouDo: f.WhatYouDo, Goal: f.Goal, Themes: f.Themes, Skills: f.Skills, GoodFor: f.GoodFor, Gains: f.Gains,
		WorkStyle: (*furusato.WorkStyle)(f.WorkStyle), VisitsPerMonth: f.VisitsPerMonth, WorkPlace: f.WorkPlace,
		HoursPerWeek: f.HoursPerWeek, DurationMonths: f.DurationMonths, StartDate: date("start_date", f.StartDate),
		RewardType: (*furusato.RewardType)(f.RewardType), RewardAmount: f.RewardAmount,
		TravelCost: (*furusato.TravelCost)(f.TravelCost), Places: f.Places, Deadline: date("deadline", f.Deadline),
		City: f.City, FactsUpdate: f.factFieldsJS.update()}
	if f.Prefecture != nil {
		pr, ok := furusato.PrefectureBySlug(*f.Prefecture)
		if !ok {
			bad["prefecture"] = errInvalid
		}
		u.Prefecture = &pr.Code
	}
	if len(bad) > 0 {
		return u, invalid("Invalid field", bad)
	}
	return u, nil
}

// writeNoStore writes v with status, never cached: the answer is the
// token holder's own.
func writeNoStore(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, status, v)
}

// pathID reads a project id from the path; anything else is ENOTFOUND.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	return id, nil
}

// me serves GET /api/v1/me.
func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	a := httpx.ActorFrom(r.Context())
	out := meJS{User: userJS{ID: a.User.ID, Email: a.User.Email, DisplayName: a.User.DisplayName, Verified: a.User.Verified(), Admin: a.IsAdmin()},
		Memberships: []membershipJS{}, Token: meTokenJS{Scope: string(a.Scope)}}
	cos, err := h.projects.StaffCompanies(r.Context(), a)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	byID := map[int64]*furusato.Company{}
	for _, co := range cos {
		byID[co.ID] = co
	}
	for _, m := range a.Memberships {
		mj := membershipJS{Role: string(m.Role)}
		if m.OrganizationID != 0 {
			id := m.OrganizationID
			mj.OrganizationID = &id
		}
		if co := byID[m.CompanyID]; co != nil {
			mj.Company = &refJS{Slug: co.Slug, Name: co.Name}
		}
		out.Memberships = append(out.Memberships, mj)
	}
	writeNoStore(w, http.StatusOK, out)
}

// manageList serves GET /api/v1/manage/projects: the dashboard's lists.
func (h *Handler) manageList(w http.ResponseWriter, r *http.Request) {
	secs, err := h.projects.Dashboard(r.Context(), httpx.ActorFrom(r.Context()))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := manageListJS{Sections: make([]manageSectionJS, len(secs))}
	for i, s := range secs {
		out.Sections[i] = manageSectionJS{Key: s.Key, Staff: s.Staff, Total: s.Total, Projects: make([]managedProjectJS, len(s.Projects))}
		for j, p := range s.Projects {
			out.Sections[i].Projects[j] = h.managed(p)
		}
	}
	writeNoStore(w, http.StatusOK, out)
}

// respondProject reads project id again, whole, and writes it with status.
func (h *Handler) respondProject(w http.ResponseWriter, r *http.Request, status int, id int64) {
	p, err := h.projects.Get(r.Context(), httpx.ActorFrom(r.Context()), id)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", h.base+"/api/v1/projects/"+strconv.FormatInt(p.ID, 10))
	}
	writeNoStore(w, status, h.managed(p))
}

// projectCreate serves POST /api/v1/projects: a new draft.
func (h *Handler) projectCreate(w http.ResponseWriter, r *http.Request) {
	var body projectCreateJS
	if err := decodeBody(w, r, &body); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	if strings.TrimSpace(body.Company) == "" {
		httpx.WriteJSONError(w, r, invalid("Missing field", map[string]string{"company": "error.required"}))
		return
	}
	u, err := body.update()
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	p, err := h.projects.Create(r.Context(), httpx.ActorFrom(r.Context()), body.Company, u)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	h.respondProject(w, r, http.StatusCreated, p.ID)
}

// projectUpdate serves PATCH /api/v1/projects/{key}, key being the id.
func (h *Handler) projectUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "key")
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	var body projectPatchJS
	if err := decodeBody(w, r, &body); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	actor := httpx.ActorFrom(r.Context())
	if _, err := h.projects.Get(r.Context(), actor, id); err != nil {
		httpx.WriteJSONError(w, r, err) // an unknown or hidden project is 404 before a body error
		return
	}
	if body.Version == nil {
		httpx.WriteJSONError(w, r, invalid("Send the version as last read", map[string]string{"version": "error.required"}))
		return
	}
	u, err := body.update()
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	p, err := h.projects.Update(r.Context(), actor, id, u, *body.Version)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	h.respondProject(w, r, http.StatusOK, p.ID)
}

// projectMove serves POST /api/v1/projects/{id}/status.
func (h *Handler) projectMove(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	var body statusChangeJS
	if err := decodeBody(w, r, &body); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	to, from := furusato.ProjectStatus(body.To), furusato.ProjectStatus(body.From)
	fields := map[string]string{}
	if !to.Valid() {
		fields["to"] = errInvalid
	}
	if from != "" && !from.Valid() {
		fields["from"] = errInvalid
	}
	if len(fields) > 0 {
		httpx.WriteJSONError(w, r, invalid("Invalid field", fields))
		return
	}
	p, err := h.projects.MoveFrom(r.Context(), httpx.ActorFrom(r.Context()), id, from, to, body.Comment)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	h.respondProject(w, r, http.StatusOK, p.ID)
}
