package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// Engine names the database engine the client runs on ("sqlite" or
// "postgres", as store.Engine spells them).
type Engine string

// The engines River runs on here.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DiscardedRetention is how long River keeps a job it gave up, for the
// admins' dead-letter view.
const DiscardedRetention = 30 * 24 * time.Hour

// Defaults of Config.
const (
	DefaultWorkers     = 10
	DefaultRescueAfter = 5 * time.Minute
	DefaultJobTimeout  = time.Minute
)

// Config tunes the client. Zero fields take the defaults.
type Config struct {
	// Workers is how many jobs this node works at once.
	Workers int
	// RescueAfter is how long a job may stay running before River takes
	// it for stuck (its node died) and runs it again. It must exceed
	// JobTimeout.
	RescueAfter time.Duration
	// JobTimeout bounds one run of one job; its context is cancelled then.
	JobTimeout time.Duration
	// PollInterval is how often the node looks for new jobs (1 s when
	// zero); the drivers used here have no LISTEN/NOTIFY.
	PollInterval time.Duration
	// MailAttempts is how many times a mail is tried before its job is
	// given up (MailMaxAttempts when zero).
	MailAttempts int
	// Logger receives River's logs and ours; slog.Default() when nil.
	Logger *slog.Logger
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Workers < 1 || c.Workers > 1000:
		return fmt.Errorf("job-workers: want 1 to 1000, got %d", c.Workers)
	case c.JobTimeout <= 0:
		return fmt.Errorf("job-timeout: want a positive duration, got %s", c.JobTimeout)
	case c.PollInterval < 10*time.Millisecond:
		return fmt.Errorf("job-poll: want at least 10ms, got %s", c.PollInterval)
	case c.MailAttempts < 1 || c.MailAttempts > 100:
		return fmt.Errorf("mail attempts: want 1 to 100, got %d", c.MailAttempts)
	case c.RescueAfter <= c.JobTimeout:
		return fmt.Errorf("job-rescue-after (%s) must exceed job-timeout (%s)", c.RescueAfter, c.JobTimeout)
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Workers == 0 {
		c.Workers = DefaultWorkers
	}
	if c.RescueAfter == 0 {
		c.RescueAfter = DefaultRescueAfter
	}
	if c.JobTimeout == 0 {
		c.JobTimeout = min(DefaultJobTimeout, c.RescueAfter/2)
	}
	if c.PollInterval == 0 {
		c.PollInterval = time.Second
	}
	if c.MailAttempts == 0 {
		c.MailAttempts = MailMaxAttempts
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Services are the use cases the workers call. Deliver is required; a nil
// periodic func means that job is not scheduled on this node.
type Services struct {
	// Deliver sends outbox mail id unless it was sent already; an error
	// makes River try again later.
	Deliver func(ctx context.Context, outboxID int64) error
	// CloseDue closes entries whose project's deadline passed (every 5 min).
	CloseDue func(ctx context.Context) (int, error)
	// SendInterviewReminders mails tomorrow's interviews and team meetings
	// and starts the projects whose kickoff has begun (every 10 min).
	SendInterviewReminders func(ctx context.Context) (int, error)
	// SendMessageDigests mails digests of new messages (every minute).
	SendMessageDigests func(ctx context.Context) (int, error)
	// SendFavoriteDeadlines warns of a favourite's near deadline (hourly).
	SendFavoriteDeadlines func(ctx context.Context) (int, error)
	// PurgeThrottles deletes expired rate-limit counters (daily).
	PurgeThrottles func(ctx context.Context) (int, error)
	// PurgeOutbox tidies the outbox: blanks links left in sent mail and
	// deletes sent mail past its retention (daily).
	PurgeOutbox func(ctx context.Context) (int, error)
	// SendTeamDigests mails digests of new team messages (every minute).
	SendTeamDigests func(ctx context.Context) (int, error)
	// SendCheckInReminders reminds participants of due check-ins (every 15 min).
	SendCheckInReminders func(ctx context.Context) (int, error)
	// EvaluateTeamFlags runs the early-warning rules over the teams at
	// work, stores their flags and tells the new ones (every 15 min).
	EvaluateTeamFlags func(ctx context.Context) (int, error)
}

type lastAttemptKey struct{}

// LastAttempt reports whether the job whose context is ctx runs for the
// last time: if it fails now, River gives it up (an admin may still retry
// it). Services.Deliver uses it to mark the mail as given up.
func LastAttempt(ctx context.Context) bool {
	last, _ := ctx.Value(lastAttemptKey{}).(bool)
	return last
}

// Client is the River client of one node: it inserts jobs in the caller's
// transactions and, once started, works them.
type Client struct {
	rc           *river.Client[*sql.Tx]
	log          *slog.Logger
	mailAttempts int
}

// New returns a client over db, the pool that runs every write (on SQLite
// the single writer connection, so River's writes queue behind ours), with
// the workers of svc and their periodic schedule. Call Start to work jobs.
func New(db *sql.DB, engine Engine, cfg Config, svc Services) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if svc.Deliver == nil {
		return nil, errors.New("jobs: Services.Deliver is required")
	}
	cfg = cfg.withDefaults()
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[SendMail]) error {
		return svc.Deliver(context.WithValue(ctx, lastAttemptKey{}, job.Attempt >= job.MaxAttempts), job.Args.OutboxID)
	}))
	var periodic []*river.PeriodicJob
	periodic = addPeriodic[CloseDue](workers, periodic, CloseDueEvery, svc.CloseDue, cfg.Logger)
	periodic = addPeriodic[InterviewReminders](workers, periodic, InterviewRemindersEvery, svc.SendInterviewReminders, cfg.Logger)
	periodic = addPeriodic[MessageDigests](workers, periodic, MessageDigestsEvery, svc.SendMessageDigests, cfg.Logger)
	periodic = addPeriodic[FavoriteDeadlines](workers, periodic, FavoriteDeadlinesEvery, svc.SendFavoriteDeadlines, cfg.Logger)
	periodic = addPeriodic[PurgeThrottles](workers, periodic, PurgeThrottlesEvery, svc.PurgeThrottles, cfg.Logger)
	periodic = addPeriodic[PurgeOutbox](workers, periodic, PurgeOutboxEvery, svc.PurgeOutbox, cfg.Logger)
	periodic = addPeriodic[TeamDigests](workers, periodic, TeamDigestsEvery, svc.SendTeamDigests, cfg.Logger)
	periodic = addPeriodic[CheckInReminders](workers, periodic, CheckInRemindersEvery, svc.SendCheckInReminders, cfg.Logger)
	periodic = addPeriodic[TeamFlags](workers, periodic, TeamFlagsEvery, svc.EvaluateTeamFlags, cfg.Logger)
	rc, err := river.NewClient(driver(db, engine), &river.Config{
		Logger:               cfg.Logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              workers,
		PeriodicJobs:         periodic,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(100*time.Millisecond, cfg.PollInterval),
		MaxAttempts:          PeriodicMaxAttempts, // mail sets its own (InsertTx)
		// Given-up jobs stay on /admin/jobs for a month (River: a week).
		DiscardedJobRetentionPeriod: DiscardedRetention,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Client{rc: rc, log: cfg.Logger, mailAttempts: cfg.MailAttempts}, nil
}

// NewAdmin returns a client that works no job: it inserts, lists and
// retries jobs (the admin view, tests).
func NewAdmin(db *sql.DB, engine Engine) (*Client, error) {
	rc, err := river.NewClient(driver(db, engine), &river.Config{Logger: slog.Default()})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Client{rc: rc, log: slog.Default(), mailAttempts: MailMaxAttempts}, nil
}

func driver(db *sql.DB, engine Engine) riverdriver.Driver[*sql.Tx] {
	if engine == Postgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

// periodicJob enqueues args every period: on the leader node only, at
// start and then each period, unique per period so that a restart or a
// new leader in the same period does not run it again.
func periodicJob(args Args, every time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: every}}
		},
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true})
}

// addPeriodic schedules the job kind T every period and registers its
// worker, which runs fn and logs how much it did; a nil fn schedules
// nothing. It returns periodic with the new job.
func addPeriodic[T river.JobArgs](workers *river.Workers, periodic []*river.PeriodicJob, every time.Duration,
	fn func(context.Context) (int, error), log *slog.Logger) []*river.PeriodicJob {
	if fn == nil {
		return periodic
	}
	var args T
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[T]) error {
		n, err := fn(ctx)
		if err == nil && n > 0 {
			log.InfoContext(ctx, "job done", "kind", args.Kind(), "count", n)
		}
		return err
	}))
	return append(periodic, periodicJob(args, every))
}

// InsertTx enqueues args in tx: the job runs only if tx commits. It makes
// Client a store.JobInserter.
func (c *Client) InsertTx(ctx context.Context, tx *sql.Tx, args Args) error {
	ra, ok := args.(river.JobArgs)
	if !ok {
		return fmt.Errorf("jobs: %T is not a job", args)
	}
	var opts *river.InsertOpts
	if _, ok := ra.(SendMail); ok {
		// Unique while waiting or running: a mail queued again (serve's
		// start-up sweep) while its job is live gets no second job.
		opts = &river.InsertOpts{MaxAttempts: c.mailAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
			rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}
	}
	if _, err := c.rc.InsertTx(ctx, tx, ra, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Start starts working jobs (and, on the leader node, the periodic
// schedule and River's maintenance: rescuing stuck jobs, cleaning old
// ones). It returns at once; Stop ends it.
func (c *Client) Start(ctx context.Context) error {
	if err := c.rc.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	c.log.Info("background jobs started")
	return nil
}

// Stop stops fetching jobs and waits for those running to finish until
// ctx ends; then it cancels them (they run again after RescueAfter, or at
// once on a node that restarts) and waits for them to return.
func (c *Client) Stop(ctx context.Context) error {
	err := c.rc.Stop(ctx)
	if err == nil {
		return nil
	}
	hard, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return errors.Join(err, c.rc.StopAndCancel(hard))
}
