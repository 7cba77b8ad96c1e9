package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// TakePlace counts one more matched person on project id, only while
// places are left and the project is published or closed (entries may be
// accepted after the deadline closed it). It returns the new count and the
// number of places; ECONFLICT when every place is filled (or the project
// is in another status). The conditional UPDATE holds across nodes: on
// PostgreSQL a concurrent TakePlace waits for the row and re-checks
// matched < places; on SQLite writers are serialised.
func (tx *Tx) TakePlace(ctx context.Context, id int64) (matched, places int, err error) {
	err = tx.q.QueryRowContext(ctx, `
		UPDATE projects SET matched = matched + 1
		WHERE id = $1 AND matched < places AND status IN ('published', 'closed')
		RETURNING matched, places`, id).Scan(&matched, &places)
	if err != nil {
		err = wrap("take place", err)
		if furusato.ErrorCode(err) == furusato.ENOTFOUND {
			return 0, 0, furusato.Errorf(furusato.ECONFLICT, "All places of this project are filled.")
		}
		return 0, 0, err
	}
	return matched, places, tx.BumpCatalogueVersion(ctx)
}

// HoldOpenProject locks project id against concurrent closing for the rest
// of the transaction and reports whether it is published with places left
// (the deadline is the caller's check). A new entry written after it cannot
// slip past the decline of the open entries when the last place is filled:
// on PostgreSQL the two transactions queue on the project's row.
func (tx *Tx) HoldOpenProject(ctx context.Context, id int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE projects SET matched = matched WHERE id = $1 AND status = 'published' AND matched < places`, id)
	if err != nil {
		return false, wrap("hold open project", err)
	}
	n, err := res.RowsAffected()
	return n > 0, wrap("hold open project", err)
}

// CloseProject moves project id from published to closed at now, only
// while it is still published (the conditional move of SetProjectStatus),
// and reports whether it did; the caller records the history and bumps the
// catalogue version.
func (tx *Tx) CloseProject(ctx context.Context, id int64, now time.Time) (bool, error) {
	return tx.moveProject(ctx, id, furusato.StatusPublished, furusato.StatusClosed, now)
}

// FindDueProjects returns the ids of the published projects whose entry
// deadline is before today (JST date): their last entry day has ended.
func (c *conn) FindDueProjects(ctx context.Context, today furusato.Date) ([]int64, error) {
	return queryIDs(ctx, c.q, "find due projects", `
		SELECT id FROM projects WHERE status = 'published' AND deadline < $1 ORDER BY id`, today.String())
}

// ReleasePlace counts one matched person fewer on project id (never below
// zero), when a matched entry leaves, while the project still holds
// places (published, closed or in progress: a completed or cancelled
// project's count stays the record of who took part, also when it moved
// there after the caller read it); the project's status stays as it is
// (reopening a closed project is the coordinator's decision).
func (tx *Tx) ReleasePlace(ctx context.Context, id int64) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE projects SET matched = matched - 1
		WHERE id = $1 AND matched > 0 AND status IN ('published', 'closed', 'in_progress')`, id); err != nil {
		return wrap("release place", err)
	}
	return tx.BumpCatalogueVersion(ctx)
}
