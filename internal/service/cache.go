package service

import (
	"context"
	"fmt"
	"sync"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// listCache keeps recent listing results keyed by the normalised query and
// filters. Every write to the catalogue bumps a version in the database in
// the same transaction; each lookup reads that version (one indexed row), so
// a node never serves a listing older than the last committed write, even
// when another node made it.
//
// Cached projects are shared between requests: callers must not modify them.
type listCache struct {
	db  *store.DB
	max int

	mu          sync.Mutex
	version     int64
	lists       map[string]listResult
	countsByDay map[furusato.Date]*furusato.CatalogueCounts
}

type listResult struct {
	projects []*furusato.Project
	total    int
}

func newListCache(db *store.DB, max int) *listCache {
	return &listCache{db: db, max: max, lists: map[string]listResult{}, countsByDay: map[furusato.Date]*furusato.CatalogueCounts{}}
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
		c.lists = map[string]listResult{}
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
	raw := f.Query
	f.Query = search.Normalize(raw)
	key := fmt.Sprintf("%+v", f)
	f.Query = raw
	c.mu.Lock()
	r, ok := c.lists[key]
	c.mu.Unlock()
	if ok {
		return r.projects, r.total, nil
	}
	ps, total, err := c.db.FindProjects(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	if c.version == v { // not stale meanwhile
		if len(c.lists) >= c.max {
			c.lists = map[string]listResult{} // crude but bounded; hits refill it
		}
		c.lists[key] = listResult{ps, total}
	}
	c.mu.Unlock()
	return ps, total, nil
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
