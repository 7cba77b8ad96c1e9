package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The matches of a query's words, intersected, are the query's match, and
// where each word is (title, catch copy) gives the same tiers: every word
// in the title is tier 0, every word in the catch copy tier 1. This holds
// for every case of the shared search table and for generated projects,
// on both engines.
func TestMatchWord_IntersectsToTheQuerysMatch(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 300, now); err != nil {
			t.Fatal(err)
		}
		queries := []string{"地域 オンライン", "考えています", "広報 PR", "酒造 広報 岐阜", "柿", "2026年", "越境EC", "地域 存在しない言葉"}
		for _, c := range searchCases {
			queries = append(queries, c.q)
		}
		nonEmpty := 0
		for _, s := range queries {
			q := search.ParseQuery(s)
			if q.Empty() {
				continue
			}
			whole, err := db.MatchProjects(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int64]int8{}
			for i, id := range whole.IDs {
				want[id] = whole.Tiers[i]
			}
			got := map[int64]uint8{}
			for i, w := range q.Words {
				m, err := db.MatchWord(ctx, w)
				if err != nil {
					t.Fatal(err)
				}
				ids := m.IDs.IDs()
				if !slices.IsSorted(ids) || len(ids) != m.IDs.Len() {
					t.Fatalf("%q word %q: ids not ascending, or not as many as the set says", s, w.Text)
				}
				next := map[int64]uint8{}
				for _, id := range ids {
					if at, ok := got[id]; ok || i == 0 {
						if i == 0 {
							at = inTitle | inCatch
						}
						if !m.Title.Has(id) {
							at &^= inTitle
						}
						if !m.Catch.Has(id) {
							at &^= inCatch
						}
						next[id] = at
					}
				}
				if !isSubset(m.Title.IDs(), ids) || !isSubset(m.Catch.IDs(), ids) {
					t.Errorf("%q word %q: a title or catch match the word's match does not hold", s, w.Text)
				}
				got = next
			}
			if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
				t.Errorf("%q: words give %d projects, the query %d", s, len(got), len(want))
				continue
			}
			for id, at := range got {
				tier := int8(2)
				if at&inTitle != 0 {
					tier = 0
				} else if at&inCatch != 0 {
					tier = 1
				}
				if tier != want[id] {
					t.Errorf("%q project %d: tier %d from the words, %d from the query", s, id, tier, want[id])
				}
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < len(queries)/2 {
			t.Fatalf("only %d of %d queries match anything: the test proves little", nonEmpty, len(queries))
		}
	})
}

// Where a word is, for the test's own bookkeeping.
const (
	inTitle uint8 = 1 << iota
	inCatch
)

// isSubset reports whether every id of sub (ascending) is in set (ascending).
func isSubset(sub, set []int64) bool {
	for _, id := range sub {
		if _, ok := slices.BinarySearch(set, id); !ok {
			return false
		}
	}
	return true
}
