package service

import (
	"strconv"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// rankingKey is the key f's ranking is kept under: the filter without its
// page, the query normalised. Every path that keeps or looks up a ranking
// goes through it, so that they agree.
func rankingKey(f furusato.ProjectFilter) string {
	f.Offset, f.Limit = 0, 0
	f.Query = search.Normalize(f.Query)
	return listKey(f)
}

// listKey is the listing cache's key of f: every field but the page
// (Offset, Limit), with f.Query as given (the caller normalises it). It is
// built on every listing, so it appends to one buffer rather than
// formatting f with fmt (which reflected over every field: some 2 µs and a
// dozen allocations a request). Each string is written after its length
// and each list after its count, so distinct filters give distinct keys
// whatever their texts hold (TestListKey_DistinctFiltersGiveDistinctKeys,
// which also fails when ProjectFilter gains a field that this does not
// write).
func listKey(f furusato.ProjectFilter) string {
	b := make([]byte, 0, 64+len(f.Query)+len(f.Area)+len(f.Sort))
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	num := func(n int64) {
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ';')
	}
	flag := func(v bool) {
		if v {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
	}
	str(f.Query)
	num(int64(len(f.Prefectures)))
	for _, p := range f.Prefectures {
		num(int64(p))
	}
	str(f.Area)
	num(int64(len(f.Themes)))
	for _, t := range f.Themes {
		str(t)
	}
	flag(f.Remote)
	str(string(f.Reward))
	str(f.Duration)
	flag(f.OpenOnly)
	num(f.CompanyID)
	num(f.OrgID)
	num(f.ExcludeID)
	str(f.Sort)
	num(int64(len(f.Statuses)))
	for _, s := range f.Statuses {
		str(string(s))
	}
	num(int64(f.Today.Year))
	num(int64(f.Today.Month))
	num(int64(f.Today.Day))
	return string(b)
}
