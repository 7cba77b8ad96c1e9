package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// filterChip is one condition in force, shown under the heading as a link
// that removes it: 「岐阜県 ×」. Quotes is what people typed that the label
// quotes (the keyword), marked lang="ja" on an English page.
type filterChip struct {
	Label, Remove string
	Quotes        string
}

// sortLink is one sort order under the heading; the current one is not a
// link target but marked aria-current.
type sortLink struct {
	Label, URL string
	Current    bool
}

// hiddenField carries a condition through a form that does not show it.
type hiddenField struct{ Name, Value string }

// filterValues writes f back as the list's query string, one parameter a
// value (the form's own shape), so that links and chips can add or drop
// one condition. Paging is left out: a new condition starts at page 1.
func filterValues(f furusato.ProjectFilter) url.Values {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Area != "" {
		v.Set("area", f.Area)
	}
	for _, c := range f.Prefectures {
		if p, ok := furusato.PrefectureByCode(c); ok {
			v.Add("prefecture", p.Slug)
		}
	}
	for _, t := range f.Themes {
		v.Add("theme", t)
	}
	if f.Remote {
		v.Set("remote", "1")
	}
	if f.Reward != "" {
		v.Set("reward", string(f.Reward))
	}
	if f.Duration != "" {
		v.Set("duration", f.Duration)
	}
	if f.OpenOnly {
		v.Set("open", "1")
	}
	if f.Sort != "" && f.Sort != furusato.SortNewest {
		v.Set("sort", f.Sort)
	}
	if f.Limit > 0 && f.Limit != service.DefaultPerPage {
		v.Set("per_page", strconv.Itoa(f.Limit))
	}
	return v
}

// listURL is path with v, or path alone.
func listURL(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// without returns v less the value val of name (every value when val is "").
func without(v url.Values, name, val string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != name {
			out[k] = vs
			continue
		}
		if val == "" {
			continue
		}
		if rest := slices.DeleteFunc(slices.Clone(vs), func(s string) bool { return s == val }); len(rest) > 0 {
			out[k] = rest
		}
	}
	return out
}

// setControls fills what the list page shows above its results: the
// conditions as removable chips, the sort links, the link to the filter
// page and the hidden fields of the keyword form.
func (ff *filterForm) setControls(l *ui.Locale, f furusato.ProjectFilter) {
	v := filterValues(f)
	chip := func(label, name, val string) {
		ff.Chips = append(ff.Chips, filterChip{Label: label, Remove: listURL("/projects", without(v, name, val))})
	}
	if f.Query != "" && !ff.QueryIgnored {
		chip(l.T("phone.chip_query", "Query", f.Query), "q", "")
		ff.Chips[0].Quotes = f.Query
	}
	if a, ok := furusato.AreaBySlug(f.Area); ok {
		chip(l.Pick(a.NameJa, a.NameEn), "area", "")
	}
	for _, c := range f.Prefectures {
		if p, ok := furusato.PrefectureByCode(c); ok {
			chip(l.Pick(p.NameJa, p.NameEn), "prefecture", p.Slug)
		}
	}
	for _, s := range f.Themes {
		if t, ok := furusato.ThemeBySlug(s); ok {
			chip(l.Pick(t.NameJa, t.NameEn), "theme", s)
		}
	}
	if f.Remote {
		chip(l.T("filter.remote"), "remote", "")
	}
	if f.Reward != "" {
		chip(l.T("filter.reward_"+string(f.Reward)), "reward", "")
	}
	if f.Duration != "" {
		chip(l.T("filter.duration_"+f.Duration), "duration", "")
	}
	if f.OpenOnly {
		chip(l.T("filter.open"), "open", "")
	}
	if len(ff.Chips) > 0 {
		keep := url.Values{}
		if s := v.Get("sort"); s != "" {
			keep.Set("sort", s)
		}
		ff.ClearURL = listURL("/projects", keep)
	}
	cur := or(f.Sort, furusato.SortNewest)
	for _, s := range furusato.Sorts {
		sv := without(v, "sort", "")
		if s != furusato.SortNewest {
			sv.Set("sort", s)
		}
		ff.SortLinks = append(ff.SortLinks, sortLink{l.T("sort." + s), listURL("/projects", sv), s == cur})
	}
	ff.FilterURL = listURL("/projects/filters", v)
	ff.BackURL = listURL("/projects", v)
	for _, name := range []string{"area", "prefecture", "theme", "remote", "reward", "duration", "open", "sort", "per_page"} {
		for _, val := range v[name] {
			ff.Hidden = append(ff.Hidden, hiddenField{name, val})
		}
	}
}

// ignoreEmptyQuery drops a query that holds no word to search for (「！？」,
// 「ー」): the list then shows every project and says why, rather than
// titling the whole catalogue as the results of a search.
func ignoreEmptyQuery(f *furusato.ProjectFilter) (ignored string) {
	if f.Query == "" || !search.ParseQuery(f.Query).Empty() {
		return ""
	}
	ignored, f.Query = f.Query, ""
	return ignored
}

// projectFilters is GET /projects/filters: the filter form on its own page,
// which the list links to on phones (ui.md §3), so that the results come
// first there. It sends its conditions back to /projects.
func (h *Handler) projectFilters(w http.ResponseWriter, r *http.Request, l *ui.Locale) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	f, _, err := parseFilter(q)
	if err != nil {
		return err
	}
	ignored := ignoreEmptyQuery(&f)
	ff := newFilterForm(l, f)
	ff.QueryIgnored = ignored != ""
	ff.setControls(l, f)
	ff.Page = true
	p := filterPage{Base: h.base(r, l, l.T("filter.title")), Filters: ff}
	p.HeaderSearch, p.Nav, p.NoIndex = false, "projects", true
	return h.render(w, http.StatusOK, "filters_page", p)
}

// filterPage is the page of projectFilters.
type filterPage struct {
	ui.Base
	Filters *filterForm
}

// feedLink is the Atom feed of the newest projects of some prefectures
// and themes (the conditions the feed knows), as a page's alternate.
func (h *Handler) feedLink(l *ui.Locale, f furusato.ProjectFilter) ui.Alternate {
	v := url.Values{}
	prefs := f.Prefectures
	if f.Area != "" && len(prefs) == 0 {
		prefs = codes(furusato.PrefecturesIn(f.Area))
	}
	for _, c := range prefs {
		if p, ok := furusato.PrefectureByCode(c); ok {
			v.Add("prefecture", p.Slug)
		}
	}
	for _, t := range f.Themes {
		v.Add("theme", t)
	}
	return ui.Alternate{Type: "application/atom+xml", Href: h.abs(listURL("/feed.atom", v)), Title: l.T("phone.feed_title")}
}

// openCount is how many projects matching f take entries now: the figure
// the top page shows, said the same way on the page it links to.
func (h *Handler) openCount(r *http.Request, f furusato.ProjectFilter) (int, error) {
	f.OpenOnly, f.Offset, f.Limit = true, 0, 1
	_, n, err := h.svc.Catalogue.FindProjects(r.Context(), f)
	return n, err
}

// lastPageURL is the last of pages of the list at path with q.
func lastPageURL(path string, q url.Values, pages int) string {
	v := without(without(q, "page", ""), "lang", "")
	if pages > 1 {
		v.Set("page", strconv.Itoa(pages))
	}
	return listURL(path, v)
}
