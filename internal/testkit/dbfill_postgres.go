package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/store"
)

// NewDBWith returns a fresh database on engine, as NewDB does, that already
// holds what fill writes; EnginesWith is Engines with it. fill runs once per
// test process for each key and engine; every call then gets its own copy of
// what it left, which the test may change (SQLite: NewSQLiteWith; PostgreSQL:
// CREATE DATABASE … TEMPLATE of a database filled once, a fraction of a
// second where filling a generated catalogue takes seconds). The key names
// the contents, as in NewSQLiteWith.
//
// On PostgreSQL the filled database lives as long as the test process and is
// dropped when Main returns, so a package that uses it runs its tests through
// Main (TestMain: os.Exit(testkit.Main(m))). Without Main each call fills its
// own database, which is slower but leaves nothing behind.
func NewDBWith(t testing.TB, engine store.Engine, key string, fill func(ctx context.Context, db *store.DB) error) *store.DB {
	t.Helper()
	if engine != store.Postgres {
		return NewSQLiteWith(t, key, fill)
	}
	db, err := store.Open(context.Background(), NewURLWith(t, engine, key, fill))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewURLWith is NewDBWith for tests that open the database themselves
// (several stores on one database, as several nodes do): it returns the
// URL of the new copy (on SQLite its path), not opened. The copy is dropped
// (removed) when t ends.
func NewURLWith(t testing.TB, engine store.Engine, key string, fill func(ctx context.Context, db *store.DB) error) string {
	t.Helper()
	if engine != store.Postgres {
		_, path := newSQLiteWith(t, key, fill, true)
		return path
	}
	if PostgresURL() == "" {
		newPostgresDatabase(t, "") // skips or fails
	}
	filledPostgres.mu.Lock()
	underMain := filledPostgres.main
	if filledPostgres.byKey == nil {
		filledPostgres.byKey = map[string]*filledPostgresDB{}
	}
	fp := filledPostgres.byKey[key]
	if fp == nil {
		fp = &filledPostgresDB{}
		filledPostgres.byKey[key] = fp
	}
	filledPostgres.mu.Unlock()

	if !underMain {
		u := newMigratedPostgresDatabase(t)
		ctx := context.Background()
		db, err := store.Open(ctx, u)
		if err != nil {
			t.Fatalf("open postgres: %v", err)
		}
		err = fill(ctx, db)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatalf("testkit: postgres fill %q: %v", key, err)
		}
		return u
	}
	fp.once.Do(func() { fp.name, fp.err = buildFilledPostgres(fill) })
	if fp.err != nil {
		t.Fatalf("testkit: postgres template %q: %v", key, fp.err)
	}
	return newPostgresDatabase(t, fp.name)
}

// EnginesWith runs fn once per engine as subtests "sqlite" and "postgres",
// as Engines does, each with a fresh database holding what fill writes
// (NewDBWith with key).
func EnginesWith(t *testing.T, key string, fill func(ctx context.Context, db *store.DB) error, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(e), func(t *testing.T) { fn(t, NewDBWith(t, e, key, fill)) })
	}
}

// filledPrefix starts the name of every filled database; the rest is 16 hex
// digits, the key of the advisory lock its process holds while it lives
// (scripts/test and later builds drop the ones nobody holds).
const filledPrefix = "furusato_fill_"

// filledPostgres holds this process's filled databases on the test server.
var filledPostgres struct {
	mu    sync.Mutex
	main  bool      // Main runs the tests, and drops the filled databases after them
	hold  *sql.Conn // the session holding the advisory lock of each filled database
	names []string
	byKey map[string]*filledPostgresDB
}

type filledPostgresDB struct {
	once sync.Once
	name string
	err  error
}

// buildFilledPostgres clones the migrated template into a new database of
// a random name (locked first, so no other process drops it), runs fill on
// it and returns its name. Filled databases left by processes that died are
// dropped on the way.
func buildFilledPostgres(fill func(ctx context.Context, db *store.DB) error) (string, error) {
	tmpl, err := postgresTemplate()
	if err != nil {
		return "", err
	}
	admin, err := postgresAdmin()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var b [8]byte
	_, _ = rand.Read(b[:])
	b[0] &= 0x7f // a positive key, as the name's digits read
	name := filledPrefix + hex.EncodeToString(b[:])
	key := int64(binary.BigEndian.Uint64(b[:]))

	filledPostgres.mu.Lock()
	if filledPostgres.hold == nil {
		conn, err := admin.Conn(ctx)
		if err != nil {
			filledPostgres.mu.Unlock()
			return "", err
		}
		filledPostgres.hold = conn
	}
	_, err = filledPostgres.hold.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key)
	if err == nil {
		filledPostgres.names = append(filledPostgres.names, name)
	}
	filledPostgres.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("lock %s: %w", name, err)
	}
	if err := dropUnheldFilled(ctx, admin); err != nil {
		return "", err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl); err != nil {
		return "", err
	}
	u, err := url.Parse(databaseURL(PostgresURL(), name))
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		return "", err
	}
	err = fill(ctx, db)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return name, nil
}

// dropUnheldFilled drops the filled databases whose advisory lock nobody
// holds: those of test processes that ended without Main dropping them.
func dropUnheldFilled(ctx context.Context, admin *sql.DB) error {
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return dropUnheld(ctx, conn, filledPrefix, "", " WITH (FORCE)", func(name string) (int64, bool) {
		b, err := hex.DecodeString(strings.TrimPrefix(name, filledPrefix))
		if err != nil || len(b) != 8 {
			return 0, false
		}
		return int64(binary.BigEndian.Uint64(b)), true
	})
}

// dropFilledPostgres drops this process's filled databases and releases
// their locks; Main calls it after the tests.
func dropFilledPostgres() {
	filledPostgres.mu.Lock()
	defer filledPostgres.mu.Unlock()
	names, hold := filledPostgres.names, filledPostgres.hold
	filledPostgres.names, filledPostgres.hold, filledPostgres.byKey = nil, nil, nil
	if hold == nil {
		return
	}
	defer hold.Close() // also releases the locks
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, name := range names {
		if _, err := hold.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Printf("testkit: drop %s: %v\n", name, err)
		}
	}
}
