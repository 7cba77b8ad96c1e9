package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestMigration00037_CharterHoursPerWeek: a charter's and an agreement's
// hours per month become hours per week as 00032 did for entries (12
// months over 52 weeks, rounded, 1 to 40), and their versions stay.
func TestMigration00037_CharterHoursPerWeek(t *testing.T) {
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
			if err := db.MigrateToForTest(ctx, 36); err != nil {
				t.Fatal(err)
			}
			qs := []string{
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (1, 'gifu', '岐阜', 'coordinator', 0)`,
				`INSERT INTO companies (id, slug, name, prefecture, created_at, organization_id) VALUES (1, 'co', '会社', 21, 0, 1)`,
				`INSERT INTO projects (id, slug, title, catch_copy, background, what_you_do, goal, work_style, hours_per_week,
					duration_months, reward_type, reward_amount, travel_cost, places, deadline, prefecture, company_id, organization_id, status,
					created_at, updated_at) VALUES (1, 'p1', 't', 'c', 'b', 'w', 'g', 'remote', 5, 3, 'none', 0, 'none', 2,
					'2026-12-24', 21, 1, 1, 'published', 0, 0)`,
				`INSERT INTO teams (id, project_id, company_id, organization_id, charter_version, agreement_version, created_at)
					VALUES (1, 1, 1, 1, 5, 5, 0)`,
			}
			hours := []int{1, 10, 20, 200, 500}
			for i, h := range hours {
				v, hs := strconv.Itoa(i+1), strconv.Itoa(h)
				qs = append(qs, `INSERT INTO charters (team_id, version, goal, done, hours_per_month, meetings, cadence, created_at)
					VALUES (1, `+v+`, 'g', 'd', `+hs+`, 'm', 'weekly', 0)`,
					`INSERT INTO agreements (team_id, version, charter_version, start_date, end_date, hours_per_month, reward_type,
						travel_cost, confidential, ownership, notice_days, created_at)
					VALUES (1, `+v+`, `+v+`, '2026-12-01', '2027-02-28', `+hs+`, 'none', 'none', TRUE, 'company', 14, 0)`)
			}
			for _, q := range qs {
				if err := db.ExecOnWriterForTest(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for i, want := range []int{1, 2, 5, 40, 40} {
				c, err := db.FindCharter(ctx, 1, i+1)
				if err != nil || c.HoursPerWeek != want || c.Version != i+1 {
					t.Errorf("charter of %d hours a month: %v, %+v, want %d a week", hours[i], err, c, want)
				}
				a, err := db.FindAgreement(ctx, 1, i+1)
				if err != nil || a.HoursPerWeek != want || a.CharterVersion != i+1 {
					t.Errorf("agreement of %d hours a month: %v, %+v, want %d a week", hours[i], err, a, want)
				}
			}
		})
	}
}
