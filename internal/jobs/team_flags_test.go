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

// The early warning is a periodic job like the others: it runs at start on
// the leader, once per period.
func TestClient_TeamFlagsRunAtStart(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var runs atomic.Int32
		c := start(t, db, jobs.Config{}, jobs.Services{EvaluateTeamFlags: func(context.Context) (int, error) { runs.Add(1); return 3, nil }})
		eventually(t, 20*time.Second, "the early warning ran", func() bool { return runs.Load() == 1 })
		if n, err := c.Count(ctx, jobs.KindTeamFlags); n != 1 || err != nil {
			t.Errorf("%d early-warning jobs, %v; want 1", n, err)
		}
	})
}
