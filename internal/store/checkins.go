package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateCheckIn adds c as its author's next check-in in the team and sets
// c.ID, c.Seq and c.CreatedAt. The number comes from checkin_heads with an
// upsert in the same transaction, so two check-ins of one author at once
// are numbered one after the other.
func (tx *Tx) CreateCheckIn(ctx context.Context, c *furusato.CheckIn, now time.Time) error {
	if c.TeamID == 0 || c.AuthorID == 0 || now.IsZero() {
		return errors.New("store: create check-in: team, author and time are required")
	}
	c.CreatedAt = now.UTC().Truncate(time.Millisecond)
	if err := tx.q.QueryRowContext(ctx, `
		INSERT INTO checkin_heads (team_id, author_id, last_seq) VALUES ($1, $2, 1)
		ON CONFLICT (team_id, author_id) DO UPDATE SET last_seq = checkin_heads.last_seq + 1
		RETURNING last_seq`, c.TeamID, c.AuthorID).Scan(&c.Seq); err != nil {
		return wrap("create check-in", err)
	}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO checkins (team_id, author_id, seq, period_start, period_end, done, next_steps, blockers, hours, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		c.TeamID, c.AuthorID, c.Seq, ms(c.PeriodStart), ms(c.PeriodEnd), c.Done, c.Next, c.Blockers, c.Hours, ms(now)).Scan(&c.ID)
	return wrap("create check-in", err)
}

// FindCheckIns returns the check-ins of team teamID, newest first (the
// timeline), at most limit of them before the check-in id before (0 for
// the newest), with their authors' names ("" for a deleted account).
func (c *conn) FindCheckIns(ctx context.Context, teamID, before int64, limit int) ([]*furusato.CheckIn, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT c.id, c.team_id, c.author_id, c.seq, c.period_start, c.period_end, c.done, c.next_steps, c.blockers,
			c.hours, c.created_at, CASE WHEN u.deleted_at = 0 THEN u.display_name ELSE '' END
		FROM checkins c JOIN users u ON u.id = c.author_id
		WHERE c.team_id = $1 AND ($2 = 0 OR c.id < $2)
		ORDER BY c.created_at DESC, c.id DESC LIMIT $3`, teamID, before, limit)
	if err != nil {
		return nil, wrap("find check-ins", err)
	}
	defer rows.Close()
	var out []*furusato.CheckIn
	for rows.Next() {
		ci := &furusato.CheckIn{}
		var start, end, created int64
		if err := rows.Scan(&ci.ID, &ci.TeamID, &ci.AuthorID, &ci.Seq, &start, &end, &ci.Done, &ci.Next, &ci.Blockers,
			&ci.Hours, &created, &ci.AuthorName); err != nil {
			return nil, wrap("find check-ins", err)
		}
		ci.PeriodStart, ci.PeriodEnd, ci.CreatedAt = fromMS(start), fromMS(end), fromMS(created)
		out = append(out, ci)
	}
	return out, wrap("find check-ins", rows.Err())
}

// CreateCheckInComment adds cm to its check-in and sets cm.ID and
// cm.CreatedAt.
func (tx *Tx) CreateCheckInComment(ctx context.Context, cm *furusato.CheckInComment, now time.Time) error {
	if cm.CheckInID == 0 || cm.Body == "" || now.IsZero() {
		return errors.New("store: create check-in comment: check-in, body and time are required")
	}
	cm.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO checkin_comments (checkin_id, author_id, role, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		cm.CheckInID, nullID(cm.AuthorID), string(cm.Role), cm.Body, ms(now)).Scan(&cm.ID)
	return wrap("create check-in comment", err)
}

// FindCheckInComments returns the comments on the check-ins ids, oldest
// first, by check-in.
func (c *conn) FindCheckInComments(ctx context.Context, ids []int64) (map[int64][]*furusato.CheckInComment, error) {
	out := map[int64][]*furusato.CheckInComment{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.checkin_id, COALESCE(m.author_id, 0), m.role, m.body, m.created_at, COALESCE(u.display_name, '')
		FROM checkin_comments m LEFT JOIN users u ON u.id = m.author_id AND u.deleted_at = 0
		WHERE m.checkin_id IN (`+b.ids(ids)+`) ORDER BY m.id`, b.args...)
	if err != nil {
		return nil, wrap("find check-in comments", err)
	}
	defer rows.Close()
	for rows.Next() {
		m := &furusato.CheckInComment{}
		var role string
		var at int64
		if err := rows.Scan(&m.ID, &m.CheckInID, &m.AuthorID, &role, &m.Body, &at, &m.AuthorName); err != nil {
			return nil, wrap("find check-in comments", err)
		}
		m.Role, m.CreatedAt = furusato.TeamRole(role), fromMS(at)
		out[m.CheckInID] = append(out[m.CheckInID], m)
	}
	return out, wrap("find check-in comments", rows.Err())
}

// CreateIntervention records iv on its team and sets iv.ID and
// iv.CreatedAt; the latest intervention restarts the team's early warning.
func (tx *Tx) CreateIntervention(ctx context.Context, iv *furusato.Intervention, now time.Time) error {
	if iv.TeamID == 0 || iv.Action == "" || now.IsZero() {
		return errors.New("store: create intervention: team, action and time are required")
	}
	iv.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO interventions (team_id, author_id, action, next_date, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		iv.TeamID, nullID(iv.AuthorID), iv.Action, iv.Next.String(), ms(now)).Scan(&iv.ID)
	return wrap("create intervention", err)
}

// FindInterventions returns the interventions on team teamID, newest
// first.
func (c *conn) FindInterventions(ctx context.Context, teamID int64) ([]*furusato.Intervention, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT i.id, i.team_id, COALESCE(i.author_id, 0), i.action, i.next_date, i.created_at, COALESCE(u.display_name, '')
		FROM interventions i LEFT JOIN users u ON u.id = i.author_id AND u.deleted_at = 0
		WHERE i.team_id = $1 ORDER BY i.created_at DESC, i.id DESC`, teamID)
	if err != nil {
		return nil, wrap("find interventions", err)
	}
	defer rows.Close()
	var out []*furusato.Intervention
	for rows.Next() {
		iv := &furusato.Intervention{}
		var next string
		var at int64
		if err := rows.Scan(&iv.ID, &iv.TeamID, &iv.AuthorID, &iv.Action, &next, &at, &iv.AuthorName); err != nil {
			return nil, wrap("find interventions", err)
		}
		iv.Next, _ = furusato.ParseDate(next)
		iv.CreatedAt = fromMS(at)
		out = append(out, iv)
	}
	return out, wrap("find interventions", rows.Err())
}
