package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// MatchAmong answers, for a chunk of ids in any order and of any length
// (here over 5,000, with ids of no project), exactly which of them match,
// as MatchProjects does for the whole catalogue, on both engines.
func TestMatchAmong_IsTheWholeMatchWithinTheChunk(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		var chunk []int64
		for i := len(rows) - 1; i >= 0; i-- {
			chunk = append(chunk, rows[i].ID)
		}
		for id := int64(1_000_000); len(chunk) < 5_000; id++ {
			chunk = append(chunk, id)
		}
		found := 0
		for _, q := range []string{"地域", "岐阜", "越境EC", "考えています", "存在しない"} {
			pq := search.ParseQuery(q)
			whole, err := db.MatchProjects(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.MatchAmong(ctx, pq, chunk)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, id := range whole.IDs {
				if slices.Contains(chunk, id) {
					want = append(want, id)
				}
			}
			found += len(want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v", q, got, want)
			}
			if half, err := db.MatchAmong(ctx, pq, chunk[:1]); err != nil || len(half) > 1 {
				t.Errorf("%q among one id: %v, %v", q, half, err)
			}
		}
		if found == 0 {
			t.Fatal("no word matched: the test proves nothing")
		}
	})
}
