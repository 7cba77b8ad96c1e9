package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestReindexOnUpgrade: a database whose search terms are older than
// store.IndexVersion (here: emptied, as if written by an older release) is
// reindexed by the next Migrate, and then finds what the new terms find.
func TestReindexOnUpgrade(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		if v, err := db.SearchIndexVersion(ctx); err != nil || v != store.IndexVersion {
			t.Fatalf("version after migrate = %d, %v; want %d", v, err, store.IndexVersion)
		}
		stale := []string{`UPDATE search_index SET version = 0`}
		if db.Engine() == store.Postgres {
			stale = append(stale, `UPDATE projects SET search = '', search_title = '', search_catch = ''`)
		} else {
			stale = append(stale, `DELETE FROM project_fts`, `DELETE FROM project_fts_head`)
		}
		for _, q := range stale {
			if err := db.ExecOnWriterForTest(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		search := func() []string {
			ps, _, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Query: "越境EC", Today: today})
			if err != nil {
				t.Fatal(err)
			}
			return slugs(ps)
		}
		if got := search(); len(got) != 0 {
			t.Fatalf("before reindex: %v", got)
		}
		var calls, last int
		if err := db.MigrateReporting(ctx, func(done, total int) { calls, last = calls+1, done }); err != nil {
			t.Fatal(err)
		}
		if got := search(); len(got) != 1 || got[0] != "edo-dx" {
			t.Errorf("after reindex: %v, want [edo-dx]", got)
		}
		if v, err := db.SearchIndexVersion(ctx); err != nil || v != store.IndexVersion {
			t.Errorf("version after reindex = %d, %v", v, err)
		}
		if calls == 0 || last != 8 {
			t.Errorf("progress: %d calls, last done %d; want some, 8 (every project, drafts too)", calls, last)
		}
		// Up to date: the next start does nothing.
		if again, err := db.ReindexIfStale(ctx, nil); err != nil || again {
			t.Errorf("ReindexIfStale when current = %v, %v", again, err)
		}
	})
}
