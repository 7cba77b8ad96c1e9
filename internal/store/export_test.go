package store

import (
	"context"
	"database/sql"
)

// ExecForTest runs q in tx, for probes and tests.
func (tx *Tx) ExecForTest(ctx context.Context, q string) error {
	_, err := tx.q.ExecContext(ctx, q)
	return err
}

// WriterForTest returns the writer pool, for third-party packages (the
// session stores) that take a *sql.DB.
func (db *DB) WriterForTest() *sql.DB { return db.writer }
