package service

import (
	"context"
	"fmt"
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

	mu          sync.Mutex
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
		c.lists, c.order, c.size = map[string][]int64{}, nil, 0
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
		if ids, err = c.db.RankProjects(ctx, f); err != nil {
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
