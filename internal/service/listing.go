package service

import (
	"cmp"
	"slices"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// listingIndex holds the ranking columns of every public project of one
// catalogue version, so that listings are filtered and ranked in memory:
// the database then only answers which projects match the words. It ranks
// exactly as store.ReferenceRankProjects does (a test holds them together).
//
// For each sort and JST date it keeps the rows presorted (taking entries
// first, then newest or nearest deadline), so a listing is one pass over
// that order: words only split it into tiers, they never need a sort.
type listingIndex struct {
	version int64
	words   int64 // the words version of the rows' snapshot (store.ListingRowsWords): the word cache's key
	rows    []store.ListingRow
	pos     []int32         // row position by id, -1 for none, when ids are dense (they count up from 1)
	byID    map[int64]int32 // row position by id when they are not

	mu     sync.Mutex
	orders map[orderKey][]int32 // row positions in ranking order
	ranks  map[orderKey][]int32 // place in that order by row position (words_rank.go)

	keysOnce sync.Once
	keys     []int64 // the rows' search keys, sorted (see keysIn)

	spanOnce  sync.Once
	published []int64  // the rows' published_at, sorted (see publishedIn)
	deadlines []string // the deadlines of the rows in the status published, sorted (see deadlinesIn)
}

type orderKey struct {
	today furusato.Date
	sort  string
}

func newListingIndex(version int64, rows []store.ListingRow) *listingIndex {
	ix := &listingIndex{version: version, rows: rows, orders: map[orderKey][]int32{}}
	var top int64
	for _, r := range rows {
		top = max(top, r.ID)
	}
	if top > 4*int64(len(rows))+1<<16 {
		ix.byID = make(map[int64]int32, len(rows))
		for i, r := range rows {
			ix.byID[r.ID] = int32(i)
		}
		return ix
	}
	ix.pos = make([]int32, top+1)
	for i := range ix.pos {
		ix.pos[i] = -1
	}
	for i, r := range rows {
		ix.pos[r.ID] = int32(i)
	}
	return ix
}

// position returns the position of the row of id, if it is public.
func (ix *listingIndex) position(id int64) (int32, bool) {
	if ix.byID != nil {
		j, ok := ix.byID[id]
		return j, ok
	}
	if id <= 0 || id >= int64(len(ix.pos)) || ix.pos[id] < 0 {
		return 0, false
	}
	return ix.pos[id], true
}

// order returns the rows' positions sorted as a listing without words is:
// taking entries first, then by the sort, then id. It is made once per
// sort and day (a deadline passing at midnight moves a project down).
func (ix *listingIndex) order(today furusato.Date, sort string) []int32 {
	k := orderKey{today, sort}
	byDeadline := sort == furusato.SortDeadline
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if o, ok := ix.orders[k]; ok {
		return o
	}
	if len(ix.orders) > 8 {
		clear(ix.orders) // old days
	}
	day := today.String()
	shut := func(r *store.ListingRow) int {
		if sort == furusato.SortPublished || r.Status == furusato.StatusPublished && r.Deadline >= day {
			return 0
		}
		return 1
	}
	o := make([]int32, len(ix.rows))
	for i := range o {
		o[i] = int32(i)
	}
	slices.SortFunc(o, func(i, j int32) int {
		a, b := &ix.rows[i], &ix.rows[j]
		if c := cmp.Compare(shut(a), shut(b)); c != 0 {
			return c
		}
		if byDeadline {
			if c := cmp.Compare(a.Deadline, b.Deadline); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		}
		if c := cmp.Compare(b.PublishedAt, a.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	ix.orders[k] = o
	return o
}

// rank returns the ids of the public projects matching f and, when the
// filter has words, m, in the order of store.ReferenceRankProjects: by tier, then
// the presorted order. With limit > 0 it returns only the first limit of
// them, and holds no more than that many of each tier meanwhile: a search
// of two common words keeps a few thousand ids, not the 100,000 it matches.
func (ix *listingIndex) rank(f furusato.ProjectFilter, m *store.SearchMatch, limit int) []int64 {
	keep := ix.filter(f)
	order := ix.order(f.Today, f.Sort)
	if m == nil {
		ids := make([]int64, 0, len(order))
		for _, i := range order {
			if r := &ix.rows[i]; keep(r) {
				ids = append(ids, r.ID)
				if len(ids) == limit {
					break
				}
			}
		}
		return ids
	}
	tier := make([]int8, len(ix.rows))
	for i := range tier {
		tier[i] = -1
	}
	for i, id := range m.IDs {
		if j, ok := ix.position(id); ok {
			tier[j] = m.Tiers[i]
		}
	}
	var buckets [3][]int64
	for _, i := range order {
		t := tier[i]
		if t < 0 || limit > 0 && len(buckets[t]) >= limit || !keep(&ix.rows[i]) {
			continue
		}
		buckets[t] = append(buckets[t], ix.rows[i].ID)
		if t == 0 && len(buckets[0]) == limit {
			break // the best limit are found
		}
	}
	ids := slices.Concat(buckets[0], buckets[1], buckets[2])
	if limit > 0 && len(ids) > limit {
		ids = slices.Clip(ids[:limit])
	}
	return ids
}

// filter returns the test of f's conditions other than the words. Facets
// combine with AND, the values within one facet with OR: area 中部 and
// prefecture 岐阜県 keep the projects of Gifu only.
func (ix *listingIndex) filter(f furusato.ProjectFilter) func(*store.ListingRow) bool {
	prefs := codeSet(f.Prefectures)
	var area map[int]bool
	if f.Area != "" {
		area = map[int]bool{} // an unknown area matches nothing
		for _, p := range furusato.PrefecturesIn(f.Area) {
			area[p.Code] = true
		}
	}
	themes := furusato.ThemeMask(f.Themes)
	today := f.Today.String()
	// Listings without facets (the plain list, open ones by deadline) test
	// every row of the catalogue: they skip the facets' tests.
	if prefs == nil && area == nil && len(f.Themes) == 0 && !f.Remote && f.Reward == "" && f.Duration == "" && f.CompanyID == 0 && f.OrgID == 0 {
		return func(r *store.ListingRow) bool {
			return !(f.OpenOnly && (r.Status != furusato.StatusPublished || r.Deadline < today) || f.ExcludeID != 0 && r.ID == f.ExcludeID)
		}
	}
	return func(r *store.ListingRow) bool {
		switch {
		case prefs != nil && !prefs[r.Prefecture],
			area != nil && !area[r.Prefecture],
			len(f.Themes) > 0 && r.ThemesMask&themes == 0,
			f.Remote && !r.WorkStyle.RemotePossible(),
			f.Reward != "" && r.Reward != f.Reward,
			!furusato.InDuration(f.Duration, r.Duration),
			f.OpenOnly && (r.Status != furusato.StatusPublished || r.Deadline < today),
			f.CompanyID != 0 && r.CompanyID != f.CompanyID,
			f.OrgID != 0 && r.OrgID != f.OrgID,
			f.ExcludeID != 0 && r.ID == f.ExcludeID:
			return false
		}
		return true
	}
}

// codeSet is the set of codes, nil when there are none (no condition).
func codeSet(codes []int) map[int]bool {
	if len(codes) == 0 {
		return nil
	}
	m := make(map[int]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}
