package jobs

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/furusato/furusato/internal/furusato"
)

// Job is one job as admins see it: what it is, how its tries went, never
// personal data (job arguments hold ids only).
type Job struct {
	ID          int64
	Kind        string
	Args        string // the JSON arguments, e.g. {"outbox_id":12}
	State       string // River's state: available, running, retryable, discarded, …
	Attempt     int
	MaxAttempts int
	LastError   string // the error of the last failed try, "" when none failed
	CreatedAt   time.Time
	AttemptedAt time.Time // zero when never tried
	FinalizedAt time.Time // zero while not final
	ScheduledAt time.Time // when it runs (again)
}

// Discarded reports whether River gave the job up.
func (j *Job) Discarded() bool { return j.State == string(rivertype.JobStateDiscarded) }

// Troubled returns up to limit jobs that need an admin's eye, most recent
// first: those River gave up (discarded) and those waiting for a retry
// after an error (retryable).
func (c *Client) Troubled(ctx context.Context, limit int) ([]*Job, error) {
	if limit <= 0 || limit > 10000 {
		limit = 100
	}
	res, err := c.rc.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateDiscarded, rivertype.JobStateRetryable).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).
		First(limit))
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	out := make([]*Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, fromRow(r))
	}
	return out, nil
}

// RetryTx makes job id run again at once, with its attempts reset to the
// last one, in tx (so that the admin's audit entry commits with it).
// ENOTFOUND when there is no such job; a job running now is left as it is
// (ECONFLICT).
func (c *Client) RetryTx(ctx context.Context, tx *sql.Tx, id int64) (*Job, error) {
	r, err := c.rc.JobRetryTx(ctx, tx, id)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Job not found.")
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: retry %d: %w", id, err)
	}
	if r.State == rivertype.JobStateRunning {
		return nil, furusato.Errorf(furusato.ECONFLICT, "The job is running.")
	}
	return fromRow(r), nil
}

func fromRow(r *rivertype.JobRow) *Job {
	args := string(r.EncodedArgs)
	var b bytes.Buffer
	if json.Compact(&b, r.EncodedArgs) == nil {
		args = b.String() // PostgreSQL's jsonb spaces it out
	}
	j := &Job{
		ID: r.ID, Kind: r.Kind, Args: args, State: string(r.State),
		Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		CreatedAt: r.CreatedAt, ScheduledAt: r.ScheduledAt,
	}
	if r.AttemptedAt != nil {
		j.AttemptedAt = *r.AttemptedAt
	}
	if r.FinalizedAt != nil {
		j.FinalizedAt = *r.FinalizedAt
	}
	if n := len(r.Errors); n > 0 {
		j.LastError = r.Errors[n-1].Error
	}
	return j
}

// Count returns how many jobs of kind exist, in any state (for tests and
// checks).
func (c *Client) Count(ctx context.Context, kind string) (int, error) {
	n := 0
	params := river.NewJobListParams().Kinds(kind).First(10000)
	for {
		res, err := c.rc.JobList(ctx, params)
		if err != nil {
			return 0, fmt.Errorf("jobs: count: %w", err)
		}
		n += len(res.Jobs)
		if len(res.Jobs) < 10000 {
			return n, nil
		}
		params = params.After(res.LastCursor)
	}
}
