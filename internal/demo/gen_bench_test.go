package demo_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// BenchmarkGenerate measures generating projects (b.N of them) on each engine.
func BenchmarkGenerate(b *testing.B) {
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.NewDB(b, e)
			ctx := context.Background()
			if _, err := demo.Load(ctx, db, now); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if err := demo.Generate(ctx, db, b.N, now); err != nil {
				b.Fatal(err)
			}
		})
	}
}
