package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestCatalogue_KeptListingFollowsWritesFromOtherNodes: a listing whose
// ranking a node keeps reads the catalogue version with its cards (not
// before them); with the card cache off, so that every listing reads its
// rows, a listing asked again gives the same page, and after another
// node's write (a new project, a changed title) the next listings show it,
// never the kept ranking with rows of the newer catalogue.
func TestCatalogue_KeptListingFollowsWritesFromOtherNodes(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		co, org := seed(t, db)
		node := service.NewCatalogue(db, clock)
		node.SetCardCacheBytes(0)
		list := func() ([]*furusato.Project, int) {
			t.Helper()
			ps, total, err := node.FindProjects(ctx, furusato.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return ps, total
		}
		first, total := list()
		kept := service.KeptReadsForTest(node)
		again, totalAgain := list()
		if got := service.KeptReadsForTest(node); got != kept+1 {
			t.Errorf("the listing asked again made %d one-statement reads, want 1: its kept ranking was not found", got-kept)
		}
		if total != 1 || totalAgain != 1 || len(first) != 1 || len(again) != 1 || first[0].Slug != again[0].Slug || first[0].Title != again[0].Title {
			t.Fatalf("listed %d of %d, then %d of %d", len(first), total, len(again), totalAgain)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return addProject(ctx, tx, "sake-pr-2", "酒蔵の広報、第二弾", co, org, furusato.StatusPublished)
		}); err != nil {
			t.Fatal(err)
		}
		testkit.EventuallyOK(t, 30*time.Second, func() error {
			ps, total := list()
			if total != 2 || len(ps) != 2 {
				if total != 1 || len(ps) != 1 {
					t.Fatalf("after the write: %d of %d, want 1 of 1 (the previous index) or 2 of 2", len(ps), total)
				}
				return fmt.Errorf("lists %d of 2", len(ps))
			}
			return nil
		})
		// A write that changes a listed row and not the ranking: the kept
		// ranking's version is no longer the catalogue's, so the row is
		// read afresh at once, never shown from the kept ranking.
		ps, _ := list()
		p, err := db.FindProject(ctx, ps[0].Slug, furusato.ProjectStatuses)
		if err != nil {
			t.Fatal(err)
		}
		p.Title = "酒蔵の広報、改題"
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.UpdateProject(ctx, p, p.Version(), now.Add(time.Hour)); err != nil {
				return err
			}
			return tx.BumpCatalogueVersion(ctx)
		}); err != nil {
			t.Fatal(err)
		}
		ps, _ = list()
		found := false
		for _, q := range ps {
			found = found || q.Title == p.Title
		}
		if !found {
			t.Errorf("after the title changed, the listing shows %v", ps)
		}
	})
}
