package service

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/jobs"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Job is one background job as the admins' dead-letter view shows it.
type Job = jobs.Job

// MaxTroubledJobs is how many jobs the dead-letter view lists at most.
const MaxTroubledJobs = 200

// Jobs is the admins' view of the background jobs (those River gave up and
// those waiting for a retry after an error, and retrying one) and the
// periodic purge of old rate-limit counters (PurgeThrottles).
type Jobs struct {
	db  *store.DB
	now func() time.Time
}

// NewJobs returns the jobs view of db, reading the time from now.
func NewJobs(db *store.DB, now func() time.Time) *Jobs { return &Jobs{db: db, now: now} }

// client is a River client that works no job: it lists and retries.
func (j *Jobs) client() (*jobs.Client, error) {
	return jobs.NewAdmin(j.db.Writer(), jobs.Engine(j.db.Engine()))
}

// Troubled returns the jobs that were given up (discarded) or wait for a
// retry after an error, newest first (policy JobsView: admins only).
// Their arguments are ids only, never personal data.
func (j *Jobs) Troubled(ctx context.Context, actor *furusato.Actor) ([]*Job, error) {
	if err := policy.Global(actor, policy.JobsView); err != nil {
		return nil, err
	}
	c, err := j.client()
	if err != nil {
		return nil, err
	}
	return c.Troubled(ctx, MaxTroubledJobs)
}

// Retry makes job id run again at once (policy JobsView: admins only) and
// audits "job.retry" in the same transaction. ENOTFOUND for an unknown job;
// ECONFLICT for one running now.
func (j *Jobs) Retry(ctx context.Context, actor *furusato.Actor, id int64, ip string) error {
	if err := policy.Global(actor, policy.JobsView); err != nil {
		return err
	}
	c, err := j.client()
	if err != nil {
		return err
	}
	now := j.now()
	return j.db.Tx(ctx, func(tx *store.Tx) error {
		var job *Job
		err := tx.JobStatement(func(stx *sql.Tx) error {
			var err error
			job, err = c.RetryTx(ctx, stx, id)
			return err
		})
		if err != nil {
			return err
		}
		detail, _ := json.Marshal(map[string]any{"kind": job.Kind, "attempt": job.Attempt})
		return tx.Audit(ctx, furusato.AuditEntry{At: now, ActorID: actor.User.ID, Action: furusato.AuditJobRetry, ObjectType: "job",
			ObjectID: id, IP: ip, Detail: detail})
	})
}

// ThrottleRetention is how long a rate-limit counter is kept after its
// window began: as long as the longest window (a day), so only windows
// that are over go.
const ThrottleRetention = 24 * time.Hour

// PurgeThrottles deletes the rate-limit counters whose window began more
// than ThrottleRetention ago and returns how many; run daily by a periodic
// job, harmless to run twice.
func (j *Jobs) PurgeThrottles(ctx context.Context) (int, error) {
	var n int64
	err := j.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.DeleteStaleThrottles(ctx, j.now().Add(-ThrottleRetention))
		return err
	})
	return int(n), err
}
