package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// Team meetings (the kickoff and later meetings) and their slots, kept as
// interviews are (interviews.go shares the slot rows' code). Writes go
// inside a Tx; the conditional updates (pick, cancel, remind) say whether
// they changed a row, so two requests or two nodes racing act once.

const meetingColumns = `id, team_id, kind, status, chosen_slot_id, online, location, note, COALESCE(created_by, 0),
	created_at, updated_at, sequence, cancel_reason, cancel_cause`

func scanMeeting(row interface{ Scan(...any) error }) (*furusato.TeamMeeting, error) {
	var m furusato.TeamMeeting
	var kind, status string
	var created, updated int64
	if err := row.Scan(&m.ID, &m.TeamID, &kind, &status, &m.ChosenID, &m.Online, &m.Location, &m.Note, &m.CreatedBy,
		&created, &updated, &m.Sequence, &m.CancelReason, &m.CancelCause); err != nil {
		return nil, err
	}
	m.Kind, m.Status = furusato.MeetingKind(kind), furusato.InterviewStatus(status)
	m.CreatedAt, m.UpdatedAt = fromMS(created), fromMS(updated)
	return &m, nil
}

// FindTeamMeeting returns meeting id with its slots, or ENOTFOUND.
func (c *conn) FindTeamMeeting(ctx context.Context, id int64) (*furusato.TeamMeeting, error) {
	m, err := scanMeeting(c.q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM team_meetings WHERE id = $1`, id))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, furusato.Errorf(furusato.ENOTFOUND, "Meeting not found.")
		}
		return nil, wrap("find team meeting", err)
	}
	by, err := c.findSlots(ctx, meetingSlots, []int64{id})
	m.Slots = by[id]
	return m, err
}

// FindTeamMeetings returns the meetings of team teamID with their slots,
// oldest first (two queries).
func (c *conn) FindTeamMeetings(ctx context.Context, teamID int64) ([]*furusato.TeamMeeting, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+meetingColumns+` FROM team_meetings WHERE team_id = $1 ORDER BY id`, teamID)
	if err != nil {
		return nil, wrap("find team meetings", err)
	}
	defer rows.Close()
	var out []*furusato.TeamMeeting
	var ids []int64
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, wrap("find team meetings", err)
		}
		out = append(out, m)
		ids = append(ids, m.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find team meetings", err)
	}
	by, err := c.findSlots(ctx, meetingSlots, ids)
	for _, m := range out {
		m.Slots = by[m.ID]
	}
	return out, err
}

// CreateTeamMeeting inserts m (status proposed) with its slots and sets
// the ids and times.
func (tx *Tx) CreateTeamMeeting(ctx context.Context, m *furusato.TeamMeeting, now time.Time) error {
	if m.TeamID == 0 || len(m.Slots) == 0 || now.IsZero() || !m.Kind.Valid() {
		return errors.New("store: create team meeting: team, kind, slots and time are required")
	}
	var by any
	if m.CreatedBy != 0 {
		by = m.CreatedBy
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO team_meetings (team_id, kind, status, online, location, note, created_by, created_at, updated_at)
		VALUES ($1, $2, 'proposed', $3, $4, $5, $6, $7, $7) RETURNING id`,
		m.TeamID, string(m.Kind), m.Online, m.Location, m.Note, by, ms(now)).Scan(&m.ID)
	if err != nil {
		return wrap("create team meeting", err)
	}
	m.Status, m.ChosenID, m.Sequence = furusato.InterviewProposed, 0, 0
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	m.UpdatedAt = m.CreatedAt
	return tx.insertSlotRows(ctx, meetingSlots, m.ID, m.Slots)
}

// RescheduleTeamMeeting replaces the kind, slots, place and note of
// meeting m.ID with m's, puts it back to proposed (no slot chosen, no
// reminder sent) and bumps its sequence, while it is still at status from
// (the status the caller read); m.Slots get their new ids and m.Sequence
// the new value. ECONFLICT when it changed meanwhile.
func (tx *Tx) RescheduleTeamMeeting(ctx context.Context, m *furusato.TeamMeeting, from furusato.InterviewStatus, now time.Time) error {
	err := tx.q.QueryRowContext(ctx, `
		UPDATE team_meetings SET status = 'proposed', chosen_slot_id = 0, starts_at = 0, reminded_at = 0,
		       kind = $2, online = $3, location = $4, note = $5, updated_at = $6, sequence = sequence + 1
		WHERE id = $1 AND status = $7 AND status <> 'cancelled' RETURNING sequence`,
		m.ID, string(m.Kind), m.Online, m.Location, m.Note, ms(now), string(from)).Scan(&m.Sequence)
	if errors.Is(err, sql.ErrNoRows) {
		return furusato.Errorf(furusato.ECONFLICT, "The meeting was changed in the meantime.")
	}
	if err != nil {
		return wrap("reschedule team meeting", err)
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM team_meeting_slots WHERE meeting_id = $1`, m.ID); err != nil {
		return wrap("reschedule team meeting", err)
	}
	m.Status, m.ChosenID = furusato.InterviewProposed, 0
	m.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	return tx.insertSlotRows(ctx, meetingSlots, m.ID, m.Slots)
}

// PickTeamMeetingSlot confirms meeting id on slot slotID when it is still
// proposed and the slot is one of its own, and reports whether it did.
func (tx *Tx) PickTeamMeetingSlot(ctx context.Context, id, slotID int64, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE team_meetings SET status = 'confirmed', chosen_slot_id = $2, updated_at = $3, sequence = sequence + 1,
		       starts_at = (SELECT s.starts_at FROM team_meeting_slots s WHERE s.id = $2 AND s.meeting_id = $1)
		WHERE id = $1 AND status = 'proposed'
		  AND EXISTS (SELECT 1 FROM team_meeting_slots s WHERE s.id = $2 AND s.meeting_id = $1)`,
		id, slotID, ms(now))
	return interviewChanged("pick team meeting slot", res, err)
}

// CancelTeamMeeting cancels meeting id with reason, typed by user by (0:
// nobody's), while it is still at status from (the status the caller
// read, and decided on: whether a calendar is to be taken back), and
// reports whether it did. Who cancelled is kept (cancelled_by, 00045) so
// that EraseUserContent empties the reason with their account.
func (tx *Tx) CancelTeamMeeting(ctx context.Context, id int64, from furusato.InterviewStatus, reason string, by int64, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE team_meetings SET status = 'cancelled', cancel_reason = $3, cancelled_by = $5, updated_at = $2, sequence = sequence + 1
		WHERE id = $1 AND status = $4 AND status <> 'cancelled'`, id, ms(now), reason, string(from), nullID(by))
	return interviewChanged("cancel team meeting", res, err)
}

// CancelTeamMeetingsOnEnd cancels, by one update, the meetings of team
// teamID still ahead at now, the end of its work: those proposed, and
// those confirmed for a later time. It returns them (with their slots,
// cancelled, sequence bumped, cause MeetingCancelTeamEnded), oldest
// first; one whose ChosenID is not 0 had a confirmed time.
func (tx *Tx) CancelTeamMeetingsOnEnd(ctx context.Context, teamID int64, now time.Time) ([]*furusato.TeamMeeting, error) {
	ids, err := queryIDs(ctx, tx.q, "cancel team meetings on end", `
		UPDATE team_meetings SET status = 'cancelled', cancel_cause = $3, updated_at = $2, sequence = sequence + 1
		WHERE team_id = $1 AND (status = 'proposed' OR (status = 'confirmed' AND starts_at > $2)) RETURNING id`,
		teamID, ms(now), furusato.MeetingCancelTeamEnded)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	slices.Sort(ids)
	out := make([]*furusato.TeamMeeting, 0, len(ids))
	for _, id := range ids {
		m, err := tx.FindTeamMeeting(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// DueTeamMeetingReminders returns the ids of confirmed meetings starting
// in (from, to] whose reminder is not sent yet, soonest first; never those
// of a team whose work has ended.
func (c *conn) DueTeamMeetingReminders(ctx context.Context, from, to time.Time) ([]int64, error) {
	return queryIDs(ctx, c.q, "due team meeting reminders", `
		SELECT m.id FROM team_meetings m JOIN teams t ON t.id = m.team_id
		WHERE m.status = 'confirmed' AND m.reminded_at = 0 AND m.starts_at > $1 AND m.starts_at <= $2 AND t.ended_at = 0
		ORDER BY m.starts_at, m.id`, ms(from), ms(to))
}

// MarkTeamMeetingReminded records that the reminder of confirmed meeting
// id was sent, unless it already was, and reports whether this call did.
func (tx *Tx) MarkTeamMeetingReminded(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE team_meetings SET reminded_at = $2 WHERE id = $1 AND status = 'confirmed' AND reminded_at = 0`, id, ms(now))
	return interviewChanged("mark team meeting reminded", res, err)
}

// DueKickoffTeams returns the ids of the teams whose confirmed kickoff
// started at or before now while their project is still closed (matched,
// not yet in progress): the projects the start job moves to in progress.
func (c *conn) DueKickoffTeams(ctx context.Context, now time.Time) ([]int64, error) {
	return queryIDs(ctx, c.q, "due kickoff teams", `
		SELECT DISTINCT t.id FROM teams t
		JOIN team_meetings m ON m.team_id = t.id AND m.kind = 'kickoff' AND m.status = 'confirmed' AND m.starts_at <= $1
		JOIN projects p ON p.id = t.project_id AND p.status = 'closed'
		WHERE t.ended_at = 0 ORDER BY t.id`, ms(now))
}
