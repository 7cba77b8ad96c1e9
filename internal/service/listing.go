package service

import (
	"cmp"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// listingIndex holds the ranking columns of every public project of one
// catalogue version, so that listings are filtered and ranked in memory:
// the database then only answers which projects match the words. It ranks
// exactly as store.RankProjects does (a test holds them together).
type listingIndex struct {
	version int64
	rows    []store.ListingRow
	byID    map[int64]int32
}

func newListingIndex(version int64, rows []store.ListingRow) *listingIndex {
	ix := &listingIndex{version: version, rows: rows, byID: make(map[int64]int32, len(rows))}
	for i, r := range rows {
		ix.byID[r.ID] = int32(i)
	}
	return ix
}

// ranked is one candidate with its sort keys.
type ranked struct {
	tier int8
	shut int8 // 0 taking entries, 1 not
	row  *store.ListingRow
}

// rank returns the ids of the public projects matching f and, when the
// filter has words, m, in the order of store.RankProjects.
func (ix *listingIndex) rank(f furusato.ProjectFilter, m *store.SearchMatch) []int64 {
	keep := ix.filter(f)
	today := f.Today.String()
	var cands []ranked
	add := func(r *store.ListingRow, tier int8) {
		if !keep(r) {
			return
		}
		shut := int8(1)
		if r.Status == furusato.StatusPublished && r.Deadline >= today {
			shut = 0
		}
		cands = append(cands, ranked{tier: tier, shut: shut, row: r})
	}
	if m != nil {
		for i, id := range m.IDs {
			if j, ok := ix.byID[id]; ok {
				add(&ix.rows[j], m.Tiers[i])
			}
		}
	} else {
		for i := range ix.rows {
			add(&ix.rows[i], 0)
		}
	}
	byDeadline := f.Sort == furusato.SortDeadline
	slices.SortFunc(cands, func(a, b ranked) int {
		if c := cmp.Compare(a.tier, b.tier); c != 0 {
			return c
		}
		if c := cmp.Compare(a.shut, b.shut); c != 0 {
			return c
		}
		if byDeadline {
			if c := cmp.Compare(a.row.Deadline, b.row.Deadline); c != 0 {
				return c
			}
			return cmp.Compare(a.row.ID, b.row.ID)
		}
		if c := cmp.Compare(b.row.PublishedAt, a.row.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.row.ID, a.row.ID)
	})
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.row.ID
	}
	return ids
}

// filter returns the test of f's conditions other than the words.
func (ix *listingIndex) filter(f furusato.ProjectFilter) func(*store.ListingRow) bool {
	var prefs map[int]bool
	if len(f.Prefectures) > 0 || f.Area != "" {
		prefs = map[int]bool{}
		for _, p := range f.Prefectures {
			prefs[p] = true
		}
		for _, p := range furusato.PrefecturesIn(f.Area) {
			prefs[p.Code] = true
		}
	}
	themes := furusato.ThemeMask(f.Themes)
	today := f.Today.String()
	return func(r *store.ListingRow) bool {
		switch {
		case prefs != nil && !prefs[r.Prefecture],
			len(f.Themes) > 0 && r.ThemesMask&themes == 0,
			f.Remote && !r.WorkStyle.RemotePossible(),
			f.Reward != "" && r.Reward != f.Reward,
			f.Duration == furusato.DurationShort && r.Duration > 3,
			f.Duration == furusato.DurationMid && (r.Duration < 4 || r.Duration > 6),
			f.Duration == furusato.DurationLong && r.Duration < 7,
			f.OpenOnly && (r.Status != furusato.StatusPublished || r.Deadline < today),
			f.CompanyID != 0 && r.CompanyID != f.CompanyID,
			f.OrgID != 0 && r.OrgID != f.OrgID,
			f.ExcludeID != 0 && r.ID == f.ExcludeID:
			return false
		}
		return true
	}
}
