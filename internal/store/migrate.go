package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Migrate applies every pending migration, River's own (version 14, no
// SQL file: store/jobs.go) among ours. On PostgreSQL a session advisory
// lock makes it safe when several nodes start at once; SQLite has a single
// writer per file anyway.
//
// It then rebuilds the search index when its terms are older than
// IndexVersion (after an upgrade that changed how text is cut for search).
func (db *DB) Migrate(ctx context.Context) error {
	return db.MigrateReporting(ctx, nil)
}

// MigrateReporting is Migrate telling progress how a search reindex goes,
// if one is needed.
func (db *DB) MigrateReporting(ctx context.Context, progress ReindexProgress) error {
	p, err := migrationProvider(db.writer, db.engine)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	_, err = db.ReindexIfStale(ctx, progress)
	return err
}

// migrationProvider returns the goose provider of engine's migrations over db.
func migrationProvider(db *sql.DB, engine Engine) (*goose.Provider, error) {
	dir := "migrations/sqlite"
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithGoMigrations(riverMigration(engine))}
	if engine == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, db, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// MigrationsDigest returns a hex SHA-256 of engine's migration files (names
// and contents), River's migration version and IndexVersion: it changes whenever what
// Migrate would build changes. Tests name their migrated template database
// after it.
func MigrationsDigest(engine Engine) (string, error) {
	dir := "migrations/sqlite"
	if engine == Postgres {
		dir = "migrations/postgres"
	}
	h := sha256.New()
	// Migrate also rebuilds a search index older than IndexVersion.
	fmt.Fprintf(h, "%s\nriver %d\nsearch index %d\n", engine, riverVersion, IndexVersion)
	err := fs.WalkDir(migrations, dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: migrations digest: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
