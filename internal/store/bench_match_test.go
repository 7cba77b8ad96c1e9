package store_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkMatchBounded measures the two steps of a bounded search: the
// title-and-catch matches (MatchHead), and looking for matches among a
// chunk of the newest public projects (MatchAmong on PostgreSQL; on SQLite
// MatchKeys, over the span of search keys the chunk covers), whose cost
// follows the chunk, not the word.
func BenchmarkMatchBounded(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
			if err != nil {
				b.Fatal(err)
			}
			slices.SortFunc(rows, func(x, y store.ListingRow) int {
				return cmp.Compare(store.SearchKey(y.PublishedAt, y.ID), store.SearchKey(x.PublishedAt, x.ID))
			})
			newest := make([]int64, len(rows))
			for i, r := range rows {
				newest[i] = r.ID
			}
			for _, q := range searchMix {
				pq := search.ParseQuery(q)
				b.Run("head/"+q, func(b *testing.B) {
					m, err := db.MatchHead(ctx, pq)
					if err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						if _, err := db.MatchHead(ctx, pq); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(len(m.IDs)), "matches")
				})
				for _, n := range []int{500, 2000} {
					b.Run(fmt.Sprintf("among-%d/%s", n, q), func(b *testing.B) {
						among := func() ([]int64, error) {
							if e == store.SQLite {
								return db.MatchKeys(ctx, pq, store.SearchKey(rows[n-1].PublishedAt, rows[n-1].ID), store.SearchKey(rows[0].PublishedAt, rows[0].ID))
							}
							return db.MatchAmong(ctx, pq, newest[:n])
						}
						ids, err := among()
						if err != nil {
							b.Fatal(err)
						}
						for b.Loop() {
							if _, err := among(); err != nil {
								b.Fatal(err)
							}
						}
						b.ReportMetric(float64(len(ids)), "matches")
					})
				}
			}
		})
	}
}
