package store

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateTo applies the migrations up to and including version, so a test
// can put rows in place before a later migration runs (SQLite and
// PostgreSQL; no lock: tests own their database).
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if db.engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db.writer, sub)
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}

// ExecOnWriterForTest runs one statement on the writer.
func (db *DB) ExecOnWriterForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.writer.ExecContext(ctx, q, args...)
	return err
}
