package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// evaluateAll does what the early-warning job does (service.Warnings.Evaluate,
// without the notices): the rules over every team at work, in batches,
// each batch's flags written in one transaction. It returns the new flags.
func evaluateAll(b *testing.B, db *store.DB, now time.Time, batch int) int {
	b.Helper()
	ctx := context.Background()
	recent := store.HealthRecent(furusato.DefaultWarningSettings)
	var after int64
	n := 0
	for {
		hs, err := db.FindTeamHealthAfter(ctx, after, batch, recent)
		if err != nil {
			b.Fatal(err)
		}
		if len(hs) == 0 {
			return n
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			for _, h := range hs {
				added, _, err := tx.SaveTeamFlags(ctx, h.TeamID, h.LastInterventionAt, furusato.Warnings(*h, furusato.DefaultWarningSettings, now), now)
				if err != nil {
					return err
				}
				n += len(added)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		after = hs[len(hs)-1].TeamID
	}
}

// BenchmarkTeamDashboard measures the dashboards of issue 10 as the pages
// read them: the stored flags of the selected teams at work, flagged
// first and the longest-flagged first (FindFlaggedTeams, at most
// DashboardTeamsLimit = 50 teams listed, all counted), for a coordinator
// (one organisation of 20: 500 of 10,000 teams; its flagged ones listed,
// all counted), a supporter (10 assigned projects, all listed) and an
// admin (every team, as the coordinator), over the data of
// BenchmarkTeamHealth (10,000 in-progress teams with a year of weekly
// check-ins). The flags are written first by one run of the job, whose
// time is logged. It reports the p90 in ms, the CPU time of this process
// per iteration, the teams of the dashboard and the flagged ones.
func BenchmarkTeamDashboard(b *testing.B) {
	for _, engine := range engines {
		b.Run(string(engine), func(b *testing.B) {
			ctx := context.Background()
			if engine == store.Postgres && testkit.PostgresURL() == "" {
				b.Skip("FURUSATO_TEST_POSTGRES_URL not set")
			}
			db := testkit.NewDB(b, engine)
			teams := benchTeams()
			generateTeams(b, db, teams, testkit.BenchNow)
			start := time.Now()
			flags := evaluateAll(b, db, testkit.BenchNow, 200)
			b.Logf("%s: the job flagged %d warnings over %d teams in %s", engine, flags, teams, time.Since(start).Round(time.Millisecond))
			if err := db.Analyze(ctx); err != nil {
				b.Fatal(err)
			}
			var supported []int64
			for i := 1; i <= benchSupportedProj; i++ {
				supported = append(supported, int64(i*max(teams/benchSupportedProj, 1)))
			}
			for _, c := range []struct {
				name  string
				f     furusato.TeamFilter
				quiet bool // the teams without flags too (a supporter's dashboard lists them)
			}{
				{"coordinator", furusato.TeamFilter{OrganizationIDs: []int64{1}}, false},
				{"supporter", furusato.TeamFilter{ProjectIDs: supported}, true},
				{"admin", furusato.TeamFilter{All: true}, false},
			} {
				b.Run(c.name, func(b *testing.B) {
					plan, err := db.FlaggedTeamsPlanForTest(ctx, c.f, 50)
					if err != nil {
						b.Fatal(err)
					}
					b.Logf("plan:\n%s", plan)
					var times []time.Duration
					var total, flagged, loops int
					cpu := processCPU()
					for b.Loop() {
						loops++
						start := time.Now()
						ts, n, f, err := db.FindFlaggedTeams(ctx, c.f, 50, c.quiet)
						if err != nil || len(ts) == 0 {
							b.Fatalf("%v (%d teams)", err, len(ts))
						}
						times = append(times, time.Since(start))
						total, flagged = n, f
					}
					cpu = processCPU() - cpu
					slices.Sort(times)
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(max(loops, 1)), "cpu-ms/op")
					b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
					b.ReportMetric(float64(total), "teams")
					b.ReportMetric(float64(flagged), "flagged")
				})
			}
		})
	}
}
