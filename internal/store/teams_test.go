package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// teamWorld is an in-progress Gifu project with its team: two matched
// participants, a third person whose entry is still under way, the
// company's staff member, the Gifu coordinator, a linked supporter and a
// linked supporter who left the partner group.
type teamWorld struct {
	f                                *fixture
	project                          *furusato.Project
	team                             *furusato.Team
	alice, bob, carol                *furusato.User // participants; carol not matched
	staff, coord, sup, leftSup, tcrd *furusato.User // tcrd: Tokyo's coordinator
}

func teamUser(t *testing.T, db *store.DB, email, name string) *furusato.User {
	t.Helper()
	u := &furusato.User{Email: email, DisplayName: name}
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return tx.CreateUser(context.Background(), u, "", now) }); err != nil {
		t.Fatal(err)
	}
	return u
}

// inProgress creates an in-progress project of f's Gifu company with
// matched entries of users us and the supporters sup, and makes its team.
func inProgress(t *testing.T, db *store.DB, f *fixture, slug string, sup []furusato.Supporter, us ...*furusato.User) (*furusato.Project, *furusato.Team) {
	t.Helper()
	ctx := context.Background()
	p := newProject(slug, "進行中の案件 "+slug, "チームで取り組む", f.gifuCo, f.coordGifu, func(p *furusato.Project) {
		p.Status, p.Supporters = furusato.StatusInProgress, sup
	})
	if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateProject(ctx, p, now) }); err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		e := enter(t, db, p, u, 10, "参加したい", now)
		move(t, db, e, furusato.StageMatched)
	}
	var team *furusato.Team
	if err := db.Tx(ctx, func(tx *store.Tx) (err error) { team, err = tx.EnsureTeam(ctx, p.ID, now); return err }); err != nil {
		t.Fatal(err)
	}
	return p, team
}

func newTeamWorld(t *testing.T, db *store.DB) *teamWorld {
	t.Helper()
	w := &teamWorld{f: loadFixture(t, db)}
	w.alice = teamUser(t, db, "alice@example.jp", "相川 アリス")
	w.bob = teamUser(t, db, "bob@example.jp", "坂東 ボブ")
	w.carol = teamUser(t, db, "carol@example.jp", "川村 キャロル")
	w.staff = teamUser(t, db, "staff@example.jp", "飛騨 社長")
	w.coord = teamUser(t, db, "coord@example.jp", "岐阜 コーディネーター")
	w.sup = teamUser(t, db, "sup@example.jp", "伴走 さん")
	w.leftSup = teamUser(t, db, "left@example.jp", "元 伴走")
	w.tcrd = teamUser(t, db, "tokyo@example.jp", "東京 コーディネーター")
	for _, m := range []furusato.Membership{
		{UserID: w.staff.ID, Role: furusato.RoleCompanyStaff, CompanyID: w.f.gifuCo.ID},
		{UserID: w.coord.ID, Role: furusato.RoleCoordinator, OrganizationID: w.f.coordGifu.ID},
		{UserID: w.sup.ID, Role: furusato.RoleSupporter, OrganizationID: w.f.partner.ID},
		{UserID: w.tcrd.ID, Role: furusato.RoleCoordinator, OrganizationID: w.f.coordTokyo.ID},
	} {
		if err := addMembership(db, m); err != nil {
			t.Fatal(err)
		}
	}
	w.project, w.team = inProgress(t, db, w.f, "team-work", []furusato.Supporter{
		{OrganizationID: w.f.partner.ID, Name: "伴走 さん", Role: "PR戦略", UserID: w.sup.ID},
		{OrganizationID: w.f.partner.ID, Name: "元 伴走", Role: "方向性", UserID: w.leftSup.ID},
		{OrganizationID: w.f.partner.ID, Name: "名前だけ", Role: "広報"},
	}, w.alice, w.bob)
	enter(t, db, w.project, w.carol, 10, "まだ選考中", now)
	return w
}

func tx(t *testing.T, db *store.DB, fn func(ctx context.Context, tx *store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Tx(ctx, func(tx *store.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func TestTeams_OnePerProjectWithTheProjectsLinks(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		if w.team.ID == 0 || w.team.ProjectID != w.project.ID || w.team.CompanyID != w.f.gifuCo.ID ||
			w.team.OrganizationID != w.f.coordGifu.ID || w.team.Cadence != furusato.CadenceWeekly ||
			w.team.CharterVersion != 0 || !w.team.KickoffAt.IsZero() || !w.team.CreatedAt.Equal(now) {
			t.Errorf("team = %+v", w.team)
		}
		var again *furusato.Team
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			again, err = tx.EnsureTeam(ctx, w.project.ID, now.Add(time.Hour))
			return err
		})
		if again.ID != w.team.ID || !again.CreatedAt.Equal(now) {
			t.Errorf("second EnsureTeam = %+v, want the first team", again)
		}
		err := db.Tx(ctx, func(tx *store.Tx) error { _, err := tx.EnsureTeam(ctx, 999999, now); return err })
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("team of a missing project: %v", err)
		}
		kick := now.Add(48 * time.Hour)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.SetKickoff(ctx, w.team.ID, kick) })
		if got, err := db.FindTeam(ctx, w.team.ID); err != nil || !got.KickoffAt.Equal(kick) {
			t.Errorf("kickoff = %v, %v", got, err)
		}
		if _, err := db.FindTeam(ctx, 999999); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing team: %v", err)
		}
		mine, err := db.FindUserTeams(ctx, w.alice.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != w.team.ID {
			t.Errorf("alice's teams = %v, %v", mine, err)
		}
		if theirs, err := db.FindUserTeams(ctx, w.carol.ID); err != nil || len(theirs) != 0 {
			t.Errorf("carol (not matched) has teams %v, %v", theirs, err)
		}
	})
}

// TestTeams_MembersAreDerived: members come from matched entries, company
// staff, the organisation's coordinators and linked supporters still in
// their group, and follow those facts without any copy.
func TestTeams_MembersAreDerived(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		members := func() string {
			t.Helper()
			ms, err := db.FindTeamMembers(ctx, w.team.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range ms {
				out = append(out, fmt.Sprintf("%s:%s:%s", m.Role, m.Name, m.RoleText))
			}
			return fmt.Sprint(out)
		}
		want := "[participant:坂東 ボブ: participant:相川 アリス: company_staff:飛騨 社長: coordinator:岐阜 コーディネーター: supporter:伴走 さん:PR戦略]"
		if got := members(); got != want {
			t.Errorf("members = %s\nwant      %s", got, want)
		}
		scope, err := db.FindTeamScope(ctx, w.team.ID)
		if err != nil || scope.ProjectID != w.project.ID || scope.CompanyID != w.f.gifuCo.ID || scope.OrganizationID != w.f.coordGifu.ID ||
			!slices.Equal(scope.Participants, []int64{w.alice.ID, w.bob.ID}) {
			t.Errorf("scope = %+v, %v", scope, err)
		}
		// The left supporter rejoins the group; bob's account is deleted.
		if err := addMembership(db, furusato.Membership{UserID: w.leftSup.ID, Role: furusato.RoleSupporter, OrganizationID: w.f.partner.ID}); err != nil {
			t.Fatal(err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.AnonymiseUser(ctx, w.bob.ID, now) })
		want = "[participant:相川 アリス: company_staff:飛騨 社長: coordinator:岐阜 コーディネーター: supporter:伴走 さん:PR戦略 supporter:元 伴走:方向性]"
		if got := members(); got != want {
			t.Errorf("after the changes, members = %s\nwant                       %s", got, want)
		}
	})
}

func TestCharters_VersionsAreConditional(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		v1 := &furusato.Charter{TeamID: w.team.ID, Goal: "販路を広げる", Done: "月10件の注文", HoursPerWeek: 20,
			Meetings: "隔週火曜20時", Tools: "Slack", Cadence: furusato.CadenceBiweekly, AuthorID: w.coord.ID}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.CreateCharter(ctx, v1, 0, now) })
		if v1.ID == 0 || v1.Version != 1 {
			t.Fatalf("v1 = %+v", v1)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			for _, e := range []*furusato.Expectation{
				{CharterID: v1.ID, UserID: w.alice.ID, Give: "写真", Get: "地域とのつながり"},
				{CharterID: v1.ID, UserID: w.staff.ID, Give: "場所", Get: "新しい視点"},
				{CharterID: v1.ID, UserID: w.alice.ID, Give: "写真と文章", Get: "地域とのつながり"}, // replaces the first
			} {
				if err := tx.SaveExpectation(ctx, e, now); err != nil {
					return err
				}
			}
			_, err := tx.ConfirmCharter(ctx, furusato.CharterConfirmation{CharterID: v1.ID, UserID: w.alice.ID, Role: furusato.TeamParticipant, ConfirmedAt: now})
			return err
		})
		// A second editor who also read version 0 loses.
		stale := *v1
		err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateCharter(ctx, &stale, 0, now) })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("stale charter: %v, want ECONFLICT", err)
		}
		v2 := *v1
		v2.HoursPerWeek, v2.Cadence = 16, furusato.CadenceMonthly
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateCharter(ctx, &v2, 1, now.Add(time.Hour))
		})
		cur, err := db.FindCharter(ctx, w.team.ID, 0)
		if err != nil || cur.ID != v2.ID || cur.Version != 2 || cur.HoursPerWeek != 16 || cur.Tools != "Slack" || cur.AuthorID != w.coord.ID {
			t.Errorf("current charter = %+v, %v", cur, err)
		}
		if old, err := db.FindCharter(ctx, w.team.ID, 1); err != nil || old.HoursPerWeek != 20 || old.Cadence != furusato.CadenceBiweekly {
			t.Errorf("version 1 = %+v, %v", old, err)
		}
		if team, _ := db.FindTeam(ctx, w.team.ID); team.CharterVersion != 2 || team.Cadence != furusato.CadenceMonthly {
			t.Errorf("team after v2 = %+v", team)
		}
		if vs, err := db.FindCharterVersions(ctx, w.team.ID); err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Errorf("versions = %v, %v", vs, err)
		}
		if _, err := db.FindCharter(ctx, w.team.ID, 3); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("version 3: %v", err)
		}
		// Version 2 starts with version 1's expectations; confirmations are per version.
		es, err := db.FindExpectations(ctx, v2.ID)
		if err != nil || fmt.Sprint(len(es)) != "2" || es[0].UserID != w.alice.ID || es[0].Give != "写真と文章" || es[1].Get != "新しい視点" {
			t.Errorf("v2 expectations = %+v, %v", es, err)
		}
		if cs, err := db.FindConfirmations(ctx, v2.ID); err != nil || len(cs) != 0 {
			t.Errorf("v2 confirmations = %v, %v", cs, err)
		}
		var first, second bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) (err error) {
			c := furusato.CharterConfirmation{CharterID: v2.ID, UserID: w.staff.ID, Role: furusato.TeamCompanyStaff, ConfirmedAt: now}
			if first, err = tx.ConfirmCharter(ctx, c); err != nil {
				return err
			}
			c.ConfirmedAt = now.Add(time.Hour)
			second, err = tx.ConfirmCharter(ctx, c)
			return err
		})
		cs, err := db.FindConfirmations(ctx, v2.ID)
		if !first || second || err != nil || len(cs) != 1 || !cs[0].ConfirmedAt.Equal(now) || cs[0].Role != furusato.TeamCompanyStaff {
			t.Errorf("confirm twice: %v %v, %+v, %v", first, second, cs, err)
		}
	})
}

func TestAgreements_EachPartyAcceptsOncePerVersion(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		ch := &furusato.Charter{TeamID: w.team.ID, HoursPerWeek: 12, Cadence: furusato.CadenceWeekly}
		a := furusato.AgreementFrom(w.project, ch, today)
		a.Notes, a.AuthorID = "交通費は月1回まで", w.coord.ID
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.CreateAgreement(ctx, &a, 0, now) })
		got, err := db.FindAgreement(ctx, w.team.ID, 0)
		a.CreatedAt = now.UTC()
		if err != nil || fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", a) {
			t.Errorf("agreement read back:\n%+v, %v\nwant %+v", got, err, a)
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { b := a; return tx.CreateAgreement(ctx, &b, 0, now) }); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("stale agreement: %v", err)
		}
		accept := func(party furusato.Party, u *furusato.User) error {
			return db.Tx(ctx, func(tx *store.Tx) error {
				return tx.AcceptAgreement(ctx, furusato.AgreementAcceptance{AgreementID: a.ID, Party: party, UserID: u.ID, AcceptedAt: now})
			})
		}
		for _, c := range []struct {
			party furusato.Party
			u     *furusato.User
			want  string
		}{
			{furusato.PartyParticipant, w.alice, ""},
			{furusato.PartyParticipant, w.bob, ""},
			{furusato.PartyCompany, w.staff, ""},
			{furusato.PartyParticipant, w.alice, furusato.ECONFLICT}, // alice again
			{furusato.PartyCompany, w.coord, furusato.ECONFLICT},     // the company accepted already
		} {
			if got := furusato.ErrorCode(accept(c.party, c.u)); got != c.want {
				t.Errorf("%s accepts as %s: %q, want %q", c.u.DisplayName, c.party, got, c.want)
			}
		}
		accs, err := db.FindAcceptances(ctx, a.ID)
		if err != nil || len(accs) != 3 {
			t.Fatalf("acceptances = %+v, %v", accs, err)
		}
		if _, err := db.FindAgreement(ctx, w.team.ID, 2); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("version 2: %v", err)
		}
	})
}

func TestMilestones_MoveIsConditional(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		a := &furusato.Milestone{TeamID: w.team.ID, Title: "試作品", Due: today.AddDays(30), OwnerID: w.alice.ID, Status: furusato.MilestoneOpen}
		b := &furusato.Milestone{TeamID: w.team.ID, Title: "取材", Due: today.AddDays(10), Status: furusato.MilestoneOpen}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateMilestone(ctx, a, now); err != nil {
				return err
			}
			return tx.CreateMilestone(ctx, b, now)
		})
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.MoveMilestone(ctx, w.team.ID, b.ID, furusato.MilestoneOpen, furusato.MilestoneDone, now)
		})
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.MoveMilestone(ctx, w.team.ID, b.ID, furusato.MilestoneOpen, furusato.MilestoneDropped, now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("stale move: %v", err)
		}
		other := newTeamFor(t, db, w)
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.MoveMilestone(ctx, other.ID, a.ID, furusato.MilestoneOpen, furusato.MilestoneDone, now)
		})
		if furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("another team's milestone: %v", err)
		}
		a.Title, a.OwnerID = "試作品の完成", w.bob.ID
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.UpdateMilestone(ctx, a, now) })
		ms, err := db.FindMilestones(ctx, w.team.ID)
		if err != nil || len(ms) != 2 || ms[0].ID != a.ID || ms[0].Title != "試作品の完成" || ms[0].OwnerName != "坂東 ボブ" ||
			ms[0].Due != today.AddDays(30) || ms[1].Status != furusato.MilestoneDone || ms[1].OwnerID != 0 {
			t.Errorf("milestones = %+v, %v", ms, err)
		}
	})
}

// newTeamFor makes a second in-progress project with a team and no one on it.
func newTeamFor(t *testing.T, db *store.DB, w *teamWorld) *furusato.Team {
	t.Helper()
	_, team := inProgress(t, db, w.f, "other-team", nil)
	return team
}

func TestCheckIns_NumberedPerAuthorWithComments(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		var cs []*furusato.CheckIn
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			for i, u := range []*furusato.User{w.alice, w.bob, w.alice} {
				at := now.Add(time.Duration(i) * time.Hour)
				c := &furusato.CheckIn{TeamID: w.team.ID, AuthorID: u.ID, PeriodStart: at.Add(-7 * 24 * time.Hour), PeriodEnd: at,
					Done: fmt.Sprintf("やったこと%d", i), Next: "次", Blockers: "", Hours: 5 + i}
				if err := tx.CreateCheckIn(ctx, c, at); err != nil {
					return err
				}
				cs = append(cs, c)
			}
			return nil
		})
		if cs[0].Seq != 1 || cs[1].Seq != 1 || cs[2].Seq != 2 {
			t.Errorf("seqs = %d %d %d, want 1 1 2", cs[0].Seq, cs[1].Seq, cs[2].Seq)
		}
		got, err := db.FindCheckIns(ctx, w.team.ID, 0, 2)
		if err != nil || len(got) != 2 || got[0].ID != cs[2].ID || got[0].AuthorName != "相川 アリス" || got[0].Hours != 7 ||
			!got[0].PeriodEnd.Equal(cs[2].PeriodEnd) || got[1].ID != cs[1].ID {
			t.Errorf("timeline = %+v, %v", got, err)
		}
		if older, err := db.FindCheckIns(ctx, w.team.ID, got[1].ID, 10); err != nil || len(older) != 1 || older[0].ID != cs[0].ID {
			t.Errorf("older page = %+v, %v", older, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			for _, cm := range []*furusato.CheckInComment{
				{CheckInID: cs[0].ID, AuthorID: w.sup.ID, Role: furusato.TeamSupporter, Body: "いいですね"},
				{CheckInID: cs[0].ID, AuthorID: w.coord.ID, Role: furusato.TeamCoordinator, Body: "来週確認します"},
				{CheckInID: cs[2].ID, AuthorID: w.coord.ID, Role: furusato.TeamCoordinator, Body: "了解"},
			} {
				if err := tx.CreateCheckInComment(ctx, cm, now); err != nil {
					return err
				}
			}
			return nil
		})
		comments, err := db.FindCheckInComments(ctx, []int64{cs[0].ID, cs[1].ID, cs[2].ID})
		if err != nil || len(comments[cs[0].ID]) != 2 || comments[cs[0].ID][0].AuthorName != "伴走 さん" ||
			comments[cs[0].ID][1].Role != furusato.TeamCoordinator || len(comments[cs[1].ID]) != 0 || len(comments[cs[2].ID]) != 1 {
			t.Errorf("comments = %v, %v", comments, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateIntervention(ctx, &furusato.Intervention{TeamID: w.team.ID, AuthorID: w.coord.ID, Action: "電話した", Next: today.AddDays(7)}, now)
		})
		ivs, err := db.FindInterventions(ctx, w.team.ID)
		if err != nil || len(ivs) != 1 || ivs[0].Action != "電話した" || ivs[0].Next != today.AddDays(7) || ivs[0].AuthorName != "岐阜 コーディネーター" {
			t.Errorf("interventions = %+v, %v", ivs, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			m := &furusato.TeamMessage{TeamID: w.team.ID, AuthorID: w.alice.ID, Body: "よろしくお願いします"}
			if err := tx.CreateTeamMessage(ctx, m, now); err != nil {
				return err
			}
			return tx.MarkTeamThreadRead(ctx, w.team.ID, w.bob.ID, m.ID)
		})
		if ms, err := db.FindTeamMessages(ctx, w.team.ID); err != nil || len(ms) != 1 || ms[0].AuthorName != "相川 アリス" {
			t.Errorf("thread = %+v, %v", ms, err)
		}
	})
}
