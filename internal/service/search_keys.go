package service

import (
	"context"
	"math"
	"slices"

	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// keySpans are the spans of search keys (store.SearchKey) that one search
// has read from SQLite's index, and the ids that matched in them: a chunk
// whose keys were all read needs no query.
type keySpans struct {
	spans [][2]int64
	hits  map[int64]struct{}
}

func (s *keySpans) covered(k int64) bool {
	for _, sp := range s.spans {
		if sp[0] <= k && k <= sp[1] {
			return true
		}
	}
	return false
}

// uncovered returns the smallest span that holds the keys of part's rows
// not read yet; ok is false when there are none.
func (s *keySpans) uncovered(ix *listingIndex, part []int32) (lo, hi int64, ok bool) {
	lo, hi = math.MaxInt64, math.MinInt64
	for _, i := range part {
		if k := ix.key(i); !s.covered(k) {
			lo, hi = min(lo, k), max(hi, k)
		}
	}
	return lo, hi, lo <= hi
}

// read asks the index which projects with keys in [lo, hi] match q.
func (s *keySpans) read(ctx context.Context, db *store.DB, q search.Query, lo, hi int64) error {
	ids, err := db.MatchKeys(ctx, q, lo, hi)
	if err != nil {
		return err
	}
	if s.hits == nil {
		s.hits = make(map[int64]struct{}, len(ids))
	}
	for _, id := range ids {
		s.hits[id] = struct{}{}
	}
	s.spans = append(s.spans, [2]int64{lo, hi})
	return nil
}

// appendHits appends to dst the ids of part's rows that matched, in
// part's order.
func (s *keySpans) appendHits(dst []int64, ix *listingIndex, part []int32) []int64 {
	for _, i := range part {
		if _, ok := s.hits[ix.rows[i].ID]; ok {
			dst = append(dst, ix.rows[i].ID)
		}
	}
	return dst
}

// key is the search key of row i.
func (ix *listingIndex) key(i int32) int64 {
	return store.SearchKey(ix.rows[i].PublishedAt, ix.rows[i].ID)
}

// keysIn returns how many rows have a search key in [lo, hi]: what reading
// that span of the index costs, against the whole catalogue.
func (ix *listingIndex) keysIn(lo, hi int64) int {
	ix.keysOnce.Do(func() {
		ix.keys = make([]int64, len(ix.rows))
		for i := range ix.rows {
			ix.keys[i] = ix.key(int32(i))
		}
		slices.Sort(ix.keys)
	})
	a, _ := slices.BinarySearch(ix.keys, lo)
	b, _ := slices.BinarySearch(ix.keys, hi+1)
	return b - a
}
