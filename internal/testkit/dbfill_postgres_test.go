package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"

	"github.com/furusato/furusato/internal/store"
)

// underMain makes NewDBWith behave for the rest of t as under Main, and
// drops what it filled when t ends, as Main does.
func underMain(t *testing.T) {
	filledPostgres.mu.Lock()
	filledPostgres.main = true
	filledPostgres.mu.Unlock()
	t.Cleanup(func() {
		dropFilledPostgres()
		filledPostgres.mu.Lock()
		filledPostgres.main = false
		filledPostgres.mu.Unlock()
	})
}

func databaseExists(t *testing.T, name string) bool {
	t.Helper()
	admin, err := postgresAdmin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := admin.QueryRowContext(context.Background(), `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func zzFill(fills *int) func(ctx context.Context, db *store.DB) error {
	return func(ctx context.Context, db *store.DB) error {
		*fills++
		if _, err := db.Writer().ExecContext(ctx, `CREATE TABLE zz_filled (x INTEGER)`); err != nil {
			return err
		}
		_, err := db.Writer().ExecContext(ctx, `INSERT INTO zz_filled VALUES (1)`)
		return err
	}
}

func TestNewDBWith_PostgresFillsOncePerKeyAndMainDropsTheFilledDatabase(t *testing.T) {
	if PostgresURL() == "" {
		SkipOrFail(t, "PostgreSQL not configured: set FURUSATO_TEST_POSTGRES_URL")
	}
	ctx := context.Background()
	admin, err := postgresAdmin()
	if err != nil {
		t.Fatal(err)
	}
	// A filled database left by a test process that died (nobody holds its
	// lock) is dropped by the next build.
	var b [8]byte
	_, _ = rand.Read(b[:])
	b[0] &= 0x7f
	stale := filledPrefix + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+stale); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+stale) })

	underMain(t)
	key := "postgres fill test " + t.Name()
	fills := 0
	one := NewDBWith(t, store.Postgres, key, zzFill(&fills))
	if _, err := one.Writer().ExecContext(ctx, `INSERT INTO zz_filled VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	two := NewDBWith(t, store.Postgres, key, zzFill(&fills))
	if fills != 1 {
		t.Errorf("fill ran %d times for two databases of one key, want once", fills)
	}
	if n := countRows(t, one); n != 2 {
		t.Errorf("the first copy holds %d rows, want the filled one and its own", n)
	}
	if n := countRows(t, two); n != 1 {
		t.Errorf("the second copy holds %d rows, want only the filled one (copies are independent)", n)
	}
	if _, err := two.FindUserByEmail(ctx, "nobody@example.jp"); err == nil {
		t.Errorf("found a user in an empty copy") // and the copy is migrated, as NewDB's is
	}
	if databaseExists(t, stale) {
		t.Errorf("%s, left by a process that ended, was not dropped", stale)
	}

	filledPostgres.mu.Lock()
	filled := filledPostgres.byKey[key].name
	filledPostgres.mu.Unlock()
	if !databaseExists(t, filled) {
		t.Fatalf("the filled database %q is not on the server", filled)
	}
	dropFilledPostgres()
	if databaseExists(t, filled) {
		t.Errorf("%s is left after Main's drop", filled)
	}
	if n := countRows(t, two); n != 1 {
		t.Errorf("a copy lost its rows with the filled database: %d", n)
	}
}

func TestNewDBWith_WithoutMainEveryCallFillsItsOwn(t *testing.T) {
	if PostgresURL() == "" {
		SkipOrFail(t, "PostgreSQL not configured: set FURUSATO_TEST_POSTGRES_URL")
	}
	key := "postgres fill test " + t.Name()
	fills := 0
	one := NewDBWith(t, store.Postgres, key, zzFill(&fills))
	two := NewDBWith(t, store.Postgres, key, zzFill(&fills))
	if fills != 2 {
		t.Errorf("fill ran %d times without Main, want once per call (nothing would drop a shared one)", fills)
	}
	if countRows(t, one) != 1 || countRows(t, two) != 1 {
		t.Errorf("copies hold %d and %d rows, want 1 each", countRows(t, one), countRows(t, two))
	}
	filledPostgres.mu.Lock()
	n := len(filledPostgres.names)
	filledPostgres.mu.Unlock()
	if n != 0 {
		t.Errorf("%d filled databases made without Main", n)
	}
}
