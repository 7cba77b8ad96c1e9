package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Several nodes may start at once against one fresh PostgreSQL database:
// the migration lock must let exactly one apply each step and the others
// find nothing left to do.
func TestMigrate_ConcurrentNodes(t *testing.T) {
	t.Parallel()
	u := testkit.NewPostgresDatabase(t)
	ctx := context.Background()
	const nodes = 4
	var wg sync.WaitGroup
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, u)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			errs[i] = db.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("node %d: %v", i, err)
		}
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.CatalogueVersion(ctx); err != nil || v != 1 {
		t.Errorf("catalogue version %d, %v: want 1 (seeded once)", v, err)
	}
}

// Migrating twice is harmless on both engines (every start migrates).
func TestMigrate_Twice(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
