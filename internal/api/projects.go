package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

// projectList is the response of GET /api/v1/projects.
type projectList struct {
	Projects []projectSummary `json:"projects"`
	Total    int              `json:"total"`
	More     bool             `json:"more"` // a search matched more than total (service.SearchLimit)
	Page     int              `json:"page"`
	PerPage  int              `json:"per_page"`
}

// projectCommon holds the fields a project has in lists and in full.
type projectCommon struct {
	ID             int64        `json:"id"`
	Slug           string       `json:"slug"`
	Title          string       `json:"title"`
	CatchCopy      string       `json:"catch_copy"`
	Prefecture     prefectureJS `json:"prefecture"`
	City           string       `json:"city"`
	Themes         []themeJS    `json:"themes"`
	WorkStyle      string       `json:"work_style"`
	HoursPerWeek   int          `json:"hours_per_week"`
	DurationMonths int          `json:"duration_months"`
	Reward         rewardJS     `json:"reward"`
	TravelCost     string       `json:"travel_cost"`
	Places         int          `json:"places"`
	PlacesLeft     int          `json:"places_left"`
	Status         string       `json:"status"`
	Open           bool         `json:"open"`
	Deadline       string       `json:"deadline"`
	PublishedAt    string       `json:"published_at"`
	URL            string       `json:"url"`
}

// projectSummary is a project in a list.
type projectSummary struct {
	projectCommon
	Company      refJS `json:"company"`
	Organization refJS `json:"organization"`
}

// projectDetail is the whole public project.
type projectDetail struct {
	projectCommon
	Company        companyJS      `json:"company"`
	Organization   organizationJS `json:"organization"`
	Background     string         `json:"background"`
	WhatYouDo      string         `json:"what_you_do"`
	Goal           string         `json:"goal"`
	Skills         []string       `json:"skills"`
	GoodFor        string         `json:"good_for"`
	Gains          string         `json:"gains"`
	VisitsPerMonth int            `json:"visits_per_month"`
	WorkPlace      string         `json:"work_place"`
	StartDate      *string        `json:"start_date"` // null when not set
	Supporters     []supporterJS  `json:"supporters"`
	UpdatedAt      string         `json:"updated_at"`
	Version        int64          `json:"version"` // what PATCH /api/v1/projects/{id} wants as last read
	factsJS
}

// refJS names a company or an organisation.
type refJS struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type rewardJS struct {
	Type   string `json:"type"`
	Amount int    `json:"amount"` // yen per Basis; 0 when none or unknown
	Basis  string `json:"basis"`  // month or total; "" when there is no amount
}

type supporterJS struct {
	Name         string `json:"name"`
	Role         string `json:"role"`
	Organization string `json:"organization"`
}

// companyJS is a host company's public profile.
type companyJS struct {
	Slug        string       `json:"slug"`
	Name        string       `json:"name"`
	Prefecture  prefectureJS `json:"prefecture"`
	City        string       `json:"city"`
	Industry    string       `json:"industry"`
	FoundedYear *int         `json:"founded_year"` // null when unknown
	Size        string       `json:"size"`
	Description string       `json:"description"`
	Website     string       `json:"website"`
}

// projectList serves GET /api/v1/projects.
func (h *Handler) projectList(w http.ResponseWriter, r *http.Request) {
	lq, err := parseListQuery(r.URL.Query())
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	res, err := h.cat.Find(r.Context(), lq.filter)
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	ps, now := res.Projects, h.cat.Now()
	out := projectList{Projects: make([]projectSummary, len(ps)), Total: res.Total, More: res.More, Page: lq.page, PerPage: lq.perPage}
	for i, p := range ps {
		out.Projects[i] = projectSummary{
			projectCommon: h.common(p, now),
			Company:       refJS{Slug: p.Company.Slug, Name: p.Company.Name},
			Organization:  refJS{Slug: p.Organization.Slug, Name: p.Organization.Name},
		}
	}
	writeProjectList(w, &out) // writeOK's bytes, without reflection (projects_json.go)
}

// projectShow serves GET /api/v1/projects/{key}, key being an id or a slug.
func (h *Handler) projectShow(w http.ResponseWriter, r *http.Request) {
	p, err := h.cat.FindProject(r.Context(), r.PathValue("key"))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	d := projectDetail{
		projectCommon:  h.common(p, h.cat.Now()),
		Background:     p.Background,
		WhatYouDo:      p.WhatYouDo,
		Goal:           p.Goal,
		Skills:         nonNil(p.Skills),
		GoodFor:        p.GoodFor,
		Gains:          p.Gains,
		VisitsPerMonth: p.VisitsPerMonth,
		WorkPlace:      p.WorkPlace,
		Supporters:     make([]supporterJS, len(p.Supporters)),
		UpdatedAt:      rfc3339(p.UpdatedAt),
		Version:        p.Version(),
		factsJS:        factsOf(p),
	}
	if !p.StartDate.IsZero() {
		s := p.StartDate.String()
		d.StartDate = &s
	}
	for i, s := range p.Supporters {
		d.Supporters[i] = supporterJS{Name: s.Name, Role: s.Role, Organization: s.OrganizationName}
	}
	if c := p.Company; c != nil {
		d.Company = companyJS{Slug: c.Slug, Name: c.Name, Prefecture: prefectureOf(c.Prefecture), City: c.City,
			Industry: c.Industry, Size: c.Size, Description: c.Description, Website: furusato.SafeWebsite(c.Website)}
		if c.FoundedYear != 0 {
			y := c.FoundedYear
			d.Company.FoundedYear = &y
		}
	}
	if o := p.Organization; o != nil {
		d.Organization = organizationOf(o)
	}
	writeOK(w, d)
}

// common converts the fields shared by lists and details. p may be shared
// with the service's cache: it is only read.
func (h *Handler) common(p *furusato.Project, now time.Time) projectCommon {
	published := p.PublishedAt
	if published.IsZero() {
		published = p.CreatedAt
	}
	return projectCommon{
		ID:             p.ID,
		Slug:           p.Slug,
		Title:          p.Title,
		CatchCopy:      p.CatchCopy,
		Prefecture:     prefectureOf(p.Prefecture),
		City:           p.City,
		Themes:         themesOf(p.Themes),
		WorkStyle:      string(p.WorkStyle),
		HoursPerWeek:   p.HoursPerWeek,
		DurationMonths: p.DurationMonths,
		Reward:         rewardJS{Type: string(p.RewardType), Amount: p.RewardAmount, Basis: rewardBasis(p)},
		TravelCost:     string(p.TravelCost),
		Places:         p.Places,
		PlacesLeft:     p.PlacesLeft(),
		Status:         string(p.Status),
		Open:           p.OpenAt(now),
		Deadline:       p.Deadline.String(),
		PublishedAt:    rfc3339(published),
		URL:            h.projectURL(p.Slug),
	}
}

// projectURL is the absolute URL of a project's page.
func (h *Handler) projectURL(slug string) string {
	return h.base + "/projects/" + url.PathEscape(slug)
}

// rfc3339 formats t in JST, the zone everything is shown in.
func rfc3339(t time.Time) string { return t.In(furusato.JST).Format(time.RFC3339) }

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
