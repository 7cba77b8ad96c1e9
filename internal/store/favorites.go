package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// AddFavorite marks project projectID as a favourite (気になる) of user
// userID at now; marking twice keeps the first mark.
func (c *conn) AddFavorite(ctx context.Context, userID, projectID int64, now time.Time) error {
	_, err := c.q.ExecContext(ctx, `
		INSERT INTO favorites (user_id, project_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, project_id) DO NOTHING`, userID, projectID, ms(now))
	if err != nil && isForeignKey(err) {
		return furusato.Errorf(furusato.ENOTFOUND, "Project not found.")
	}
	return wrap("add favorite", err)
}

// RemoveFavorite unmarks project projectID for user userID; unmarking a
// project that was not marked is no error.
func (c *conn) RemoveFavorite(ctx context.Context, userID, projectID int64) error {
	_, err := c.q.ExecContext(ctx, `DELETE FROM favorites WHERE user_id = $1 AND project_id = $2`, userID, projectID)
	return wrap("remove favorite", err)
}

// FindFavoriteProjects returns user userID's favourite projects that are
// public now, newest mark first, with their themes.
func (c *conn) FindFavoriteProjects(ctx context.Context, userID int64) ([]*furusato.Project, error) {
	var b builder
	uid := b.arg(userID)
	ids, err := queryIDs(ctx, c.q, "find favorites", `
		SELECT f.project_id FROM favorites f JOIN projects p ON p.id = f.project_id
		WHERE f.user_id = `+uid+` AND p.status IN (`+b.statuses(furusato.PublicStatuses)+`)
		ORDER BY f.created_at DESC, f.project_id DESC`, b.args...)
	if err != nil {
		return nil, err
	}
	return c.ProjectsByID(ctx, ids)
}

// FavoriteIDs returns which of ids user userID marked as favourites.
func (c *conn) FavoriteIDs(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	var b builder
	uid := b.arg(userID)
	rows, err := c.q.QueryContext(ctx, `SELECT project_id FROM favorites WHERE user_id = `+uid+
		` AND project_id IN (`+b.ids(ids)+`)`, b.args...)
	if err != nil {
		return nil, wrap("favorite ids", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("favorite ids", err)
		}
		out[id] = true
	}
	return out, wrap("favorite ids", rows.Err())
}
