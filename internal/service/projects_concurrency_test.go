package service_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// moveRounds is how many times each race is run: enough that, before
// project moves were conditional, PostgreSQL let two of them through in
// almost every run.
const moveRounds = 20

// TestProjectsMove_ConcurrentNodesApplyOneMove simulates three nodes, each
// with its own connection pools and its own Projects, and three
// coordinators who move the same published project at the same moment,
// round after round: all close it, or some close it while others cancel
// it (each from the published project they saw). Exactly one move
// applies; the others get ECONFLICT; the history has one row per applied
// move, and its last row agrees with the final status. Moves made without
// saying what they saw may follow each other (closed, then cancelled), but
// the history is then a chain of the moves that applied.
func TestProjectsMove_ConcurrentNodesApplyOneMove(t *testing.T) {
	t.Parallel()
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			const nodes = 3
			dbs := openNodes(t, engine, nodes)
			f := newEntryFixture(t, dbs[0], 3)
			coords := []*furusato.Actor{f.gifu, f.admin, f.newCoordinator(t, "岐阜の二人目")}
			svcs := make([]*service.Projects, nodes)
			for i, db := range dbs {
				svcs[i] = newServices(t, db, func() time.Time { return now.Add(time.Hour) }, "https://furusato.example").Projects
			}
			// race moves the project from status from (any status when "")
			// to tos[i] on node i, all at once, and returns each move's error.
			race := func(id int64, from furusato.ProjectStatus, tos []furusato.ProjectStatus) []error {
				start := make(chan struct{})
				errs := make([]error, len(tos))
				var wg sync.WaitGroup
				for i, to := range tos {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						comment := ""
						if to == furusato.StatusCancelled {
							comment = fmt.Sprintf("%d人目の判断で中止します", i+1)
						}
						_, errs[i] = svcs[i%nodes].MoveFrom(ctx, coords[i%len(coords)], id, from, to, comment)
					}()
				}
				close(start)
				wg.Wait()
				return errs
			}
			// winner checks that exactly one move of errs applied, the
			// others got ECONFLICT, and returns the winner's index.
			winner := func(t *testing.T, round int, errs []error) int {
				t.Helper()
				won := -1
				for i, err := range errs {
					switch code(err) {
					case "":
						if won >= 0 {
							t.Errorf("round %d: moves %d and %d both applied", round, won, i)
						}
						won = i
					case furusato.ECONFLICT:
					default:
						t.Errorf("round %d: move %d: %v", round, i, err)
					}
				}
				if won < 0 {
					t.Fatalf("round %d: no move applied: %v", round, errs)
				}
				return won
			}
			history := func(t *testing.T, id int64, action furusato.HistoryAction) []*furusato.ProjectHistoryEntry {
				t.Helper()
				all, err := dbs[1].FindProjectHistory(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				var out []*furusato.ProjectHistoryEntry
				for _, h := range all {
					if action == "" && h.From != "" && h.From != h.To || h.Action == action {
						out = append(out, h)
					}
				}
				return out
			}

			t.Run("close", func(t *testing.T) {
				p := f.project
				for round := range moveRounds {
					winner(t, round, race(p.ID, "", []furusato.ProjectStatus{furusato.StatusClosed, furusato.StatusClosed, furusato.StatusClosed}))
					if got := len(history(t, p.ID, furusato.HistoryClosed)); got != round+1 {
						t.Fatalf("round %d: %d closed rows in the history, want %d", round, got, round+1)
					}
					if _, err := svcs[0].Move(ctx, f.gifu, p.ID, furusato.StatusPublished, ""); err != nil {
						t.Fatalf("round %d: reopen: %v", round, err)
					}
				}
				if got := len(history(t, p.ID, furusato.HistoryReopened)); got != moveRounds {
					t.Errorf("%d reopened rows, want %d", got, moveRounds)
				}
			})

			t.Run("close and cancel", func(t *testing.T) {
				for round := range moveRounds {
					p := f.publish(t, fmt.Sprintf("閉じるか中止するか%d", round), 2)
					tos := []furusato.ProjectStatus{furusato.StatusClosed, furusato.StatusCancelled, furusato.StatusClosed}
					if round%2 == 1 {
						tos = []furusato.ProjectStatus{furusato.StatusCancelled, furusato.StatusClosed, furusato.StatusCancelled}
					}
					// Each coordinator acts on the published project they saw.
					won := winner(t, round, race(p.ID, furusato.StatusPublished, tos))
					got, err := dbs[2].FindProject(ctx, p.Slug, furusato.ProjectStatuses)
					if err != nil {
						t.Fatal(err)
					}
					if got.Status != tos[won] {
						t.Errorf("round %d: status %s, but the move to %s won", round, got.Status, tos[won])
					}
					moves := history(t, p.ID, "")
					// Newest first: the move of the race, then the publication.
					if len(moves) != 2 || moves[0].From != furusato.StatusPublished || moves[0].To != got.Status {
						var rows []string
						for _, h := range moves {
							rows = append(rows, fmt.Sprintf("%s %s>%s", h.Action, h.From, h.To))
						}
						t.Errorf("round %d: history %v, want one published>%s", round, rows, got.Status)
					}
				}
			})

			t.Run("moves from any status", func(t *testing.T) {
				for round := range moveRounds {
					p := f.publish(t, fmt.Sprintf("どの状態からでも%d", round), 2)
					errs := race(p.ID, "", []furusato.ProjectStatus{furusato.StatusClosed, furusato.StatusCancelled, furusato.StatusClosed})
					applied := 0
					for i, err := range errs {
						if err == nil {
							applied++
						} else if code(err) != furusato.ECONFLICT {
							t.Errorf("round %d: move %d: %v", round, i, err)
						}
					}
					got, err := dbs[2].FindProject(ctx, p.Slug, furusato.ProjectStatuses)
					if err != nil {
						t.Fatal(err)
					}
					moves := history(t, p.ID, "")
					// Oldest first: published, then one row per applied move, each from where the last left off.
					slices.Reverse(moves)
					if len(moves) != applied+1 || moves[len(moves)-1].To != got.Status {
						t.Fatalf("round %d: %d moves applied, final %s, history %d rows", round, applied, got.Status, len(moves))
					}
					for i := 1; i < len(moves); i++ {
						if moves[i].From != moves[i-1].To {
							t.Errorf("round %d: history row %d moves from %s, but the project was %s", round, i, moves[i].From, moves[i-1].To)
						}
					}
				}
			})
		})
	}
}

var coordinatorSeq atomic.Int64 // tests run in parallel

// newCoordinator adds a coordinator of the fixture project's organisation.
func (f *entryFixture) newCoordinator(t *testing.T, name string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := newUsers(f.db).CreateUser(ctx, fmt.Sprintf("coordinator%d@example.jp", coordinatorSeq.Add(1)), name, "kuresonn-no-sato-2026", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.AddMembership(ctx, &furusato.Membership{UserID: u.ID, Role: furusato.RoleCoordinator,
			OrganizationID: f.project.OrganizationID}, now)
	}); err != nil {
		t.Fatal(err)
	}
	a, err := f.db.ActorFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
