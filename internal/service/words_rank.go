package service

import (
	"math/bits"
	"slices"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// rankWords ranks the public projects found in every one of ms (the cached
// matches of a query's words) that pass f's filters, exactly as
// listingIndex.rank ranks their intersection (by tier, then the listing's
// order), but it returns only the first want and builds nothing per row of
// the catalogue:
//
//   - the matches are intersected by walking the smallest one and asking
//     the others whether they hold each id (store.IDSet: a bit read when
//     a word is common, a binary search of its sparse list otherwise);
//   - each project found sets one bit, at its place in the listing's order,
//     in the bitmap of its tier (pooled: three bits a project, 37 KB at
//     100,000 projects), so the ranking is a read of the three bitmaps in
//     turn, no sort and no per-request array of the catalogue's size;
//   - the filters are tested only on the projects read from the bitmaps,
//     and the read stops at want.
//
// A pair of common words at 100,000 projects thus costs a walk of its
// smaller match and a few thousand words of bitmap.
func (ix *listingIndex) rankWords(f furusato.ProjectFilter, ms []*store.WordMatch, want int) []int64 {
	if len(ms) == 0 || want <= 0 {
		return nil
	}
	order, rankOf := ix.ranking(f.Today, f.Sort)
	n := len(order)
	nw := (n + 63) / 64
	bp := tierBits.Get().(*[]uint64)
	if cap(*bp) < 3*nw {
		*bp = make([]uint64, 3*nw)
	}
	all := (*bp)[:3*nw]
	defer func() {
		clear(all)
		tierBits.Put(bp)
	}()
	tiers := [3][]uint64{all[:nw], all[nw : 2*nw], all[2*nw:]}

	found := 0
	eachMatch(ms, func(id int64, places uint8) {
		p, ok := ix.position(id)
		if !ok {
			return // not public
		}
		r := rankOf[p]
		t := 2
		if places&inTitle != 0 {
			t = 0
		} else if places&inCatch != 0 {
			t = 1
		}
		tiers[t][r>>6] |= 1 << (uint(r) & 63)
		found++
	})
	if found == 0 {
		return nil
	}
	keep := ix.filter(f)
	ids := make([]int64, 0, min(found, want))
	for _, tb := range tiers {
		for w, word := range tb {
			for word != 0 {
				r := w<<6 | bits.TrailingZeros64(word)
				word &= word - 1
				if row := &ix.rows[order[r]]; keep(row) {
					ids = append(ids, row.ID)
					if len(ids) == want {
						return ids
					}
				}
			}
		}
	}
	return ids
}

// eachMatch calls fn with every id found in all of ms, ascending, and
// where every word is (inTitle, inCatch: the places common to all). It
// walks the smallest match and asks the others whether they hold each id
// (a bit read, or a binary search of a sparse set). This is the one place
// that reads the matches' representation (store.IDSet).
func eachMatch(ms []*store.WordMatch, fn func(id int64, places uint8)) {
	small := slices.MinFunc(ms, func(a, b *store.WordMatch) int { return a.IDs.Len() - b.IDs.Len() })
	small.IDs.Each(func(id int64) bool {
		title, catch := true, true
		for _, m := range ms {
			if m != small && !m.IDs.Has(id) {
				return true
			}
			title = title && m.Title.Has(id)
			catch = catch && m.Catch.Has(id)
		}
		var places uint8
		if title {
			places |= inTitle
		}
		if catch {
			places |= inCatch
		}
		fn(id, places)
		return true
	})
}

// The places of eachMatch: every word is in the title, in the catch copy.
const (
	inTitle uint8 = 1 << iota
	inCatch
)

// tierBits pools rankWords' bitmaps (returned cleared).
var tierBits = sync.Pool{New: func() any { return new([]uint64) }}

// ranking returns the listing's order (as order does) and its inverse:
// rankOf[p] is the place in order of the row at position p. Both are made
// once per sort and day.
func (ix *listingIndex) ranking(today furusato.Date, sort string) (order, rankOf []int32) {
	order = ix.order(today, sort)
	k := orderKey{today, sort}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if r, ok := ix.ranks[k]; ok {
		return order, r
	}
	if ix.ranks == nil || len(ix.ranks) > 8 {
		ix.ranks = map[orderKey][]int32{} // old days
	}
	rankOf = make([]int32, len(order))
	for r, p := range order {
		rankOf[p] = int32(r)
	}
	ix.ranks[k] = rankOf
	return order, rankOf
}
