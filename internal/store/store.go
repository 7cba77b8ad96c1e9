package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engine names a database engine.
type Engine string

// The engines we run on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// querier is what both *sql.DB and *sql.Tx offer; queries are written once
// against it.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn carries the methods of every noun; DB runs them on the reader pool,
// Tx inside one transaction.
type conn struct {
	q      querier
	engine Engine
}

// DB is an open database. SQLite gets two pools on one file: a single-connection
// writer for every transaction and a read-only reader pool for the rest, so
// reads never queue behind a write (WAL) and writes never meet SQLITE_BUSY.
// PostgreSQL uses one pool for both.
type DB struct {
	conn
	writer *sql.DB
	reader *sql.DB
	url    string

	mu      sync.Mutex
	closers []func()    // run by Close before the pools close (session cleanup)
	jobs    JobInserter // enqueues the jobs of each Tx; nil: none (store/jobs.go)

	versions versionCache // the catalogue version as last read (catalogue_version.go)
}

// Tx is one transaction. Code inside it must use only the Tx: on SQLite the
// writer has a single connection, so a second use of it would wait forever.
type Tx struct {
	conn
	tx   *sql.Tx
	jobs JobInserter

	bumped      bool // BumpCatalogueVersion ran: the commit tells versionCache
	textWritten bool // some project's search terms were written (words_version.go)
	wordsBumped bool // the words version moved since
}

// Open opens the database named by url: "postgres://…" or "postgresql://…"
// for PostgreSQL, otherwise an SQLite file path, optionally prefixed with
// "sqlite:" or "file:". The directory of an SQLite file is created.
// Open does not migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	if EngineOf(url) == Postgres {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url)
}

// EngineOf tells which engine a database URL names, as Open reads it.
func EngineOf(url string) Engine {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// sqliteFile returns the file path of an SQLite database URL as Open reads
// it ("sqlite:" or "file:" prefix and any "?…" parameters dropped).
func sqliteFile(url string) (string, error) {
	if EngineOf(url) != SQLite {
		return "", errors.New("store: not an SQLite database")
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return "", errors.New("store: empty sqlite path")
	}
	return path, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect postgres: %w", err)
	}
	return &DB{conn: conn{q: db, engine: Postgres}, writer: db, reader: db, url: url}, nil
}

// stmtCacheSize bounds the prepared statements of an SQLite reader pool:
// the hot reads are a few dozen texts; lists of ids of every length up to
// a page make a few dozen more.
const stmtCacheSize = 256

// sqliteCacheKiB is the page cache of each SQLite connection, in KiB of
// pages (PRAGMA cache_size, negative). The C allocator of modernc's SQLite
// hands out power-of-two slots, and a 4 KiB page with its header takes an
// 8 KiB one: a connection's cache takes about twice this in the node's RSS
// (measured at 100,000 projects: 9 MB a connection at 4 MiB, 3 MB at 1 MiB).
// Nine connections at 1 MiB hold some 25 MB; at 4 MiB they could hold 80,
// the largest part of the node's peak after the Go heap. The pages a query
// misses are read from the kernel's page cache; cached pages and lists do
// not reach SQLite at all.
const sqliteCacheKiB = 1024

func openSQLite(ctx context.Context, url string) (*DB, error) {
	path, err := sqliteFile(url)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create %s: %w", dir, err)
		}
	}
	// Memory: each connection (one writer, up to eight readers) keeps at
	// most sqliteCacheKiB of pages, and no part of the file is mapped:
	// mapped pages a query touches count in the node's RSS (64 MB of it at
	// 100,000 projects), while pages read into the kernel's page cache do
	// not and are as quick to read again. A node stays under 150 MB at rest
	// and 250 MB at peak at 100,000 projects (README, Benchmarks).
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-" + strconv.Itoa(sqliteCacheKiB) + ")&_pragma=mmap_size(0)&_pragma=temp_store(MEMORY)"
	writer, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	// Touch the writer first so the WAL mode is set before readers open.
	if err := writer.PingContext(ctx); err != nil {
		writer.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("store: open sqlite reader: %w", err)
	}
	reader.SetMaxOpenConns(8)
	reader.SetMaxIdleConns(8)
	reader.SetConnMaxIdleTime(0)
	db := &DB{conn: conn{engine: SQLite}, writer: writer, reader: reader, url: url}
	stmts := newStmtCache(reader, stmtCacheSize)
	db.q = stmts
	db.addCloser(stmts.Close)
	return db, nil
}

// Engine tells which engine db runs on.
func (db *DB) Engine() Engine { return db.engine }

func (db *DB) addCloser(fn func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.closers = append(db.closers, fn)
}

// Close stops what runs in the background on db and closes both pools.
func (db *DB) Close() error {
	db.mu.Lock()
	closers := db.closers
	db.closers = nil
	db.mu.Unlock()
	for _, fn := range closers {
		fn()
	}
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Ping checks that the database answers, for /healthz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	var one int
	if err := db.reader.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Stats returns the pool statistics of the writer and reader, for /metrics.
func (db *DB) Stats() (writer, reader sql.DBStats) {
	return db.writer.Stats(), db.reader.Stats()
}

// Tx runs fn in one transaction on the writer, committing when fn returns
// nil and rolling back otherwise.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	tx := &Tx{conn: conn{q: stx, engine: db.engine}, tx: stx, jobs: db.jobInserter()}
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.bumpWordsVersion(ctx); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if tx.bumped {
		db.versions.bumps.Add(1)
	}
	return nil
}

// UnixMS is how the store keeps an instant: Unix milliseconds, 0 for the
// zero time. TimeOfMS is its inverse, as the store reads times back (UTC).
// The card cache keeps cards' times so, to give them back as read.
func UnixMS(t time.Time) int64 { return ms(t) }

// TimeOfMS: see UnixMS.
func TimeOfMS(v int64) time.Time { return fromMS(v) }

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// Analyze refreshes the query planner's statistics, so that it picks the
// selective index (the search match, a prefecture) over the broad one
// (status). Run after bulk loads; serve runs it at start.
func (db *DB) Analyze(ctx context.Context) error {
	q := "ANALYZE"
	if db.engine == SQLite {
		q = "PRAGMA optimize=0x10002" // analyse every table that needs it, as after a bulk load
	}
	if _, err := db.writer.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}
