package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// ExecForTest runs q in tx, for probes and tests.
func (tx *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := tx.q.ExecContext(ctx, q)
	return err
}

// WriterForTest returns the writer pool, for third-party packages (the
// session stores) that take a *sql.DB.
func (db *DB) WriterForTest() *sql.DB { return db.writer }

// MigrateToForTest applies the migrations up to version only, to make a
// database as an older release left it.
func (db *DB) MigrateToForTest(ctx context.Context, version int64) error {
	p, err := migrationProvider(db.writer, db.engine)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

// WrapForTest is wrap, for tests of how driver errors become domain errors.
func WrapForTest(op string, err error) error { return wrap(op, err) }

// ImageCreatedAtForTest returns the created_at of the image under key.
func (db *DB) ImageCreatedAtForTest(ctx context.Context, key string) (time.Time, error) {
	var at int64
	err := db.q.QueryRowContext(ctx, `SELECT created_at FROM images WHERE key = $1`, key).Scan(&at)
	return time.UnixMilli(at), err
}

// TeamHealthPlanForTest returns the engine's plans of FindTeamHealth's
// two queries for f, one line per step, the team query's first.
func (db *DB) TeamHealthPlanForTest(ctx context.Context, f furusato.TeamFilter, recent int) (string, error) {
	teams, participants, args := teamHealthQueries(f, recent)
	prefix := "EXPLAIN QUERY PLAN "
	if db.engine == Postgres {
		prefix = "EXPLAIN "
	}
	var lines []string
	for _, q := range []struct {
		sql  string
		args []any
	}{{teams, args[:len(args)-1]}, {participants, args}} {
		rows, err := db.q.QueryContext(ctx, prefix+q.sql, q.args...)
		if err != nil {
			return "", err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return "", err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				rows.Close()
				return "", err
			}
			lines = append(lines, fmt.Sprint(*vals[len(vals)-1].(*any)))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	return strings.Join(lines, "\n"), nil
}

// FlaggedTeamsPlanForTest returns the engine's plans of FindFlaggedTeams'
// queries for f (with the time each took on PostgreSQL: EXPLAIN ANALYZE).
func (db *DB) FlaggedTeamsPlanForTest(ctx context.Context, f furusato.TeamFilter, limit int) (string, error) {
	prefix := "EXPLAIN QUERY PLAN "
	if db.engine == Postgres {
		prefix = "EXPLAIN ANALYZE "
	}
	var lines []string
	for _, q := range flaggedTeamsQueries(f, limit) {
		rows, err := db.q.QueryContext(ctx, prefix+q.sql, q.args...)
		if err != nil {
			return "", err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return "", err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				rows.Close()
				return "", err
			}
			lines = append(lines, fmt.Sprint(*vals[len(vals)-1].(*any)))
		}
		rows.Close()
		lines = append(lines, "--")
	}
	return strings.Join(lines, "\n"), nil
}

// countingQuerier counts the statements a DB's reads send.
type countingQuerier struct {
	querier
	n *int
}

func (c countingQuerier) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	*c.n++
	return c.querier.ExecContext(ctx, q, args...)
}

func (c countingQuerier) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	*c.n++
	return c.querier.QueryContext(ctx, q, args...)
}

func (c countingQuerier) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	*c.n++
	return c.querier.QueryRowContext(ctx, q, args...)
}

// CountStatementsForTest makes db count the statements its reads send
// (round trips on PostgreSQL) into *n; not safe for concurrent use.
func (db *DB) CountStatementsForTest(n *int) { db.q = countingQuerier{querier: db.q, n: n} }
