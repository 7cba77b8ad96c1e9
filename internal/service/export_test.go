package service

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// RankSearchForTest ranks f's search with a small bound, and the whole
// match as listingIndex.rank does, for the tests to compare.
func RankSearchForTest(ctx context.Context, c *Catalogue, f furusato.ProjectFilter, limit, firstChunk, maxChunk int) (bounded, whole []int64, err error) {
	f.Statuses, f.Today = furusato.PublicStatuses, c.Today()
	ix, err := currentIndex(ctx, c)
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
	return bounded, ix.rank(f, m, 0), nil
}

// currentIndex returns the listing index of the catalogue's current
// version. Requests are served the old index while a slow load runs (under
// load, a load takes longer than staleWait); the tests compare against the
// database as it is, so they wait for the new one.
func currentIndex(ctx context.Context, c *Catalogue) (*listingIndex, error) {
	v, err := c.cache.sync(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		ix, err := c.cache.listingIndex(ctx, v)
		if err != nil || ix.version >= v {
			return ix, err
		}
	}
}

// HoldIndexLoads makes every listing index load of c wait until release is
// called, as a slow load of a large catalogue would.
func HoldIndexLoads(c *Catalogue) (release func()) {
	gate := make(chan struct{})
	c.cache.beforeLoad = func() { <-gate }
	return func() { close(gate) }
}

// WaitForWordsForTest waits until c's word cache has matched every word
// queued so far.
func WaitForWordsForTest(t testing.TB, c *Catalogue) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		w := c.cache.words
		w.mu.Lock()
		idle := !w.working && len(w.queue) == 0
		w.mu.Unlock()
		if idle {
			return
		}
	}
	t.Fatal("the word cache's worker did not finish in 30 s")
}

// RankFromWordsForTest ranks f's search from the word cache alone: ok is
// false when some word is not cached (and is then queued).
func RankFromWordsForTest(ctx context.Context, c *Catalogue, f furusato.ProjectFilter) (ids []int64, ok bool, err error) {
	return RankHeadFromWordsForTest(ctx, c, f, searchBound.limit+1)
}

// RankHeadFromWordsForTest ranks f's search from the word cache alone,
// the first want only: ok is false when some word is not cached (and is
// then queued).
func RankHeadFromWordsForTest(ctx context.Context, c *Catalogue, f furusato.ProjectFilter, want int) (ids []int64, ok bool, err error) {
	f.Statuses, f.Today = furusato.PublicStatuses, c.Today()
	ix, err := currentIndex(ctx, c)
	if err != nil {
		return nil, false, err
	}
	ms, ok := c.cache.words.match(ix.words, search.ParseQuery(f.Query))
	if !ok {
		return nil, false, nil
	}
	return ix.rankWords(f, ms, want), true, nil
}

// WordQueueForTest returns how many words wait for c's word cache worker.
func WordQueueForTest(c *Catalogue) int {
	c.cache.words.mu.Lock()
	defer c.cache.words.mu.Unlock()
	return len(c.cache.words.queue)
}

// HoldWordWorkerForTest keeps c's word cache worker from starting until
// release is called, so that tests can fill its queue.
func HoldWordWorkerForTest(c *Catalogue) (release func()) {
	w := c.cache.words
	w.mu.Lock()
	w.working = true // the worker "runs": enqueue starts none
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		w.working = true
		w.mu.Unlock()
		go w.work()
	}
}

// WholeMatchesForTest is how many searches of c read every match.
func WholeMatchesForTest(c *Catalogue) uint64 { return c.cache.wholeMatches.Load() }

// WholeHeadsForTest is how many searches of c read every title-and-catch
// match (store.MatchHead).
func WholeHeadsForTest(c *Catalogue) uint64 { return c.cache.wholeHeads.Load() }

// WaitForWarmingForTest waits until c's word cache has chosen and matched
// the words it warms after the last listing index load, and returns how
// many words wait to be warmed (0 unless the worker is held).
func WaitForWarmingForTest(t testing.TB, c *Catalogue) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if !c.Busy() {
			return
		}
	}
	t.Fatal("the word cache's warming did not finish in 30 s")
}

// WarmQueueForTest returns how many words wait to be warmed, and whether
// the words are still being chosen.
func WarmQueueForTest(c *Catalogue) (n int, planning bool) {
	c.cache.words.mu.Lock()
	defer c.cache.words.mu.Unlock()
	return len(c.cache.words.warmQ), c.cache.words.planning
}

// WarmWords is how many words a node warms at most.
const WarmWords = warmWords

// FrequentWordsForTest returns the words c would warm for its current
// listing index.
func FrequentWordsForTest(ctx context.Context, c *Catalogue) ([]string, error) {
	ix, err := currentIndex(ctx, c)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, w := range c.cache.words.frequentWords(ctx, ix) {
		out = append(out, w.Text)
	}
	return out, nil
}

// KeptReadsForTest is how many listings of c read their cards and the
// catalogue version in one statement (findProjectsKept).
func KeptReadsForTest(c *Catalogue) uint64 { return c.cache.keptReads.Load() }

// WordReadsForTest is how many words c's word cache matched in the
// database.
func WordReadsForTest(c *Catalogue) uint64 { return c.cache.words.reads.Load() }

// WaitForIndexForTest waits until c's listing index is of the catalogue
// version now committed, and returns its words version.
func WaitForIndexForTest(t testing.TB, c *Catalogue) (words int64) {
	t.Helper()
	ix, err := currentIndex(context.Background(), c)
	if err != nil {
		t.Fatalf("the listing index of the version now committed: %v", err)
	}
	return ix.words
}

// NoCardWarmForTest turns c's card warming off, for the tests that count
// the card cache's reads.
func NoCardWarmForTest(c *Catalogue) {
	c.cache.cards.mu.Lock()
	defer c.cache.cards.mu.Unlock()
	c.cache.cards.noWarm = true
}

// WaitForCardWarmForTest waits until no card warming of c is under way.
func WaitForCardWarmForTest(t testing.TB, c *Catalogue) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if !c.cache.cards.busy() {
			return
		}
	}
	t.Fatal("the card cache's warming did not finish in 30 s")
}
