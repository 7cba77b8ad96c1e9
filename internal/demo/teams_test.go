package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The demo shows accompaniment at work (issue 10): the demo participant's
// in-progress team with its charter, agreement, three check-ins and a
// comment; a quiet team; a completed team with reflections and a public
// record; loading twice adds nothing.
func TestLoadTeams_ShowsAccompanimentAtWork(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadAccounts(ctx, db, now, service.TestArgon); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.LoadEntries(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080"); err != nil {
			t.Fatal(err)
		}
		n, err := demo.LoadTeams(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080")
		if err != nil || n != 3 {
			t.Fatalf("played %d team stories, %v; want 3", n, err)
		}
		if n, err := demo.LoadTeams(ctx, db, now, service.TestArgon, "http://127.0.0.1:8080"); err != nil || n != 0 {
			t.Errorf("second load played %d, %v", n, err)
		}
		svc := newServices(t, db, func() time.Time { return now })
		actor := func(email string) *furusato.Actor {
			u, err := db.FindUserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			a, err := db.ActorFor(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		me := actor("participant@demo.furusato.example")
		mine, err := svc.Teams.Mine(ctx, me)
		if err != nil || len(mine) != 2 {
			t.Fatalf("the demo participant's teams = %+v, %v; want 2", mine, err)
		}
		team := func(slug string) *furusato.Team {
			p, err := db.FindProject(ctx, slug, furusato.ProjectStatuses)
			if err != nil {
				t.Fatal(err)
			}
			tm, err := db.FindTeamByProject(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			return tm
		}
		going := team("gujo-watercress-subscription-ec")
		coord, sup := actor("coordinator.gifu@demo.furusato.example"), actor("supporter@demo.furusato.example")
		ws, err := svc.Teams.Workspace(ctx, sup, going.ID)
		if err != nil {
			t.Fatalf("the demo supporter's view of the in-progress team: %v", err)
		}
		roles := map[furusato.TeamRole]bool{}
		for _, m := range ws.Members {
			roles[m.Role] = true
		}
		if len(roles) != 4 {
			t.Errorf("in-progress team roles = %v, want all four", roles)
		}
		if going.CharterVersion != 1 || going.AgreementVersion != 1 || going.KickoffAt.IsZero() {
			t.Errorf("in-progress team = %+v", going)
		}
		tl, err := svc.Teams.CheckIns(ctx, coord, going.ID, 0, 10)
		if err != nil || len(tl.CheckIns) != 3 || len(tl.Comments[tl.CheckIns[0].ID]) != 1 {
			t.Errorf("check-ins = %d, comments on the latest = %d, %v", len(tl.CheckIns), len(tl.Comments[tl.CheckIns[0].ID]), err)
		}
		done := team("echigo-metal-paperless-dx")
		if !done.Ended() || done.EndedEarly {
			t.Errorf("completed team = %+v", done)
		}
		recs, err := svc.Records.Mine(ctx, me)
		if err != nil || len(recs) != 1 || !recs[0].Public {
			t.Fatalf("the demo participant's records = %+v, %v; want one public", recs, err)
		}
		if _, err := svc.Records.Credential(ctx, recs[0].ID); err != nil {
			t.Errorf("the public record's credential: %v", err)
		}
		quiet := team("hida-fans-meetup-tokyo")
		if quiet.Ended() || quiet.KickoffAt.IsZero() {
			t.Errorf("quiet team = %+v", quiet)
		}
	})
}
