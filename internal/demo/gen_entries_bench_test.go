package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkGenerateEntries measures generating testkit.BenchEntries()
// entries (one participant per ten) over testkit.BenchProjects() generated
// projects, on each engine. Run it with -benchtime 1x: the generator adds
// nothing a second time.
func BenchmarkGenerateEntries(b *testing.B) {
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.NewDB(b, e)
			ctx := context.Background()
			if _, err := demo.Load(ctx, db, now); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := demo.Generate(ctx, db, testkit.BenchProjects(), now); err != nil {
				b.Fatal(err)
			}
			projects := time.Since(start)
			n := testkit.BenchEntries()
			b.ResetTimer()
			for i := range b.N {
				if i > 0 {
					b.Fatal("run with -benchtime 1x")
				}
				if err := demo.GenerateEntries(ctx, db, demo.EntryGen{Users: max(n/10, 1), Entries: n}, now); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(projects.Seconds(), "s-projects") // after ResetTimer, which drops reported metrics
			b.ReportMetric(b.Elapsed().Seconds(), "s-entries")
		})
	}
}
