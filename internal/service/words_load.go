package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
)

// loadWords is how many words a search may have for its missing words to be
// matched while it waits (matchLoading). A search of more words takes the
// database's way (rankSearch) and queues them, as before.
const loadWords = 3

// wordLoad is one word being matched: searches that need it meanwhile
// wait for it rather than each asking the database.
type wordLoad struct {
	v    int64
	done chan struct{}
	m    *store.WordMatch // set before done is closed; nil when it failed
}

// matchLoading returns the matches of q's words at version v, matching
// those not cached while the search waits: one database read per word
// however many searches want it at once (the others wait for that read),
// each read holding one of sem's tokens, so that at most as many whole
// matches are read at once as rankings run.
//
// Why wait: a common word costs about as much to match (15–60 ms at
// 100,000 projects on SQLite) as one search of it costs the database, so
// the first search with a new word pays about what it paid before, and
// every later search with it is ranked in memory. Before, a crowd of new
// searches (the 3,600 pairs of 60 words) each asked the database while
// the background worker matched the words one at a time behind them.
//
// v is a words version (listingIndex.words). ok is false when the cache
// is off, the words version moved on, or a read failed: the caller then takes the database's way.
func (c *wordCache) matchLoading(ctx context.Context, v int64, q search.Query, sem chan struct{}) (ms []*store.WordMatch, ok bool) {
	ms = make([]*store.WordMatch, 0, len(q.Words))
	for _, w := range q.Words {
		m := c.load(ctx, v, w, sem, false)
		if m == nil {
			return nil, false
		}
		ms = append(ms, m)
	}
	return ms, true
}

// load returns w's match at version v: from the cache, from a read under
// way, or read now and kept (as a warm word when warm: see keep). nil when
// it could not be had.
func (c *wordCache) load(ctx context.Context, v int64, w search.Word, sem chan struct{}, warm bool) *store.WordMatch {
	k := wordKey(w)
	c.mu.Lock()
	if c.budget <= 0 || v < c.version {
		c.mu.Unlock()
		return nil
	}
	c.setVersion(v)
	search := sem != nil // the worker passes none, and is not counted
	if e, ok := c.words[k]; ok {
		c.lru.MoveToFront(e)
		if search {
			c.hits++
		}
		c.mu.Unlock()
		return e.Value.(*wordEntry).m
	}
	if l := c.loading[k]; l != nil && l.v == v {
		c.mu.Unlock()
		select {
		case <-l.done:
			return l.m
		case <-ctx.Done():
			return nil
		}
	}
	if search {
		c.misses++
	}
	l := &wordLoad{v: v, done: make(chan struct{})}
	c.loading[k] = l
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.loading[k] == l {
			delete(c.loading, k)
		}
		c.mu.Unlock()
		close(l.done)
	}()
	if sem != nil {
		select {
		case sem <- struct{}{}:
			defer func() { <-sem }()
		case <-ctx.Done():
			return nil
		}
	}
	// The read goes on if this search is cancelled: others may wait for it.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	l.m = c.read(rctx, v, w)
	if l.m != nil {
		c.keep(v, k, l.m, warm)
	}
	return l.m
}

// read matches w when the words version is v before and after the match,
// or returns nil.
func (c *wordCache) read(ctx context.Context, v int64, w search.Word) *store.WordMatch {
	if wv, err := c.db.WordsVersion(ctx); err != nil || wv != v {
		return nil
	}
	c.reads.Add(1)
	m, err := c.db.MatchWord(ctx, w)
	if err != nil {
		slog.WarnContext(ctx, "word cache", "err", err)
		return nil
	}
	if wv, err := c.db.WordsVersion(ctx); err != nil || wv != v {
		return nil
	}
	return m
}

// keep keeps m under k as version v's within the budget; a warm word only
// in the first half of it, evicting nothing.
func (c *wordCache) keep(v int64, k string, m *store.WordMatch, warm bool) {
	cost := wordCost(k, m)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != v || cost > c.budget/4 || warm && c.size+cost > c.budget/2 {
		return
	}
	if _, ok := c.words[k]; ok {
		return
	}
	c.evictTo(c.budget - cost)
	c.words[k] = c.lru.PushFront(&wordEntry{key: k, m: m, cost: cost})
	c.size += cost
}
