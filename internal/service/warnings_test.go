package service_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// flagNotices counts a's notices of kind NoticeTeamFlag, each of which
// must name its project (the texts read the "project" parameter).
func flagNotices(t *testing.T, db *store.DB, a *furusato.Actor) int {
	t.Helper()
	ns, _, err := db.FindNotifications(context.Background(), a.User.ID, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == furusato.NoticeTeamFlag {
			if x.Params["project"] == "" {
				t.Errorf("flag notice without its project: %v", x.Params)
			}
			n++
		}
	}
	return n
}

// actorOf reads the actor of the account email, with its current
// memberships and assignments.
func actorOf(t *testing.T, db *store.DB, email string) *furusato.Actor {
	t.Helper()
	ctx := context.Background()
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

// TestWarnings_JobDashboardsAndIntervention: the job flags a silent team
// (and not an ended one), tells its coordinators and supporters once
// however often it runs; the dashboards hold it for those the policy
// gives it to; an intervention by its coordinator clears the flag at once,
// and the flag comes back, told again, when a rule fires after it.
func TestWarnings_JobDashboardsAndIntervention(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		sup := actorOf(t, db, "supporter@demo.furusato.example")
		p, err := db.FindProject(ctx, strconv.FormatInt(f.project.ID, 10), furusato.ProjectStatuses)
		if err != nil {
			t.Fatal(err)
		}
		p.Supporters = []furusato.Supporter{{OrganizationID: sup.Memberships[0].OrganizationID, Name: "伴走", Role: "PR", UserID: sup.User.ID}}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), f.at) }); err != nil {
			t.Fatal(err)
		}
		sup = actorOf(t, db, "supporter@demo.furusato.example") // with the assignment

		// A second team whose work ended: the job leaves it alone.
		other := f.publish(t, "終わったチームの案件", 1)
		o := f.newParticipant(t, "終わった参加者")
		e := f.submit(t, o, other)
		f.move(t, e, furusato.StageOffered)
		if err := f.entries.Accept(ctx, o, e.ID); err != nil {
			t.Fatal(err)
		}
		ended, err := db.FindTeamByProject(ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.EndTeam(ctx, ended.ID, true, "中止", f.at) }); err != nil {
			t.Fatal(err)
		}

		w := f.services.Warnings
		w.Batch = 1
		f.at = f.at.Add(30 * 24 * time.Hour) // the thread silent for 30 days
		if n, err := w.Evaluate(ctx); err != nil || n != 1 {
			t.Fatalf("Evaluate = %d, %v; want the silent team's one flag", n, err)
		}
		if ws, _, _ := db.FindTeamFlags(ctx, ended.ID); len(ws) != 0 {
			t.Errorf("the ended team is flagged: %+v", ws)
		}
		if n, err := w.Evaluate(ctx); err != nil || n != 0 {
			t.Errorf("second Evaluate = %d, %v; want no new flag", n, err)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want int
		}{"coordinator": {f.gifu, 1}, "supporter": {sup, 1}, "participant": {f.member, 0}, "staff": {f.staff, 0}, "other region": {f.hokkaido, 0}} {
			if got := flagNotices(t, db, c.a); got != c.want {
				t.Errorf("%s: %d flag notices, want %d", name, got, c.want)
			}
		}

		// Dashboards.
		d, err := w.Dashboard(ctx, f.gifu)
		if err != nil || d.Assigned || d.Flagged != 1 || len(d.Teams) == 0 || d.Teams[0].TeamID != f.team.ID ||
			d.Teams[0].Warnings[0].Rule != furusato.RuleSilent {
			t.Fatalf("coordinator's dashboard = %+v, %v", d, err)
		}
		if d, err = w.Dashboard(ctx, sup); err != nil || !d.Assigned || d.Total != 1 || d.Teams[0].TeamID != f.team.ID {
			t.Errorf("supporter's dashboard = %+v, %v", d, err)
		}
		if d, err = w.Dashboard(ctx, f.hokkaido); err != nil || d.Total != 0 || len(d.Teams) != 0 {
			t.Errorf("other region's dashboard = %+v, %v", d, err)
		}
		if d, err = w.Dashboard(ctx, f.admin); err != nil || d.Flagged < 1 {
			t.Errorf("admin's dashboard = %+v, %v", d, err)
		}
		for name, a := range map[string]*furusato.Actor{"participant": f.member, "staff": f.staff} {
			if _, err := w.Dashboard(ctx, a); code(err) != furusato.EFORBIDDEN {
				t.Errorf("%s's dashboard: %v, want EFORBIDDEN", name, err)
			}
		}
		if _, err := w.Dashboard(ctx, nil); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor's dashboard: %v", err)
		}

		// The workspace's section.
		if tw, err := w.Team(ctx, f.gifu, f.team.ID); err != nil || len(tw.Warnings) != 1 || !tw.CanRecord {
			t.Errorf("coordinator's view = %+v, %v", tw, err)
		}
		if tw, err := w.Team(ctx, sup, f.team.ID); err != nil || len(tw.Warnings) != 1 || tw.CanRecord {
			t.Errorf("supporter's view = %+v, %v", tw, err)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{"participant": {f.member, furusato.EFORBIDDEN}, "staff": {f.staff, furusato.EFORBIDDEN}, "other region": {f.hokkaido, furusato.ENOTFOUND}} {
			if _, err := w.Team(ctx, c.a, f.team.ID); code(err) != c.want {
				t.Errorf("%s's view: %v, want %s", name, err, c.want)
			}
		}

		// Interventions.
		today := furusato.DateOf(f.at)
		for name, c := range map[string]struct {
			a    *furusato.Actor
			iv   furusato.Intervention
			want string
		}{
			"supporter":    {sup, furusato.Intervention{Action: "電話", Next: today}, furusato.EFORBIDDEN},
			"participant":  {f.member, furusato.Intervention{Action: "電話", Next: today}, furusato.EFORBIDDEN},
			"other region": {f.hokkaido, furusato.Intervention{Action: "電話", Next: today}, furusato.ENOTFOUND},
			"empty":        {f.gifu, furusato.Intervention{Action: "  "}, furusato.EINVALID},
			"past":         {f.gifu, furusato.Intervention{Action: "電話", Next: today.AddDays(-1)}, furusato.EINVALID},
			"bidi":         {f.gifu, furusato.Intervention{Action: "電話\u202e", Next: today}, furusato.EINVALID},
		} {
			if err := w.RecordIntervention(ctx, c.a, f.team.ID, &c.iv); code(err) != c.want {
				t.Errorf("%s: %v, want %s", name, err, c.want)
			}
		}
		if err := w.RecordIntervention(ctx, f.gifu, ended.ID, &furusato.Intervention{Action: "電話", Next: today}); code(err) != furusato.ECONFLICT {
			t.Errorf("an ended team's intervention: %v, want ECONFLICT", err)
		}
		iv := &furusato.Intervention{Action: "  参加者に電話した\r\n", Next: today.AddDays(7)}
		if err := w.RecordIntervention(ctx, f.gifu, f.team.ID, iv); err != nil {
			t.Fatal(err)
		}
		if iv.Action != "参加者に電話した" || iv.AuthorID != f.gifu.User.ID || iv.ID == 0 {
			t.Errorf("recorded %+v", iv)
		}
		if ws, _, _ := db.FindTeamFlags(ctx, f.team.ID); len(ws) != 0 {
			t.Errorf("flags after the intervention: %+v", ws)
		}
		if d, _ := w.Dashboard(ctx, f.gifu); d.Flagged != 0 {
			t.Errorf("the coordinator's dashboard still flags %d", d.Flagged)
		}
		if tw, _ := w.Team(ctx, f.gifu, f.team.ID); len(tw.Interventions) != 1 || tw.Interventions[0].Action != iv.Action {
			t.Errorf("interventions = %+v", tw.Interventions)
		}

		// 21 days of silence after the intervention: flagged and told again.
		f.at = f.at.Add(21 * 24 * time.Hour)
		if n, err := w.Evaluate(ctx); err != nil || n != 1 {
			t.Errorf("Evaluate after 21 more days = %d, %v", n, err)
		}
		if got := flagNotices(t, db, f.gifu); got != 2 {
			t.Errorf("coordinator: %d flag notices, want 2", got)
		}
	})
}
