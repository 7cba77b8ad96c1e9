package service

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
)

// attackKey is the cache key of a unique search of about 190 kanji, as the
// review's attack sent them (about 600 bytes of key).
func attackKey(i int) string {
	var b strings.Builder
	for j := range 190 {
		b.WriteRune(rune(0x4e00 + (i*7919+j*104729)%20000))
	}
	f := furusato.ProjectFilter{Query: search.Normalize(b.String() + fmt.Sprint(i)), Statuses: furusato.PublicStatuses, Today: furusato.DateOf(time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST))}
	return listKey(f)
}

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// 50,000 unique searches (the review's attack) keep the cache's heap within
// its byte budget: measured, not only as the cache counts it.
func TestListCache_UniqueSearchesStayWithinBudget(t *testing.T) {
	// Serial: it measures the heap of the whole process.
	const budget = 4 << 20
	before := heapInUse()
	c := newListCache(nil, budget)
	for i := range 50_000 {
		c.put(0, attackKey(i), []int64{int64(i)})
	}
	grown := heapInUse() - before
	st := c.stats()
	runtime.KeepAlive(c)
	t.Logf("heap grew %d KB for a budget of %d KB; accounted %d KB in %d entries, %d evictions", grown>>10, budget>>10, st.Bytes>>10, st.Entries, st.Evictions)
	// A little room for the map's table and the collector's timing; the
	// unbounded cache grew by 48 MB here.
	if grown > budget*5/4 {
		t.Errorf("heap grew %d KB, over the budget of %d KB", grown>>10, budget>>10)
	}
	if st.Bytes > budget || st.Evictions == 0 || st.Entries+int(st.Evictions) != 50_000 {
		t.Errorf("stats %+v: want at most %d bytes, and every entry kept or evicted", st, budget)
	}
}

// Many unique keys of all sizes: the accounted size never exceeds the
// budget, each drop is counted, and what is kept adds up.
func TestListCache_ByteBudgetNeverExceeded(t *testing.T) {
	t.Parallel()
	const budget = 64 << 10
	c := newListCache(nil, budget)
	for i := range 5000 {
		ids := make([]int64, i%300)
		c.put(0, fmt.Sprintf("key-%d-%s", i, strings.Repeat("x", i%500)), ids)
		st := c.stats()
		if st.Bytes > budget {
			t.Fatalf("after %d puts: %d bytes kept, budget %d", i+1, st.Bytes, budget)
		}
		var sum int64
		for e := c.lru.Front(); e != nil; e = e.Next() {
			sum += e.Value.(*listEntry).cost
		}
		if sum != st.Bytes || c.lru.Len() != st.Entries {
			t.Fatalf("after %d puts: entries add up to %d bytes in %d, stats say %+v", i+1, sum, c.lru.Len(), st)
		}
		if uint64(st.Entries)+st.Evictions != uint64(i+1) {
			t.Fatalf("after %d puts: %d kept + %d evicted", i+1, st.Entries, st.Evictions)
		}
	}
	// A list bigger than a quarter of the budget is not kept.
	before := c.stats()
	c.put(0, "huge", make([]int64, budget/4/4))
	if _, ok := c.get("huge"); ok || c.stats().Evictions != before.Evictions {
		t.Error("a list over the per-entry cap was kept, or evicted others")
	}
	// Lowering the budget evicts at once.
	c.setBudget(budget / 2)
	if st := c.stats(); st.Bytes > budget/2 || st.Budget != budget/2 {
		t.Errorf("after lowering the budget: %+v", st)
	}
}

// The least recently used list goes first: a lookup counts as a use.
func TestListCache_EvictsLeastRecentlyUsed(t *testing.T) {
	t.Parallel()
	cost := entryCost("k0", newIDList([]int64{1}))
	c := newListCache(nil, 5*cost+cost/2) // room for five
	for _, k := range []string{"k0", "k1", "k2", "k3", "k4"} {
		c.put(0, k, []int64{1})
	}
	c.get("k0") // k0 is now the most recent; k1 the least
	c.get("k2")
	c.put(0, "k5", []int64{1}) // evicts k1
	c.put(0, "k6", []int64{1}) // evicts k3
	var order []string
	for e := c.lru.Front(); e != nil; e = e.Next() {
		order = append(order, e.Value.(*listEntry).key)
	}
	if got := strings.Join(order, " "); got != "k6 k5 k2 k0 k4" {
		t.Errorf("most recent first: %q, want k6 k5 k2 k0 k4", got)
	}
	for k, want := range map[string]bool{"k1": false, "k3": false, "k4": true, "k0": true} {
		if _, ok := c.get(k); ok != want {
			t.Errorf("%s kept = %v, want %v", k, ok, want)
		}
	}
	if st := c.stats(); st.Evictions != 2 || st.Entries != 5 || st.Hits != 4 || st.Misses != 2 {
		t.Errorf("stats %+v: want 2 evictions, 5 entries, 4 hits, 2 misses", st)
	}
	// A put for an older version than the cache's is dropped.
	c.version = 2
	c.put(1, "stale", []int64{1})
	if _, ok := c.get("stale"); ok {
		t.Error("a list ranked at an older version was kept")
	}
}

// The hot path: a hit is a map lookup and a move to the front; a put with
// eviction is O(1) too.
func BenchmarkListCache_Get(b *testing.B) {
	c := newListCache(nil, DefaultListCacheBytes)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = attackKey(i)
		c.put(0, keys[i], make([]int64, 100))
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, ok := c.get(keys[i%len(keys)]); !ok {
				b.Fatal("miss")
			}
			i++
		}
	})
}

func BenchmarkListCache_PutEvicting(b *testing.B) {
	keys := make([]string, 4096)
	for i := range keys {
		keys[i] = attackKey(i)
	}
	c := newListCache(nil, 256<<10) // full after a few hundred: every put evicts
	ids := make([]int64, 20)
	b.ResetTimer()
	for i := range b.N {
		c.put(0, keys[i%len(keys)], ids)
	}
}
