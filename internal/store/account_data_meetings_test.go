package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestAccountData_MeetingCancelReasonGoesWithItsAuthor: the reason a
// coordinator typed when cancelling a team meeting is what they wrote,
// like the reasons of entry moves: deleting their account empties it.
// The meeting stays cancelled (the team's record), and a reason another
// person typed stays.
func TestAccountData_MeetingCancelReasonGoesWithItsAuthor(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		mine := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(48*time.Hour))
		theirs := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(72*time.Hour))
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			for _, m := range []*furusato.TeamMeeting{mine, theirs} {
				if err := tx.CreateTeamMeeting(ctx, m, now); err != nil {
					return err
				}
			}
			if ok, err := tx.CancelTeamMeeting(ctx, mine.ID, furusato.InterviewProposed, "私の体調不良のため", w.coord.ID, now); err != nil || !ok {
				t.Errorf("cancel by the coordinator: %v, %v", ok, err)
			}
			ok, err := tx.CancelTeamMeeting(ctx, theirs.ID, furusato.InterviewProposed, "台風のため", w.tcrd.ID, now)
			if err != nil || !ok {
				t.Errorf("cancel by another: %v, %v", ok, err)
			}
			return err
		})
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.AnonymiseUser(ctx, w.coord.ID, now); err != nil {
				return err
			}
			return tx.EraseUserContent(ctx, w.coord.ID)
		})
		got, err := db.FindTeamMeeting(ctx, mine.ID)
		if err != nil || got.Status != furusato.InterviewCancelled || got.CancelReason != "" {
			t.Errorf("the deleted coordinator's cancel = %+v, %v; want cancelled, reason erased", got, err)
		}
		got, err = db.FindTeamMeeting(ctx, theirs.ID)
		if err != nil || got.Status != furusato.InterviewCancelled || got.CancelReason != "台風のため" {
			t.Errorf("another's cancel = %+v, %v; want its reason kept", got, err)
		}
	})
}
