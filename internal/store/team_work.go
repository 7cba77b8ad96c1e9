package store

import (
	"context"
	"slices"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The reads and marks of a team's day-to-day work (issue 10, items 4 and
// 5): one milestone or check-in, the unread counts and e-mail digests of
// the team thread, and the check-in reminders, sent once per period.

// FindMilestone returns milestone id of team teamID. ENOTFOUND when the
// team has no such milestone.
func (c *conn) FindMilestone(ctx context.Context, teamID, id int64) (*furusato.Milestone, error) {
	m := &furusato.Milestone{}
	var due, status string
	var created, updated int64
	err := c.q.QueryRowContext(ctx, `
		SELECT m.id, m.team_id, m.title, m.due_date, COALESCE(m.owner_id, 0), m.status, m.created_at, m.updated_at,
			COALESCE(u.display_name, '')
		FROM milestones m LEFT JOIN users u ON u.id = m.owner_id AND u.deleted_at = 0
		WHERE m.id = $1 AND m.team_id = $2`, id, teamID).
		Scan(&m.ID, &m.TeamID, &m.Title, &due, &m.OwnerID, &status, &created, &updated, &m.OwnerName)
	if err != nil {
		return nil, wrap("find milestone", err)
	}
	m.Due, _ = furusato.ParseDate(due)
	m.Status, m.CreatedAt, m.UpdatedAt = furusato.MilestoneStatus(status), fromMS(created), fromMS(updated)
	return m, nil
}

// FindCheckIn returns check-in id of team teamID. ENOTFOUND when the team
// has no such check-in.
func (c *conn) FindCheckIn(ctx context.Context, teamID, id int64) (*furusato.CheckIn, error) {
	ci := &furusato.CheckIn{}
	var start, end, created int64
	err := c.q.QueryRowContext(ctx, `
		SELECT c.id, c.team_id, c.author_id, c.seq, c.period_start, c.period_end, c.done, c.next_steps, c.blockers,
			c.hours, c.created_at, CASE WHEN u.deleted_at = 0 THEN u.display_name ELSE '' END
		FROM checkins c JOIN users u ON u.id = c.author_id
		WHERE c.id = $1 AND c.team_id = $2`, id, teamID).
		Scan(&ci.ID, &ci.TeamID, &ci.AuthorID, &ci.Seq, &start, &end, &ci.Done, &ci.Next, &ci.Blockers,
			&ci.Hours, &created, &ci.AuthorName)
	if err != nil {
		return nil, wrap("find check-in", err)
	}
	ci.PeriodStart, ci.PeriodEnd, ci.CreatedAt = fromMS(start), fromMS(end), fromMS(created)
	return ci, nil
}

// LastCheckInTimes returns, for each of the participants ids of team
// teamID who wrote a check-in, when they wrote their last one (through
// checkin_heads, one index probe each).
func (c *conn) LastCheckInTimes(ctx context.Context, teamID int64, ids []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	team := b.arg(teamID)
	rows, err := c.q.QueryContext(ctx, `
		SELECT h.author_id, c.created_at
		FROM checkin_heads h JOIN checkins c ON c.team_id = h.team_id AND c.author_id = h.author_id AND c.seq = h.last_seq
		WHERE h.team_id = `+team+` AND h.author_id IN (`+b.ids(ids)+`)`, b.args...)
	if err != nil {
		return nil, wrap("last check-in times", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, wrap("last check-in times", err)
		}
		out[id] = fromMS(at)
	}
	return out, wrap("last check-in times", rows.Err())
}

// FindRecentTeamMessages returns the last n messages of team teamID's
// thread, oldest first.
func (c *conn) FindRecentTeamMessages(ctx context.Context, teamID int64, n int) ([]*furusato.TeamMessage, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.team_id, COALESCE(m.author_id, 0), m.body, m.created_at, COALESCE(u.display_name, '')
		FROM team_messages m LEFT JOIN users u ON u.id = m.author_id AND u.deleted_at = 0
		WHERE m.team_id = $1 ORDER BY m.id DESC LIMIT $2`, teamID, n)
	if err != nil {
		return nil, wrap("find recent team messages", err)
	}
	defer rows.Close()
	var out []*furusato.TeamMessage
	for rows.Next() {
		m := &furusato.TeamMessage{}
		var at int64
		if err := rows.Scan(&m.ID, &m.TeamID, &m.AuthorID, &m.Body, &at, &m.AuthorName); err != nil {
			return nil, wrap("find recent team messages", err)
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	slices.Reverse(out) // read newest first (the LIMIT), shown oldest first
	return out, wrap("find recent team messages", rows.Err())
}

// UnreadTeamMessageCounts returns, for each of the teams ids, how many
// messages that others wrote userID has not read; teams without any are
// left out. Whether userID belongs to those teams is the caller's
// business.
func (c *conn) UnreadTeamMessageCounts(ctx context.Context, userID int64, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	user := b.arg(userID)
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.team_id, COUNT(*)
		FROM team_messages m
		LEFT JOIN team_message_reads r ON r.team_id = m.team_id AND r.user_id = `+user+`
		WHERE m.team_id IN (`+b.ids(ids)+`)
		  AND (m.author_id IS NULL OR m.author_id <> `+user+`)
		  AND m.id > COALESCE(r.last_read_id, 0)
		GROUP BY m.team_id`, b.args...)
	if err != nil {
		return nil, wrap("unread team message counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, wrap("unread team message counts", err)
		}
		out[id] = n
	}
	return out, wrap("unread team message counts", rows.Err())
}

// TeamDigestCandidate is one member's unread, not yet e-mailed messages
// in one team thread: ids in (After, Last].
type TeamDigestCandidate struct {
	TeamID       int64
	ProjectID    int64
	UserID       int64
	ProjectTitle string
	After        int64 // the newer of the member's read mark and digest mark
	Last         int64
	Count        int
}

// teamPeople lists (team_id, user_id) for every member of the teams in
// the CTE "recent": the participants, the company's staff, the
// organisation's coordinators and the assigned supporters (as
// FindTeamMembers counts them).
const teamPeople = `
	SELECT t.id AS team_id, e.user_id AS user_id FROM teams t JOIN recent ON recent.team_id = t.id
		JOIN entries e ON e.project_id = t.project_id AND e.stage = 'matched'
	UNION
	SELECT t.id, m.user_id FROM teams t JOIN recent ON recent.team_id = t.id
		JOIN memberships m ON m.company_id = t.company_id AND m.role = 'company_staff'
	UNION
	SELECT t.id, m.user_id FROM teams t JOIN recent ON recent.team_id = t.id
		JOIN memberships m ON m.organization_id = t.organization_id AND m.role = 'coordinator'
	UNION
	SELECT t.id, s.user_id FROM teams t JOIN recent ON recent.team_id = t.id
		JOIN project_supporters s ON s.project_id = t.project_id
		WHERE s.user_id IS NOT NULL AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = s.user_id
			AND m.role = 'supporter' AND m.organization_id = s.organization_id)`

// FindTeamDigestCandidates returns up to limit (member, team) pairs due a
// digest of the team thread, by the rule of FindDigestCandidates: messages
// written since since by someone else, newer than both the member's read
// mark and digest mark, the newest written at or before quiet or the
// oldest at or before busy. Deleted accounts are left out.
func (c *conn) FindTeamDigestCandidates(ctx context.Context, since, quiet, busy time.Time, limit int) ([]TeamDigestCandidate, error) {
	rows, err := c.q.QueryContext(ctx, `
		WITH recent AS (
			SELECT DISTINCT team_id FROM team_messages WHERE created_at >= $1
		), people AS (`+teamPeople+`
		)
		SELECT p.team_id, t.project_id, p.user_id, pr.title,
			COALESCE(r.last_read_id, 0), COALESCE(r.digest_id, 0), MAX(m.id), COUNT(*)
		FROM people p
		JOIN users u ON u.id = p.user_id AND u.deleted_at = 0
		JOIN teams t ON t.id = p.team_id
		JOIN projects pr ON pr.id = t.project_id
		LEFT JOIN team_message_reads r ON r.team_id = p.team_id AND r.user_id = p.user_id
		JOIN team_messages m ON m.team_id = p.team_id
			AND (m.author_id IS NULL OR m.author_id <> p.user_id)
			AND m.id > COALESCE(r.last_read_id, 0) AND m.id > COALESCE(r.digest_id, 0)
		GROUP BY p.team_id, t.project_id, p.user_id, pr.title, r.last_read_id, r.digest_id
		HAVING MAX(m.created_at) <= $2 OR MIN(m.created_at) <= $3
		ORDER BY p.team_id, p.user_id
		LIMIT $4`, ms(since), ms(quiet), ms(busy), limit)
	if err != nil {
		return nil, wrap("find team digest candidates", err)
	}
	defer rows.Close()
	var out []TeamDigestCandidate
	for rows.Next() {
		var d TeamDigestCandidate
		var read, digest int64
		if err := rows.Scan(&d.TeamID, &d.ProjectID, &d.UserID, &d.ProjectTitle, &read, &digest, &d.Last, &d.Count); err != nil {
			return nil, wrap("find team digest candidates", err)
		}
		d.After = max(read, digest)
		out = append(out, d)
	}
	return out, wrap("find team digest candidates", rows.Err())
}

// FindTeamDigestMessages returns the messages of team teamID's thread with
// ids in (after, upto] that someone other than userID wrote, oldest first.
func (c *conn) FindTeamDigestMessages(ctx context.Context, teamID, userID, after, upto int64) ([]*furusato.TeamMessage, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.team_id, COALESCE(m.author_id, 0), m.body, m.created_at, COALESCE(u.display_name, '')
		FROM team_messages m LEFT JOIN users u ON u.id = m.author_id AND u.deleted_at = 0
		WHERE m.team_id = $1 AND m.id > $3 AND m.id <= $4 AND (m.author_id IS NULL OR m.author_id <> $2)
		ORDER BY m.id`, teamID, userID, after, upto)
	if err != nil {
		return nil, wrap("find team digest messages", err)
	}
	defer rows.Close()
	var out []*furusato.TeamMessage
	for rows.Next() {
		m := &furusato.TeamMessage{}
		var at int64
		if err := rows.Scan(&m.ID, &m.TeamID, &m.AuthorID, &m.Body, &at, &m.AuthorName); err != nil {
			return nil, wrap("find team digest messages", err)
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, wrap("find team digest messages", rows.Err())
}

// AdvanceTeamDigest moves userID's digest mark of team teamID's thread to
// last; false when it was already there or beyond (another run sent that
// digest), so the caller sends nothing.
func (tx *Tx) AdvanceTeamDigest(ctx context.Context, teamID, userID, last int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO team_message_reads (team_id, user_id, last_read_id, digest_id) VALUES ($1, $2, 0, $3)
		ON CONFLICT (team_id, user_id) DO UPDATE SET digest_id = excluded.digest_id
		WHERE team_message_reads.digest_id < excluded.digest_id`, teamID, userID, last)
	if err != nil {
		return false, wrap("advance team digest", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("advance team digest", err)
}

// CheckInDueCandidate is a participant of a team whose work goes on, with
// what their next check-in's due date is computed from.
type CheckInDueCandidate struct {
	TeamID       int64
	ProjectID    int64
	UserID       int64
	ProjectTitle string
	Cadence      furusato.Cadence
	LastCheckIn  time.Time // zero when they have written none
	KickoffAt    time.Time
}

// CheckInDueFilter bounds FindCheckInDueCandidates: participants whose
// last check-in (or, without one, the kickoff) is at or before the
// cadence's bound (now less the shortest period of that cadence), after
// the keyset (AfterTeam, AfterUser), at most Limit of them.
type CheckInDueFilter struct {
	Weekly, Biweekly, Monthly time.Time
	AfterTeam, AfterUser      int64
	Limit                     int
}

// FindCheckInDueCandidates returns the participants of the teams whose
// work has not ended and who may be due a check-in (f), by team and user:
// the caller computes the exact due instant (furusato.CheckInDue) and
// claims each reminder with ClaimCheckInReminder. A participant already
// reminded for a due instant after their last check-in (or kickoff) is
// left out, so the scan does not see them again each run.
func (c *conn) FindCheckInDueCandidates(ctx context.Context, f CheckInDueFilter) ([]CheckInDueCandidate, error) {
	rows, err := c.q.QueryContext(ctx, `
		WITH p AS (
			SELECT DISTINCT t.id AS team_id, t.project_id, e.user_id, t.cadence, t.kickoff_at
			FROM teams t JOIN entries e ON e.project_id = t.project_id AND e.stage = 'matched'
			WHERE t.ended_at = 0 AND (t.id > $4 OR (t.id = $4 AND e.user_id > $5))
		), a AS (
			SELECT p.team_id, p.project_id, p.user_id, p.cadence, p.kickoff_at, COALESCE(c.created_at, 0) AS last_at,
				COALESCE(c.created_at, NULLIF(p.kickoff_at, 0)) AS anchor
			FROM p LEFT JOIN checkin_heads h ON h.team_id = p.team_id AND h.author_id = p.user_id
			LEFT JOIN checkins c ON c.team_id = h.team_id AND c.author_id = h.author_id AND c.seq = h.last_seq
		)
		SELECT a.team_id, a.project_id, a.user_id, pr.title, a.cadence, a.last_at, a.kickoff_at
		FROM a JOIN users u ON u.id = a.user_id AND u.deleted_at = 0
		JOIN projects pr ON pr.id = a.project_id
		WHERE a.anchor IS NOT NULL
		  AND ((a.cadence = 'weekly' AND a.anchor <= $1) OR (a.cadence = 'biweekly' AND a.anchor <= $2)
		       OR (a.cadence = 'monthly' AND a.anchor <= $3))
		  AND NOT EXISTS (SELECT 1 FROM checkin_reminders r WHERE r.team_id = a.team_id AND r.user_id = a.user_id
		       AND r.due_at > a.anchor)
		ORDER BY a.team_id, a.user_id
		LIMIT $6`, ms(f.Weekly), ms(f.Biweekly), ms(f.Monthly), f.AfterTeam, f.AfterUser, f.Limit)
	if err != nil {
		return nil, wrap("find check-in due candidates", err)
	}
	defer rows.Close()
	var out []CheckInDueCandidate
	for rows.Next() {
		var d CheckInDueCandidate
		var cadence string
		var last, kickoff int64
		if err := rows.Scan(&d.TeamID, &d.ProjectID, &d.UserID, &d.ProjectTitle, &cadence, &last, &kickoff); err != nil {
			return nil, wrap("find check-in due candidates", err)
		}
		d.Cadence, d.LastCheckIn, d.KickoffAt = furusato.Cadence(cadence), fromMS(last), fromMS(kickoff)
		out = append(out, d)
	}
	return out, wrap("find check-in due candidates", rows.Err())
}

// ClaimCheckInReminder records that userID of team teamID is reminded of
// the check-in due at due; false when that reminder was recorded already
// (another run or node sent it), so the caller sends nothing.
func (tx *Tx) ClaimCheckInReminder(ctx context.Context, teamID, userID int64, due, now time.Time) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO checkin_reminders (team_id, user_id, due_at, sent_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (team_id, user_id, due_at) DO NOTHING`, teamID, userID, ms(due), ms(now))
	if err != nil {
		return false, wrap("claim check-in reminder", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("claim check-in reminder", err)
}
