package web

import (
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// regionShow is GET /regions/{slug}: the projects of one prefecture.
func (h *Handler) regionShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	pr, ok := furusato.PrefectureBySlug(r.PathValue("slug"))
	if !ok {
		return furusato.Errorf(furusato.ENOTFOUND, "Prefecture not found.")
	}
	name := l.Pick(pr.NameJa, pr.NameEn)
	f := furusato.ProjectFilter{Prefectures: []int{pr.Code}}
	return h.placeList(w, r, l, f, l.T("region.title", "Name", name), l.T("region.intro", "Name", name),
		"/projects?"+url.Values{"prefecture": {pr.Slug}}.Encode())
}

// areaShow is GET /areas/{slug}: the projects of one area.
func (h *Handler) areaShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	a, ok := furusato.AreaBySlug(r.PathValue("slug"))
	if !ok {
		return furusato.Errorf(furusato.ENOTFOUND, "Area not found.")
	}
	name := l.Pick(a.NameJa, a.NameEn)
	f := furusato.ProjectFilter{Area: a.Slug}
	return h.placeList(w, r, l, f, l.T("region.title", "Name", name), l.T("area.intro", "Name", name, "Prefectures", prefList(l, codes(furusato.PrefecturesIn(a.Slug)))),
		"/projects?"+url.Values{"area": {a.Slug}}.Encode())
}

// themeShow is GET /themes/{slug}: the projects of one theme.
func (h *Handler) themeShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	t, ok := furusato.ThemeBySlug(r.PathValue("slug"))
	if !ok {
		return furusato.Errorf(furusato.ENOTFOUND, "Theme not found.")
	}
	name := l.Pick(t.NameJa, t.NameEn)
	f := furusato.ProjectFilter{Themes: []string{t.Slug}}
	return h.placeList(w, r, l, f, l.T("theme.title", "Name", name), l.T("theme.intro", "Name", name),
		"/projects?"+url.Values{"theme": {t.Slug}}.Encode())
}

// placeList renders one page of the projects matching f, open ones first.
func (h *Handler) placeList(w http.ResponseWriter, r *http.Request, l *ui.Locale, f furusato.ProjectFilter, title, intro, more string) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	page, err := parsePage(q)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	ps, total, err := h.svc.Catalogue.FindProjects(r.Context(), f)
	if err != nil {
		return err
	}
	open, err := h.openCount(r, f)
	if err != nil {
		return err
	}
	p := listPage{Base: h.base(r, l, title), Intro: intro, MoreURL: more, ClearURL: "/projects", Open: open}
	if total > 0 {
		p.OpenURL = more + "&open=1"
	}
	p.Description = intro
	p.Alternates = append(p.Alternates, h.feedLink(l, f))
	p.Canonical = h.abs(r.URL.EscapedPath())
	p.OG = &ui.OpenGraph{Title: title, Description: intro, URL: p.Canonical, Type: "website", SiteName: l.T("site.name")}
	h.fillList(r, &p, l, r.URL.EscapedPath(), url.Values{"page": q["page"]}, f, ps, total)
	return h.render(w, http.StatusOK, "list", p)
}

func codes(ps []furusato.Prefecture) []int {
	cs := make([]int, len(ps))
	for i, p := range ps {
		cs[i] = p.Code
	}
	return cs
}
