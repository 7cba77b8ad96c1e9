package service

import (
	"container/list"
	"context"
	"slices"
	"sync"
	"unsafe"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// DefaultCardCacheBytes is the card cache's budget per node: some 3,000
// cards at about 1.3 KB each.
const DefaultCardCacheBytes = 4 << 20

// cardOverhead is what a card costs besides its strings: the project, its
// company and organisation, the map slot and the list element.
var cardOverhead = int64(unsafe.Sizeof(furusato.Project{})+unsafe.Sizeof(furusato.Company{})+
	unsafe.Sizeof(furusato.Organization{})) + 160

// cardCache keeps the cards (store.ProjectCardsByID's rows) of public
// projects for one catalogue version, by id, so that a new listing page
// reads only the rows it has not shown lately: the searches of common
// words share their newest projects, so a crowd of new searches mostly
// lists projects some other page listed a moment ago. The cards are the
// public catalogue's, the same for everyone. Every catalogue write bumps
// the version, and the first read that sees it empties the cache, as the
// listing and page caches do. Bounded in bytes, least recently used out.
type cardCache struct {
	mu        sync.Mutex
	budget    int64
	version   int64
	cards     map[int64]*list.Element // of *cardEntry, in lru
	lru       list.List
	size      int64
	hits      uint64
	misses    uint64
	evictions uint64
}

type cardEntry struct {
	p    *furusato.Project
	cost int64
}

func newCardCache(budget int64) *cardCache {
	return &cardCache{budget: budget, cards: map[int64]*list.Element{}}
}

// cardCost is what p is charged: its strings and cardOverhead.
func cardCost(p *furusato.Project) int64 {
	n := len(p.Slug) + len(p.Title) + len(p.CatchCopy) + len(p.City) + len(p.CoverKey)
	for _, t := range p.Themes {
		n += len(t) + 16
	}
	if p.Company != nil {
		n += len(p.Company.Slug) + len(p.Company.Name)
	}
	if p.Organization != nil {
		n += len(p.Organization.Slug) + len(p.Organization.Name)
	}
	return int64(n) + cardOverhead
}

// byID returns the cards of ids at catalogue version v, in the order of
// ids (ids that are not found are left out), reading from db only those
// not cached. Each caller gets its own copies, which it may change: the
// cached cards copied, the rows just read as they are (the cache keeps
// copies of those).
func (c *cardCache) byID(ctx context.Context, db *store.DB, v int64, ids []int64) ([]*furusato.Project, error) {
	ps, _, err := c.read(ctx, db, v, ids, false)
	return ps, err
}

// byIDAt is byID for a caller that has not read the catalogue version in
// this request, only remembers v: it also gives the version now committed,
// read in the same statement as the missing cards (or on its own when all
// are cached). The cards are v's only when that version is v; cards read
// at another version are not kept.
func (c *cardCache) byIDAt(ctx context.Context, db *store.DB, v int64, ids []int64) ([]*furusato.Project, int64, error) {
	return c.read(ctx, db, v, ids, true)
}

func (c *cardCache) read(ctx context.Context, db *store.DB, v int64, ids []int64, withVersion bool) ([]*furusato.Project, int64, error) {
	if len(ids) == 0 && !withVersion {
		return nil, v, nil
	}
	var got map[int64]*furusato.Project // the cached ones, copied after the lock
	var missing []int64
	c.mu.Lock()
	use := c.budget > 0 && v >= c.version
	if use && v > c.version {
		c.version = v
		c.cards, c.size = map[int64]*list.Element{}, 0
		c.lru.Init()
	}
	if use {
		for _, id := range ids {
			if e, ok := c.cards[id]; ok {
				c.lru.MoveToFront(e)
				if got == nil {
					got = make(map[int64]*furusato.Project, len(ids))
				}
				got[id] = e.Value.(*cardEntry).p
				c.hits++
			} else {
				missing = append(missing, id)
			}
		}
		c.misses += uint64(len(missing))
	} else {
		missing = ids
	}
	c.mu.Unlock()
	for id, p := range got {
		got[id] = copyCard(p)
	}
	var read []*furusato.Project
	at := v
	var err error
	switch {
	case len(missing) > 0 && withVersion:
		read, at, err = db.ProjectCardsByIDAt(ctx, missing)
	case len(missing) > 0:
		read, err = db.ProjectCardsByID(ctx, missing)
	case withVersion:
		at, err = db.CatalogueVersion(ctx)
	}
	if err != nil {
		return nil, 0, err
	}
	if use && at == v && len(read) > 0 {
		c.keep(v, read)
	}
	if got == nil {
		return read, at, nil // in the order of ids, as ProjectCardsByID gives them
	}
	for _, p := range read {
		got[p.ID] = p
	}
	out := make([]*furusato.Project, 0, len(ids))
	for _, id := range ids {
		if p := got[id]; p != nil {
			out = append(out, p)
		}
	}
	return out, at, nil
}

// keep keeps ps as version v's cards, evicting the least recently used.
func (c *cardCache) keep(v int64, ps []*furusato.Project) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		return
	}
	for _, p := range ps {
		if _, ok := c.cards[p.ID]; ok {
			continue
		}
		cost := cardCost(p)
		if cost > c.budget/4 {
			continue
		}
		c.evictTo(c.budget - cost)
		c.cards[p.ID] = c.lru.PushFront(&cardEntry{p: copyCard(p), cost: cost})
		c.size += cost
	}
}

// evictTo drops least recently used cards until at most limit bytes are
// kept. c.mu is held.
func (c *cardCache) evictTo(limit int64) {
	for c.size > limit {
		e := c.lru.Back()
		if e == nil {
			return
		}
		ce := c.lru.Remove(e).(*cardEntry)
		delete(c.cards, ce.p.ID)
		c.size -= ce.cost
		c.evictions++
	}
}

func (c *cardCache) setBudget(budget int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget = budget
	c.evictTo(max(budget, 0))
}

func (c *cardCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Bytes: c.size, Budget: c.budget, Entries: len(c.cards), Evictions: c.evictions, Hits: c.hits, Misses: c.misses}
}

// copyCard returns a copy of the card p that shares nothing a caller might
// change with it.
func copyCard(p *furusato.Project) *furusato.Project {
	q := *p
	q.Themes, q.Skills, q.Supporters = slices.Clone(p.Themes), slices.Clone(p.Skills), slices.Clone(p.Supporters)
	q.SelectionSteps = slices.Clone(p.SelectionSteps)
	if p.Company != nil {
		co := *p.Company
		q.Company = &co
	}
	if p.Organization != nil {
		o := *p.Organization
		o.Prefectures = slices.Clone(o.Prefectures)
		q.Organization = &o
	}
	return &q
}
