package testkit

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// BenchNow is the fixed clock of the benchmarks.
var BenchNow = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

// BenchProjects is the catalogue size of the benchmarks (100,000);
// FURUSATO_BENCH_PROJECTS overrides it for a quick look.
func BenchProjects() int {
	if n, err := strconv.Atoi(os.Getenv("FURUSATO_BENCH_PROJECTS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var (
	benchMu    sync.Mutex
	benchDBs   = map[store.Engine]*store.DB{}
	benchDrops []func() // what CloseBenchDBs removes: the SQLite folder, the PostgreSQL database
)

// BenchDB returns a database holding the demo data plus BenchProjects()
// generated projects, made once per engine and process. It lives as long as
// the process: on SQLite a temporary file, on PostgreSQL a database named
// furusato_test_* like every test database.
func BenchDB(b *testing.B, engine store.Engine) *store.DB {
	benchMu.Lock()
	defer benchMu.Unlock()
	if db := benchDBs[engine]; db != nil {
		return db
	}
	ctx := context.Background()
	var u string
	if engine == store.Postgres {
		if PostgresURL() == "" {
			b.Skip("FURUSATO_TEST_POSTGRES_URL not set")
		}
		tb := &processTB{B: b}
		u = NewPostgresDatabase(tb)
		benchDrops = append(benchDrops, tb.drops...)
	} else {
		dir, err := os.MkdirTemp("", "furusato-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDrops = append(benchDrops, func() { _ = os.RemoveAll(dir) })
		u = filepath.Join(dir, "bench.db")
	}
	db, err := store.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if _, err := demo.Load(ctx, db, BenchNow); err != nil {
		b.Fatal(err)
	}
	n := BenchProjects()
	if err := demo.Generate(ctx, db, n, BenchNow); err != nil {
		b.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: loaded the demo and generated %d projects in %s", engine, n, time.Since(start).Round(time.Millisecond))
	benchDBs[engine] = db
	return db
}

// processTB keeps a benchmark database for the whole process: the
// benchmark's own cleanup would drop it after the first sub-benchmark, so
// the cleanups are kept for CloseBenchDBs instead.
type processTB struct {
	*testing.B
	drops []func()
}

func (p *processTB) Cleanup(f func()) { p.drops = append(p.drops, f) }

// CloseBenchDBs closes the benchmark databases of this process and removes
// them (a 100,000-project SQLite file is about half a gigabyte). Main calls
// it after the package's tests and benchmarks.
func CloseBenchDBs() {
	benchMu.Lock()
	defer benchMu.Unlock()
	for engine, db := range benchDBs {
		_ = db.Close()
		delete(benchDBs, engine)
	}
	for _, drop := range benchDrops {
		drop()
	}
	benchDrops = nil
}

// Main runs a package's tests and benchmarks and then removes what
// BenchDB and NewDBWith made: TestMain in the packages that benchmark or
// share filled PostgreSQL databases calls os.Exit(testkit.Main(m)).
func Main(m *testing.M) int {
	filledPostgres.mu.Lock()
	filledPostgres.main = true
	filledPostgres.mu.Unlock()
	code := m.Run()
	CloseBenchDBs()
	dropFilledPostgres()
	return code
}
