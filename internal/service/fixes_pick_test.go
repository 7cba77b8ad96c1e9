package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Once every proposed time of an interview has passed, a pick (with no
// time, or with one of the past ones) is a conflict that says so, not a
// field error asking for one of no times, and nothing is written; while
// times are open, a pick without one names the catalogue key the page
// shows (furusato.ErrChooseFrom).
func TestInterviewsPick_AllTimesPassedIsAConflict(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00", "2026-11-27 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		err = f.iv.Pick(ctx, f.participant, iv.ID, 0)
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["slot"] != furusato.ErrChooseFrom {
			t.Errorf("no choice while times are open: %v %v", err, furusato.ErrorFields(err))
		}
		f.at = time.Date(2026, 11, 27, 9, 0, 0, 0, furusato.JST) // the last time begins
		for _, slot := range []int64{0, iv.Slots[0].ID, iv.Slots[1].ID} {
			err := f.iv.Pick(ctx, f.participant, iv.ID, slot)
			if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictTimesPassed {
				t.Errorf("pick %d after every time: %v (%q)", slot, err, furusato.ConflictOf(err))
			}
		}
		got, _, err := f.iv.Get(ctx, f.participant, iv.ID)
		if err != nil || got.Status != furusato.InterviewProposed || got.ChosenID != 0 || got.Sequence != iv.Sequence {
			t.Errorf("after the refused picks: %+v, %v", got, err)
		}
	})
}

// The same holds for a team meeting.
func TestTeamMeetingsPick_AllTimesPassedIsAConflict(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		m, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-11-26 14:00", "2026-11-27 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		err = teams.PickMeeting(ctx, f.member, m.ID, 0)
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["slot"] != furusato.ErrChooseFrom {
			t.Errorf("no choice while times are open: %v %v", err, furusato.ErrorFields(err))
		}
		f.at = time.Date(2026, 11, 28, 0, 0, 0, 0, furusato.JST)
		for _, slot := range []int64{0, m.Slots[0].ID, m.Slots[1].ID} {
			err := teams.PickMeeting(ctx, f.member, m.ID, slot)
			if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictTimesPassed {
				t.Errorf("pick %d after every time: %v (%q)", slot, err, furusato.ConflictOf(err))
			}
		}
		ms, err := db.FindTeamMeetings(ctx, f.team.ID)
		if err != nil || len(ms) != 1 || ms[0].Status != furusato.InterviewProposed || ms[0].ChosenID != 0 || ms[0].Sequence != m.Sequence {
			t.Errorf("after the refused picks: %+v, %v", ms, err)
		}
	})
}
