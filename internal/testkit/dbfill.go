package testkit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/furusato/furusato/internal/store"
)

// filledTemplates holds, per key of NewSQLiteWith, the bytes of a migrated
// SQLite file that its fill function has written to, made once per process.
var filledTemplates struct {
	mu    sync.Mutex
	byKey map[string]*filledTemplate
}

type filledTemplate struct {
	once  sync.Once
	bytes []byte
	err   error
}

// NewSQLiteWith returns a fresh SQLite database, as NewDB(t, store.SQLite)
// does, that already holds what fill writes. fill runs once per test process
// for each key, on a migrated database; every call then gets its own copy of
// the file it left (a few milliseconds instead of running fill again). The key
// names the contents: calls that pass the same key must pass a fill that writes
// the same thing (such as the demo catalogue at a fixed clock).
//
// Calls with the same key from parallel tests wait for the one that builds it;
// when fill fails, every call with that key fails t.
func NewSQLiteWith(t testing.TB, key string, fill func(ctx context.Context, db *store.DB) error) *store.DB {
	t.Helper()
	db, _ := newSQLiteWith(t, key, fill, false)
	return db
}

// newSQLiteWith is NewSQLiteWith that, with pathOnly, returns the copy's
// path without opening it.
func newSQLiteWith(t testing.TB, key string, fill func(ctx context.Context, db *store.DB) error, pathOnly bool) (*store.DB, string) {
	t.Helper()
	filledTemplates.mu.Lock()
	if filledTemplates.byKey == nil {
		filledTemplates.byKey = map[string]*filledTemplate{}
	}
	ft := filledTemplates.byKey[key]
	if ft == nil {
		ft = &filledTemplate{}
		filledTemplates.byKey[key] = ft
	}
	filledTemplates.mu.Unlock()

	ft.once.Do(func() { ft.bytes, ft.err = buildFilledSQLite(fill) })
	if ft.err != nil {
		t.Fatalf("testkit: sqlite template %q: %v", key, ft.err)
	}
	path := SQLitePath(t)
	if err := os.WriteFile(path, ft.bytes, 0o600); err != nil {
		t.Fatalf("sqlite: %v", err)
	}
	if pathOnly {
		return nil, path
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// buildFilledSQLite copies the migrated template into a temporary file, runs
// fill on it, closes it (folding the write-ahead log into the file) and
// returns the file's bytes; the file is removed.
func buildFilledSQLite(fill func(ctx context.Context, db *store.DB) error) ([]byte, error) {
	sqliteTemplate.mu.Lock()
	if sqliteTemplate.bytes == nil {
		b, err := buildSQLiteTemplate()
		if err != nil {
			sqliteTemplate.mu.Unlock()
			return nil, err
		}
		sqliteTemplate.bytes = b
	}
	migrated := sqliteTemplate.bytes
	sqliteTemplate.mu.Unlock()

	dir, err := os.MkdirTemp("", "furusato-filled-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "filled.db")
	if err := os.WriteFile(path, migrated, 0o600); err != nil {
		return nil, err
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := fill(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("%s-wal is left after close (%d bytes)", path, fi.Size())
	}
	return os.ReadFile(path)
}
