package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/ui"
)

// parseFilter reads the list parameters: q, prefecture (slug, repeatable),
// area (slug), theme (slug, repeatable), remote=1, reward, duration, open=1,
// sort and page. Empty values mean "any". Anything else it does not know
// is an EINVALID error whose Fields name each bad parameter with a
// message-catalogue key.
func parseFilter(q url.Values) (furusato.ProjectFilter, int, error) {
	var f furusato.ProjectFilter
	bad := map[string]string{}
	f.Query = strings.TrimSpace(q.Get("q"))
	if err := service.CheckQuery(f.Query); err != nil {
		bad["q"] = furusato.ErrorFields(err)["q"]
	}
	for _, s := range q["prefecture"] {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, ok := furusato.PrefectureBySlug(s)
		if !ok {
			bad["prefecture"] = "error.prefecture"
			continue
		}
		f.Prefectures = append(f.Prefectures, p.Code)
	}
	if s := strings.TrimSpace(q.Get("area")); s != "" {
		if _, ok := furusato.AreaBySlug(s); !ok {
			bad["area"] = "error.area"
		}
		f.Area = s
	}
	for _, s := range q["theme"] {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if _, ok := furusato.ThemeBySlug(s); !ok {
			bad["theme"] = "error.theme"
			continue
		}
		f.Themes = append(f.Themes, s)
	}
	var ok bool
	if f.Remote, ok = flag(q.Get("remote")); !ok {
		bad["remote"] = "error.flag"
	}
	if f.OpenOnly, ok = flag(q.Get("open")); !ok {
		bad["open"] = "error.flag"
	}
	switch r := furusato.RewardType(q.Get("reward")); r {
	case "", furusato.RewardNone, furusato.RewardHonorarium, furusato.RewardPaid:
		f.Reward = r
	default:
		bad["reward"] = "error.reward"
	}
	switch d := q.Get("duration"); d {
	case "", furusato.DurationShort, furusato.DurationMid, furusato.DurationLong:
		f.Duration = d
	default:
		bad["duration"] = "error.duration"
	}
	switch s := q.Get("sort"); s {
	case "", furusato.SortNewest, furusato.SortDeadline:
		f.Sort = s
	default:
		bad["sort"] = "error.sort"
	}
	page, err := parsePage(q)
	if err != nil {
		bad["page"] = "error.page"
	}
	if len(bad) > 0 {
		return furusato.ProjectFilter{}, 0, &furusato.Error{Code: furusato.EINVALID, Message: "Please check the search conditions.", Fields: bad}
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	return f, page, nil
}

// parsePage reads page: absent or empty is 1; otherwise a whole number
// from 1 to service.MaxPage, or EINVALID.
func parsePage(q url.Values) (int, error) {
	s := strings.TrimSpace(q.Get("page"))
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > service.MaxPage || strings.HasPrefix(s, "+") {
		return 0, &furusato.Error{Code: furusato.EINVALID, Message: "Page out of range.", Fields: map[string]string{"page": "error.page"}}
	}
	return n, nil
}

func flag(s string) (on, ok bool) {
	switch s {
	case "":
		return false, true
	case "1":
		return true, true
	}
	return false, false
}

// filterForm is the filter form of the list page, prefilled.
type filterForm struct {
	L          *ui.Locale
	Q          string
	Areas      []option
	PrefGroups []optionGroup
	Themes     []option
	Remote     bool
	Open       bool
	Rewards    []option
	Durations  []option
	Sorts      []option
	Active     int // how many conditions are set, for 「絞り込み（2）」
}

type option struct {
	Value, Label string
	Checked      bool
}

type optionGroup struct {
	Label   string
	Open    bool
	Options []option
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
	for _, o := range rewardOptions {
		ff.Rewards = append(ff.Rewards, option{o[0], l.T(o[1]), string(f.Reward) == o[0]})
	}
	for _, o := range durationOptions {
		ff.Durations = append(ff.Durations, option{o[0], l.T(o[1]), f.Duration == o[0]})
	}
	sort := or(f.Sort, furusato.SortNewest)
	for _, o := range sortOptions {
		ff.Sorts = append(ff.Sorts, option{o[0], l.T(o[1]), sort == o[0]})
	}
	ff.Active = len(f.Prefectures) + len(f.Themes)
	for _, on := range []bool{f.Area != "", f.Remote, f.OpenOnly, f.Reward != "", f.Duration != ""} {
		if on {
			ff.Active++
		}
	}
	return ff
}

// The choices of the radio groups: value, message key.
var (
	rewardOptions = [][2]string{{"", "filter.reward_any"}, {string(furusato.RewardNone), "filter.reward_none"},
		{string(furusato.RewardHonorarium), "filter.reward_honorarium"}, {string(furusato.RewardPaid), "filter.reward_paid"}}
	durationOptions = [][2]string{{"", "filter.duration_any"}, {furusato.DurationShort, "filter.duration_short"},
		{furusato.DurationMid, "filter.duration_mid"}, {furusato.DurationLong, "filter.duration_long"}}
	sortOptions = [][2]string{{furusato.SortNewest, "sort.newest"}, {furusato.SortDeadline, "sort.deadline"}}
)

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
