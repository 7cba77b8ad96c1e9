package service

import (
	"context"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// SearchLimit is the most results a search with words ranks. A search
// that matches more says so (「1,000件以上」, "more": true in the API) and
// lists its best SearchLimit: 50 pages of 20, more than anyone reads, and
// the cost of a cold search then follows this limit rather than how much
// of the catalogue a common word matches. Listings without words are
// ranked in memory and always counted exactly.
const SearchLimit = 1000

// bound is how a search bounds its work: it ranks limit results (and one
// more, to know that there are more), probing the catalogue's order a chunk
// of firstChunk to maxChunk projects at a time. Tests use small ones.
type bound struct {
	limit, firstChunk, maxChunk int
}

var searchBound = bound{limit: SearchLimit, firstChunk: 500, maxChunk: 4000}

// rankSearch ranks the public projects that match q and pass f's filters,
// as listingIndex.rank does, but only the first b.limit+1 of them.
//
// On PostgreSQL it first looks for the first b.limit+1 title matches a
// span of the listing's order at a time (headSpans): a subject word sits in
// thousands of titles, and the first thousand of them lie in the newest
// fifth of the catalogue. When they are not there, the title-and-catch
// index gives tiers 0 and 1 whole (few projects hold a word in their title
// or catch copy). For the rest it walks the listing's
// order in chunks, asking the database which projects of each chunk match,
// until it has enough: a word that most projects hold is found in the
// first chunk or two. PostgreSQL answers for the chunk's ids
// (store.MatchAmong); SQLite for the span of search keys the chunk covers
// (store.MatchKeys: keys follow publication, so the newest-first listing
// reads a narrow span). A rarer word would need many chunks; when the
// matches found so far say that finding all of them at once
// (store.MatchProjects, whose cost follows the matches) is cheaper, or the
// chunk's keys are spread over much of the catalogue (SQLite, by deadline),
// it does that instead. Either way the result is the first b.limit+1 of
// what listingIndex.rank gives for the whole match.
func (c *listCache) rankSearch(ctx context.Context, ix *listingIndex, f furusato.ProjectFilter, q search.Query, b bound) ([]int64, error) {
	want := b.limit + 1
	// The filter is tested on the heads and on the rest only as far as the
	// probing goes, not on every row: on most rows it is never needed.
	keep := ix.filter(f)
	order := ix.order(f.Today, f.Sort)
	// Tiers by row position, 0 for none: a slice, not a map, since every
	// row is looked up.
	tiers := make([]int8, len(ix.rows))
	if c.db.MatchHeadIsBounded() {
		ids, done, err := c.headSpans(ctx, ix, f, q, order, keep, tiers, want, b)
		if err != nil || done {
			return ids, err
		}
		clear(tiers)
	}
	c.wholeHeads.Add(1)
	head, err := c.db.MatchHead(ctx, q)
	if err != nil {
		return nil, err
	}
	for i, id := range head.IDs {
		if j, ok := ix.position(id); ok {
			tiers[j] = head.Tiers[i] + 1
		}
	}
	var first, second []int64
	for _, i := range order {
		if t := tiers[i]; t != 0 && keep(&ix.rows[i]) {
			if t == 1 {
				first = append(first, ix.rows[i].ID)
			} else {
				second = append(second, ix.rows[i].ID)
			}
		}
	}
	ids := append(first, second...)
	if len(ids) >= want {
		return ids[:want], nil
	}
	need := want - len(ids)
	found := make([]int64, 0, need)
	next, probed := 0, 0 // in order; rows of the rest probed
	var part []int32     // row positions
	chunk := b.firstChunk
	var spans keySpans
	for len(found) < need {
		part = part[:0]
		for ; next < len(order) && len(part) < chunk; next++ {
			if i := order[next]; tiers[i] == 0 && keep(&ix.rows[i]) {
				part = append(part, i)
			}
		}
		if len(part) == 0 {
			break
		}
		if c.db.MatchAmongIsCheap() {
			partIDs := make([]int64, len(part))
			for j, i := range part {
				partIDs[j] = ix.rows[i].ID
			}
			hits, err := c.db.MatchAmong(ctx, q, partIDs)
			if err != nil {
				return nil, err
			}
			found = appendInOrder(found, ix, part, hits)
		} else {
			lo, hi, ok := spans.uncovered(ix, part)
			if ok && ix.keysIn(lo, hi) > len(ix.rows)/4 {
				return c.rankWhole(ctx, ix, f, q, want) // as costly as the whole match
			}
			if ok {
				if err := spans.read(ctx, c.db, q, lo, hi); err != nil {
					return nil, err
				}
			}
			found = spans.appendHits(found, ix, part)
		}
		probed += len(part)
		if len(found) >= need || next >= len(order) {
			break
		}
		// Matches per project probed so far (at least half a match, so a
		// word not yet seen counts as rare rather than absent).
		density := (float64(len(found)) + 0.5) / float64(probed)
		probe := float64(need-len(found)) / density // projects still to probe
		if probe > density*float64(len(ix.rows)) {
			// Finding every match costs less than probing for the rest.
			return c.rankWhole(ctx, ix, f, q, want)
		}
		chunk = min(max(int(probe*1.2), b.firstChunk), b.maxChunk)
	}
	ids = append(ids, found...)
	return ids[:min(len(ids), want)], nil
}

// appendInOrder appends to dst the ids of the rows of part that are in
// hits, in the order of part.
func appendInOrder(dst []int64, ix *listingIndex, part []int32, hits []int64) []int64 {
	if len(hits) == 0 {
		return dst
	}
	slices.Sort(hits)
	for _, i := range part {
		if _, ok := slices.BinarySearch(hits, ix.rows[i].ID); ok {
			dst = append(dst, ix.rows[i].ID)
		}
	}
	return dst
}

// rankWhole ranks every match of q and keeps the first want.
func (c *listCache) rankWhole(ctx context.Context, ix *listingIndex, f furusato.ProjectFilter, q search.Query, want int) ([]int64, error) {
	c.wholeMatches.Add(1)
	m, err := c.db.MatchProjects(ctx, q)
	if err != nil {
		return nil, err
	}
	return ix.rank(f, m, want), nil
}
