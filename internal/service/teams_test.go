package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// teamFixture is an entry fixture whose project has a team: one
// participant matched.
type teamFixture struct {
	*entryFixture
	member *furusato.Actor // the matched participant
	team   *furusato.Team
}

func newTeamFixture(t *testing.T, db *store.DB) *teamFixture {
	t.Helper()
	ctx := context.Background()
	f := &teamFixture{entryFixture: newEntryFixture(t, db, 2)}
	f.member = f.newParticipant(t, "チームの参加者")
	e := f.submit(t, f.member, f.project)
	f.move(t, e, furusato.StageOffered)
	if err := f.entries.Accept(ctx, f.member, e.ID); err != nil {
		t.Fatal(err)
	}
	team, err := db.FindTeamByProject(ctx, f.project.ID)
	if err != nil {
		t.Fatalf("no team after the first match: %v", err)
	}
	f.team = team
	return f
}

func TestTeams_FirstMatchMakesTheTeamAndTheWorkspaceIsTheTeams(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		w, err := teams.Workspace(ctx, f.member, f.team.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.Project.ID != f.project.ID || !w.Scope.Participant(f.member.User.ID) {
			t.Errorf("workspace = project %d, scope %+v", w.Project.ID, w.Scope)
		}
		roles := map[furusato.TeamRole]int{}
		for _, m := range w.Members {
			roles[m.Role]++
		}
		if roles[furusato.TeamParticipant] != 1 || roles[furusato.TeamCompanyStaff] == 0 || roles[furusato.TeamCoordinator] == 0 {
			t.Errorf("members by role = %v", roles)
		}
		if !w.Can[policy.CheckInWrite] || w.Can[policy.InterventionRecord] {
			t.Errorf("participant's actions = %v", w.Can)
		}
		for name, a := range map[string]*furusato.Actor{"staff": f.staff, "coordinator": f.gifu, "admin": f.admin} {
			if _, err := teams.Workspace(ctx, a, f.team.ID); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		for name, a := range map[string]*furusato.Actor{"other participant": f.newParticipant(t, "部外者"),
			"other company": f.otherStaff, "other region": f.hokkaido} {
			if _, err := teams.Workspace(ctx, a, f.team.ID); code(err) != furusato.ENOTFOUND {
				t.Errorf("%s: %v, want ENOTFOUND", name, err)
			}
		}
		if _, err := teams.Workspace(ctx, nil, f.team.ID); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor: %v", err)
		}
		mine, err := teams.Mine(ctx, f.member)
		if err != nil || len(mine) != 1 || mine[0].Team.ID != f.team.ID || mine[0].Project != f.project.Title {
			t.Errorf("Mine = %+v, %v", mine, err)
		}
		// A second match joins the same team.
		second := f.newParticipant(t, "二人目")
		e := f.submit(t, second, f.project)
		f.move(t, e, furusato.StageOffered)
		if err := f.entries.Accept(ctx, second, e.ID); err != nil {
			t.Fatal(err)
		}
		if again, err := db.FindTeamByProject(ctx, f.project.ID); err != nil || again.ID != f.team.ID {
			t.Errorf("team after a second match = %+v, %v", again, err)
		}
		if _, err := teams.Workspace(ctx, second, f.team.ID); err != nil {
			t.Errorf("second participant: %v", err)
		}
	})
}
