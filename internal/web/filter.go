package web

import (
	"net/http"
	"net/url"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// listQuery reads the query string of a list page: a malformed one is
// refused as the API refuses it (a 400 page naming the problem).
func listQuery(r *http.Request) (url.Values, error) {
	return service.ParseQueryString(r.URL.RawQuery)
}

// parseFilter reads the list parameters with the one parser the API uses
// too (service.ParseProjectFilter), and the page number.
func parseFilter(q url.Values) (furusato.ProjectFilter, int, error) {
	f, err := service.ParseProjectFilter(q)
	if err != nil {
		return furusato.ProjectFilter{}, 0, err
	}
	page, _ := service.PageOf(f)
	return f, page, nil
}

// parsePage reads page: absent or empty is 1; otherwise a whole number
// from 1 to service.MaxPage, or EINVALID.
func parsePage(q url.Values) (int, error) { return service.ParsePage(q) }

// filterForm is the filter form of the list page, prefilled.
type filterForm struct {
	L          *ui.Locale
	Q          string
	Areas      []option
	PrefGroups []optionGroup
	Themes     options
	Remote     bool
	Open       bool
	Rewards    []option
	Durations  []option
	Sorts      []option
	Active     int // how many conditions are set, for 「絞り込み（2）」

	// Set by setControls (list_controls.go).
	Chips        []filterChip
	ClearURL     string // every condition dropped, the sort kept
	SortLinks    []sortLink
	FilterURL    string // the filter page (phones)
	BackURL      string // the list with these conditions
	Hidden       []hiddenField
	Page         bool // the form is the filter page's, not the sidebar's
	QueryIgnored bool // the keyword held no word and was not searched for
}

type option struct {
	Value, Label string
	Checked      bool
}

type optionGroup struct {
	Label   string
	Open    bool
	Options options
}

func newFilterForm(l *ui.Locale, f furusato.ProjectFilter) *filterForm {
	ff := &filterForm{L: l, Q: f.Query, Remote: f.Remote, Open: f.OpenOnly}
	prefs := map[int]bool{}
	for _, c := range f.Prefectures {
		prefs[c] = true
	}
	for _, a := range furusato.Areas {
		ff.Areas = append(ff.Areas, option{a.Slug, l.Pick(a.NameJa, a.NameEn), f.Area == a.Slug})
		g := optionGroup{Label: l.Pick(a.NameJa, a.NameEn)}
		for _, p := range furusato.PrefecturesIn(a.Slug) {
			g.Options = append(g.Options, option{p.Slug, l.Pick(p.NameJa, p.NameEn), prefs[p.Code]})
			g.Open = g.Open || prefs[p.Code]
		}
		ff.PrefGroups = append(ff.PrefGroups, g)
	}
	themes := map[string]bool{}
	for _, t := range f.Themes {
		themes[t] = true
	}
	for _, t := range furusato.Themes {
		ff.Themes = append(ff.Themes, option{t.Slug, l.Pick(t.NameJa, t.NameEn), themes[t.Slug]})
	}
	ff.Rewards = []option{{"", l.T("filter.reward_any"), f.Reward == ""}}
	for _, r := range furusato.RewardTypes {
		ff.Rewards = append(ff.Rewards, option{string(r), l.T("filter.reward_" + string(r)), f.Reward == r})
	}
	ff.Durations = []option{{"", l.T("filter.duration_any"), f.Duration == ""}}
	for _, d := range furusato.Durations {
		ff.Durations = append(ff.Durations, option{d, l.T("filter.duration_" + d), f.Duration == d})
	}
	sort := or(f.Sort, furusato.SortNewest)
	for _, s := range furusato.Sorts {
		ff.Sorts = append(ff.Sorts, option{s, l.T("sort." + s), sort == s})
	}
	ff.Active = len(f.Prefectures) + len(f.Themes)
	for _, on := range []bool{f.Area != "", f.Remote, f.OpenOnly, f.Reward != "", f.Duration != ""} {
		if on {
			ff.Active++
		}
	}
	return ff
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
