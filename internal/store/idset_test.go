package store_test

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/store"
)

// A set holds exactly its ids, whether it keeps them as a list or as
// bits, and takes at most 4 bytes an id (or a bit an id up to the
// largest): a word that every one of 100,000 projects holds takes 12.5 KB.
func TestIDSet_HoldsItsIDsCompactly(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name     string
		n, top   int
		wantBits bool
	}{
		{"empty", 0, 0, false}, {"one", 1, 10, false}, {"sparse", 300, 100_000, false},
		{"dense", 50_000, 100_000, true}, {"every", 100_000, 100_000, true}, {"large ids", 2000, 1 << 31, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := make([]uint32, 0, c.n)
			want := map[int64]bool{}
			for len(want) < c.n {
				id := uint32(1 + r.IntN(c.top))
				if c.n == c.top {
					id = uint32(len(want) + 1)
				}
				if !want[int64(id)] {
					want[int64(id)] = true
					in = append(in, id, id) // duplicates are dropped
				}
			}
			s := store.NewIDSet(in)
			if s.Len() != c.n {
				t.Fatalf("Len %d, want %d", s.Len(), c.n)
			}
			ids := s.IDs()
			if !slices.IsSorted(ids) || len(ids) != c.n {
				t.Fatalf("IDs not ascending, or %d of them", len(ids))
			}
			for _, id := range ids {
				if !want[id] || !s.Has(id) {
					t.Fatalf("id %d listed but not in the set", id)
				}
			}
			for range 2000 {
				id := int64(r.IntN(c.top + 100))
				if s.Has(id) != want[id] {
					t.Fatalf("Has(%d) = %v", id, !want[id])
				}
			}
			for _, id := range []int64{-1, 0, store.MaxSetID + 1, 1 << 40} {
				if s.Has(id) {
					t.Fatalf("Has(%d) on a set without it", id)
				}
			}
			limit := int64(c.n)*4 + 64
			if c.wantBits {
				limit = int64(c.top)/8 + 64
			}
			if s.Bytes() > limit {
				t.Errorf("%d ids up to %d take %d bytes, want at most %d", c.n, c.top, s.Bytes(), limit)
			}
			if c.n == 100_000 && s.Bytes() > 12_600 {
				t.Errorf("every one of 100,000 projects takes %d bytes", s.Bytes())
			}
			seen := 0
			s.Each(func(int64) bool { seen++; return seen < 3 })
			if seen != min(3, c.n) {
				t.Errorf("Each went on after false: %d calls", seen)
			}
		})
	}
}

// What a word's match says it takes (store.WordMatch.Bytes, which the word
// cache charges against its budget) is what it holds on the heap, within
// an eighth: sets of every density, as words of a 100,000-project
// catalogue give. Serial: it measures the heap of the whole process.
func TestWordMatch_BytesIsWhatItHolds(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	set := func(n int) store.IDSet {
		ids := make([]uint32, n)
		for i := range ids {
			ids[i] = uint32(1 + r.IntN(100_000))
		}
		return store.NewIDSet(ids)
	}
	before := heapAlloc()
	var kept []*store.WordMatch
	var said int64
	for i := range 200 {
		n := []int{3, 40, 900, 3000, 20_000, 90_000}[i%6]
		m := &store.WordMatch{IDs: set(n), Title: set(n / 20), Catch: set(n / 10)}
		kept = append(kept, m)
		said += m.Bytes()
	}
	grown := heapAlloc() - before
	t.Logf("200 matches say %d KB, the heap grew %d KB", said>>10, grown>>10)
	if grown > said+said/8+64<<10 || grown < said-said/8 {
		t.Errorf("the matches say %d KB, the heap grew %d KB", said>>10, grown>>10)
	}
	runtime.KeepAlive(kept)
}

func heapAlloc() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
