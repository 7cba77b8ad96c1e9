package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestOpenSQLite_EveryConnectionBoundsItsPageCache: the writer and each of
// the eight readers, held at once (so that none is reused), keep at most
// sqliteCacheKiB of pages and map no part of the file: nine connections'
// caches are what SQLite may hold besides the Go heap.
func TestOpenSQLite_EveryConnectionBoundsItsPageCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if sqliteCacheKiB > 1024 {
		t.Errorf("sqliteCacheKiB = %d: nine connections would hold over 27 MB of RSS", sqliteCacheKiB)
	}
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i, pool := range []*sql.DB{db.writer, db.reader, db.reader, db.reader, db.reader, db.reader, db.reader, db.reader, db.reader} {
		c, err := pool.Conn(ctx)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
		var cache, mmap int64
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		if cache != -sqliteCacheKiB || mmap != 0 {
			t.Errorf("connection %d: cache_size %d, mmap_size %d; want %d and 0", i, cache, mmap, -sqliteCacheKiB)
		}
	}
	if s := db.reader.Stats(); s.OpenConnections != 8 {
		t.Errorf("%d readers open, want 8 (one per held connection)", s.OpenConnections)
	}
}
