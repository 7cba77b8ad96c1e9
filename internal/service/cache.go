package service

import (
	"container/list"
	"context"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// DefaultListCacheBytes is the listing cache's budget per node: the bytes
// its entries may take together, counted as their keys, their ids (4 bytes
// each) and listEntryOverhead each. 16 MB holds some 15,000 searches that
// match a handful of projects (about 1 KB each, mostly the key), some 1,800
// searches of common words (their first 1,001 ids, 4.5 KB with the key), or
// some 350 listings of 10,000 projects (45 KB each); a list of up to about a
// million projects (a quarter of the budget) is still kept. It is a
// constant rather than an option because nothing so far wants it tuned.
const DefaultListCacheBytes = 16 << 20

// listEntryOverhead is what one cached list costs besides its key's bytes
// and its ids' array: the map slot (key header and pointer, with the
// table's spare room, about 80 bytes), the list.Element (48) and the
// listEntry (48). The key and the ids are charged an eighth more than
// their length, for the rounding of allocations to the heap's size classes.
// TestListCache_UniqueSearchesStayWithinBudget measures the heap to keep
// this honest.
const listEntryOverhead = 176

// CacheStats describes a node's listing cache, for /metrics.
type CacheStats struct {
	Bytes     int64  // accounted size of the entries now kept
	Budget    int64  // the most Bytes may reach
	Entries   int    // ranked lists now kept
	Evictions uint64 // lists dropped to stay within Budget, since start
	Hits      uint64 // listings answered from the cache, since start
	Misses    uint64 // listings ranked afresh, since start
}

// listCache keeps the ranked id lists of recent listings, keyed by the
// normalised query and filters (not the page), so that every page of a
// query, and its total, comes from one ranking. Every write to the catalogue
// bumps a version in the database in the same transaction; each lookup reads
// that version (one indexed row), so a node never serves a listing older than
// the last committed write, even when another node made it.
//
// The lists are bounded by bytes, not by count: every entry is charged its
// key, its ids and listEntryOverhead, and the least recently used entries go
// when a new one would exceed the budget, so unique searches (each a new
// key) cannot grow the heap without end. A list bigger than a quarter of the
// budget is not kept at all. Lookups and insertions are O(1) under one mutex.
type listCache struct {
	db       *store.DB
	words    *wordCache
	cards    *cardCache // the rows of the pages shown: cards.go
	budget   int64      // bytes kept in all entries together
	maxEntry int64      // bytes one entry may take

	mu          sync.Mutex
	index       *listingIndex        // of version or older (while load runs), nil until needed
	load        *indexLoad           // the index load in flight, if any
	beforeLoad  func()               // tests: runs before each index load
	today       func() furusato.Date // the JST date, for the order card warming follows; nil: no warming
	ranking     chan struct{}        // one token per ranking under way
	version     int64
	lists       map[string]*list.Element // of *listEntry, in lru
	lru         list.List                // most recently used first
	size        int64                    // accounted bytes of lists
	evictions   uint64
	hits        uint64
	misses      uint64
	countsByDay map[furusato.Date]*furusato.CatalogueCounts

	wholeMatches atomic.Uint64 // searches that read every match (rankWhole)
	wholeHeads   atomic.Uint64 // searches that read every title-and-catch match (MatchHead)
	keptReads    atomic.Uint64 // listings whose cards and version came in one statement (findProjectsKept)
}

// listEntry is one cached ranking and what it is charged.
type listEntry struct {
	key  string
	ids  idList
	cost int64
}

// idList is a ranking's ids, kept as 4-byte ids (project ids count up
// from 1): half the bytes, so the budget holds twice the lists. A list
// with an id beyond that (none so far) is kept as it is.
type idList struct {
	small []uint32
	wide  []int64 // when an id does not fit in small
}

func newIDList(ids []int64) idList {
	small := make([]uint32, len(ids))
	for i, id := range ids {
		if id < 0 || id > store.MaxSetID {
			return idList{wide: slices.Clip(ids)}
		}
		small[i] = uint32(id)
	}
	return idList{small: small}
}

func (l idList) Len() int { return len(l.small) + len(l.wide) }

// bytes is what the list's array takes.
func (l idList) bytes() int64 { return int64(cap(l.small))*4 + int64(cap(l.wide))*8 }

// slice returns the ids from lo to hi.
func (l idList) slice(lo, hi int) []int64 {
	if l.wide != nil {
		return l.wide[lo:hi]
	}
	out := make([]int64, hi-lo)
	for i, id := range l.small[lo:hi] {
		out[i] = int64(id)
	}
	return out
}

func newListCache(db *store.DB, budget int64) *listCache {
	c := &listCache{db: db, words: newWordCache(db, DefaultWordCacheBytes), cards: newCardCache(DefaultCardCacheBytes), lists: map[string]*list.Element{}, countsByDay: map[furusato.Date]*furusato.CatalogueCounts{},
		ranking: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	c.setBudget(budget)
	return c
}

// setBudget changes the byte budget, evicting at once what no longer fits.
func (c *listCache) setBudget(budget int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget, c.maxEntry = budget, budget/4
	c.evictTo(budget)
}

// entryCost is what an entry of key and ids is charged.
func entryCost(key string, ids idList) int64 {
	k, n := int64(len(key)), ids.bytes()
	return k + k/8 + n + n/8 + listEntryOverhead
}

// evictTo drops least recently used entries until at most limit bytes are
// kept. c.mu is held.
func (c *listCache) evictTo(limit int64) {
	for c.size > limit {
		e := c.lru.Back()
		if e == nil {
			return
		}
		le := c.lru.Remove(e).(*listEntry)
		delete(c.lists, le.key)
		c.size -= le.cost
		c.evictions++
	}
}

func (c *listCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Bytes: c.size, Budget: c.budget, Entries: len(c.lists), Evictions: c.evictions, Hits: c.hits, Misses: c.misses}
}

// sync drops everything when the catalogue changed since the last look.
func (c *listCache) sync(ctx context.Context) (int64, error) {
	v, err := c.db.CatalogueVersion(ctx)
	if err != nil {
		return 0, err
	}
	c.observe(v)
	return v, nil
}

// observe takes v, just read from the database, as the catalogue version.
func (c *listCache) observe(v int64) {
	c.mu.Lock()
	if v != c.version {
		c.version = v
		c.lists, c.size = map[string]*list.Element{}, 0 // the index stays until its successor is loaded
		c.lru.Init()
		c.countsByDay = map[furusato.Date]*furusato.CatalogueCounts{}
	}
	c.mu.Unlock()
}

func (c *listCache) findProjects(ctx context.Context, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	v, err := c.sync(ctx)
	if err != nil {
		return nil, 0, err
	}
	return c.findProjectsAt(ctx, v, f)
}

// findProjectsAt is findProjects at catalogue version v, read from the
// database in this request (and observed) by the caller.
func (c *listCache) findProjectsAt(ctx context.Context, v int64, f furusato.ProjectFilter) ([]*furusato.Project, int, error) {
	var err error
	key := rankingKey(f)
	ids, ok := c.get(key)
	if !ok {
		ids, ok, err = c.rankLoading(ctx, v, f, key)
		if err != nil {
			return nil, 0, err
		}
	}
	if !ok {
		// At most a few rankings at once: a burst of new searches queues
		// here instead of each holding its matches (up to a megabyte) at
		// the same time, and a burst of the same one ranks it once.
		select {
		case c.ranking <- struct{}{}:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
		ids, ok = c.peek(key)
		if !ok {
			var ranked []int64
			var at int64
			ranked, at, err = c.rank(ctx, v, f)
			ids = newIDList(ranked)
			if err == nil && at >= v {
				c.keep(v, key, ids) // a ranking over an older index is not kept
			}
		}
		<-c.ranking
		if err != nil {
			return nil, 0, err
		}
	}
	ps, err := c.cards.byID(ctx, c.db, v, pageIDs(ids, f)) // cards: the long texts stay empty
	if err != nil {
		return nil, 0, err
	}
	return stillListed(ps, f), ids.Len(), nil
}

// pageIDs returns the ids of f's page of the ranking ids.
func pageIDs(ids idList, f furusato.ProjectFilter) []int64 {
	shown := ids.Len()
	if !search.ParseQuery(f.Query).Empty() {
		shown = min(shown, SearchLimit) // the one past it only says there are more
	}
	return ids.slice(min(f.Offset, shown), min(f.Offset+f.Limit, shown))
}

// stillListed keeps the cards of ps that f lists: ranked over an index
// older than the cards, a project may have left the public catalogue
// since, or closed under a listing of open ones (OpenOnly: the project's
// own rule, as the listing index applies it to its rows), and is not shown.
func stillListed(ps []*furusato.Project, f furusato.ProjectFilter) []*furusato.Project {
	today := f.Today.Start()
	kept := ps[:0]
	for _, p := range ps {
		if !slices.Contains(f.Statuses, p.Status) && len(f.Statuses) != 0 {
			continue
		}
		if f.OpenOnly && !p.OpenAt(today) {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// rankLoading ranks a search of at most loadWords words from the word
// cache, matching its missing words first (wordCache.matchLoading), and
// keeps the ranking under key. Ranking from the words is cheap (a walk of
// the smaller match, pooled bitmaps), so it holds no ranking token; only
// the words' reads do. ok is false when the search is not one of these, or
// its words could not be had: the caller ranks it the usual way.
//
// Only when matching the missing words costs no more than the bounded
// search (wordCache.cheapToLoad): on SQLite any word, on PostgreSQL a word
// of under a sixteenth of the catalogue by the word cache's estimate
// (store.WholeMatchCheapBelow); otherwise the search keeps the bounded way
// and queues its words for the worker.
func (c *listCache) rankLoading(ctx context.Context, v int64, f furusato.ProjectFilter, key string) (ids idList, ok bool, err error) {
	q := search.ParseQuery(f.Query)
	below := c.db.WholeMatchCheapBelow()
	if q.Empty() || len(q.Words) > loadWords {
		return idList{}, false, nil
	}
	c.mu.Lock()
	cur := c.index
	c.mu.Unlock()
	if cur != nil && !c.words.cheapToLoad(cur.words, q, below) {
		return idList{}, false, nil // not cheap as far as this node knows: no wait for a new index
	}
	ix, err := c.listingIndex(ctx, v)
	if err != nil || ix.version != v {
		return idList{}, false, err // an older index: the usual way, not kept
	}
	if ix != cur && !c.words.cheapToLoad(ix.words, q, below) {
		return idList{}, false, nil
	}
	ms, ok := c.words.matchLoading(ctx, ix.words, q, c.ranking)
	if !ok {
		return idList{}, false, nil
	}
	ids = newIDList(ix.rankWords(f, ms, searchBound.limit+1))
	c.keep(v, key, ids)
	return ids, true, nil
}

// rank ranks f's matches in memory over the listing index of version v;
// only the words go to the database, and only to its search index. This is
// the one implementation of the listing's filter and order; the store's
// SQL version (ReferenceRankProjects) is only the tests' oracle. The index
// holds public projects, the only ones a listing shows. at is the version
// of the index the ranking used, older than v while a new one loads.
func (c *listCache) rank(ctx context.Context, v int64, f furusato.ProjectFilter) (ids []int64, at int64, err error) {
	ix, err := c.listingIndex(ctx, v)
	if err != nil {
		return nil, 0, err
	}
	if q := search.ParseQuery(f.Query); !q.Empty() {
		if ix.version == v {
			if ms, ok := c.words.match(ix.words, q); ok { // every word seen lately: words.go
				return ix.rankWords(f, ms, searchBound.limit+1), v, nil
			}
		}
		ids, err := c.rankSearch(ctx, ix, f, q, searchBound) // bounded: search_bound.go
		return ids, ix.version, err
	}
	return ix.rank(f, nil, 0), ix.version, nil
}

// staleWait is how long a listing waits for a new listing index before it
// is ranked over the previous one. A small catalogue loads well within it
// (so a write shows at once); at 100,000 projects a load takes some 300 ms,
// which no request should wait for after every write.
var staleWait = 50 * time.Millisecond

// listingIndex returns the index of version v (or newer), loading it once
// however many requests ask at the same moment. After a catalogue write
// the previous index keeps serving while one load runs in the background:
// a request waits at most staleWait for it, then ranks over the old index
// (whose ranking is then not cached). Only a node without any index waits
// for the load.
func (c *listCache) listingIndex(ctx context.Context, v int64) (*listingIndex, error) {
	for {
		c.mu.Lock()
		ix := c.index
		if ix != nil && ix.version >= v {
			c.mu.Unlock()
			return ix, nil
		}
		l := c.load
		if l == nil {
			l = &indexLoad{v: v, done: make(chan struct{})}
			c.load = l
			go c.loadIndex(context.WithoutCancel(ctx), l)
		}
		c.mu.Unlock()
		var timeout <-chan time.Time
		if ix != nil {
			t := time.NewTimer(staleWait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-l.done:
			if l.err != nil && l.v >= v {
				if ix != nil {
					return ix, nil // serve the old listing rather than fail
				}
				return nil, l.err
			}
			// loaded (or a load of an older version ended): look again
		case <-timeout:
			return ix, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// indexLoad is one listing index load in flight: of version v or newer.
type indexLoad struct {
	v    int64
	done chan struct{} // closed when the load ended
	err  error         // set before done is closed
}

// loadIndex reads the listing rows into a new index for l. One load runs
// at a time, so that a node holds at most two indexes (the old and the
// new) and a burst of writes costs one load, not one per write.
func (c *listCache) loadIndex(ctx context.Context, l *indexLoad) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	// Rows read now are at least as new as l.v, never older.
	if c.beforeLoad != nil {
		c.beforeLoad()
	}
	rows, words, err := c.db.ListingRowsWords(ctx, furusato.PublicStatuses)
	var ix *listingIndex
	if err == nil {
		ix = newListingIndex(l.v, rows)
		ix.words = words
	} else {
		slog.ErrorContext(ctx, "listing index", "err", err)
	}
	c.mu.Lock()
	if ix != nil && (c.index == nil || c.index.version < ix.version) {
		c.index = ix
		c.words.planWarm(ix) // in the background: words_warm.go
		if c.today != nil {
			c.cards.planWarm(c.db, ix, c.today()) // cards_warm.go
		}
	}
	l.err = err
	c.load = nil
	c.mu.Unlock()
	close(l.done)
}

// Settled reports whether the listing index is at version v or newer (or
// not loaded yet, so that the next listing loads it): listings made now
// are then those of v, and a page built from them may be kept as v's.
func (c *listCache) settled(v int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.index == nil || c.index.version >= v
}

// peek returns the list under key without counting a hit or a miss.
func (c *listCache) peek(key string) (idList, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lists[key]
	if !ok {
		return idList{}, false
	}
	return e.Value.(*listEntry).ids, true
}

// get returns the list under key, marking it as just used.
func (c *listCache) get(key string) (idList, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lists[key]
	if !ok {
		c.misses++
		return idList{}, false
	}
	c.hits++
	c.lru.MoveToFront(e)
	return e.Value.(*listEntry).ids, true
}

// put keeps ids under key when they were ranked at the current version v
// (see keep).
func (c *listCache) put(v int64, key string, ids []int64) { c.keep(v, key, newIDList(ids)) }

// keep keeps ids under key when they were ranked at the current version v,
// evicting the least recently used lists to make room.
func (c *listCache) keep(v int64, key string, ids idList) {
	cost := entryCost(key, ids)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v || cost > c.maxEntry {
		return // stale meanwhile, or too big to keep
	}
	if _, ok := c.lists[key]; ok {
		return
	}
	c.evictTo(c.budget - cost)
	c.lists[key] = c.lru.PushFront(&listEntry{key: key, ids: ids, cost: cost})
	c.size += cost
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
