package service

import (
	"context"
	"sync"
	"unsafe"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// DefaultCardCacheBytes is the card cache's budget per node: some 12,000
// cards of the generated catalogue (cards_compact.go) at about 350 bytes
// each.
const DefaultCardCacheBytes = 4 << 20

// cardCache keeps the cards (store.ProjectCardsByID's rows) of public
// projects for one catalogue version, by id, so that a new listing page
// reads only the rows it has not shown lately: the searches of common
// words share their newest projects, so a crowd of new searches mostly
// lists projects some other page listed a moment ago. The cards are the
// public catalogue's, the same for everyone. Every catalogue write bumps
// the version, and the first read that sees it empties the cache, as the
// listing and page caches do. Bounded in bytes (the slots' capacity, the
// text, the map and the shared companies and organisations), least
// recently used out.
type cardCache struct {
	mu         sync.Mutex
	budget     int64
	version    int64
	slots      []card
	free       int32 // the first free slot, chained by next; -1 for none
	head, tail int32 // the most and the least recently used; -1 when empty
	ids        map[int64]int32
	companies  map[int64]*cardOwner
	orgs       map[int64]*cardOwner
	enums      []string // the enum strings the cards' codes name; "" is 0
	enumCodes  map[string]uint8
	size       int64
	hits       uint64
	misses     uint64
	evictions  uint64
	warmedTo   int64 // the version whose warming was planned last: cards_warm.go
	warming    int   // warmings under way
	noWarm     bool  // tests that count reads turn warming off
}

func newCardCache(budget int64) *cardCache {
	c := &cardCache{budget: budget, enums: []string{""}, enumCodes: map[string]uint8{"": 0}}
	c.reset()
	return c
}

// reset empties the cache and lets its memory go. c.mu is held, or c is new.
func (c *cardCache) reset() {
	c.slots, c.free, c.head, c.tail, c.size = nil, -1, -1, -1, 0
	c.ids, c.companies, c.orgs = map[int64]int32{}, map[int64]*cardOwner{}, map[int64]*cardOwner{}
}

// slotSize is what a slot of c.slots costs, used or not.
const slotSize = int64(unsafe.Sizeof(card{}))

// cardCost is what a kept card is charged besides its slot: its text and
// its share of the map (measured on the heap by
// TestCardCache_DefaultBudgetHoldsTenThousandCards).
func cardCost(k *card) int64 { return int64(len(k.text)) + 32 }

// byID returns the cards of ids at catalogue version v, in the order of
// ids (ids that are not found are left out), reading from db only those
// not cached. Each caller gets its own projects, which it may change: the
// cached cards made anew, the rows just read as they are (the cache keeps
// its own compact cards of those).
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
	var hit []card // the cached ones, made projects after the lock
	var missing []int64
	c.mu.Lock()
	enums := c.enums // appended to only, so the codes of hit stay good
	use := c.budget > 0 && v >= c.version
	if use && v > c.version {
		c.version = v
		c.reset()
	}
	if use {
		for _, id := range ids {
			if i, ok := c.ids[id]; ok {
				c.toFront(i)
				if hit == nil {
					hit = make([]card, 0, len(ids))
				}
				hit = append(hit, c.slots[i])
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
	var got map[int64]*furusato.Project
	if len(hit) > 0 {
		got = make(map[int64]*furusato.Project, len(ids))
		for i := range hit {
			got[hit[i].id] = hit[i].project(enums)
		}
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
// A card that cannot be kept exactly (fits) is left to be read again.
func (c *cardCache) keep(v int64, ps []*furusato.Project) { c.keepCards(v, ps, false) }

// keepCards is keep, or with warm, keep that evicts nothing: it stops
// where the next card would take the cache past the warming's share of
// its budget, and then reports full.
func (c *cardCache) keepCards(v int64, ps []*furusato.Project, warm bool) (full bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v {
		return false
	}
	for _, p := range ps {
		if _, ok := c.ids[p.ID]; ok || !fits(p) {
			continue
		}
		k, ok := c.card(p)
		if !ok {
			continue
		}
		cost := cardCost(&k)
		if cost+slotSize > c.budget/4 {
			continue
		}
		if warm && c.size+cost+slotSize > c.budget/4*cardWarmShare {
			return true
		}
		// The owners first, counted and held, so that making room
		// counts them and cannot drop them.
		k.company = c.owner(c.companies, p.Company.ID, p.Company.Slug, p.Company.Name)
		k.org = c.owner(c.orgs, p.Organization.ID, p.Organization.Slug, p.Organization.Name)
		i, ok := c.slot(cost)
		if !ok {
			c.release(c.companies, k.company)
			c.release(c.orgs, k.org)
			continue
		}
		c.slots[i] = k
		c.ids[p.ID] = i
		c.link(i)
		c.size += cost
	}
	return false
}

// card returns p as a card, but for the shared owners, which keep sets
// once it has a slot. It fails when the enum table is full, which only
// strings no form accepts could fill. c.mu is held.
func (c *cardCache) card(p *furusato.Project) (card, bool) {
	k := card{
		text: p.Slug + p.Title + p.CatchCopy + p.City + p.CoverKey,
		id:   p.ID, created: store.UnixMS(p.CreatedAt), updated: store.UnixMS(p.UpdatedAt), published: store.UnixMS(p.PublishedAt),
		themes: furusato.ThemeMask(p.Themes), start: packDate(p.StartDate), deadline: packDate(p.Deadline),
		prev: -1, next: -1,
	}
	n := 0
	for i, s := range [...]string{p.Slug, p.Title, p.CatchCopy, p.City} {
		n += len(s)
		k.ends[i] = uint32(n)
	}
	for i, n := range cardInts(p) {
		k.ints[i] = int32(n)
	}
	for i, s := range [...]string{string(p.WorkStyle), string(p.RewardType), string(p.RewardBasis), string(p.TravelCost),
		string(p.Status), string(p.InterviewStyle)} {
		code, ok := c.enumCodes[s]
		if !ok {
			if len(c.enums) > 255 {
				return card{}, false
			}
			code = uint8(len(c.enums))
			c.enums = append(c.enums, s)
			c.enumCodes[s] = code
		}
		k.enums[i] = code
	}
	return k, true
}

// slot returns a free slot for a card of cost, evicting the least recently
// used and growing the slots while the budget allows: doubling from 16,
// so that a small catalogue pays for about the cards it has, but by at
// most a sixteenth of the budget at a time, so that no more than that
// stands empty. c.mu is held.
func (c *cardCache) slot(cost int64) (int32, bool) {
	c.evictTo(c.budget - cost)
	if c.free < 0 && len(c.slots) == cap(c.slots) {
		room := (c.budget - c.size - cost) / slotSize
		step := max(16, min(int64(cap(c.slots)), c.budget/16/slotSize))
		if more := min(step, room); more >= 16 || (more > 0 && c.tail < 0) {
			slots := make([]card, len(c.slots), cap(c.slots)+int(more))
			copy(slots, c.slots)
			c.slots = slots
			c.size += more * slotSize
		} else if c.tail >= 0 {
			c.evict() // its slot is the free one
		}
	}
	if c.free >= 0 {
		i := c.free
		c.free = c.slots[i].next
		return i, true
	}
	if len(c.slots) < cap(c.slots) {
		c.slots = c.slots[:len(c.slots)+1]
		return int32(len(c.slots) - 1), true
	}
	return -1, false
}

// owner returns the shared cardOwner of a company or organisation in m,
// counting one more card of it. c.mu is held.
func (c *cardCache) owner(m map[int64]*cardOwner, id int64, slug, name string) *cardOwner {
	o := m[id]
	if o == nil || o.slug != slug || o.name != name {
		// A rename within one version cannot happen (it bumps the
		// version); a differing owner is kept apart all the same.
		o = &cardOwner{id: id, slug: slug, name: name}
		if m[id] == nil {
			m[id] = o
		}
		c.size += ownerCost(o)
	}
	o.refs++
	return o
}

// release counts one card of o less, dropping o with its last card.
func (c *cardCache) release(m map[int64]*cardOwner, o *cardOwner) {
	if o.refs--; o.refs > 0 {
		return
	}
	if m[o.id] == o {
		delete(m, o.id)
	}
	c.size -= ownerCost(o)
}

// link puts slot i at the front of the LRU list; unlink takes it out;
// toFront moves it there. c.mu is held.
func (c *cardCache) link(i int32) {
	c.slots[i].prev, c.slots[i].next = -1, c.head
	if c.head >= 0 {
		c.slots[c.head].prev = i
	}
	c.head = i
	if c.tail < 0 {
		c.tail = i
	}
}

func (c *cardCache) unlink(i int32) {
	k := &c.slots[i]
	if k.prev >= 0 {
		c.slots[k.prev].next = k.next
	} else {
		c.head = k.next
	}
	if k.next >= 0 {
		c.slots[k.next].prev = k.prev
	} else {
		c.tail = k.prev
	}
}

func (c *cardCache) toFront(i int32) {
	if c.head != i {
		c.unlink(i)
		c.link(i)
	}
}

// evict drops the least recently used card and frees its slot. c.mu is
// held and the cache is not empty.
func (c *cardCache) evict() {
	i := c.tail
	k := &c.slots[i]
	c.unlink(i)
	delete(c.ids, k.id)
	c.size -= cardCost(k)
	c.release(c.companies, k.company)
	c.release(c.orgs, k.org)
	*k = card{next: c.free, prev: -1} // lets its text go
	c.free = i
	c.evictions++
}

// evictTo drops least recently used cards until at most limit bytes are
// kept, or none. c.mu is held.
func (c *cardCache) evictTo(limit int64) {
	for c.size > limit && c.tail >= 0 {
		c.evict()
	}
}

func (c *cardCache) setBudget(budget int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget = budget
	c.evictTo(max(budget, 0))
	if c.size > max(budget, 0) { // the slots alone outgrow it
		c.reset()
	}
}

func (c *cardCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Bytes: c.size, Budget: c.budget, Entries: len(c.ids), Evictions: c.evictions, Hits: c.hits, Misses: c.misses}
}
