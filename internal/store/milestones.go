package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateMilestone adds m to its team and sets m.ID, m.CreatedAt and
// m.UpdatedAt.
func (tx *Tx) CreateMilestone(ctx context.Context, m *furusato.Milestone, now time.Time) error {
	if m.TeamID == 0 || now.IsZero() {
		return errors.New("store: create milestone: team and time are required")
	}
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	m.UpdatedAt = m.CreatedAt
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO milestones (team_id, title, due_date, owner_id, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
		m.TeamID, m.Title, m.Due.String(), nullID(m.OwnerID), string(m.Status), ms(now)).Scan(&m.ID)
	return wrap("create milestone", err)
}

// UpdateMilestone changes the title, due date and owner of milestone m.ID
// of team m.TeamID (not its status: MoveMilestone). ENOTFOUND when the
// team has no such milestone.
func (tx *Tx) UpdateMilestone(ctx context.Context, m *furusato.Milestone, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE milestones SET title = $3, due_date = $4, owner_id = $5, updated_at = $6 WHERE id = $1 AND team_id = $2`,
		m.ID, m.TeamID, m.Title, m.Due.String(), nullID(m.OwnerID), ms(now))
	return mustAffect("update milestone", res, err, "Milestone not found.")
}

// MoveMilestone moves milestone id of team teamID from status from to to,
// only if it is still in from (ECONFLICT otherwise: someone moved it
// first; ENOTFOUND when the team has no such milestone).
func (tx *Tx) MoveMilestone(ctx context.Context, teamID, id int64, from, to furusato.MilestoneStatus, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE milestones SET status = $4, updated_at = $5 WHERE id = $1 AND team_id = $2 AND status = $3`,
		id, teamID, string(from), string(to), ms(now))
	if err != nil {
		return wrap("move milestone", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("move milestone", err)
	} else if n == 1 {
		return nil
	}
	var status string
	if err := tx.q.QueryRowContext(ctx, `SELECT status FROM milestones WHERE id = $1 AND team_id = $2`, id, teamID).Scan(&status); err != nil {
		if furusato.ErrorCode(wrap("move milestone", err)) == furusato.ENOTFOUND {
			return furusato.Errorf(furusato.ENOTFOUND, "Milestone not found.")
		}
		return wrap("move milestone", err)
	}
	return furusato.Errorf(furusato.ECONFLICT, "The milestone is %s now.", status)
}

// FindMilestones returns the milestones of team teamID: open ones first,
// each group by due date, with their owners' names ("" for none or a
// deleted account).
func (c *conn) FindMilestones(ctx context.Context, teamID int64) ([]*furusato.Milestone, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.team_id, m.title, m.due_date, COALESCE(m.owner_id, 0), m.status, m.created_at, m.updated_at,
			COALESCE(u.display_name, '')
		FROM milestones m LEFT JOIN users u ON u.id = m.owner_id AND u.deleted_at = 0
		WHERE m.team_id = $1
		ORDER BY CASE WHEN m.status = 'open' THEN 0 ELSE 1 END, m.due_date, m.id`, teamID)
	if err != nil {
		return nil, wrap("find milestones", err)
	}
	defer rows.Close()
	var out []*furusato.Milestone
	for rows.Next() {
		m := &furusato.Milestone{}
		var due, status string
		var created, updated int64
		if err := rows.Scan(&m.ID, &m.TeamID, &m.Title, &due, &m.OwnerID, &status, &created, &updated, &m.OwnerName); err != nil {
			return nil, wrap("find milestones", err)
		}
		m.Due, _ = furusato.ParseDate(due)
		m.Status, m.CreatedAt, m.UpdatedAt = furusato.MilestoneStatus(status), fromMS(created), fromMS(updated)
		out = append(out, m)
	}
	return out, wrap("find milestones", rows.Err())
}
