package service

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// The listing parameters ParseProjectFilter reads, in the order of the
// filter form (the page's error summary lists problems in this order).
var ListParams = []string{"q", "prefecture", "area", "theme", "remote", "reward", "duration", "open", "sort", "page", "per_page"}

// ParseQueryString parses a raw query string. A malformed one (a broken
// %-escape, a semicolon) is EINVALID on the field "query" rather than
// silently shortened, on every edge.
func ParseQueryString(raw string) (url.Values, error) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &furusato.Error{Code: furusato.EINVALID, Message: "The query string is malformed.",
			Fields: map[string]string{"query": "error.query_string"}}
	}
	return q, nil
}

// ParseProjectFilter reads a project listing's query: the pages and the API
// both call it, so that they accept and refuse the same things.
//
//   - q: the words; at most search.MaxQueryRunes, valid text.
//   - prefecture, theme: slugs, repeatable and comma-separated; any value
//     matches (OR within the facet).
//   - area: one area slug.
//   - remote, open: 1/true or 0/false.
//   - reward, duration, sort: one of furusato.RewardTypes, Durations, Sorts.
//   - page: 1 to MaxPage; per_page: 1 to MaxPerPage (DefaultPerPage).
//
// An empty value counts as absent, as HTML forms send them. A parameter it
// does not know is ignored here (the API's route table refuses it). Every
// bad parameter is named in one EINVALID, with a message-catalogue key.
// The filter's Offset and Limit are set from page and per_page; Sort is
// SortNewest when not given.
func ParseProjectFilter(q url.Values) (furusato.ProjectFilter, error) {
	p := filterParams{q: q, bad: map[string]string{}}
	var f furusato.ProjectFilter
	f.Query = p.one("q")
	if err := CheckQuery(f.Query); err != nil {
		key := furusato.ErrorFields(err)["q"]
		if key == "error.query_too_long" {
			p.fail("q", key, "Max", search.MaxQueryRunes)
		} else {
			p.fail("q", key)
		}
	}
	for _, s := range p.list("prefecture", len(furusato.Prefectures), "error.prefecture") {
		if pr, ok := furusato.PrefectureBySlug(s); ok {
			f.Prefectures = append(f.Prefectures, pr.Code)
		} else {
			p.fail("prefecture", "error.prefecture")
		}
	}
	if a := p.one("area"); a != "" {
		if _, ok := furusato.AreaBySlug(a); ok {
			f.Area = a
		} else {
			areas := make([]string, len(furusato.Areas))
			for i, a := range furusato.Areas {
				areas[i] = a.Slug
			}
			p.fail("area", "error.area", "Allowed", areas)
		}
	}
	for _, s := range p.list("theme", len(furusato.Themes), "error.theme") {
		if _, ok := furusato.ThemeBySlug(s); ok {
			f.Themes = append(f.Themes, s)
		} else {
			p.fail("theme", "error.theme", "Allowed", themeSlugs())
		}
	}
	f.Remote = p.flag("remote")
	f.OpenOnly = p.flag("open")
	if r := furusato.RewardType(p.one("reward")); r != "" {
		if r.Valid() {
			f.Reward = r
		} else {
			rewards := make([]string, len(furusato.RewardTypes))
			for i, r := range furusato.RewardTypes {
				rewards[i] = string(r)
			}
			p.fail("reward", "error.reward", "Allowed", rewards)
		}
	}
	f.Duration = p.choice("duration", furusato.Durations, "error.duration")
	f.Sort = p.choice("sort", furusato.Sorts, "error.sort")
	if f.Sort == "" {
		f.Sort = furusato.SortNewest
	}
	page := p.number("page", 1, MaxPage, 1, "error.page")
	perPage := p.number("per_page", 1, MaxPerPage, DefaultPerPage, "error.per_page")
	if len(p.bad) > 0 {
		return furusato.ProjectFilter{}, p.err("Please check the search conditions.")
	}
	f.Offset, f.Limit = (page-1)*perPage, perPage
	return f, nil
}

// PageOf returns the page number and page size of a filter made by
// ParseProjectFilter.
func PageOf(f furusato.ProjectFilter) (page, perPage int) {
	if f.Limit <= 0 {
		return 1, DefaultPerPage
	}
	return f.Offset/f.Limit + 1, f.Limit
}

// ParsePage reads the page parameter of any paged list: absent or empty
// is 1, otherwise a whole number from 1 to MaxPage, or EINVALID.
func ParsePage(q url.Values) (int, error) {
	p := filterParams{q: q, bad: map[string]string{}}
	page := p.number("page", 1, MaxPage, 1, "error.page")
	if len(p.bad) > 0 {
		return 0, p.err("Page out of range.")
	}
	return page, nil
}

// filterParams collects one error per bad parameter, so that a visitor or
// a client learns of all its mistakes at once.
type filterParams struct {
	q      url.Values
	bad    map[string]string
	params map[string]furusato.Params
}

// fail records key for name with the values its rule names (pairs of name
// and value: Min and Max, or Allowed), unless name has an error already.
func (p *filterParams) fail(name, key string, kv ...any) {
	if _, ok := p.bad[name]; ok {
		return
	}
	p.bad[name] = key
	if len(kv) < 2 {
		return
	}
	if p.params == nil {
		p.params = map[string]furusato.Params{}
	}
	ps := furusato.Params{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		ps[k] = kv[i+1]
	}
	p.params[name] = ps
}

// err is the collected errors as one EINVALID, with their params.
func (p *filterParams) err(msg string) error {
	return &furusato.Error{Code: furusato.EINVALID, Message: msg, Fields: p.bad, Params: p.params}
}

// one returns the single value of name, trimmed ("" when absent); a
// parameter given twice with different values is an error.
func (p *filterParams) one(name string) string {
	var v string
	for _, s := range p.q[name] {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if v != "" && s != v {
			p.fail(name, "error.repeated")
			return ""
		}
		v = s
	}
	return v
}

// list returns the values of a repeatable parameter, also split on commas,
// trimmed, without empties or duplicates. More than max different values
// (more than the facet has) is refused with key at once, so a long query
// string costs one pass, never a comparison of every value with every
// other.
func (p *filterParams) list(name string, max int, key string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range p.q[name] {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s == "" || seen[s] {
				continue
			}
			if len(out) == max {
				p.fail(name, key)
				return nil
			}
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// flag reads 1/true or 0/false.
func (p *filterParams) flag(name string) bool {
	switch p.one(name) {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	}
	p.fail(name, "error.flag", "Allowed", []string{"1", "0", "true", "false"})
	return false
}

// choice reads one of allowed ("" when absent).
func (p *filterParams) choice(name string, allowed []string, key string) string {
	v := p.one(name)
	if v == "" || slices.Contains(allowed, v) {
		return v
	}
	p.fail(name, key, "Allowed", allowed)
	return ""
}

// number reads a plain decimal number (no sign) in [lo, hi]; def when
// absent.
func (p *filterParams) number(name string, lo, hi, def int, key string) int {
	v := p.one(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi || strings.HasPrefix(v, "+") {
		p.fail(name, key, "Min", lo, "Max", hi)
		return def
	}
	return n
}

// themeSlugs lists the slugs of the themes, the values theme allows.
func themeSlugs() []string {
	out := make([]string, len(furusato.Themes))
	for i, t := range furusato.Themes {
		out[i] = t.Slug
	}
	return out
}
