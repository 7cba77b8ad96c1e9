package service

import (
	"context"
	"fmt"
	"strings"
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
// holds the event). ECONFLICT when it is cancelled already.
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
		ok, err := tx.CancelTeamMeeting(ctx, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return furusato.Errorf(furusato.ECONFLICT, "The meeting is cancelled already.")
		}
		m.Status, m.Sequence = furusato.InterviewCancelled, m.Sequence+1
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
// has passed; EINVALID ("slot") for a slot not its own.
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
		slot, ok := furusato.ChosenSlot(m.Slots, slotID)
		if !ok {
			return &furusato.Error{Code: furusato.EINVALID, Message: "Choose one of the proposed times.",
				Fields: map[string]string{"slot": "interview.error.pick_required"}}
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

// MeetingCalendar returns the iCalendar document of meeting id for the
// team (policy.TeamView): PUBLISH when confirmed, CANCEL when cancelled
// after a time was fixed. ENOTFOUND while no time is picked.
func (s *Teams) MeetingCalendar(ctx context.Context, actor *furusato.Actor, id int64) (string, error) {
	m, t, err := s.meeting(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return "", err
	}
	if _, ok := m.Chosen(); !ok {
		return "", furusato.Errorf(furusato.ENOTFOUND, "No time is fixed yet: there is no calendar file.")
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return "", err
	}
	return s.meetingCalendar(m, p.Title, s.now()), nil
}

// meetingCalendar writes the iCalendar document of m (with a chosen slot)
// of the project titled title; the UID is stable per meeting.
func (s *Teams) meetingCalendar(m *furusato.TeamMeeting, title string, now time.Time) string {
	slot, _ := m.Chosen()
	what := "ミーティング"
	if m.Kind == furusato.MeetingKickoff {
		what = "キックオフ"
	}
	title = icsLine(title)
	desc := fmt.Sprintf("「%s」の%sです（%s、日本時間）。\n%s", title, what, SlotText(slot), s.baseURL+TeamPath(m.TeamID))
	if m.Note != "" {
		desc += "\n\n" + m.Note
	}
	return calendarEvent{UID: fmt.Sprintf("team-meeting-%d", m.ID), Product: "Meetings", Sequence: m.Sequence, Slot: slot,
		Cancelled: m.Status == furusato.InterviewCancelled, Summary: what + "：" + title, Description: desc,
		Online: m.Online, Location: m.Location}.write(s.baseURL, now)
}

// tellTeam gives every member of t but except NoticeTeamMeeting about m,
// with its calendar attached when withCalendar.
func (s *Teams) tellTeam(ctx context.Context, tx *store.Tx, t *furusato.Team, m *furusato.TeamMeeting, reason string, withCalendar bool, except int64, now time.Time) error {
	var cal *furusato.TeamMeeting
	if withCalendar {
		cal = m
	}
	return s.tellTeamCalendar(ctx, tx, t, m, cal, reason, except, now)
}

// tellTeamCalendar is tellTeam with the calendar of cal (nil: none).
func (s *Teams) tellTeamCalendar(ctx context.Context, tx *store.Tx, t *furusato.Team, m, cal *furusato.TeamMeeting, reason string, except int64, now time.Time) error {
	p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return err
	}
	members, err := tx.FindTeamMembers(ctx, t.ID)
	if err != nil {
		return err
	}
	n := meetingNotice(p, m, reason)
	if cal != nil {
		n.Calendar = s.meetingCalendar(cal, p.Title, now)
	}
	seen := map[int64]bool{except: true}
	for _, mb := range members {
		if seen[mb.UserID] {
			continue
		}
		seen[mb.UserID] = true
		n.UserID = mb.UserID
		if err := s.notify.Notify(ctx, tx, n); err != nil {
			return err
		}
	}
	return nil
}

// meetingNotice is NoticeTeamMeeting about m of project p. Params:
// project, kind, status, when (the chosen slot, or every proposed one, in
// JST), slots, place, online ("1" or ""), reason, message (the note).
func meetingNotice(p *furusato.Project, m *furusato.TeamMeeting, reason string) furusato.Notice {
	when := ""
	if slot, ok := m.Chosen(); ok {
		when = SlotText(slot)
	} else {
		texts := make([]string, len(m.Slots))
		for i, sl := range m.Slots {
			texts[i] = SlotText(sl)
		}
		when = strings.Join(texts, "、")
	}
	online := ""
	if m.Online {
		online = "1"
	}
	return furusato.Notice{Kind: furusato.NoticeTeamMeeting, ProjectID: p.ID, Link: TeamPath(m.TeamID),
		Params: map[string]string{"project": p.Title, "kind": string(m.Kind), "status": string(m.Status), "when": when,
			"slots": fmt.Sprint(len(m.Slots)), "place": m.Location, "online": online, "reason": reason, "message": m.Note}}
}

// SendMeetingReminders gives every member of the team NoticeTeamMeeting
// the day before each confirmed meeting (starting within ReminderWindow,
// not reminded yet, of a team still at work) and returns how many
// meetings it reminded. Each is marked by a conditional update in the
// same transaction as its notices, so a run twice, or on two nodes,
// reminds once, and a cancelled meeting is never reminded.
func (s *Teams) SendMeetingReminders(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := s.db.DueTeamMeetingReminders(ctx, now, now.Add(ReminderWindow))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		did := false
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			ok, err := tx.MarkTeamMeetingReminded(ctx, id, now)
			if err != nil || !ok {
				return err
			}
			m, err := tx.FindTeamMeeting(ctx, id)
			if err != nil {
				return err
			}
			t, err := tx.FindTeam(ctx, m.TeamID)
			if err != nil {
				return err
			}
			did = true
			return s.tellTeam(ctx, tx, t, m, "", false, 0, now)
		})
		if err != nil {
			return sent, err
		}
		if did {
			sent++
		}
	}
	return sent, nil
}

// remindAndStart is the periodic reminder job's work: the interviews'
// reminders, the team meetings' reminders, and the start of the projects
// whose kickoff has begun (Teams.StartDue); it returns how many of all
// three it did.
func (s *Services) remindAndStart(ctx context.Context) (int, error) {
	n, err := s.Interviews.SendReminders(ctx)
	if err != nil {
		return n, err
	}
	m, err := s.Teams.SendMeetingReminders(ctx)
	if err != nil {
		return n + m, err
	}
	k, err := s.Teams.StartDue(ctx)
	return n + m + k, err
}
