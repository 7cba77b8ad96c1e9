package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestMigration00005_BackfillsCompanyOrganisation: existing companies get
// the lowest-id coordinator organisation of their prefecture, else the
// secretariat, as CoordinatorFor chooses for new ones.
func TestMigration00005_BackfillsCompanyOrganisation(t *testing.T) {
	t.Parallel()
	for _, e := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			u := testkit.SQLitePath(t)
			if e == store.Postgres {
				u = testkit.NewPostgresDatabase(t)
			}
			db, err := store.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.MigrateTo(ctx, 4); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (5, 'secretariat', '事務局', 'secretariat', 0)`,
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (7, 'gifu-b', '岐阜B', 'coordinator', 0)`,
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (6, 'gifu-a', '岐阜A', 'coordinator', 0)`,
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (3, 'partner', 'パートナー', 'partner', 0)`,
				`INSERT INTO organization_prefectures (organization_id, prefecture) VALUES (7, 21), (6, 21), (3, 1)`,
				`INSERT INTO companies (id, slug, name, prefecture, created_at) VALUES (1, 'gifu-co', '岐阜の会社', 21, 0)`,
				`INSERT INTO companies (id, slug, name, prefecture, created_at) VALUES (2, 'hokkaido-co', '北海道の会社', 1, 0)`,
			} {
				if err := db.ExecOnWriterForTest(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for slug, want := range map[string]int64{"gifu-co": 6, "hokkaido-co": 5} {
				co, err := db.FindCompanyBySlug(ctx, slug)
				if err != nil || co.OrganizationID != want {
					t.Errorf("%s: organisation %d, %v; want %d", slug, co.OrganizationID, err, want)
				}
			}
		})
	}
}
