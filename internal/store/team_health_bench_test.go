package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// benchTeams is the number of in-progress teams of BenchmarkTeamHealth
// (10,000, issue 10); FURUSATO_BENCH_TEAMS overrides it for a quick look.
func benchTeams() int {
	if n, err := strconv.Atoi(os.Getenv("FURUSATO_BENCH_TEAMS")); err == nil && n > 0 {
		return n
	}
	return 10_000
}

// Shape of the generated data: 20 coordinator organisations with a
// company each, teams spread evenly over them (a coordinator sees 1/20),
// one participant per team with 52 weekly check-ins over the past year
// (every tenth stopped 12 weeks ago), 20 messages per team, an
// intervention on every seventh, a supporter assigned to 10 projects, and
// three times as many projects without a team (published or closed).
const (
	benchOrgs          = 20
	benchWeeks         = 52
	benchMessages      = 20
	benchSupportedProj = 10
)

// generateTeams fills db with the data above, in SQL (one statement per
// table), so 10,000 teams take seconds, not minutes.
func generateTeams(b *testing.B, db *store.DB, teams int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	const day = int64(24 * time.Hour / time.Millisecond)
	n := ms(now)
	kick := n - 365*day
	seq := func(to int) string {
		return fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d) `, to)
	}
	others := 3 * teams
	stmts := []string{
		seq(benchOrgs+1) + fmt.Sprintf(`INSERT INTO organizations (id, slug, name, kind, created_at)
			SELECT i, 'org-' || i, '組織' || i, CASE WHEN i > %d THEN 'partner' ELSE 'coordinator' END, %d FROM s`, benchOrgs, kick),
		seq(benchOrgs) + fmt.Sprintf(`INSERT INTO companies (id, slug, name, prefecture, created_at, organization_id)
			SELECT i, 'co-' || i, '会社' || i, 1 + i %% 47, %d, i FROM s`, kick),
		// Users: 1..teams participants, then one staff member per company, then the supporter.
		seq(teams+benchOrgs+1) + fmt.Sprintf(`INSERT INTO users (id, email, display_name, created_at, updated_at)
			SELECT i, 'u' || i || '@example.jp', '利用者' || i, %d, %d FROM s`, kick, kick),
		seq(benchOrgs) + fmt.Sprintf(`INSERT INTO memberships (user_id, role, company_id, created_at)
			SELECT %d + i, 'company_staff', i, %d FROM s`, teams, kick),
		fmt.Sprintf(`INSERT INTO memberships (user_id, role, organization_id, created_at) VALUES (%d, 'supporter', %d, %d)`,
			teams+benchOrgs+1, benchOrgs+1, kick),
		// Projects 1..teams in progress, then the others.
		seq(teams+others) + fmt.Sprintf(`INSERT INTO projects (id, slug, title, catch_copy, background, what_you_do, goal, work_style,
			hours_per_week, duration_months, reward_type, travel_cost, places, deadline, prefecture, company_id, organization_id,
			status, created_at, updated_at)
			SELECT i, 'project-' || i, '案件' || i, 'キャッチ', '背景', '内容', '目標', 'remote', 5, 12, 'none', 'none', 2, '2026-01-01',
				1 + (1 + i %% %d) %% 47, 1 + i %% %d, 1 + i %% %d,
				CASE WHEN i <= %d THEN 'in_progress' WHEN i %% 2 = 0 THEN 'published' ELSE 'closed' END, %d, %d FROM s`,
			benchOrgs, benchOrgs, benchOrgs, teams, kick, kick),
		seq(benchSupportedProj) + fmt.Sprintf(`INSERT INTO project_supporters (project_id, position, organization_id, name, role, user_id)
			SELECT i * %d, 0, %d, '伴走者', 'PR戦略', %d FROM s`, max(teams/benchSupportedProj, 1), benchOrgs+1, teams+benchOrgs+1),
		`INSERT INTO entries (id, project_id, user_id, company_id, organization_id, motivation, contribution, hours_per_week, stage, created_at, updated_at)
			SELECT id, id, id, company_id, organization_id, '志望', '貢献', 20, 'matched', created_at, created_at FROM projects WHERE status = 'in_progress'`,
		fmt.Sprintf(`INSERT INTO teams (id, project_id, company_id, organization_id, kickoff_at, cadence, charter_version, created_at)
			SELECT id, id, company_id, organization_id, %d, 'weekly', 1, %d FROM projects WHERE status = 'in_progress'`, kick, kick-14*day),
		fmt.Sprintf(`INSERT INTO charters (id, team_id, version, goal, done, hours_per_week, meetings, cadence, created_at)
			SELECT id, id, 1, '目標', '完了', 20, '毎週', 'weekly', %d FROM teams`, kick-7*day),
		fmt.Sprintf(`INSERT INTO charter_confirmations (charter_id, user_id, role, confirmed_at)
			SELECT id, team_id, 'participant', %d FROM charters WHERE team_id %% 13 <> 0`, kick),
		fmt.Sprintf(`INSERT INTO charter_confirmations (charter_id, user_id, role, confirmed_at)
			SELECT c.id, %d + t.company_id, 'company_staff', %d FROM charters c JOIN teams t ON t.id = c.team_id`, teams, kick),
		seq(benchWeeks) + fmt.Sprintf(`INSERT INTO checkins (team_id, author_id, seq, period_start, period_end, done, next_steps, blockers, hours, created_at)
			SELECT t.id, t.id, s.i, %d + (CAST(s.i AS BIGINT) - 1) * 7 * %d, %d + CAST(s.i AS BIGINT) * 7 * %d, 'やったこと', '次にやること',
				CASE WHEN (t.id + s.i) %% 9 = 0 THEN '待ち' ELSE '' END, (t.id * 7 + s.i * 3) %% 12, %d + CAST(s.i AS BIGINT) * 7 * %d + (t.id %% 5) * %d
			FROM teams t, s WHERE t.id %% 10 <> 3 OR s.i <= %d`, kick, day, kick, day, kick, day, day/24, benchWeeks-12),
		`INSERT INTO checkin_heads (team_id, author_id, last_seq) SELECT team_id, author_id, MAX(seq) FROM checkins GROUP BY team_id, author_id`,
		seq(benchMessages) + fmt.Sprintf(`INSERT INTO team_messages (team_id, author_id, body, created_at)
			SELECT t.id, t.id, 'メッセージ', %d - (t.id %% 30) * %d - (CAST(s.i AS BIGINT) - 1) * 5 * %d FROM teams t, s ORDER BY 4`, n, day, day),
		fmt.Sprintf(`INSERT INTO interventions (team_id, action, next_date, created_at)
			SELECT id, '電話', '2026-12-01', %d FROM teams WHERE id %% 7 = 0`, n-20*day),
	}
	start := time.Now()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, q := range stmts {
			if err := tx.ExecForTest(ctx, q); err != nil {
				return fmt.Errorf("%w\n%s", err, q)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated %d teams × %d check-ins in %s", db.Engine(), teams, benchWeeks, time.Since(start).Round(time.Millisecond))
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// BenchmarkTeamHealth measures a dashboard of flagged teams: reading the
// health facts of the selected in-progress teams (FindTeamHealth) and
// running the early-warning rules on them, longest-flagged first, for a
// coordinator (one organisation of 20), a supporter (10 projects) and an
// admin (every team). It reports the p90 of the iterations in ms, the CPU
// time of this process per iteration (on SQLite the query's whole cost,
// which a loaded machine does not inflate as it does the wall clock; on
// PostgreSQL only the client's share), and the teams and flagged teams of
// the dashboard.
func BenchmarkTeamHealth(b *testing.B) {
	for _, engine := range engines {
		b.Run(string(engine), func(b *testing.B) {
			ctx := context.Background()
			if engine == store.Postgres && testkit.PostgresURL() == "" {
				b.Skip("FURUSATO_TEST_POSTGRES_URL not set")
			}
			db := testkit.NewDB(b, engine)
			teams := benchTeams()
			generateTeams(b, db, teams, testkit.BenchNow)
			var supported []int64
			for i := 1; i <= benchSupportedProj; i++ {
				supported = append(supported, int64(i*max(teams/benchSupportedProj, 1)))
			}
			recent := store.HealthRecent(furusato.DefaultWarningSettings)
			for _, c := range []struct {
				name string
				f    furusato.TeamFilter
			}{
				{"coordinator", furusato.TeamFilter{OrganizationIDs: []int64{1}}},
				{"supporter", furusato.TeamFilter{ProjectIDs: supported}},
				{"admin", furusato.TeamFilter{All: true}},
			} {
				b.Run(c.name, func(b *testing.B) {
					{
						plan, err := db.TeamHealthPlanForTest(ctx, c.f, recent)
						if err != nil {
							b.Fatal(err)
						}
						b.Logf("plan:\n%s", plan)
					}
					var times []time.Duration
					var n, flagged, loops int
					cpu := processCPU()
					for b.Loop() {
						loops++
						start := time.Now()
						hs, err := db.FindTeamHealth(ctx, c.f, recent)
						if err != nil || len(hs) == 0 {
							b.Fatalf("%v (%d teams)", err, len(hs))
						}
						type row struct {
							h     *furusato.TeamHealth
							since time.Time
						}
						var rows []row
						for _, h := range hs {
							if since, ok := furusato.FlaggedSince(furusato.Warnings(*h, furusato.DefaultWarningSettings, testkit.BenchNow)); ok {
								rows = append(rows, row{h, since})
							}
						}
						slices.SortFunc(rows, func(a, b row) int { return a.since.Compare(b.since) })
						times = append(times, time.Since(start))
						n, flagged = len(hs), len(rows)
					}
					cpu = processCPU() - cpu
					slices.Sort(times)
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(max(loops, 1)), "cpu-ms/op")
					b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
					b.ReportMetric(float64(n), "teams")
					b.ReportMetric(float64(flagged), "flagged")
				})
			}
		})
	}
}
