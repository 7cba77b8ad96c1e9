package testkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
// when t ends. It is a copy of a template migrated once per test process
// (SQLite: the bytes of a migrated file; PostgreSQL: CREATE DATABASE …
// TEMPLATE, see postgresTemplate), so a test pays for a copy, not for the
// migrations.
func NewDB(t testing.TB, engine store.Engine) *store.DB {
	t.Helper()
	ctx := context.Background()
	var u string
	if engine == store.Postgres {
		u = newMigratedPostgresDatabase(t)
	} else {
		u = newMigratedSQLite(t)
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// SQLitePath returns the path of a new SQLite file in a temporary directory.
func SQLitePath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "furusato.db")
}

// sqliteTemplate holds the bytes of a migrated SQLite file, made once per
// process.
var sqliteTemplate struct {
	mu    sync.Mutex
	bytes []byte
}

// newMigratedSQLite writes a copy of the migrated SQLite template into a
// new temporary file and returns its path.
func newMigratedSQLite(t testing.TB) string {
	t.Helper()
	sqliteTemplate.mu.Lock()
	if sqliteTemplate.bytes == nil {
		b, err := buildSQLiteTemplate()
		if err != nil {
			sqliteTemplate.mu.Unlock()
			t.Fatalf("sqlite template: %v", err)
		}
		sqliteTemplate.bytes = b
	}
	b := sqliteTemplate.bytes
	sqliteTemplate.mu.Unlock()
	path := SQLitePath(t)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatalf("sqlite: %v", err)
	}
	return path
}

// buildSQLiteTemplate migrates a new SQLite file, closes it (which folds the
// write-ahead log into the file) and returns the file's bytes; the file is
// removed.
func buildSQLiteTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "furusato-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
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

// NewPostgresDatabase creates an empty database with a random name on the
// test server and returns its URL; the database is dropped when t ends.
// Tests of the migrations themselves use it; the rest use NewDB.
func NewPostgresDatabase(t testing.TB) string {
	return newPostgresDatabase(t, "")
}

// newMigratedPostgresDatabase is NewPostgresDatabase for a migrated
// database: a clone of postgresTemplate.
func newMigratedPostgresDatabase(t testing.TB) string {
	t.Helper()
	if PostgresURL() == "" {
		return newPostgresDatabase(t, "") // skips or fails
	}
	tmpl, err := postgresTemplate()
	if err != nil {
		t.Fatalf("postgres template: %v", err)
	}
	return newPostgresDatabase(t, tmpl)
}

func newPostgresDatabase(t testing.TB, template string) string {
	t.Helper()
	base := PostgresURL()
	if base == "" {
		SkipOrFail(t, "PostgreSQL not configured: set FURUSATO_TEST_POSTGRES_URL (scripts/test does when a server answers on 127.0.0.1:5432)")
	}
	admin, err := postgresAdmin()
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "furusato_test_" + hex.EncodeToString(b[:])
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.ExecContext(ctx, create); err != nil {
		t.Fatalf("postgres: %s: %v", create, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("postgres: drop %s: %v", name, err)
		}
	})
	// A test's commits need not wait for the disk: a commit is seen by
	// every session at once either way, and no test outlives a crash of
	// the server.
	u, err := url.Parse(databaseURL(base, name))
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// databaseURL returns base with its database replaced by name.
func databaseURL(base, name string) string {
	pu, err := url.Parse(base)
	if err != nil {
		panic("testkit: postgres url: " + err.Error())
	}
	pu.Path = "/" + name
	return pu.String()
}

// pg holds this process's connections to the test server's own database:
// admin for CREATE and DROP DATABASE, and hold, the session that keeps the
// shared lock on the template in use.
var pg struct {
	mu       sync.Mutex
	admin    *sql.DB
	hold     *sql.Conn
	template string
}

func postgresAdmin() (*sql.DB, error) {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	return postgresAdminLocked()
}

func postgresAdminLocked() (*sql.DB, error) {
	if pg.admin != nil {
		return pg.admin, nil
	}
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		return nil, err
	}
	admin.SetMaxIdleConns(4)
	pg.admin = admin
	return admin, nil
}

// templatePrefix starts the name of every template database; the rest of
// the name is the first 16 hex digits of store.MigrationsDigest.
const templatePrefix = "furusato_tmpl_"

// buildLockKey is the advisory lock under which template databases are
// built, checked and dropped, by every test process on the server.
const buildLockKey int64 = 0x6675727573617431 // "furusat1"

// postgresTemplate returns the name of a database holding every migration,
// which NewDB clones: migrating takes seconds, a clone a fraction of one.
//
// The name says which migrations it holds (templatePrefix + digest), so a
// template is rebuilt when the migrations change, and processes whose
// checkouts hold the same migrations share it, across runs as well. Test
// processes (one per package, several at once) coordinate through advisory
// locks on the server's database: one exclusive lock while a template is
// built (under a temporary name, renamed when complete, so a build that
// died half-way is never cloned) and while stale templates are dropped;
// and, for as long as the process lives, a shared lock on the key of the
// template it clones, so that no other process drops it meanwhile. A
// template of other migrations that no process holds is dropped.
func postgresTemplate() (string, error) {
	pg.mu.Lock()
	defer pg.mu.Unlock()
	if pg.template != "" {
		return pg.template, nil
	}
	digest, err := store.MigrationsDigest(store.Postgres)
	if err != nil {
		return "", err
	}
	name := templatePrefix + digest[:16]
	admin, err := postgresAdminLocked()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", buildLockKey); err != nil {
		conn.Close()
		return "", fmt.Errorf("build lock: %w", err)
	}
	err = ensureTemplate(ctx, conn, name)
	if _, uerr := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", buildLockKey); uerr != nil && err == nil {
		err = fmt.Errorf("build unlock: %w", uerr)
	}
	if err != nil {
		conn.Close() // also releases the locks
		return "", err
	}
	pg.hold, pg.template = conn, name
	return name, nil
}

// ensureTemplate builds the template called name unless it exists, takes
// the shared lock on it and drops unused templates of other migrations.
// The caller holds the build lock on conn.
func ensureTemplate(ctx context.Context, conn *sql.Conn, name string) error {
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if err := buildTemplate(ctx, conn, name); err != nil {
			return err
		}
	}
	key, err := templateKey(name)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock_shared($1)", key); err != nil {
		return fmt.Errorf("template lock: %w", err)
	}
	return dropStaleTemplates(ctx, conn, name)
}

// buildTemplate migrates a new database under a temporary name and renames
// it to name once complete.
func buildTemplate(ctx context.Context, conn *sql.Conn, name string) error {
	build := name + "_build"
	if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+build+" WITH (FORCE)"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+build); err != nil {
		return err
	}
	db, err := store.Open(ctx, databaseURL(PostgresURL(), build))
	if err != nil {
		return err
	}
	err = db.Migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", build, err)
	}
	// RENAME waits (up to 5 s) for the closed sessions to end on the server.
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+build+" RENAME TO "+name); err != nil {
		return err
	}
	return nil
}

// dropStaleTemplates drops the templates other than keep that no process
// holds (the exclusive try-lock on their key succeeds).
func dropStaleTemplates(ctx context.Context, conn *sql.Conn, keep string) error {
	return dropUnheld(ctx, conn, templatePrefix, keep, "", func(name string) (int64, bool) {
		key, err := templateKey(name)
		return key, err == nil // a build left by a process that died: the next build of its name drops it
	})
}

// dropUnheld drops the databases named prefix… (but keep) whose advisory
// lock, keyOf(name), no process holds: those of test processes that ended
// without dropping them. Names keyOf does not know are left alone. with is
// added to the DROP statement (" WITH (FORCE)", or nothing).
func dropUnheld(ctx context.Context, conn *sql.Conn, prefix, keep, with string, keyOf func(string) (int64, bool)) error {
	rows, err := conn.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2`,
		strings.ReplaceAll(prefix, "_", `\_`)+"%", keep)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		names = append(names, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range names {
		key, ok := keyOf(s)
		if !ok {
			continue
		}
		var free bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue
		}
		_, err = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+s+with)
		if _, uerr := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", key); err == nil {
			err = uerr
		}
		if err != nil {
			return fmt.Errorf("drop %s: %w", s, err)
		}
	}
	return nil
}

// templateKey returns the advisory lock key of the template called name:
// the 16 hex digits after templatePrefix as an int64.
func templateKey(name string) (int64, error) {
	h, ok := strings.CutPrefix(name, templatePrefix)
	if !ok || len(h) != 16 {
		return 0, fmt.Errorf("not a template name: %s", name)
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return 0, fmt.Errorf("not a template name: %s", name)
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}

// Engine returns the store engine named by s ("sqlite" or "postgres").
func Engine(s string) store.Engine {
	if strings.HasPrefix(s, "postgres") {
		return store.Postgres
	}
	return store.SQLite
}
