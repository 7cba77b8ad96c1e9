package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// withDemo holds the databases that demoEngines made: they already hold the
// demo catalogue and accounts, so newManageFixture does not load them again.
var withDemo sync.Map // *store.DB → struct{}

// demoEngines is testkit.Engines for tests that start with newManageFixture
// (or a fixture built on it): each engine's database is a copy of one that
// holds the demo catalogue and accounts at now, filled once per test process
// (testkit.EnginesWith), rather than demo.Load and demo.LoadAccounts in
// every test (about two seconds on PostgreSQL).
func demoEngines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	testkit.EnginesWith(t, demoKey, fillDemo, func(t *testing.T, db *store.DB) {
		withDemo.Store(db, struct{}{})
		t.Cleanup(func() { withDemo.Delete(db) })
		fn(t, db)
	})
}

// demoKey names fillDemo's contents for testkit.
const demoKey = "service: demo catalogue and accounts"

// fillDemo writes what newManageFixture needs: the demo catalogue and the
// demo accounts at now.
func fillDemo(ctx context.Context, db *store.DB) error {
	if _, err := demo.Load(ctx, db, now); err != nil {
		return fmt.Errorf("demo.Load: %w", err)
	}
	if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
		return fmt.Errorf("demo.LoadAccounts: %w", err)
	}
	return nil
}
