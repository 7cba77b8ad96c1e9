package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A cancel keeps the reason given, is conditional on the status the caller
// read (a meeting picked meanwhile is not cancelled as if still proposed),
// and happens once.
func TestTeamMeetings_CancelKeepsTheReasonAndIsConditionalOnTheStatusRead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		m := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(48*time.Hour))
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateTeamMeeting(ctx, m, now); err != nil {
				return err
			}
			_, err := tx.PickTeamMeetingSlot(ctx, m.ID, m.Slots[0].ID, now)
			return err
		})
		const reason = "担当者の都合のため、日を改めます。"
		var stale, ok, again bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			if stale, err = tx.CancelTeamMeeting(ctx, m.ID, furusato.InterviewProposed, "古い画面から", 0, now); err != nil {
				return err
			}
			if ok, err = tx.CancelTeamMeeting(ctx, m.ID, furusato.InterviewConfirmed, reason, 0, now); err != nil {
				return err
			}
			again, err = tx.CancelTeamMeeting(ctx, m.ID, furusato.InterviewCancelled, "二度目", 0, now)
			return err
		})
		if stale || !ok || again {
			t.Errorf("cancels: from a stale status %v, from the status read %v, again %v", stale, ok, again)
		}
		got, err := db.FindTeamMeeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != furusato.InterviewCancelled || got.CancelReason != reason || got.CancelCause != "" || got.Sequence != 2 {
			t.Errorf("cancelled = %+v", got)
		}
		if ms, _ := db.FindTeamMeetings(ctx, w.team.ID); len(ms) != 1 || ms[0].CancelReason != reason {
			t.Errorf("team meetings = %+v", ms)
		}
	})
}

// When a team's work ends, the meetings still ahead (proposed, or
// confirmed for a time after the end) are cancelled by one update with the
// cause; a meeting held already, or cancelled before, is left as it was.
func TestTeamMeetings_TheEndCancelsTheMeetingsStillAhead(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		held := meetingAt(w.team.ID, furusato.MeetingKickoff, now.Add(-72*time.Hour))
		ahead := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(72*time.Hour))
		proposed := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(24*time.Hour), now.Add(96*time.Hour))
		gone := meetingAt(w.team.ID, furusato.MeetingRegular, now.Add(120*time.Hour))
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			for _, m := range []*furusato.TeamMeeting{held, ahead, proposed, gone} {
				if err := tx.CreateTeamMeeting(ctx, m, now.Add(-96*time.Hour)); err != nil {
					return err
				}
			}
			for _, m := range []*furusato.TeamMeeting{held, ahead} {
				if _, err := tx.PickTeamMeetingSlot(ctx, m.ID, m.Slots[0].ID, now.Add(-96*time.Hour)); err != nil {
					return err
				}
			}
			_, err := tx.CancelTeamMeeting(ctx, gone.ID, furusato.InterviewProposed, "雨のため", 0, now.Add(-time.Hour))
			return err
		})
		var cancelled []*furusato.TeamMeeting
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.EndTeam(ctx, w.team.ID, true, "体制が変わったため", now); err != nil {
				return err
			}
			var err error
			cancelled, err = tx.CancelTeamMeetingsOnEnd(ctx, w.team.ID, now)
			return err
		})
		if len(cancelled) != 2 || cancelled[0].ID != ahead.ID || cancelled[1].ID != proposed.ID {
			t.Fatalf("cancelled %+v, want the confirmed one ahead and the proposed one", cancelled)
		}
		if c := cancelled[0]; c.Status != furusato.InterviewCancelled || c.CancelCause != furusato.MeetingCancelTeamEnded ||
			c.ChosenID != ahead.Slots[0].ID || len(c.Slots) != 1 || c.Sequence != 2 {
			t.Errorf("the confirmed one: %+v", c)
		}
		want := map[int64]struct {
			status furusato.InterviewStatus
			cause  string
			reason string
		}{
			held.ID:     {furusato.InterviewConfirmed, "", ""},
			ahead.ID:    {furusato.InterviewCancelled, furusato.MeetingCancelTeamEnded, ""},
			proposed.ID: {furusato.InterviewCancelled, furusato.MeetingCancelTeamEnded, ""},
			gone.ID:     {furusato.InterviewCancelled, "", "雨のため"},
		}
		ms, err := db.FindTeamMeetings(ctx, w.team.ID)
		if err != nil || len(ms) != 4 {
			t.Fatalf("meetings %v, %v", ms, err)
		}
		for _, m := range ms {
			if w := want[m.ID]; m.Status != w.status || m.CancelCause != w.cause || m.CancelReason != w.reason {
				t.Errorf("meeting %d: %s %q %q, want %+v", m.ID, m.Status, m.CancelCause, m.CancelReason, w)
			}
		}
		// A second run (the end is once anyway) finds nothing left.
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			again, err := tx.CancelTeamMeetingsOnEnd(ctx, w.team.ID, now)
			if len(again) != 0 {
				t.Errorf("cancelled again: %v", again)
			}
			return err
		})
	})
}
