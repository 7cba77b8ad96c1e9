package api

import (
	"net/http"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
)

// organizationJS is an organisation's public profile.
type organizationJS struct {
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	Kind        string         `json:"kind"`
	Description string         `json:"description"`
	Website     string         `json:"website"`
	Prefectures []prefectureJS `json:"prefectures"` // the regions a coordinator runs
}

// organizationList is the response of GET /api/v1/organizations.
type organizationList struct {
	Organizations []organizationCount `json:"organizations"`
}

type organizationCount struct {
	organizationJS
	ProjectCount int `json:"project_count"` // public projects
}

func organizationOf(o *furusato.Organization) organizationJS {
	oj := organizationJS{Slug: o.Slug, Name: o.Name, Kind: string(o.Kind), Description: o.Description,
		Website: furusato.SafeWebsite(o.Website), Prefectures: make([]prefectureJS, len(o.Prefectures))}
	for i, c := range o.Prefectures {
		oj.Prefectures[i] = prefectureOf(c)
	}
	return oj
}

// organizationList serves GET /api/v1/organizations, optionally of one kind.
func (h *Handler) organizationList(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query())
	kind := p.choice("kind", string(furusato.OrgCoordinator), string(furusato.OrgPartner), string(furusato.OrgSecretariat))
	if err := p.err(); err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	orgs, err := h.cat.Organizations(r.Context(), furusato.OrgKind(kind))
	if err != nil {
		httpx.WriteJSONError(w, r, err)
		return
	}
	out := organizationList{Organizations: make([]organizationCount, len(orgs))}
	for i, o := range orgs {
		out.Organizations[i] = organizationCount{organizationOf(o), o.ProjectCount}
	}
	writeOK(w, out)
}
