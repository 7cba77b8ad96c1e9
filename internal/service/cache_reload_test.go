package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// After a catalogue write, listings keep being served from the previous
// listing index while the new one loads (a slow load is held here): no
// request waits for the load, a project that left the catalogue is not
// shown meanwhile, and once loaded the new index serves the write.
func TestCatalogue_ReloadDoesNotStallListings(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		co, org := seed(t, db)
		cat := service.NewCatalogue(db, clock)
		if _, total, err := cat.FindProjects(ctx, furusato.ProjectFilter{}); err != nil || total != 1 {
			t.Fatalf("before: total %d, %v", total, err)
		}
		release := service.HoldIndexLoads(cat)
		var withdrawn int64
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if err := addProject(ctx, tx, "new-one", "新しい募集", co, org, furusato.StatusPublished); err != nil {
				return err
			}
			p, err := tx.FindProject(ctx, "sake-pr", furusato.PublicStatuses)
			if err != nil {
				return err
			}
			withdrawn = p.ID
			return tx.SetProjectStatus(ctx, p.ID, furusato.StatusPublished, furusato.StatusDraft, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			start := time.Now()
			ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("a listing waited %v for the held index load", d)
			}
			for _, p := range ps {
				if p.ID == withdrawn {
					t.Fatalf("the withdrawn project is listed while the index reloads")
				}
			}
		}
		release()
		deadline := time.Now().Add(10 * time.Second)
		for {
			ps, total, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if total == 1 && len(ps) == 1 && ps[0].Slug == "new-one" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after the load: %d projects, total %d; want only new-one", len(ps), total)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
