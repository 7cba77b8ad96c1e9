package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func saveFlags(t *testing.T, db *store.DB, team int64, iv time.Time, ws []furusato.Warning, at time.Time) (added []furusato.Warning, stale bool) {
	t.Helper()
	tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
		added, stale, err = tx.SaveTeamFlags(ctx, team, iv, ws, at)
		return err
	})
	return added, stale
}

func flagRules(ws []furusato.Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, string(w.Rule)+"/"+w.Params["n"])
	}
	return out
}

// TestTeamFlags_WrittenUpdatedCleared: a team's warnings are stored as its
// flags; writing the same again adds nothing (no second notice), a rule
// that stops firing loses its row, and a flag that comes back is new.
func TestTeamFlags_WrittenUpdatedCleared(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		day := 24 * time.Hour
		silent := furusato.Warning{Rule: furusato.RuleSilent, Since: now.Add(-3 * day), Params: map[string]string{"n": "1"}}
		overdue := furusato.Warning{Rule: furusato.RuleCheckInOverdue, Since: now.Add(-5 * day), UserID: w.alice.ID, Params: map[string]string{"n": "2"}}
		added, stale := saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{silent, overdue}, now)
		if stale || len(added) != 2 {
			t.Fatalf("first write: added %v, stale %v; want both", flagRules(added), stale)
		}
		ws, names, err := db.FindTeamFlags(ctx, w.team.ID)
		if err != nil || len(ws) != 2 || ws[0].Rule != furusato.RuleCheckInOverdue || !ws[0].Since.Equal(overdue.Since) ||
			ws[0].Key != "warning.checkin_overdue" || ws[0].Params["n"] != "2" || names[w.alice.ID] != w.alice.DisplayName {
			t.Fatalf("stored = %+v %v, %v", ws, names, err)
		}

		silent.Params["n"] = "3" // the same flag, worded anew: updated, not new
		added, _ = saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{silent, overdue, silent}, now.Add(time.Hour))
		if len(added) != 0 {
			t.Errorf("second write added %v; want nothing", flagRules(added))
		}
		if ws, _, _ = db.FindTeamFlags(ctx, w.team.ID); len(ws) != 2 || ws[1].Params["n"] != "3" {
			t.Errorf("after the update: %+v", ws)
		}

		added, _ = saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{silent}, now.Add(2*time.Hour))
		if ws, _, _ = db.FindTeamFlags(ctx, w.team.ID); len(added) != 0 || len(ws) != 1 || ws[0].Rule != furusato.RuleSilent {
			t.Errorf("overdue cleared: added %v, stored %+v", flagRules(added), ws)
		}
		added, _ = saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{silent, overdue}, now.Add(3*time.Hour))
		if len(added) != 1 || added[0].Rule != furusato.RuleCheckInOverdue {
			t.Errorf("overdue again: added %v; want it new", flagRules(added))
		}
	})
}

// TestTeamFlags_StaleWritesAreRefused: flags computed before an
// intervention are not written over the intervention's (the job's batch
// was read before it), and an ended team loses its flags and is no longer
// read by the job.
func TestTeamFlags_StaleWritesAreRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		silent := furusato.Warning{Rule: furusato.RuleSilent, Since: now.Add(-time.Hour)}
		saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{silent}, now)
		ivAt := now.Add(time.Minute)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateIntervention(ctx, &furusato.Intervention{TeamID: w.team.ID, AuthorID: w.coord.ID, Action: "電話", Next: today}, ivAt)
		})
		if added, stale := saveFlags(t, db, w.team.ID, time.Time{}, nil, now.Add(2*time.Minute)); !stale || added != nil {
			t.Errorf("write from before the intervention: stale %v, added %v; want stale", stale, added)
		}
		if ws, _, _ := db.FindTeamFlags(ctx, w.team.ID); len(ws) != 1 {
			t.Errorf("a stale write changed the flags: %+v", ws)
		}
		if _, stale := saveFlags(t, db, w.team.ID, ivAt, nil, now.Add(2*time.Minute)); stale {
			t.Error("a write after the intervention is stale")
		}
		if ws, _, _ := db.FindTeamFlags(ctx, w.team.ID); len(ws) != 0 {
			t.Errorf("the intervention's write left %+v", ws)
		}

		saveFlags(t, db, w.team.ID, ivAt, []furusato.Warning{silent}, now.Add(3*time.Minute))
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.EndTeam(ctx, w.team.ID, false, "", now.Add(4*time.Minute))
		})
		if _, stale := saveFlags(t, db, w.team.ID, ivAt, []furusato.Warning{silent}, now.Add(5*time.Minute)); !stale {
			t.Error("an ended team's flags were written")
		}
		if ws, _, _ := db.FindTeamFlags(ctx, w.team.ID); len(ws) != 0 {
			t.Errorf("an ended team keeps %+v", ws)
		}
		hs, err := db.FindTeamHealthAfter(ctx, 0, 10, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			if h.TeamID == w.team.ID {
				t.Error("the job reads an ended team")
			}
		}
	})
}

// TestTeamFlags_HealthInBoundedBatches: the job reads the teams at work
// in batches of at most limit, by id, each with its participants and
// their recent check-ins; a team of a cancelled project is left out.
func TestTeamFlags_HealthInBoundedBatches(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		t2 := newTeamFor(t, db, w)
		_, t3 := inProgress(t, db, w.f, "third-team", nil, w.carol)
		_, gone := inProgress(t, db, w.f, "cancelled-team", nil)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.ExecForTest(ctx, fmt.Sprintf(`UPDATE projects SET status = 'cancelled' WHERE id = %d`, gone.ProjectID))
		})
		var got [][]int64
		var after int64
		for {
			hs, err := db.FindTeamHealthAfter(ctx, after, 2, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) == 0 {
				break
			}
			var ids []int64
			for _, h := range hs {
				ids = append(ids, h.TeamID)
				var users []int64
				for _, p := range h.Participants {
					users = append(users, p.UserID)
				}
				switch h.TeamID {
				case w.team.ID:
					if len(users) != 2 || users[0] != w.alice.ID || users[1] != w.bob.ID {
						t.Errorf("first team's participants = %v", users)
					}
				case t3.ID:
					if len(users) != 1 || users[0] != w.carol.ID {
						t.Errorf("third team's participants = %v", users)
					}
				}
			}
			got = append(got, ids)
			after = ids[len(ids)-1]
		}
		want := [][]int64{{w.team.ID, t2.ID}, {t3.ID}}
		if len(got) != 2 || len(got[0]) != 2 || got[0][0] != want[0][0] || got[0][1] != want[0][1] || len(got[1]) != 1 || got[1][0] != want[1][0] {
			t.Errorf("batches = %v, want %v", got, want)
		}
	})
}

// TestTeamFlags_Dashboard: a dashboard lists its filter's teams at work,
// flagged first and the longest-flagged first, then the others; another
// region's filter sees none of them; the limit cuts the list, not the
// counts.
func TestTeamFlags_Dashboard(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		quiet := newTeamFor(t, db, w)
		_, recent := inProgress(t, db, w.f, "recent-flag", nil)
		day := 24 * time.Hour
		saveFlags(t, db, recent.ID, time.Time{}, []furusato.Warning{{Rule: furusato.RuleSilent, Since: now.Add(-day)}}, now)
		saveFlags(t, db, w.team.ID, time.Time{}, []furusato.Warning{
			{Rule: furusato.RuleSilent, Since: now.Add(-2 * day)},
			{Rule: furusato.RuleBlocker, Since: now.Add(-9 * day), UserID: w.bob.ID, Params: map[string]string{"checkins": "2"}},
		}, now)

		gifu := furusato.TeamFilter{OrganizationIDs: []int64{w.f.coordGifu.ID}}
		teams, total, flagged, err := db.FindFlaggedTeams(ctx, gifu, 10, true)
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || flagged != 2 || len(teams) != 3 || teams[0].TeamID != w.team.ID || teams[1].TeamID != recent.ID || teams[2].TeamID != quiet.ID {
			t.Fatalf("dashboard: total %d flagged %d teams %v", total, flagged, teamIDs(teams))
		}
		first := teams[0]
		if !first.Since.Equal(now.Add(-9*day)) || len(first.Warnings) != 2 || first.Warnings[0].Rule != furusato.RuleBlocker ||
			first.Names[w.bob.ID] != w.bob.DisplayName || first.ProjectTitle != w.project.Title || first.ProjectSlug != w.project.Slug {
			t.Errorf("first team: %+v", first)
		}
		if teams[2].Flagged() || !teams[2].Since.IsZero() {
			t.Errorf("the quiet team is flagged: %+v", teams[2])
		}

		if teams, total, flagged, _ = db.FindFlaggedTeams(ctx, gifu, 10, false); total != 3 || flagged != 2 || len(teams) != 2 {
			t.Errorf("flagged only: total %d flagged %d %v", total, flagged, teamIDs(teams))
		}
		if teams, total, _, _ = db.FindFlaggedTeams(ctx, gifu, 1, true); total != 3 || len(teams) != 1 || teams[0].TeamID != w.team.ID {
			t.Errorf("limited: total %d, %v", total, teamIDs(teams))
		}
		if teams, total, _, _ = db.FindFlaggedTeams(ctx, furusato.TeamFilter{OrganizationIDs: []int64{w.f.coordTokyo.ID}}, 10, true); total != 0 || len(teams) != 0 {
			t.Errorf("Tokyo's dashboard: %d, %v", total, teamIDs(teams))
		}
		if teams, _, _, _ = db.FindFlaggedTeams(ctx, furusato.TeamFilter{ProjectIDs: []int64{w.project.ID}}, 10, true); len(teams) != 1 || teams[0].TeamID != w.team.ID {
			t.Errorf("a supporter's dashboard: %v", teamIDs(teams))
		}
		if teams, _, _, _ = db.FindFlaggedTeams(ctx, furusato.TeamFilter{}, 10, true); len(teams) != 0 {
			t.Errorf("the empty filter: %v", teamIDs(teams))
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.EndTeam(ctx, w.team.ID, true, "中止", now) })
		if teams, total, flagged, _ = db.FindFlaggedTeams(ctx, furusato.TeamFilter{All: true}, 10, true); total != 2 || flagged != 1 || teams[0].TeamID != recent.ID {
			t.Errorf("after the end: total %d flagged %d %v", total, flagged, teamIDs(teams))
		}
	})
}

func teamIDs(ts []*furusato.FlaggedTeam) []int64 {
	var out []int64
	for _, t := range ts {
		out = append(out, t.TeamID)
	}
	return out
}
