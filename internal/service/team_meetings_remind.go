package service

import (
	"context"
	"fmt"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// What team meetings send: the calendar file, the notices to the team and
// the reminders the day before.

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
// JST), slots, place, online ("1" or ""), reason, cause (of a cancel:
// furusato.MeetingCancelTeamEnded or ""), message (the note).
func meetingNotice(p *furusato.Project, m *furusato.TeamMeeting, reason string) furusato.Notice {
	when, spans := slotTexts(m.Chosen())(m.Slots)
	online := ""
	if m.Online {
		online = "1"
	}
	return furusato.Notice{Kind: furusato.NoticeTeamMeeting, ProjectID: p.ID, Link: TeamPath(m.TeamID),
		Params: map[string]string{furusato.ParamProject: p.Title, "kind": string(m.Kind), "status": string(m.Status), "when": when,
			"slots": fmt.Sprint(len(m.Slots)), "place": m.Location, "online": online, "reason": reason, "cause": m.CancelCause, "message": m.Note,
			furusato.ParamSlots: spans}}
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

// cancelMeetingsOnEnd cancels, in tx, the meetings of team t still ahead
// when its work ended at now (proposed, or confirmed for a later time):
// nobody would hold them, and a calendar would keep showing them. Every
// member is told of each, with the CANCEL calendar when a time had been
// confirmed; the notice carries the cause, so it says the team ended.
func (s *Teams) cancelMeetingsOnEnd(ctx context.Context, tx *store.Tx, t *furusato.Team, now time.Time) error {
	ms, err := tx.CancelTeamMeetingsOnEnd(ctx, t.ID, now)
	if err != nil {
		return err
	}
	for _, m := range ms {
		_, confirmed := m.Chosen()
		if err := s.tellTeam(ctx, tx, t, m, "", confirmed, 0, now); err != nil {
			return err
		}
	}
	return nil
}
