package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkProjectCards measures the store's share of a list page: reading
// one page of 20 project cards by id (rows, company, organisation and
// themes), as every list page, the API list and favourites do, on the demo
// catalogue. cpu-ns/op is this process's CPU (on PostgreSQL the server's
// is not in it), steadier than ns/op on a loaded machine.
func BenchmarkProjectCards(b *testing.B) {
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			ctx := context.Background()
			db := testkit.NewDB(b, e)
			if _, err := demo.Load(ctx, db, testkit.BenchNow); err != nil {
				b.Fatal(err)
			}
			ps, _, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Today: furusato.DateOf(testkit.BenchNow), Limit: 20})
			if err != nil || len(ps) < 20 {
				b.Fatalf("%d projects, %v", len(ps), err)
			}
			ids := make([]int64, len(ps))
			for i, p := range ps {
				ids[i] = p.ID
			}
			cpu := processCPU()
			for b.Loop() {
				if ps, err := db.ProjectsByID(ctx, ids); err != nil || len(ps) != len(ids) {
					b.Fatalf("%d projects, %v", len(ps), err)
				}
			}
			b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
