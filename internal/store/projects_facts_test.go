package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestProjectFacts_WrittenAndReadBack: the facts of a project are written
// on create and on update and read back by every read of a project (one,
// and the listing), on both engines.
func TestProjectFacts_WrittenAndReadBack(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		facts := furusato.ProjectFacts{RewardBasis: furusato.RewardTotal, RewardNote: "交通費は1回10,000円まで\n振込は翌月末",
			InterviewStyle: furusato.InterviewsOnline, InterviewNote: "平日夜に30分", WorkTimes: "平日夜と土日",
			SelectionSteps: []string{"書類選考", "オンライン面談", "参画決定"}, ResponseDays: 7, HostIntro: "三代目です。", SupporterIntro: "伴走します。"}
		p := newProject("facts", "条件のはっきりした案件", "決め手がそろっています", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
			p.RewardType, p.RewardAmount, p.ProjectFacts = furusato.RewardPaid, 90000, facts
		})
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateProject(ctx, p, now) }); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindProject(ctx, "facts", nil)
		if err != nil || !reflect.DeepEqual(got.ProjectFacts, facts) {
			t.Fatalf("read back: %v\n%+v\nwant\n%+v", err, got.ProjectFacts, facts)
		}
		list, err := db.ProjectsByID(ctx, []int64{p.ID})
		if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0].ProjectFacts, facts) {
			t.Errorf("listing read: %v %d", err, len(list))
		}
		managed, _, err := db.FindProjectsForManage(ctx, store.ManageFilter{CompanyIDs: []int64{f.gifuCo.ID}})
		found := false
		for _, q := range managed {
			found = found || q.Slug == "facts" && reflect.DeepEqual(q.ProjectFacts, facts)
		}
		if err != nil || !found {
			t.Errorf("management read: %v, facts found %v", err, found)
		}
		got.ProjectFacts = furusato.ProjectFacts{RewardBasis: furusato.RewardMonthly, InterviewStyle: furusato.InterviewsEither, ResponseDays: 14}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, got, got.Version(), now.Add(1e9)) }); err != nil {
			t.Fatal(err)
		}
		again, err := db.FindProject(ctx, "facts", nil)
		if err != nil || !reflect.DeepEqual(again.ProjectFacts, got.ProjectFacts) || again.SelectionSteps != nil {
			t.Errorf("after update: %v %+v", err, again.ProjectFacts)
		}
	})
}

// TestMigration00032_HoursPerWeekAndMonthlyAmounts: an entry's hours per
// month become hours per week (rounded, 1 to 40), and an amount stored
// before there was a basis is monthly.
func TestMigration00032_HoursPerWeekAndMonthlyAmounts(t *testing.T) {
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
			if err := db.MigrateToForTest(ctx, 28); err != nil {
				t.Fatal(err)
			}
			qs := []string{
				`INSERT INTO organizations (id, slug, name, kind, created_at) VALUES (1, 'gifu', '岐阜', 'coordinator', 0)`,
				`INSERT INTO companies (id, slug, name, prefecture, created_at, organization_id) VALUES (1, 'co', '会社', 21, 0, 1)`,
			}
			for i, amount := range []string{"30000", "0"} {
				id := string(rune('1' + i))
				qs = append(qs, `INSERT INTO projects (id, slug, title, catch_copy, background, what_you_do, goal, work_style, hours_per_week,
					duration_months, reward_type, reward_amount, travel_cost, places, deadline, prefecture, company_id, organization_id, status,
					created_at, updated_at) VALUES (`+id+`, 'p`+id+`', 't', 'c', 'b', 'w', 'g', 'remote', 5, 3, 'paid', `+amount+`, 'none', 2,
					'2026-12-24', 21, 1, 1, 'published', 0, 0)`)
			}
			for i, h := range []string{"1", "10", "20", "200"} {
				id := string(rune('1' + i))
				qs = append(qs, `INSERT INTO users (id, email, display_name, created_at, updated_at) VALUES (`+id+`, 'u`+id+`@example.jp', 'u', 0, 0)`,
					`INSERT INTO entries (id, project_id, user_id, company_id, organization_id, motivation, contribution, hours_per_month, stage,
						created_at, updated_at) VALUES (`+id+`, 1, `+id+`, 1, 1, 'm', 'c', `+h+`, 'submitted', 0, 0)`)
			}
			for _, q := range qs {
				if err := db.ExecOnWriterForTest(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[int64]int{1: 1, 2: 2, 3: 5, 4: 40} {
				e, err := db.FindEntry(ctx, id)
				if err != nil || e.HoursPerWeek != want {
					t.Errorf("entry %d: %v hours a week %d, want %d", id, err, e.HoursPerWeek, want)
				}
			}
			for slug, want := range map[string]furusato.RewardBasis{"p1": furusato.RewardMonthly, "p2": ""} {
				p, err := db.FindProject(ctx, slug, nil)
				if err != nil || p.RewardBasis != want {
					t.Errorf("%s: %v basis %q, want %q", slug, err, p.RewardBasis, want)
				}
			}
		})
	}
}
