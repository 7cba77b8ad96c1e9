package service

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// listCache keeps the ranked id lists of recent listings, keyed by the
// normalised query and filters (not the page), so that every page of a
// query, and its total, comes from one ranking. Every write to the catalogue
// bumps a version in the database in the same transaction; each lookup reads
// that version (one indexed row), so a node never serves a listing older than
// the last committed write, even when another node made it.
type listCache struct {
	db     *store.DB
	budget int // ids kept in all lists together

	loadMu sync.Mutex // one index load at a time

	mu          sync.Mutex
	index       *listingIndex // of version, nil until needed
	version     int64
	lists       map[string][]int64
	order       []string // insertion order, oldest first, for eviction
	size        int
	countsByDay map[furusato.Date]*furusato.CatalogueCounts
}

func newListCache(db *store.DB, budget int) *listCache {
	return &listCache{db: db, budget: budget, lists: map[string][]int64{}, countsByDay: map[furusato.Date]*furusato.CatalogueCounts{}}
}

// sync drops everything when the catalogue changed since the last look.
func (c *listCache) sync(ctx context.Context) (int64, error) {
	v, err := c.db.CatalogueVersion(ctx)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if v != c.version {
		c.version = v
		c.lists, c.order, c.size, c.index = map[string][]int64{}, nil, 0, nil
		c.countsByDay = map[furusato.Date]*furusato.CatalogueCounts{}
	}
	c.mu.Unlock()
	return v, nil
}

func (c *listCache) findProjects(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	v, err := c.sync(ctx)
	if err != nil {
		return nil, 0, err
	}
	rank := f
	rank.Offset, rank.Limit = 0, 0
	rank.Query = search.Normalize(f.Query)
	key := fmt.Sprintf("%+v", rank)
	c.mu.Lock()
	ids, ok := c.lists[key]
	c.mu.Unlock()
	if !ok {
		if ids, err = c.rank(ctx, v, f); err != nil {
			return nil, 0, err
		}
		c.put(v, key, ids)
	}
	lo, hi := min(f.Offset, len(ids)), min(f.Offset+f.Limit, len(ids))
	ps, err := c.db.ProjectsByID(ctx, ids[lo:hi])
	if err != nil {
		return nil, 0, err
	}
	return ps, len(ids), nil
}

// rank ranks f's matches in memory over the listing index of version v;
// only the words go to the database, and only to its search index.
func (c *listCache) rank(ctx context.Context, v int64, f furusato.ProjectFilter) ([]int64, error) {
	if !slices.Equal(f.Statuses, furusato.PublicStatuses) {
		return c.db.RankProjects(ctx, f) // the index holds public projects only
	}
	ix, err := c.listingIndex(ctx, v)
	if err != nil {
		return nil, err
	}
	var m *store.SearchMatch
	if q := search.ParseQuery(f.Query); !q.Empty() {
		if m, err = c.db.MatchProjects(ctx, q); err != nil {
			return nil, err
		}
	}
	return ix.rank(f, m), nil
}

// listingIndex returns the index of version v (or newer), loading it once
// however many requests ask at the same moment.
func (c *listCache) listingIndex(ctx context.Context, v int64) (*listingIndex, error) {
	c.mu.Lock()
	ix := c.index
	c.mu.Unlock()
	if ix != nil && ix.version >= v {
		return ix, nil
	}
	c.loadMu.Lock()
	defer c.loadMu.Unlock()
	c.mu.Lock()
	ix = c.index
	c.mu.Unlock()
	if ix != nil && ix.version >= v {
		return ix, nil // another request loaded it meanwhile
	}
	// Rows read now are at least as new as v, never older.
	rows, err := c.db.ListingRows(ctx, furusato.PublicStatuses)
	if err != nil {
		return nil, err
	}
	ix = newListingIndex(v, rows)
	c.mu.Lock()
	if c.version == v {
		c.index = ix
	}
	c.mu.Unlock()
	return ix, nil
}

func (c *listCache) put(v int64, key string, ids []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v || len(ids) > c.budget {
		return // stale meanwhile, or too big to keep
	}
	if _, ok := c.lists[key]; ok {
		return
	}
	for c.size+len(ids) > c.budget && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.lists[old])
		delete(c.lists, old)
	}
	c.lists[key] = ids
	c.order = append(c.order, key)
	c.size += len(ids)
}

func (c *listCache) counts(ctx context.Context, today furusato.Date) (*furusato.CatalogueCounts, error) {
	v, err := c.sync(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	cc, ok := c.countsByDay[today]
	c.mu.Unlock()
	if ok {
		return cc, nil
	}
	cc, err = c.db.CountCatalogue(ctx, today)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.version == v {
		c.countsByDay[today] = cc
	}
	c.mu.Unlock()
	return cc, nil
}
