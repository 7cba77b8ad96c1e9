package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/ui"
)

// homePage is the top page.
type homePage struct {
	ui.Base
	Open, Public, Organizations int
	Newest                      cardList
	ClosingSoon                 cardList
	Areas                       []areaLinks
	Themes                      countLinks
}

// countLink is a link with the number of open projects behind it.
type countLink struct {
	Name, URL string
	Count     int
}

type areaLinks struct {
	Slug string
	countLink
	Prefectures countLinks
}

// countLinks are the 47 prefectures or the themes of the top page, each
// with its count: written here rather than by three template actions and a
// message each (TestCountLinks_AreTheTemplatesMarkup).
type countLinks []countLink

// HTML is the markup of cs as list items, the counts worded in l.
func (cs countLinks) HTML(l *ui.Locale) template.HTML {
	var b strings.Builder
	b.Grow(len(cs) * 96)
	for _, c := range cs {
		b.WriteString(`<li><a href="`)
		b.WriteString(escURL(c.URL))
		b.WriteString(`">`)
		b.WriteString(esc(c.Name))
		b.WriteString(`</a> <span class="count num">`)
		b.WriteString(esc(l.T("phone.open_paren", "Count", c.Count)))
		b.WriteString("</span></li>")
	}
	return template.HTML(b.String())
}

// homeCards is how many cards each list of the top page shows.
const homeCards = 6

// home is GET /: what the platform is, newest projects, projects closing
// soon, browse by area, prefecture and theme.
func (h *Handler) home(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	ctx := r.Context()
	counts, err := h.svc.Catalogue.Counts(ctx)
	if err != nil {
		return err
	}
	newest, _, err := h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Sort: furusato.SortNewest, OpenOnly: true, Limit: homeCards})
	if err != nil {
		return err
	}
	soon, _, err := h.svc.Catalogue.FindProjects(ctx, furusato.ProjectFilter{Sort: furusato.SortDeadline, OpenOnly: true, Limit: homeCards})
	if err != nil {
		return err
	}
	now := h.svc.Catalogue.Now()
	closing := soon[:0:0]
	for _, p := range soon {
		if p.ClosingSoon(now) {
			closing = append(closing, p)
		}
	}
	p := homePage{Base: h.base(r, l, l.T("home.title")),
		Open: counts.Open, Public: counts.Public, Organizations: counts.Organizations,
		Newest: cards(l, newest, now, true), ClosingSoon: cards(l, closing, now, true)}
	h.withCovers(r.Context(), p.Newest, newest)
	h.withCovers(r.Context(), p.ClosingSoon, closing)
	p.Description, p.Canonical = l.T("home.description"), h.abs("/")
	p.Alternates = []ui.Alternate{h.feedLink(l, furusato.ProjectFilter{})}
	p.OG = &ui.OpenGraph{Title: l.T("site.name"), Description: p.Description, URL: p.Canonical, Type: "website", SiteName: l.T("site.name")}
	for _, a := range furusato.Areas {
		al := areaLinks{Slug: a.Slug, countLink: countLink{Name: l.Pick(a.NameJa, a.NameEn), URL: "/areas/" + a.Slug}}
		for _, pr := range furusato.PrefecturesIn(a.Slug) {
			n := counts.ByPrefecture[pr.Code]
			al.Count += n
			al.Prefectures = append(al.Prefectures, countLink{l.Pick(pr.NameJa, pr.NameEn), "/regions/" + pr.Slug, n})
		}
		p.Areas = append(p.Areas, al)
	}
	for _, t := range furusato.Themes {
		p.Themes = append(p.Themes, countLink{l.Pick(t.NameJa, t.NameEn), "/themes/" + t.Slug, counts.ByTheme[t.Slug]})
	}
	return h.render(w, http.StatusOK, "home", p)
}
