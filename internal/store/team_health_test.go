package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestTeamHealth_ReadsTheFactsOfManyTeams: one query gives the rules what
// they need for every in-progress team a dashboard selects, and the rules
// fire on them as expected.
func TestTeamHealth_ReadsTheFactsOfManyTeams(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		quiet := newTeamFor(t, db, w) // Gifu, nobody matched
		tokyo := newProject("tokyo-team", "東京の進行中案件", "進行中", w.f.tokyoCo, w.f.coordTokyo, func(p *furusato.Project) { p.Status = furusato.StatusInProgress })
		done := newProject("done-team", "完了した案件", "完了", w.f.gifuCo, w.f.coordGifu, func(p *furusato.Project) { p.Status = furusato.StatusCompleted })
		var tokyoTeam *furusato.Team
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			for _, p := range []*furusato.Project{tokyo, done} {
				if err := tx.CreateProject(ctx, p, now); err != nil {
					return err
				}
			}
			if _, err := tx.EnsureTeam(ctx, done.ID, now); err != nil {
				return err
			}
			tokyoTeam, err = tx.EnsureTeam(ctx, tokyo.ID, now)
			return err
		})

		day := 24 * time.Hour
		kickoff := now.Add(-60 * day)
		ch := &furusato.Charter{TeamID: w.team.ID, Goal: "g", Done: "d", HoursPerWeek: 26, Meetings: "m", Cadence: furusato.CadenceWeekly}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.SetKickoff(ctx, w.team.ID, kickoff); err != nil {
				return err
			}
			if err := tx.CreateCharter(ctx, ch, 0, kickoff.Add(-day)); err != nil {
				return err
			}
			for _, c := range []furusato.CharterConfirmation{
				{CharterID: ch.ID, UserID: w.alice.ID, Role: furusato.TeamParticipant, ConfirmedAt: kickoff},
				{CharterID: ch.ID, UserID: w.staff.ID, Role: furusato.TeamCompanyStaff, ConfirmedAt: kickoff},
			} {
				if _, err := tx.ConfirmCharter(ctx, c); err != nil {
					return err
				}
			}
			// Alice: 6 hours, then 2 and 2 with a blocker; bob nothing.
			for i, c := range []struct {
				hours    int
				blockers string
			}{{6, ""}, {2, "データが届かない"}, {2, "まだ届かない"}} {
				at := now.Add(time.Duration(i-3) * 7 * day)
				if err := tx.CreateCheckIn(ctx, &furusato.CheckIn{TeamID: w.team.ID, AuthorID: w.alice.ID, PeriodStart: at.Add(-7 * day),
					PeriodEnd: at, Done: "d", Next: "n", Blockers: c.blockers, Hours: c.hours}, at); err != nil {
					return err
				}
			}
			if err := tx.CreateTeamMessage(ctx, &furusato.TeamMessage{TeamID: w.team.ID, AuthorID: w.bob.ID, Body: "先週の件"}, now.Add(-30*day)); err != nil {
				return err
			}
			if err := tx.CreateTeamMessage(ctx, &furusato.TeamMessage{TeamID: w.team.ID, AuthorID: w.alice.ID, Body: "最新"}, now.Add(-25*day)); err != nil {
				return err
			}
			return tx.CreateIntervention(ctx, &furusato.Intervention{TeamID: w.team.ID, AuthorID: w.coord.ID, Action: "面談", Next: today}, now.Add(-40*day))
		})

		// Alice matched a second time on the same project counts once.
		move(t, db, enter(t, db, w.project, w.alice, 10, "もう一度", now), furusato.StageMatched)

		ids := func(hs []*furusato.TeamHealth) []int64 {
			var out []int64
			for _, h := range hs {
				out = append(out, h.TeamID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    furusato.TeamFilter
			want []int64
		}{
			{"gifu", furusato.TeamFilter{OrganizationIDs: []int64{w.f.coordGifu.ID}}, []int64{w.team.ID, quiet.ID}},
			{"supporter", furusato.TeamFilter{ProjectIDs: []int64{tokyo.ID, done.ID}}, []int64{tokyoTeam.ID}},
			{"both", furusato.TeamFilter{OrganizationIDs: []int64{w.f.coordTokyo.ID}, ProjectIDs: []int64{w.project.ID}}, []int64{w.team.ID, tokyoTeam.ID}},
			{"all", furusato.TeamFilter{All: true}, []int64{w.team.ID, quiet.ID, tokyoTeam.ID}},
			{"nothing", furusato.TeamFilter{}, nil},
		} {
			hs, err := db.FindTeamHealth(ctx, c.f, 2)
			if err != nil || fmt.Sprint(ids(hs)) != fmt.Sprint(c.want) {
				t.Errorf("%s: teams %v, %v; want %v", c.name, ids(hs), err, c.want)
			}
		}

		hs, err := db.FindTeamHealth(ctx, furusato.TeamFilter{ProjectIDs: []int64{w.project.ID}}, 2)
		if err != nil || len(hs) != 1 {
			t.Fatalf("health = %v, %v", hs, err)
		}
		h := hs[0]
		utc := func(t time.Time) time.Time { return t.UTC() }
		want := furusato.TeamHealth{TeamID: w.team.ID, ProjectID: w.project.ID, CreatedAt: utc(now), KickoffAt: utc(kickoff),
			Cadence: furusato.CadenceWeekly, CharterVersion: 1, CharterHours: 26, CharterAt: utc(kickoff.Add(-day)),
			LastMessageAt: utc(now.Add(-25 * day)), LastInterventionAt: utc(now.Add(-40 * day)), CompanyConfirmed: true,
			Participants: []furusato.ParticipantHealth{
				{UserID: w.alice.ID, Confirmed: true, LastCheckInAt: utc(now.Add(-7 * day)), Recent: []furusato.CheckInFact{
					{At: utc(now.Add(-14 * day)), Hours: 2, Blocked: true}, {At: utc(now.Add(-7 * day)), Hours: 2, Blocked: true}}},
				{UserID: w.bob.ID},
			},
			ProjectTitle: w.project.Title, ProjectSlug: w.project.Slug}
		if fmt.Sprintf("%+v", *h) != fmt.Sprintf("%+v", want) {
			t.Errorf("health:\n%+v\nwant\n%+v", *h, want)
		}
		var got []string
		for _, w := range furusato.Warnings(*h, furusato.DefaultWarningSettings, now) {
			got = append(got, fmt.Sprintf("%s/%d", w.Rule, w.UserID))
		}
		// The intervention 40 days ago restarts the clocks: bob's confirmation is due 33 days ago and
		// his first check-in 33 days ago too, overdue since 26; alice's last two check-ins are low and
		// blocked; the team, made today, is not silent.
		wantRules := fmt.Sprintf("[charter_unconfirmed/%d checkin_overdue/%d low_hours/%d blocker_open/%d]",
			w.bob.ID, w.bob.ID, w.alice.ID, w.alice.ID)
		if fmt.Sprint(got) != wantRules {
			t.Errorf("warnings = %v, want %s", got, wantRules)
		}
	})
}

// TestTeamHealth_PlanUsesTheIndexes: on SQLite, the dashboard query reads
// check-ins, messages, interventions and confirmations through their
// indexes, never by scanning a whole table.
func TestTeamHealth_PlanUsesTheIndexes(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t, store.SQLite)
	plan, err := db.TeamHealthPlanForTest(context.Background(), furusato.TeamFilter{OrganizationIDs: []int64{1, 2}, ProjectIDs: []int64{3}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("plan:\n%s", plan)
	for _, line := range strings.Split(plan, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "SCAN ") && !strings.Contains(l, "COVERING INDEX") {
			t.Errorf("a table scan in the plan: %q\n%s", line, plan)
		}
	}
	for _, idx := range []string{"checkins_author_seq", "checkin_heads", "team_messages_team", "interventions_team"} {
		if !strings.Contains(plan, idx) {
			t.Errorf("the plan does not use %s:\n%s", idx, plan)
		}
	}
}
