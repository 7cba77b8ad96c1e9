package service

import (
	"container/list"
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// DefaultWordCacheBytes is the word cache's budget per node. A word that
// every project holds costs a bit a project (store.IDSet): 12.5 KB at
// 100,000 projects, plus its title and catch-copy sets; a rare word 4 bytes
// a match. 16 MB keep a thousand common words, or tens of thousands of
// rare ones.
const DefaultWordCacheBytes = 16 << 20

// wordQueue is how many words may wait to be matched in the background;
// more are dropped (a later search with them asks again).
const wordQueue = 64

// wordCache keeps the whole match of single search words for one words
// version (store.Tx.bumpWordsVersion: it moves only when the public
// catalogue's text may change), so that a search whose words have all been seen lately is
// ranked in memory (the words' matches intersected and ranked by
// listingIndex.rankWords) without asking the database, however new the
// combination is: 3,600 pairs of 60 common words cost 60 matches, not
// 3,600. A search with a word missing from the cache waits for it only when
// matching it whole costs no more than its bounded search (cheapToLoad,
// rankLoading); otherwise it takes its usual way (rankSearch), and the word
// is matched by one background worker, one word at a time, from a bounded
// queue. Entries are charged their ids and places and evicted least
// recently used first, within budget bytes.
//
// Why a words version and not the catalogue version: a match lists the
// projects of any status whose text holds the word, and a listing index
// keeps only what is public at its own catalogue version (ix.position), so
// a match stays exact for as long as no project's indexed text changes.
// Writes that change none (places left, covers, status moves) then keep
// the cache and its warming (words_warm.go).
type wordCache struct {
	db *store.DB

	mu        sync.Mutex
	budget    int64
	version   int64                    // the words version of the entries (listingIndex.words)
	words     map[string]*list.Element // of *wordEntry, in lru
	lru       list.List
	size      int64
	waiting   map[string]bool      // queued or being matched
	loading   map[string]*wordLoad // being matched now: words_load.go
	queue     []wordJob
	warmQ     []wordJob // words_warm.go: matched when queue is empty
	warmed    int64     // the version warming was planned for
	planning  bool      // planWarm is choosing the words
	working   bool
	evictions uint64
	hits      uint64
	misses    uint64
	afterWork func()        // tests: runs when the worker has emptied the queue
	estimates wordEstimates // words_cost.go
	reads     atomic.Uint64 // words matched by the database (read)
}

type wordJob struct {
	v    int64
	w    search.Word
	warm bool // chosen by planWarm, not asked for by a search
}

type wordEntry struct {
	key  string
	m    *store.WordMatch
	cost int64
}

func newWordCache(db *store.DB, budget int64) *wordCache {
	// warmed starts below every words version: a database upgraded to the
	// words version is at 0, and its first index must be warmed too.
	return &wordCache{db: db, budget: budget, warmed: -1, words: map[string]*list.Element{}, waiting: map[string]bool{}, loading: map[string]*wordLoad{}}
}

// wordKey is a word's key: its normalised text, from which its terms and
// prefix follow.
func wordKey(w search.Word) string { return w.Text }

// wordCost is what an entry of m under key is charged: its sets (4 bytes
// an id, or a bit an id when the word is common) and the same overhead as
// a listing entry.
func wordCost(key string, m *store.WordMatch) int64 {
	n := m.Bytes()
	return int64(len(key)) + n + n/8 + listEntryOverhead
}

// setVersion empties the cache when the words version moved past its own.
// c.mu is held.
func (c *wordCache) setVersion(v int64) {
	if v == c.version {
		return
	}
	c.version = v
	c.words, c.size = map[string]*list.Element{}, 0
	c.lru.Init()
}

// match returns the cached matches of q's words at words version v when
// every word of q is in the cache (rankWords ranks them). Otherwise it
// queues the missing words for the worker and returns false; and at once,
// queueing nothing, when v is older than the cache's (an index that a newer
// one replaced meanwhile): going back would empty the cache.
func (c *wordCache) match(v int64, q search.Query) ([]*store.WordMatch, bool) {
	c.mu.Lock()
	if c.budget <= 0 || v < c.version {
		c.mu.Unlock()
		return nil, false
	}
	c.setVersion(v)
	ms := make([]*store.WordMatch, 0, len(q.Words))
	var missing []search.Word
	for _, w := range q.Words {
		if e, ok := c.words[wordKey(w)]; ok {
			c.lru.MoveToFront(e)
			ms = append(ms, e.Value.(*wordEntry).m)
			c.hits++
		} else {
			missing = append(missing, w)
			c.misses++
		}
	}
	if len(missing) > 0 {
		for _, w := range missing {
			c.enqueue(v, w)
		}
		c.mu.Unlock()
		return nil, false
	}
	c.mu.Unlock()
	return ms, true
}

// enqueue queues w for the worker unless it waits already or the queue is
// full, and starts the worker when it is idle. c.mu is held.
func (c *wordCache) enqueue(v int64, w search.Word) {
	k := wordKey(w)
	if c.waiting[k] || len(c.queue) >= wordQueue {
		return
	}
	c.waiting[k] = true
	c.queue = append(c.queue, wordJob{v: v, w: w})
	if !c.working {
		c.working = true
		go c.work()
	}
}

// work matches the queued words one at a time until the queue is empty.
func (c *wordCache) work() {
	for {
		c.mu.Lock()
		if len(c.queue) == 0 && len(c.warmQ) == 0 {
			c.working = false
			done := c.afterWork
			c.mu.Unlock()
			if done != nil {
				done()
			}
			return
		}
		if len(c.queue) == 0 { // searches' words first, then warming's
			j := c.warmQ[0]
			c.warmQ = slices.Delete(c.warmQ, 0, 1)
			c.mu.Unlock()
			c.fetch(j)
			continue
		}
		j := c.queue[0]
		c.queue = slices.Delete(c.queue, 0, 1)
		c.mu.Unlock()
		c.fetch(j)
		c.mu.Lock()
		delete(c.waiting, wordKey(j.w))
		c.mu.Unlock()
	}
}

// fetch matches one word for the worker and keeps it, unless it is
// cached meanwhile; searches that need it while it is read wait for it
// (load).
func (c *wordCache) fetch(j wordJob) {
	if j.warm && !c.warmWanted(j.v, wordKey(j.w)) {
		return
	}
	c.load(context.Background(), j.v, j.w, nil, j.warm)
}

func (c *wordCache) setBudget(budget int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget = budget
	c.evictTo(budget)
}

// evictTo drops least recently used words until at most limit bytes are
// kept. c.mu is held.
func (c *wordCache) evictTo(limit int64) {
	for c.size > limit {
		le := c.lru.Remove(c.lru.Back()).(*wordEntry)
		delete(c.words, le.key)
		c.size -= le.cost
		c.evictions++
	}
}

func (c *wordCache) busy() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.planning || c.working || len(c.queue) > 0 || len(c.warmQ) > 0
}

func (c *wordCache) stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Bytes: c.size, Budget: c.budget, Entries: len(c.words), Evictions: c.evictions, Hits: c.hits, Misses: c.misses}
}
