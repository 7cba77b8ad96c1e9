package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

var quietLog = slog.New(slog.DiscardHandler)

// start starts a client on db with svc, stopped when t ends.
func start(t *testing.T, db *store.DB, cfg jobs.Config, svc jobs.Services) *jobs.Client {
	t.Helper()
	cfg.PollInterval, cfg.Logger = 50*time.Millisecond, quietLog
	if svc.Deliver == nil {
		svc.Deliver = func(context.Context, int64) error { return nil }
	}
	c, err := jobs.New(db.Writer(), jobs.Engine(db.Engine()), cfg, svc)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
}

// eventually waits until cond holds, failing t after d (testkit.Eventually).
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	testkit.Eventually(t, d, what, cond)
}

// A periodic job runs at start on the leader and not again in the same
// period, even when the node restarts (it is unique per period).
func TestClient_PeriodicJobRunsOnceAPeriodAcrossRestarts(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var purged, closed atomic.Int32
		purge := func(context.Context) (int, error) { purged.Add(1); return 3, nil }
		first := start(t, db, jobs.Config{}, jobs.Services{PurgeThrottles: purge})
		eventually(t, 20*time.Second, "the purge ran", func() bool { return purged.Load() == 1 })
		if err := first.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		// The second node also closes due entries: once that ran, its
		// periodic schedule has been through its start.
		second := start(t, db, jobs.Config{}, jobs.Services{PurgeThrottles: purge,
			CloseDue: func(context.Context) (int, error) { closed.Add(1); return 0, nil }})
		eventually(t, 30*time.Second, "close-due ran on the second node", func() bool { return closed.Load() == 1 })
		// The start's periodic jobs are inserted together: once none is
		// unfinished, a second purge, had one been inserted, has run.
		eventually(t, 5*time.Second, "no job unfinished", func() bool { n, err := db.UnfinishedJobs(ctx); return n == 0 && err == nil })
		if n := purged.Load(); n != 1 {
			t.Errorf("purge ran %d times, want 1", n)
		}
		if n, err := second.Count(ctx, jobs.KindPurgeThrottles); n != 1 || err != nil {
			t.Errorf("%d purge jobs, %v; want 1", n, err)
		}
	})
}

// A job that keeps failing is tried again (River makes a retry due within
// seconds available at once, so "retryable" is not seen here), then given
// up, shows in
// the admins' list with its error, and runs again when an admin retries
// it; a job enqueued in a transaction that rolls back never runs.
func TestClient_FailingJobIsRetriedThenDiscardedThenRetriedByAnAdmin(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var fail atomic.Bool
		fail.Store(true)
		var calls, delivered atomic.Int32
		c := start(t, db, jobs.Config{MailAttempts: 2}, jobs.Services{Deliver: func(_ context.Context, id int64) error {
			calls.Add(1)
			if id != 42 {
				t.Errorf("Deliver(%d), want 42 only", id)
			}
			if fail.Load() {
				return errors.New("451 try again later")
			}
			delivered.Add(1)
			return nil
		}})
		db.SetJobs(c)
		rollback := errors.New("roll back")
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.Enqueue(ctx, jobs.SendMail{OutboxID: 7}); err != nil {
				return err
			}
			return rollback
		}); !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.Enqueue(ctx, jobs.SendMail{OutboxID: 42})
		}); err != nil {
			t.Fatal(err)
		}
		var listed []*jobs.Job
		eventually(t, 20*time.Second, "the job is given up", func() bool {
			listed, _ = c.Troubled(ctx, 10)
			return len(listed) == 1 && listed[0].Discarded()
		})
		j := listed[0]
		if j.Kind != jobs.KindSendMail || j.Args != `{"outbox_id":42}` || j.Attempt != 2 || j.MaxAttempts != 2 ||
			j.LastError != "451 try again later" || j.FinalizedAt.IsZero() || j.CreatedAt.IsZero() {
			t.Errorf("discarded job = %+v", j)
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("Deliver called %d times, want 2", n)
		}
		fail.Store(false)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.JobStatement(func(stx *sql.Tx) error {
				_, err := c.RetryTx(ctx, stx, j.ID)
				return err
			})
		}); err != nil {
			t.Fatal(err)
		}
		eventually(t, 10*time.Second, "the retried job ran", func() bool { return delivered.Load() == 1 })
		eventually(t, 5*time.Second, "nothing left in trouble", func() bool { l, err := c.Troubled(ctx, 10); return len(l) == 0 && err == nil })
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.JobStatement(func(stx *sql.Tx) error { _, err := c.RetryTx(ctx, stx, 999999); return err })
		})
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("retry of an unknown job: %v", err)
		}
	})
}

func TestConfig_Validate(t *testing.T) {
	for _, tc := range []struct {
		cfg jobs.Config
		ok  bool
	}{
		{jobs.Config{}, true},
		{jobs.Config{Workers: 1, RescueAfter: 2 * time.Second, JobTimeout: time.Second}, true},
		{jobs.Config{Workers: -1}, false},
		{jobs.Config{RescueAfter: time.Minute, JobTimeout: time.Minute}, false},
		{jobs.Config{PollInterval: time.Millisecond}, false},
		{jobs.Config{MailAttempts: 101}, false},
	} {
		if err := tc.cfg.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%+v) = %v, want ok %v", tc.cfg, err, tc.ok)
		}
	}
	if _, err := jobs.New(nil, jobs.SQLite, jobs.Config{}, jobs.Services{}); err == nil {
		t.Error("New without Deliver: no error")
	}
}
