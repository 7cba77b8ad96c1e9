package web

import (
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// orgsPage is the index of organisations, grouped by kind.
type orgsPage struct {
	ui.Base
	Groups []orgGroup
}

type orgGroup struct {
	Kind  string
	Label string
	Orgs  []orgItem
}

type orgItem struct {
	Name, URL, Regions string
	Count              int
}

// orgInfo is the head of an organisation's page.
type orgInfo struct {
	L                                   *ui.Locale
	Description, Kind, Regions, Website string
}

// orgGroups orders the index: coordinators, partners, the secretariat.
var orgGroups = []struct {
	kind furusato.OrgKind
	key  string
}{
	{furusato.OrgCoordinator, "orgs.group_coordinator"},
	{furusato.OrgPartner, "orgs.group_partner"},
	{furusato.OrgSecretariat, "orgs.group_secretariat"},
}

// organizationList is GET /organizations.
func (h *Handler) organizationList(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	orgs, err := h.svc.Catalogue.Organizations(r.Context(), "")
	if err != nil {
		return err
	}
	p := orgsPage{Base: h.base(r, l, l.T("orgs.title"))}
	p.Nav, p.Description, p.Canonical = "organizations", l.T("orgs.intro"), h.abs("/organizations")
	for _, k := range orgGroups {
		kind := k.kind
		g := orgGroup{Kind: string(kind), Label: l.T(k.key)}
		for _, o := range orgs {
			if o.Kind == kind {
				g.Orgs = append(g.Orgs, orgItem{o.Name, "/organizations/" + o.Slug, prefList(l, o.Prefectures), o.ProjectCount})
			}
		}
		if len(g.Orgs) > 0 {
			p.Groups = append(p.Groups, g)
		}
	}
	return h.render(w, http.StatusOK, "organizations", p)
}

// organizationShow is GET /organizations/{slug}: the organisation and the
// projects it coordinates.
func (h *Handler) organizationShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	o, err := h.svc.Catalogue.Organization(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	f := furusato.ProjectFilter{OrgID: o.ID, Offset: (page - 1) * perPage, Limit: perPage}
	ps, total, err := h.svc.Catalogue.FindProjects(r.Context(), f)
	if err != nil {
		return err
	}
	p := listPage{Base: h.base(r, l, o.Name), ClearURL: "/projects",
		Org: &orgInfo{L: l, Description: o.Description, Kind: orgKind(l, o.Kind), Regions: prefList(l, o.Prefectures), Website: furusato.SafeWebsite(o.Website)}}
	p.Nav, p.Description, p.ListHead = "organizations", o.Description, l.T("org.projects")
	p.Canonical = h.abs("/organizations/" + url.PathEscape(o.Slug))
	p.OG = &ui.OpenGraph{Title: o.Name, Description: o.Description, URL: p.Canonical, Type: "website", SiteName: l.T("site.name")}
	h.fillList(r, &p, l, r.URL.EscapedPath(), url.Values{"page": q["page"]}, f, ps, total)
	return h.render(w, http.StatusOK, "list", p)
}
