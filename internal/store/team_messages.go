package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The team thread lives in team_messages, beside the entry threads
// (messages.go): one thread per team, the same shape, and read marks in
// team_message_reads for the same unread counts and digests.

// CreateTeamMessage adds m to its team's thread and sets m.ID and
// m.CreatedAt.
func (tx *Tx) CreateTeamMessage(ctx context.Context, m *furusato.TeamMessage, now time.Time) error {
	if m.TeamID == 0 || m.Body == "" || now.IsZero() {
		return errors.New("store: create team message: team, body and time are required")
	}
	m.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO team_messages (team_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.TeamID, nullID(m.AuthorID), m.Body, ms(now)).Scan(&m.ID)
	return wrap("create team message", err)
}

// FindTeamMessages returns the thread of team teamID, oldest first, with
// their authors' names ("" for a deleted or system author).
func (c *conn) FindTeamMessages(ctx context.Context, teamID int64) ([]*furusato.TeamMessage, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT m.id, m.team_id, COALESCE(m.author_id, 0), m.body, m.created_at, COALESCE(u.display_name, '')
		FROM team_messages m LEFT JOIN users u ON u.id = m.author_id AND u.deleted_at = 0
		WHERE m.team_id = $1 ORDER BY m.id`, teamID)
	if err != nil {
		return nil, wrap("find team messages", err)
	}
	defer rows.Close()
	var out []*furusato.TeamMessage
	for rows.Next() {
		m := &furusato.TeamMessage{}
		var at int64
		if err := rows.Scan(&m.ID, &m.TeamID, &m.AuthorID, &m.Body, &at, &m.AuthorName); err != nil {
			return nil, wrap("find team messages", err)
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, wrap("find team messages", rows.Err())
}

// MarkTeamThreadRead records that userID has read team teamID's thread up
// to message lastID (a mark never moves back).
func (tx *Tx) MarkTeamThreadRead(ctx context.Context, teamID, userID, lastID int64) error {
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO team_message_reads (team_id, user_id, last_read_id, digest_id) VALUES ($1, $2, $3, 0)
		ON CONFLICT (team_id, user_id) DO UPDATE SET last_read_id = excluded.last_read_id
		WHERE team_message_reads.last_read_id < excluded.last_read_id`, teamID, userID, lastID)
	return wrap("mark team thread read", err)
}
