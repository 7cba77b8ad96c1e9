package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestEntriesAccept_ConcurrentNodesNeverOverfill simulates four nodes, each
// with its own connection pools (store.Open) on one database, and its own
// Entries. Twelve participants hold offers on a project with three places
// and all accept at the same moment: exactly three win, the others get
// ECONFLICT, the project counts three matched people and is closed, and
// every other entry is declined.
func TestEntriesAccept_ConcurrentNodesNeverOverfill(t *testing.T) {
	t.Parallel()
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			const nodes, people, places = 4, 12, 3
			dbs := openNodes(t, engine, nodes)
			f := newEntryFixture(t, dbs[0], places)
			actors := make([]*furusato.Actor, people)
			entries := make([]*furusato.Entry, people)
			for i := range people {
				actors[i] = f.newParticipant(t, fmt.Sprintf("同時の人%d", i))
				entries[i] = f.submit(t, actors[i], f.project)
				f.move(t, entries[i], furusato.StageOffered)
			}
			svcs := nodeServices(t, dbs)
			start := make(chan struct{})
			errs := make([]error, people)
			var wg sync.WaitGroup
			for i := range people {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = svcs[i%nodes].Accept(ctx, actors[i], entries[i].ID)
				}()
			}
			close(start)
			wg.Wait()

			won := 0
			for i, err := range errs {
				switch code(err) {
				case "":
					won++
				case furusato.ECONFLICT:
				default:
					t.Errorf("participant %d: %v", i, err)
				}
			}
			if won != places {
				t.Errorf("%d accepts succeeded, want %d", won, places)
			}
			p, err := dbs[1].FindProject(ctx, f.project.Slug, furusato.ProjectStatuses)
			if err != nil {
				t.Fatal(err)
			}
			if p.Matched != places || p.Status != furusato.StatusClosed {
				t.Errorf("project: matched %d, status %s; want %d, closed", p.Matched, p.Status, places)
			}
			board, err := svcs[2].Board(ctx, f.gifu, f.project.ID, service.BoardFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if board.Counts[furusato.StageMatched] != places || board.Counts[furusato.StageDeclined] != people-places || board.Total != people {
				t.Errorf("counts = %v (total %d)", board.Counts, board.Total)
			}
			for i, e := range entries {
				want := furusato.StageDeclined
				if errs[i] == nil {
					want = furusato.StageMatched
				}
				if got := f.stage(t, e.ID); got != want {
					t.Errorf("entry %d: %s, want %s", i, got, want)
				}
			}
		})
	}
}

// openNodes opens n stores, each with its own pools, on one fresh database
// of engine holding the demo catalogue and accounts (demoEngines' copy), so
// newManageFixture on the first does not load them again.
func openNodes(t *testing.T, engine store.Engine, n int) []*store.DB {
	t.Helper()
	ctx := context.Background()
	url := testkit.NewURLWith(t, engine, demoKey, fillDemo)
	dbs := make([]*store.DB, n)
	for i := range dbs {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	withDemo.Store(dbs[0], struct{}{})
	t.Cleanup(func() { withDemo.Delete(dbs[0]) })
	return dbs
}

// nodeServices gives each node its own Entries, an hour after the fixture's clock.
func nodeServices(t *testing.T, dbs []*store.DB) []*service.Entries {
	svcs := make([]*service.Entries, len(dbs))
	for i, db := range dbs {
		svcs[i] = newServices(t, db, func() time.Time { return now.Add(time.Hour) }, "https://furusato.example").Entries
	}
	return svcs
}

// TestEntriesSubmit_NoEntrySlipsPastTheLastPlace races new entries on
// several nodes against the accept that fills the last place: every entry
// either lands before the project closes (and is then declined) or is
// refused with ECONFLICT; none is left open on the filled project.
func TestEntriesSubmit_NoEntrySlipsPastTheLastPlace(t *testing.T) {
	t.Parallel()
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			const nodes, newcomers = 4, 12
			dbs := openNodes(t, engine, nodes)
			f := newEntryFixture(t, dbs[0], 1)
			winner := f.newParticipant(t, "最後の一人")
			e := f.submit(t, winner, f.project)
			f.move(t, e, furusato.StageOffered)
			actors := make([]*furusato.Actor, newcomers)
			for i := range actors {
				actors[i] = f.newParticipant(t, fmt.Sprintf("駆け込み%d", i))
			}
			svcs := nodeServices(t, dbs)

			start := make(chan struct{})
			errs := make([]error, newcomers)
			var acceptErr error
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				acceptErr = svcs[0].Accept(ctx, winner, e.ID)
			}()
			for i := range newcomers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = svcs[(i+1)%nodes].Submit(ctx, actors[i], f.project.ID, entryInput("間に合いますか"))
				}()
			}
			close(start)
			wg.Wait()
			if acceptErr != nil {
				t.Fatalf("accept: %v", acceptErr)
			}
			for i, err := range errs {
				if err != nil && code(err) != furusato.ECONFLICT {
					t.Errorf("newcomer %d: %v", i, err)
				}
			}
			board, err := svcs[1].Board(ctx, f.gifu, f.project.ID, service.BoardFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range furusato.ActiveStages {
				if board.Counts[s] != 0 {
					t.Errorf("%d entries left %s on a filled project: %v", board.Counts[s], s, board.Counts)
				}
			}
			if board.Counts[furusato.StageMatched] != 1 {
				t.Errorf("counts = %v", board.Counts)
			}
		})
	}
}
