package store

import (
	"context"
	"database/sql"
	"time"
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
