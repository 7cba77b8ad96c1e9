package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// listPage is every list of project cards: the search page, a region, an
// area, a theme, an organisation.
type listPage struct {
	ui.Base
	Intro string
	// TitleQuery is the query the title quotes, on a search page.
	TitleQuery string
	Org        *orgInfo    // on an organisation's page
	Filters    *filterForm // on the search page
	Range      rangeInfo
	Cards      []projectCard
	Pager      pager
	PastEnd    bool      // a page after the last one
	Total      int       // how many projects match, on every page
	LastURL    string    // the last page, linked from a page after it
	Notice     string    // why the keyword was not searched for
	Open       int       // how many of the matches take entries now (place pages)
	OpenURL    string    // those, on the search page
	ListHead   string    // the visible heading of the results, when the page has one (an organisation)
	ClearURL   string    // the empty state's action
	MoreURL    string    // 「条件を変えて探す」 on region, area and theme pages
	words      pageWords // the fixed messages, escaped (list_page_html.go)
}

// projectList is GET /projects: filters, keyword search, pagination.
func (h *Handler) projectList(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	f, _, err := parseFilter(q)
	if err != nil {
		return err
	}
	typed := f.Query
	ignored := ignoreEmptyQuery(&f)
	res, err := h.svc.Catalogue.Find(r.Context(), f)
	if err != nil {
		return err
	}
	ps, total := res.Projects, res.Total
	title := l.T("projects.title")
	if f.Query != "" {
		title = l.T("projects.search_title", "Query", f.Query)
	}
	ff := newFilterForm(l, f)
	ff.Q, ff.QueryIgnored = typed, ignored != ""
	ff.setControls(l, f)
	p := listPage{Base: h.base(r, l, title), Filters: ff, ClearURL: or(ff.ClearURL, "/projects")}
	p.HeaderSearch, p.Nav, p.Query = false, "projects", typed
	p.TitleQuery = f.Query
	p.Description = l.T("projects.description")
	if ignored != "" {
		p.Notice = l.T("phone.query_ignored", "Query", ignored)
	}
	if len(q) == 0 {
		p.Canonical = h.abs("/projects")
	} else {
		p.NoIndex = true
	}
	p.Alternates = append(p.Alternates, h.feedLink(l, f))
	h.fillList(r, &p, l, r.URL.Path, q, f, ps, total)
	p.Range.More = res.More
	return h.render(w, http.StatusOK, "list", p)
}

// fillList sets the cards (with their covers), the range line and the
// pager of a list page whose rows ps were found with f (its page and page
// size).
func (h *Handler) fillList(r *http.Request, p *listPage, l *ui.Locale, path string, q url.Values, f furusato.ProjectFilter, ps []*furusato.Project, total int) {
	// Card titles are h3: under the results' own h2.
	p.Cards = cards(l, ps, h.svc.Catalogue.Now(), true)
	p.words = h.words[l]
	h.withCovers(r.Context(), p.Cards, ps)
	page, size := service.PageOf(f)
	p.Range = newRange(l, page, size, len(ps), total)
	p.Pager = newPager(l, path, q, page, size, total)
	p.PastEnd = len(ps) == 0 && total > 0
	p.Total = total
	if p.PastEnd {
		p.LastURL = lastPageURL(path, q, p.Pager.Pages)
	}
}

// projectPage is the detail page of one project.
type projectPage struct {
	ui.Base
	// L is Base.L again, at the top: the page's ~90 {{t .L …}} (layout and
	// partials included) find it without reflect searching the embedded
	// Base at every one, which cost the built page about a sixth of its CPU.
	L         *ui.Locale
	P         *furusato.Project
	Badge     projectCard // for the 「締切間近」/「募集終了」 chip
	Open      bool
	Region    string
	Deadline  string
	DaysLeft  string
	Reward    string
	WorkStyle string
	Visits    string
	Start     string
	Travel    string
	Themes    []themeLink // each to its theme page
	Company   *companyView
	Org       *orgLink
	Share     shareLinks
	Related   []projectCard
	Cover     *coverImage // the page's main image (LCP): never lazy
	Entry     *entryBox   // the entry call to action and favourite button (entries_favorites.go); nil in previews
	Facts     factsView   // what people decide on
	words     pageWords   // the fixed messages, escaped (project_page_html.go)
}

type companyView struct {
	Name, Location, Industry, Founded, Size, Website, Description string
}

type orgLink struct{ Name, URL string }

// themeLink is one theme of a project, linked to /themes/{slug}.
type themeLink struct{ Name, URL string }

// themeLinks are the themes of slugs in l's language, each linked to its
// page (unknown slugs left out, as themeNames does).
func themeLinks(l *ui.Locale, slugs []string) []themeLink {
	var ts []themeLink
	for _, s := range slugs {
		if t, ok := furusato.ThemeBySlug(s); ok {
			ts = append(ts, themeLink{Name: l.Pick(t.NameJa, t.NameEn), URL: "/themes/" + t.Slug})
		}
	}
	return ts
}

// shareLinks are plain links to the share pages of LINE, X and Facebook; no
// third-party script is loaded.
type shareLinks struct{ LINE, X, Facebook string }

// projectShow is GET /projects/{key}, key being the id or the slug.
func (h *Handler) projectShow(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	pr, related, err := h.svc.Catalogue.ProjectPage(r.Context(), r.PathValue("key"), 3)
	if err != nil {
		return err
	}
	now := h.svc.Catalogue.Now()
	p := h.newProjectPage(r, l, pr, now)
	p.Entry = h.projectEntryBox(r, pr)
	p.Related = cards(l, related, now, true)
	h.withCovers(r.Context(), p.Related, related)
	abs := h.abs(projectURL(pr))
	p.Canonical, p.Description, p.Nav = abs, pr.CatchCopy, "projects"
	p.HeaderSearch = false // ui.md: the search row belongs to list pages; on a phone it pushed the project down
	p.OG = &ui.OpenGraph{Title: pr.Title, Description: pr.CatchCopy, URL: abs, Type: "article", SiteName: l.T("site.name")}
	if p.Cover != nil {
		p.OG.Image = h.abs(p.Cover.Src)
	}
	p.Share = shareOf(l, abs, pr.Title)
	return h.render(w, http.StatusOK, "project", p)
}

// shareOf links the page at abs, titled title, to the share pages.
func shareOf(l *ui.Locale, abs, title string) shareLinks {
	text := title + " | " + l.T("site.name")
	return shareLinks{
		LINE:     "https://social-plugins.line.me/lineit/share?url=" + url.QueryEscape(abs),
		X:        "https://x.com/intent/post?url=" + url.QueryEscape(abs) + "&text=" + url.QueryEscape(text),
		Facebook: "https://www.facebook.com/sharer/sharer.php?u=" + url.QueryEscape(abs),
	}
}

// newProjectPage lays out project pr for reading: the public page and the
// manage preview show the same thing.
func (h *Handler) newProjectPage(r *http.Request, l *ui.Locale, pr *furusato.Project, now time.Time) projectPage {
	c := card(l, pr, now)
	p := projectPage{
		Base: h.base(r, l, pr.Title), L: l, P: pr, Badge: c, Open: pr.OpenAt(now),
		Region: c.Region, Deadline: c.Deadline, DaysLeft: c.DaysLeft, Reward: c.Reward, WorkStyle: c.WorkStyle,
		Start: l.Month(pr.StartDate), Travel: travel(l, pr.TravelCost), Themes: themeLinks(l, pr.Themes), Facts: factsOf(l, pr, now),
		Cover: newCoverImage(h.covers(r.Context(), pr)[pr.ID], 960, 640), words: h.words[l],
	}
	if pr.VisitsPerMonth > 0 {
		p.Visits = l.T("project.visits", "Count", pr.VisitsPerMonth)
	}
	if co := pr.Company; co != nil {
		cv := &companyView{Name: co.Name, Location: region(l, co.Prefecture, co.City), Industry: co.Industry,
			Size: co.Size, Website: furusato.SafeWebsite(co.Website), Description: co.Description}
		if co.FoundedYear > 0 {
			cv.Founded = l.T("company.founded_value", "Year", co.FoundedYear)
		}
		p.Company = cv
	}
	if o := pr.Organization; o != nil && o.Slug != "" {
		p.Org = &orgLink{Name: o.Name, URL: "/organizations/" + o.Slug}
	}
	return p
}
