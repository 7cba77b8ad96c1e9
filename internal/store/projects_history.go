package store

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/furusato/furusato/internal/furusato"
)

// AddProjectHistory appends e (e.ID is set). Call it on the Tx of the
// change it records.
func (c *conn) AddProjectHistory(ctx context.Context, e *furusato.ProjectHistoryEntry) error {
	if e.ProjectID == 0 || e.Action == "" || e.At.IsZero() {
		return errors.New("store: project history: project, action and time are required")
	}
	changes := e.Changes
	if changes == nil {
		changes = []string{}
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	err = c.q.QueryRowContext(ctx, `
		INSERT INTO project_history (project_id, at, actor_user_id, action, from_status, to_status, comment, changes)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.ProjectID, ms(e.At), nullID(e.ActorID), string(e.Action), string(e.From), string(e.To), e.Comment, string(b)).Scan(&e.ID)
	return wrap("add project history", err)
}

// FindProjectHistory returns the history of project id, newest first.
func (c *conn) FindProjectHistory(ctx context.Context, id int64) ([]*furusato.ProjectHistoryEntry, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT h.id, h.project_id, h.at, COALESCE(h.actor_user_id, 0), COALESCE(u.display_name, ''), h.action,
			h.from_status, h.to_status, h.comment, h.changes
		FROM project_history h LEFT JOIN users u ON u.id = h.actor_user_id
		WHERE h.project_id = $1 ORDER BY h.at DESC, h.id DESC`, id)
	if err != nil {
		return nil, wrap("find project history", err)
	}
	defer rows.Close()
	var out []*furusato.ProjectHistoryEntry
	for rows.Next() {
		var e furusato.ProjectHistoryEntry
		var at int64
		var action, from, to, changes string
		if err := rows.Scan(&e.ID, &e.ProjectID, &at, &e.ActorID, &e.ActorName, &action, &from, &to, &e.Comment, &changes); err != nil {
			return nil, wrap("find project history", err)
		}
		e.At, e.Action, e.From, e.To = fromMS(at), furusato.HistoryAction(action), furusato.ProjectStatus(from), furusato.ProjectStatus(to)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, wrap("find project history", err)
		}
		out = append(out, &e)
	}
	return out, wrap("find project history", rows.Err())
}
