package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func meetingAt(teamID int64, kind furusato.MeetingKind, starts ...time.Time) *furusato.TeamMeeting {
	m := &furusato.TeamMeeting{TeamID: teamID, Kind: kind, Online: true, Location: "https://meet.example.jp/team", Note: "議題：役割分担"}
	for _, s := range starts {
		m.Slots = append(m.Slots, furusato.InterviewSlot{Start: s, Duration: time.Hour})
	}
	return m
}

func TestTeamMeetings_CreatePickRescheduleCancelRemind(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		day := now.Add(20 * time.Hour)
		m := meetingAt(w.team.ID, furusato.MeetingKickoff, day.Add(time.Hour), day)
		m.CreatedBy = w.coord.ID
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.CreateTeamMeeting(ctx, m, now) })
		got, err := db.FindTeamMeeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != furusato.InterviewProposed || got.Kind != furusato.MeetingKickoff || len(got.Slots) != 2 ||
			!got.Slots[0].Start.Equal(day) || got.Note != m.Note || got.CreatedBy != w.coord.ID {
			t.Fatalf("found %+v", got)
		}
		other := meetingAt(w.team.ID, furusato.MeetingRegular, day.Add(48*time.Hour))
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.CreateTeamMeeting(ctx, other, now) })
		if ms, err := db.FindTeamMeetings(ctx, w.team.ID); err != nil || len(ms) != 2 || ms[0].ID != m.ID || len(ms[1].Slots) != 1 {
			t.Errorf("team meetings = %v, %v", ms, err)
		}
		if _, err := db.FindTeamMeeting(ctx, 999999); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing meeting: %v", err)
		}

		// A slot of another meeting does not confirm; one pick wins.
		var ok1, ok2, foreign bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			if foreign, err = tx.PickTeamMeetingSlot(ctx, m.ID, other.Slots[0].ID, now); err != nil {
				return err
			}
			if ok1, err = tx.PickTeamMeetingSlot(ctx, m.ID, got.Slots[0].ID, now); err != nil {
				return err
			}
			ok2, err = tx.PickTeamMeetingSlot(ctx, m.ID, got.Slots[1].ID, now)
			return err
		})
		if foreign || !ok1 || ok2 {
			t.Errorf("picks: foreign %v, first %v, second %v", foreign, ok1, ok2)
		}
		if c, _ := db.FindTeamMeeting(ctx, m.ID); c.ChosenID != got.Slots[0].ID || c.Sequence != 1 || c.Status != furusato.InterviewConfirmed {
			t.Errorf("confirmed %+v", c)
		}

		// Reminders: due once, within the window only.
		due, err := db.DueTeamMeetingReminders(ctx, now, now.Add(24*time.Hour))
		if err != nil || len(due) != 1 || due[0] != m.ID {
			t.Fatalf("due = %v, %v", due, err)
		}
		var marked, again bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			if marked, err = tx.MarkTeamMeetingReminded(ctx, m.ID, now); err != nil {
				return err
			}
			again, err = tx.MarkTeamMeetingReminded(ctx, m.ID, now)
			return err
		})
		if !marked || again {
			t.Errorf("marked %v, again %v", marked, again)
		}
		if due, _ := db.DueTeamMeetingReminders(ctx, now, now.Add(24*time.Hour)); len(due) != 0 {
			t.Errorf("due after the reminder: %v", due)
		}

		// A reschedule is conditional on the status read; it clears the
		// choice and the reminder.
		m.Kind, m.Slots = furusato.MeetingKickoff, []furusato.InterviewSlot{{Start: day.Add(3 * time.Hour), Duration: 90 * time.Minute}}
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.RescheduleTeamMeeting(ctx, m, furusato.InterviewProposed, now) })
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("reschedule from a stale status: %v", err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			return tx.RescheduleTeamMeeting(ctx, m, furusato.InterviewConfirmed, now)
		})
		r, _ := db.FindTeamMeeting(ctx, m.ID)
		if r.Status != furusato.InterviewProposed || r.ChosenID != 0 || r.Sequence != 2 || len(r.Slots) != 1 || r.Slots[0].Duration != 90*time.Minute {
			t.Errorf("rescheduled %+v", r)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			_, err := tx.PickTeamMeetingSlot(ctx, m.ID, r.Slots[0].ID, now)
			return err
		})
		if due, _ := db.DueTeamMeetingReminders(ctx, now, now.Add(24*time.Hour)); len(due) != 1 {
			t.Errorf("due after a new pick: %v", due)
		}

		// A cancel is once; a cancelled meeting is never due.
		var c1, c2 bool
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			var err error
			if c1, err = tx.CancelTeamMeeting(ctx, m.ID, furusato.InterviewConfirmed, "", 0, now); err != nil {
				return err
			}
			c2, err = tx.CancelTeamMeeting(ctx, m.ID, furusato.InterviewConfirmed, "", 0, now)
			return err
		})
		if !c1 || c2 {
			t.Errorf("cancels: %v %v", c1, c2)
		}
		if due, _ := db.DueTeamMeetingReminders(ctx, now, now.Add(24*time.Hour)); len(due) != 0 {
			t.Errorf("due after cancel: %v", due)
		}
	})
}

func TestTeamMeetings_DueKickoffsAndEndedTeams(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newTeamWorld(t, db)
		kick := now.Add(2 * time.Hour)
		m := meetingAt(w.team.ID, furusato.MeetingKickoff, kick)
		tx(t, db, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateTeamMeeting(ctx, m, now); err != nil {
				return err
			}
			if _, err := tx.PickTeamMeetingSlot(ctx, m.ID, m.Slots[0].ID, now); err != nil {
				return err
			}
			// The project is matched and closed, not yet in progress.
			return tx.SetProjectStatus(ctx, w.project.ID, furusato.StatusInProgress, furusato.StatusClosed, now)
		})
		if ids, err := db.DueKickoffTeams(ctx, kick.Add(-time.Minute)); err != nil || len(ids) != 0 {
			t.Errorf("before the kickoff: %v, %v", ids, err)
		}
		if ids, err := db.DueKickoffTeams(ctx, kick); err != nil || len(ids) != 1 || ids[0] != w.team.ID {
			t.Errorf("at the kickoff: %v, %v", ids, err)
		}
		tx(t, db, func(ctx context.Context, tx *store.Tx) error { return tx.EndTeam(ctx, w.team.ID, true, "中止", now) })
		if ids, _ := db.DueKickoffTeams(ctx, kick); len(ids) != 0 {
			t.Errorf("an ended team's kickoff: %v", ids)
		}
		if due, _ := db.DueTeamMeetingReminders(ctx, now, now.Add(24*time.Hour)); len(due) != 0 {
			t.Errorf("an ended team's reminder: %v", due)
		}
	})
}
