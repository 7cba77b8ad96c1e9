package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Team meetings (issue 10, item 3): the kickoff and later meetings of a
// team, with the interview slot machinery (furusato.InterviewProposal's
// checks, the slot rows, SlotText, the iCalendar writer): the
// coordinator or the company's staff propose JST slots
// (policy.TeamMeetingSchedule), one pick by a participant or the
// coordinator confirms the meeting for everyone (policy.TeamMeetingPick),
// every member gets NoticeTeamMeeting (with the .ics once a time is
// fixed; CANCEL on cancellation, a new SEQUENCE on reschedule) and a
// reminder the day before. A confirmed kickoff sets the team's kickoff
// time.

// TeamMeetings is the meetings of a team as the actor may see them.
type TeamMeetings struct {
	Team        *furusato.Team
	Project     *furusato.Project
	Meetings    []*furusato.TeamMeeting // newest first
	Next        *furusato.TeamMeeting   // the next confirmed meeting not yet over; nil for none
	CanSchedule bool                    // policy.TeamMeetingSchedule, while the work goes on
	CanPick     bool                    // policy.TeamMeetingPick
}

// Meetings returns the meetings of team id (policy.TeamView).
func (s *Teams) Meetings(ctx context.Context, actor *furusato.Actor, id int64) (*TeamMeetings, error) {
	t, scope, err := s.load(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return nil, err
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	ms, err := s.db.FindTeamMeetings(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &TeamMeetings{Team: t, Project: p,
		CanSchedule: policy.Team(actor, policy.TeamMeetingSchedule, scope) == nil && !t.Ended(),
		CanPick:     policy.Team(actor, policy.TeamMeetingPick, scope) == nil && !t.Ended()}
	now := s.now()
	var next furusato.InterviewSlot
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		out.Meetings = append(out.Meetings, m)
		if slot, ok := m.Chosen(); ok && m.Status == furusato.InterviewConfirmed && slot.End().After(now) {
			if out.Next == nil || slot.Start.Before(next.Start) {
				out.Next, next = m, slot
			}
		}
	}
	return out, nil
}

// Now returns the service's clock reading.
func (s *Teams) Now() time.Time { return s.now() }

// MeetingTeam returns the team of meeting id, for its team
// (policy.TeamView); ENOTFOUND otherwise.
func (s *Teams) MeetingTeam(ctx context.Context, actor *furusato.Actor, id int64) (int64, error) {
	m, _, err := s.meeting(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return 0, err
	}
	return m.TeamID, nil
}

// MeetingPlan is what the meeting forms need: the team, its project and,
// for a reschedule or cancel, the meeting.
type MeetingPlan struct {
	Team    *furusato.Team
	Project *furusato.Project
	Meeting *furusato.TeamMeeting // nil for a new proposal
}

// PlanMeeting returns what the proposal form of team id needs
// (policy.TeamMeetingSchedule); ECONFLICT once the work has ended.
func (s *Teams) PlanMeeting(ctx context.Context, actor *furusato.Actor, id int64) (*MeetingPlan, error) {
	t, _, err := s.load(ctx, s.db, actor, id, policy.TeamMeetingSchedule)
	if err != nil {
		return nil, err
	}
	if t.Ended() {
		return nil, furusato.Errorf(furusato.ECONFLICT, "The team's work has ended.")
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	return &MeetingPlan{Team: t, Project: p}, nil
}

// meeting reads meeting id and its team and decides act on the team:
// ENOTFOUND for a missing meeting and for one the actor may not see.
func (s *Teams) meeting(ctx context.Context, q interface {
	teamReader
	FindTeamMeeting(context.Context, int64) (*furusato.TeamMeeting, error)
}, actor *furusato.Actor, id int64, act policy.Action) (*furusato.TeamMeeting, *furusato.Team, error) {
	if err := signedIn(actor); err != nil {
		return nil, nil, err
	}
	m, err := q.FindTeamMeeting(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	t, _, err := s.load(ctx, q, actor, m.TeamID, act)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil, nil, furusato.Errorf(furusato.ENOTFOUND, "Meeting not found.")
	}
	return m, t, err
}

// PlanMeetingChange returns what the reschedule and cancel pages of
// meeting id need (policy.TeamMeetingSchedule); ECONFLICT when it is
// cancelled or the work has ended.
func (s *Teams) PlanMeetingChange(ctx context.Context, actor *furusato.Actor, id int64) (*MeetingPlan, error) {
	m, t, err := s.meeting(ctx, s.db, actor, id, policy.TeamMeetingSchedule)
	if err != nil {
		return nil, err
	}
	if err := changeable(m, t); err != nil {
		return nil, err
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	return &MeetingPlan{Team: t, Project: p, Meeting: m}, nil
}

func changeable(m *furusato.TeamMeeting, t *furusato.Team) error {
	if m.Status == furusato.InterviewCancelled {
		return furusato.Errorf(furusato.ECONFLICT, "The meeting is cancelled.")
	}
	if t.Ended() {
		return furusato.Errorf(furusato.ECONFLICT, "The team's work has ended.")
	}
	return nil
}

// ProposeMeeting proposes a meeting of team id (policy.TeamMeetingSchedule):
// EINVALID with Fields for bad input (furusato.MeetingProposal.Validate),
// ECONFLICT once the work has ended. Every member but the actor is told.
func (s *Teams) ProposeMeeting(ctx context.Context, actor *furusato.Actor, id int64, in furusato.MeetingProposal) (*furusato.TeamMeeting, error) {
	now := s.now()
	in.Normalize()
	var m *furusato.TeamMeeting
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.TeamMeetingSchedule)
		if err != nil {
			return err
		}
		slots, err := in.Validate(now)
		if err != nil {
			return err
		}
		if t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "The team's work has ended.")
		}
		m = &furusato.TeamMeeting{TeamID: t.ID, Kind: furusato.MeetingKind(in.Kind), Slots: slots,
			Online: in.Mode == furusato.InterviewOnline, Location: in.Location, Note: in.Notes, CreatedBy: actorID(actor)}
		if err := tx.CreateTeamMeeting(ctx, m, now); err != nil {
			return err
		}
		return s.tellTeam(ctx, tx, t, m, "", false, actorID(actor), now)
	})
	return m, err
}

// RescheduleMeeting proposes new slots (and kind, place, note) for
// meeting id (policy.TeamMeetingSchedule): it goes back to proposed with
// a new SEQUENCE, conditional on the status read. Everyone but the actor
// is told; when a time had been confirmed, the notice carries the CANCEL
// calendar of it, so it leaves people's calendars until a new pick.
// ECONFLICT when it is cancelled, the work has ended, or it changed
// meanwhile.
func (s *Teams) RescheduleMeeting(ctx context.Context, actor *furusato.Actor, id int64, in furusato.MeetingProposal) error {
	now := s.now()
	in.Normalize()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		m, t, err := s.meeting(ctx, tx, actor, id, policy.TeamMeetingSchedule)
		if err != nil {
			return err
		}
		slots, err := in.Validate(now)
		if err != nil {
			return err
		}
		if err := changeable(m, t); err != nil {
			return err
		}
		old := *m
		m.Kind, m.Slots, m.Online, m.Location, m.Note = furusato.MeetingKind(in.Kind), slots, in.Mode == furusato.InterviewOnline, in.Location, in.Notes
		if err := tx.RescheduleTeamMeeting(ctx, m, old.Status, now); err != nil {
			return err
		}
		if old.Status == furusato.InterviewConfirmed && old.Kind == furusato.MeetingKickoff {
			if err := tx.SetKickoff(ctx, t.ID, time.Time{}); err != nil {
				return err
			}
		}
		withCal := old.Status == furusato.InterviewConfirmed
		if withCal {
			old.Status, old.Sequence = furusato.InterviewCancelled, m.Sequence
			return s.tellTeamCalendar(ctx, tx, t, m, &old, "", actorID(actor), now)
		}
		return s.tellTeam(ctx, tx, t, m, "", false, actorID(actor), now)
	})
}

// CancelMeeting cancels meeting id (policy.TeamMeetingSchedule) with an
// optional reason; everyone but the actor is told, with the CANCEL
// calendar when a time was confirmed (the actor too then: their calendar
// holds the event). The reason is kept with the meeting, and who gave it:
// deleting their account empties it (store.EraseUserContent). ECONFLICT when
// it is cancelled already, or its status changed since it was read.
func (s *Teams) CancelMeeting(ctx context.Context, actor *furusato.Actor, id int64, reason string) error {
	now := s.now()
	reason, err := interviewReason(reason)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		m, t, err := s.meeting(ctx, tx, actor, id, policy.TeamMeetingSchedule)
		if err != nil {
			return err
		}
		wasConfirmed := m.Status == furusato.InterviewConfirmed
		ok, err := tx.CancelTeamMeeting(ctx, id, m.Status, reason, actorID(actor), now)
		if err != nil {
			return err
		}
		if !ok {
			return furusato.Errorf(furusato.ECONFLICT, "The meeting was cancelled or changed in the meantime.")
		}
		m.Status, m.Sequence, m.CancelReason = furusato.InterviewCancelled, m.Sequence+1, reason
		if wasConfirmed && m.Kind == furusato.MeetingKickoff && !t.Ended() {
			if err := tx.SetKickoff(ctx, t.ID, time.Time{}); err != nil {
				return err
			}
		}
		except := actorID(actor)
		if wasConfirmed {
			except = 0
		}
		return s.tellTeam(ctx, tx, t, m, reason, wasConfirmed, except, now)
	})
}

// PickMeeting confirms meeting id on slot slotID (policy.TeamMeetingPick):
// every member is told with the PUBLISH calendar; a kickoff sets the
// team's kickoff time. ECONFLICT when the meeting is no longer proposed
// (picked, rescheduled or cancelled meanwhile: the update is conditional,
// so of two picks at once one confirms), the work has ended or the slot
// has passed (ConflictTimesPassed when every proposed time has); EINVALID
// ("slot": furusato.ErrChooseFrom) for a slot not its own.
func (s *Teams) PickMeeting(ctx context.Context, actor *furusato.Actor, id, slotID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		m, t, err := s.meeting(ctx, tx, actor, id, policy.TeamMeetingPick)
		if err != nil {
			return err
		}
		if t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "The team's work has ended.")
		}
		if m.Status != furusato.InterviewProposed {
			return furusato.Errorf(furusato.ECONFLICT, "The meeting is no longer waiting for a choice.")
		}
		if furusato.AllPassed(m.Slots, now) {
			return furusato.Conflict(furusato.ConflictTimesPassed, "Every proposed time has passed.")
		}
		slot, ok := furusato.ChosenSlot(m.Slots, slotID)
		if !ok {
			return &furusato.Error{Code: furusato.EINVALID, Message: "Choose one of the proposed times.",
				Fields: map[string]string{"slot": furusato.ErrChooseFrom}}
		}
		if !slot.Start.After(now) {
			return furusato.Errorf(furusato.ECONFLICT, "That time has passed.")
		}
		ok, err = tx.PickTeamMeetingSlot(ctx, id, slotID, now)
		if err != nil {
			return err
		}
		if !ok {
			return furusato.Errorf(furusato.ECONFLICT, "The meeting is no longer waiting for a choice.")
		}
		m.Status, m.ChosenID, m.Sequence = furusato.InterviewConfirmed, slotID, m.Sequence+1
		if m.Kind == furusato.MeetingKickoff {
			if err := tx.SetKickoff(ctx, t.ID, slot.Start); err != nil {
				return err
			}
		}
		return s.tellTeam(ctx, tx, t, m, "", true, 0, now)
	})
}
