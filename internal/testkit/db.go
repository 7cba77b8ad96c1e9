package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // for the admin connection

	"github.com/furusato/furusato/internal/store"
)

// PostgresURL returns FURUSATO_TEST_POSTGRES_URL, the server tests may
// create their own databases on, or "" when none is configured.
func PostgresURL() string { return os.Getenv("FURUSATO_TEST_POSTGRES_URL") }

// Engines runs fn once per engine as subtests "sqlite" and "postgres", each
// with a fresh, migrated database. Without a PostgreSQL URL the postgres
// subtest skips (fails under FURUSATO_REQUIRE_ALL=1).
func Engines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(e), func(t *testing.T) { fn(t, NewDB(t, e)) })
	}
}

// NewDB returns a fresh, migrated database on engine, closed and dropped
// when t ends.
func NewDB(t testing.TB, engine store.Engine) *store.DB {
	t.Helper()
	ctx := context.Background()
	u := SQLitePath(t)
	if engine == store.Postgres {
		u = NewPostgresDatabase(t)
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return db
}

// SQLitePath returns the path of a new SQLite file in a temporary directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "furusato.db")
}

// NewPostgresDatabase creates an empty database with a random name on the
// test server and returns its URL; the database is dropped when t ends.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		SkipOrFail(t, "PostgreSQL not configured: set FURUSATO_TEST_POSTGRES_URL (scripts/test does when a server answers on 127.0.0.1:5432)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "furusato_test_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("postgres: drop %s: %v", name, err)
		}
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	pu.Path = "/" + name
	return pu.String()
}

// Engine returns the store engine named by s ("sqlite" or "postgres").
func Engine(s string) store.Engine {
	if strings.HasPrefix(s, "postgres") {
		return store.Postgres
	}
	return store.SQLite
}
