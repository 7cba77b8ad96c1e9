package jobs_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The outbox purge is a periodic job like the others: it runs at start on
// the leader, once per period.
func TestClient_OutboxPurgeRunsAtStart(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var purged atomic.Int32
		c := start(t, db, jobs.Config{}, jobs.Services{PurgeOutbox: func(context.Context) (int, error) { purged.Add(1); return 2, nil }})
		eventually(t, 20*time.Second, "the outbox purge ran", func() bool { return purged.Load() == 1 })
		if n, err := c.Count(ctx, jobs.KindPurgeOutbox); n != 1 || err != nil {
			t.Errorf("%d outbox purge jobs, %v; want 1", n, err)
		}
	})
}
