package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// journeysAtOnce is how many journeys run at the same time when go test is
// not given -parallel (whose default, GOMAXPROCS, is 2 on this machine): a
// journey spends most of its time waiting on the browser and the server, so
// more of them than cores keep both busy.
const journeysAtOnce = 4

// TestMain runs the journeys with one Chromium for the whole package (each
// testkit.NewBrowser a browser context of it: its own cookies, as a browser
// of its own had) and, unless -parallel says otherwise, journeysAtOnce
// journeys at a time.
func TestMain(m *testing.M) {
	flag.Parse()
	gate.free = journeysAtOnce
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			gate.free, _ = strconv.Atoi(f.Value.String())
		}
	})
	gate.free = max(gate.free, 1)
	// The gate (gate_test.go) keeps the limit, slowest journeys first; go
	// test's own would hold the tests back before the gate sees them.
	if err := flag.Set("test.parallel", "1000"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: -test.parallel:", err)
		os.Exit(2)
	}
	code := testkit.RunSharingBrowsers(m)
	if runs, reused := testkit.AxeChecks(); testing.Verbose() {
		fmt.Printf("e2e: axe-core ran on %d documents; %d checks found their document already checked\n", runs, reused)
	}
	os.Exit(code)
}

// parallel lets the journey t run alongside the other journeys: each has its
// own site, database and browser context. The site starters call it, so a
// journey that starts its own site runs in parallel without saying so; one
// that already called t.Parallel, or may not (t.Setenv), stays as it is.
// Either way it then waits for a slot at the gate (gate_test.go), which
// lets the slowest journeys in first.
func parallel(t *testing.T) {
	t.Helper()
	func() {
		defer func() { _ = recover() }() // t.Parallel panics, and changes nothing, in those two cases
		t.Parallel()
	}()
	gate.enter(t)
}

// demoDB returns a new SQLite database holding the demo catalogue at now
// and, with accounts, the demo accounts: a copy of a file filled once per
// test process, rather than demo.Load (a second or more) in every journey.
func demoDB(t *testing.T, accounts bool) *store.DB {
	t.Helper()
	key := "e2e demo"
	if accounts {
		key += " with accounts"
	}
	return testkit.NewSQLiteWith(t, key, func(ctx context.Context, db *store.DB) error {
		if _, err := demo.Load(ctx, db, now); err != nil {
			return fmt.Errorf("demo.Load: %w", err)
		}
		if accounts {
			if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
				return fmt.Errorf("demo.LoadAccounts: %w", err)
			}
		}
		return nil
	})
}
