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

// TestAccountData_TeamRowsAreExportedAndErased: a participant's rows in
// the team tables are in their export; deleting the account erases their
// texts like their entry messages, keeps the team's record (hours,
// confirmations, acceptances) and leaves the others' rows alone.
func TestAccountData_TeamRowsAreExportedAndErased(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		ch := &furusato.Charter{TeamID: w.team.ID, Goal: "g", Done: "d", HoursPerWeek: 20, Meetings: "m", Cadence: furusato.CadenceWeekly}
		a := furusato.AgreementFrom(w.project, ch, today)
		var ci *furusato.CheckIn
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateCharter(ctx, ch, 0, now); err != nil {
				return err
			}
			if err := tx.CreateAgreement(ctx, &a, 0, now); err != nil {
				return err
			}
			for _, e := range []*furusato.Expectation{
				{CharterID: ch.ID, UserID: w.alice.ID, Give: "写真", Get: "経験"},
				{CharterID: ch.ID, UserID: w.bob.ID, Give: "文章", Get: "人脈"},
			} {
				if err := tx.SaveExpectation(ctx, e, now); err != nil {
					return err
				}
			}
			if _, err := tx.ConfirmCharter(ctx, furusato.CharterConfirmation{CharterID: ch.ID, UserID: w.alice.ID, Role: furusato.TeamParticipant, ConfirmedAt: now}); err != nil {
				return err
			}
			if err := tx.AcceptAgreement(ctx, furusato.AgreementAcceptance{AgreementID: a.ID, Party: furusato.PartyParticipant, UserID: w.alice.ID, AcceptedAt: now}); err != nil {
				return err
			}
			ci = &furusato.CheckIn{TeamID: w.team.ID, AuthorID: w.alice.ID, PeriodStart: now.Add(-7 * 24 * time.Hour), PeriodEnd: now,
				Done: "取材した", Next: "記事を書く", Blockers: "写真待ち", Hours: 6}
			if err := tx.CreateCheckIn(ctx, ci, now); err != nil {
				return err
			}
			for _, cm := range []*furusato.CheckInComment{
				{CheckInID: ci.ID, AuthorID: w.sup.ID, Role: furusato.TeamSupporter, Body: "いいですね"},
				{CheckInID: ci.ID, AuthorID: w.alice.ID, Role: furusato.TeamSupporter, Body: "ありがとうございます"},
			} {
				if err := tx.CreateCheckInComment(ctx, cm, now); err != nil {
					return err
				}
			}
			for _, m := range []*furusato.TeamMessage{
				{TeamID: w.team.ID, AuthorID: w.alice.ID, Body: "私の連絡先は…"},
				{TeamID: w.team.ID, AuthorID: w.bob.ID, Body: "了解です"},
			} {
				if err := tx.CreateTeamMessage(ctx, m, now); err != nil {
					return err
				}
			}
			if err := tx.MarkTeamThreadRead(ctx, w.team.ID, w.alice.ID, 1); err != nil {
				return err
			}
			return tx.CreateMilestone(ctx, &furusato.Milestone{TeamID: w.team.ID, Title: "記事公開", Due: today, OwnerID: w.alice.ID, Status: furusato.MilestoneOpen}, now)
		})
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.CreateIntervention(ctx, &furusato.Intervention{TeamID: w.team.ID, AuthorID: w.coord.ID, Action: "連絡した", Next: today}, now)
		})

		d, err := db.FindUserTeamData(ctx, w.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		title := w.project.Title
		got := fmt.Sprintf("teams=%v exp=%s/%s conf=%d/%s acc=%d/%s ci=%s/%s/%s/%d comments=%d:%s msgs=%d:%s ms=%d:%s ivs=%d",
			len(d.Teams) == 1 && d.Teams[0].TeamID == w.team.ID && d.Teams[0].Project == title,
			d.Expectations[0].Row.Give, d.Expectations[0].Project, d.Confirmations[0].Row.Version, d.Confirmations[0].Row.Role,
			d.Acceptances[0].Row.Version, d.Acceptances[0].Row.Party, d.CheckIns[0].Row.Done, d.CheckIns[0].Row.Blockers,
			d.CheckIns[0].Project, d.CheckIns[0].Row.Hours, len(d.Comments), d.Comments[0].Row.Body, len(d.Messages), d.Messages[0].Row.Body,
			len(d.Milestones), d.Milestones[0].Row.Title, len(d.Interventions))
		want := fmt.Sprintf("teams=true exp=写真/%s conf=1/participant acc=1/participant ci=取材した/写真待ち/%s/6 comments=1:ありがとうございます msgs=1:私の連絡先は… ms=1:記事公開 ivs=0", title, title)
		if got != want {
			t.Errorf("export:\n%s\nwant\n%s", got, want)
		}
		if cd, err := db.FindUserTeamData(ctx, w.coord.ID); err != nil || len(cd.Interventions) != 1 || cd.Interventions[0].Row.Action != "連絡した" || len(cd.Teams) != 0 {
			t.Errorf("coordinator's export = %+v, %v", cd, err)
		}

		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.AnonymiseUser(ctx, w.alice.ID, now); err != nil {
				return err
			}
			return tx.EraseUserContent(ctx, w.alice.ID)
		})
		d, err = db.FindUserTeamData(ctx, w.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if e := d.Expectations[0].Row; e.Give != "" || e.Get != "" {
			t.Errorf("expectation after erasure = %+v", e)
		}
		if c := d.CheckIns[0].Row; c.Done != "" || c.Next != "" || c.Blockers != "" || c.Hours != 6 || !c.PeriodEnd.Equal(now) {
			t.Errorf("check-in after erasure = %+v (texts gone, hours and period kept)", c)
		}
		if d.Comments[0].Row.Body != furusato.DeletedMessageBody || d.Messages[0].Row.Body != furusato.DeletedMessageBody {
			t.Errorf("comment and message after erasure = %q, %q", d.Comments[0].Row.Body, d.Messages[0].Row.Body)
		}
		if len(d.Milestones) != 0 || len(d.Confirmations) != 1 || len(d.Acceptances) != 1 {
			t.Errorf("after erasure: %d milestones owned, %d confirmations, %d acceptances; want 0, 1, 1",
				len(d.Milestones), len(d.Confirmations), len(d.Acceptances))
		}
		// The others' rows are untouched.
		bob, err := db.FindUserTeamData(ctx, w.bob.ID)
		if err != nil || bob.Expectations[0].Row.Give != "文章" || bob.Messages[0].Row.Body != "了解です" {
			t.Errorf("bob's rows after alice's erasure = %+v, %v", bob, err)
		}
		if cms, err := db.FindCheckInComments(ctx, []int64{ci.ID}); err != nil || cms[ci.ID][0].Body != "いいですね" {
			t.Errorf("the supporter's comment = %v, %v", cms, err)
		}
		var reads int
		if err := db.WriterForTest().QueryRowContext(ctx, `SELECT COUNT(*) FROM team_message_reads WHERE user_id = $1`, w.alice.ID).Scan(&reads); err != nil || reads != 0 {
			t.Errorf("alice's read marks = %d, %v", reads, err)
		}
	})
}
