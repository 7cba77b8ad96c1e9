package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// JobArgs is the argument of one background job: a value that names its
// kind and encodes to JSON. It is an alias of the unnamed interface, which
// jobs.Args also is, so jobs.Client satisfies JobInserter without store
// knowing River's client.
type JobArgs = interface{ Kind() string }

// JobInserter enqueues background jobs inside a transaction, so that a job
// exists if and only if the write that causes it commits. jobs.Client
// satisfies it.
type JobInserter interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args JobArgs) error
}

// SetJobs makes every later transaction of db enqueue its jobs through j.
// `furusato serve` always sets it before it serves anything. Without it
// (tests of a single package, `furusato demo`, `furusato user`) Tx.Enqueue
// writes nothing: whatever the job would have done stays to be done. Mail
// stays unsent in the outbox, where admins read it, and serve with SMTP
// gives it its job when it starts (service.Mailer.RequeueUnsent).
func (db *DB) SetJobs(j JobInserter) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.jobs = j
}

func (db *DB) jobInserter() JobInserter {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.jobs
}

// Writer returns the pool that runs every transaction: on SQLite the single
// writer connection, on PostgreSQL the one pool. The job library uses it, so
// that on SQLite its writes queue behind ours instead of meeting
// SQLITE_BUSY.
func (db *DB) Writer() *sql.DB { return db.writer }

// Enqueue adds the job args to tx: it runs only if tx commits. Without a
// JobInserter (see DB.SetJobs) it does nothing (HasJobs tells).
func (tx *Tx) Enqueue(ctx context.Context, args JobArgs) error {
	if tx.jobs == nil {
		return nil
	}
	if err := tx.jobs.InsertTx(ctx, tx.tx, args); err != nil {
		return fmt.Errorf("store: enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// HasJobs reports whether Enqueue on tx enqueues (DB.SetJobs was called).
func (tx *Tx) HasJobs() bool { return tx.jobs != nil }

// JobStatement runs fn on tx's underlying transaction, for the job
// library's own statements (an admin retrying a job) that must commit or
// roll back with tx's writes, such as its audit entry.
func (tx *Tx) JobStatement(fn func(stx *sql.Tx) error) error { return fn(tx.tx) }

// NoteMailFailure records a failed try to send outbox mail id: one more
// attempt and why it failed. The job that sends it is retried by the job
// queue, which keeps its own schedule; a mail already sent is left as it
// is. ENOTFOUND when there is no unsent mail id.
func (tx *Tx) NoteMailFailure(ctx context.Context, id int64, errText string) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND sent_at = 0`, id, errText)
	return mustAffect("note mail failure", res, err, "Mail not found or already sent.")
}

// UnsentMailIDs returns up to limit ids, in order, above afterID, of the
// outbox mail that is neither sent nor given up: what a node with SMTP
// makes sure has a live job when it starts.
func (c *conn) UnsentMailIDs(ctx context.Context, afterID int64, limit int) ([]int64, error) {
	return queryIDs(ctx, c.q, "unsent mail", `
		SELECT id FROM outbox WHERE sent_at = 0 AND next_attempt_at > 0 AND id > $1 ORDER BY id LIMIT $2`, afterID, limit)
}

// UnfinishedJobs counts the background jobs that have not reached a final
// state (completed, cancelled or discarded): for tests and health checks.
func (c *conn) UnfinishedJobs(ctx context.Context) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM river_job WHERE state NOT IN ('completed', 'cancelled', 'discarded')`).Scan(&n)
	return n, wrap("count unfinished jobs", err)
}

// riverVersion is the goose version of the migration that creates River's
// own tables (there is no SQL file with this number).
const riverVersion = 14

// riverMigration is goose's migration riverVersion: River's own migrations,
// applied under the same lock as ours (PostgreSQL's session lock) and
// recorded with them. On SQLite they run inside goose's transaction (its
// writer has one connection, which goose holds); on PostgreSQL River runs
// each of its steps in a transaction of its own, as it requires (an enum
// value added in one step is used by the next), on the pool.
func riverMigration(engine Engine) *goose.Migration {
	// River logs each step at Info; ours are silent, so only its warnings.
	cfg := &rivermigrate.Config{Logger: slog.New(warnOnly{slog.Default().Handler()})}
	if engine == Postgres {
		return goose.NewGoMigration(riverVersion, &goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
			m, err := rivermigrate.New(riverdatabasesql.New(db), cfg)
			if err == nil {
				_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
			}
			return wrap("river migrations", err)
		}}, nil)
	}
	return goose.NewGoMigration(riverVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		m, err := rivermigrate.New(riversqlite.New(nil), cfg)
		if err == nil {
			//lint:ignore SA1019 one transaction is what SQLite's single writer needs here
			_, err = m.MigrateTx(ctx, tx, rivermigrate.DirectionUp, nil)
		}
		return wrap("river migrations", err)
	}}, nil)
}

// warnOnly passes on the records of Warn level and above.
type warnOnly struct{ slog.Handler }

func (w warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && w.Handler.Enabled(ctx, l)
}

func (w warnOnly) WithAttrs(a []slog.Attr) slog.Handler { return warnOnly{w.Handler.WithAttrs(a)} }
func (w warnOnly) WithGroup(name string) slog.Handler   { return warnOnly{w.Handler.WithGroup(name)} }
