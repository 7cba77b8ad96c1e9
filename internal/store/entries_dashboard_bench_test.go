package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkWaitingEntries measures the management dashboard's "entries
// waiting for you" (FindWaitingEntries, first 20 and the count) at
// testkit.BenchProjects() projects and testkit.BenchEntries() entries, for
// the Gifu organisation, the company of the most entered project, and an
// admin (every organisation), and logs each plan.
func BenchmarkWaitingEntries(b *testing.B) {
	for _, engine := range engines {
		b.Run(string(engine), func(b *testing.B) {
			ctx := context.Background()
			db := testkit.BenchDB(b, engine)
			if _, err := demo.LoadAccounts(ctx, db, testkit.BenchNow, service.TestArgon); err != nil {
				b.Fatal(err)
			}
			n := testkit.BenchEntries()
			start := time.Now()
			if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: max(n/10, 1), Entries: n}, testkit.BenchNow); err != nil {
				b.Fatal(err)
			}
			if err := db.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: generated %d entries in %s", engine, n, time.Since(start).Round(time.Second))
			gifu, err := db.CoordinatorFor(ctx, 21)
			if err != nil {
				b.Fatal(err)
			}
			ids, _, err := db.ProjectsByEntries(ctx)
			if err != nil || len(ids) == 0 {
				b.Fatalf("no entries: %v", err)
			}
			busiest, err := db.FindProject(ctx, strconv.FormatInt(ids[0], 10), furusato.ProjectStatuses)
			if err != nil {
				b.Fatal(err)
			}
			cut := testkit.BenchNow.Add(-service.OfferWait)
			for _, c := range []struct {
				name string
				f    store.WaitingFilter
			}{
				{"gifu", store.WaitingFilter{OrganizationIDs: []int64{gifu.ID}}},
				{"company", store.WaitingFilter{CompanyIDs: []int64{busiest.CompanyID}}},
				{"both", store.WaitingFilter{OrganizationIDs: []int64{gifu.ID}, CompanyIDs: []int64{busiest.CompanyID}}},
				{"admin", store.WaitingFilter{All: true}},
			} {
				c.f.OfferedBefore, c.f.Limit = cut, service.WaitingLimit
				b.Run(c.name, func(b *testing.B) {
					if !c.f.All {
						plan, err := db.WaitingPlanForTest(ctx, c.f, false)
						if err != nil {
							b.Fatal(err)
						}
						b.Logf("plan:\n%s", plan)
					}
					total := 0
					for b.Loop() {
						es, t, err := db.FindWaitingEntries(ctx, c.f)
						if err != nil || len(es) == 0 {
							b.Fatalf("%v (%d rows)", err, len(es))
						}
						total = t
					}
					b.ReportMetric(float64(total), "waiting")
				})
			}
		})
	}
}
