package service

import (
	"context"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// RankSearchForTest ranks f's search with a small bound, and the whole
// match as listingIndex.rank does, for the tests to compare.
func RankSearchForTest(ctx context.Context, c *Catalogue, f furusato.ProjectFilter, limit, firstChunk, maxChunk int) (bounded, whole []int64, err error) {
	f.Statuses, f.Today = furusato.PublicStatuses, c.Today()
	v, err := c.cache.sync(ctx)
	if err != nil {
		return nil, nil, err
	}
	ix, err := c.cache.listingIndex(ctx, v)
	if err != nil {
		return nil, nil, err
	}
	q := search.ParseQuery(f.Query)
	if bounded, err = c.cache.rankSearch(ctx, ix, f, q, bound{limit, firstChunk, maxChunk}); err != nil {
		return nil, nil, err
	}
	m, err := c.db.MatchProjects(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	return bounded, ix.rank(f, m), nil
}

// HoldIndexLoads makes every listing index load of c wait until release is
// called, as a slow load of a large catalogue would.
func HoldIndexLoads(c *Catalogue) (release func()) {
	gate := make(chan struct{})
	c.cache.beforeLoad = func() { <-gate }
	return func() { close(gate) }
}

// WholeMatchesForTest is how many searches of c read every match.
func WholeMatchesForTest(c *Catalogue) uint64 { return c.cache.wholeMatches.Load() }
