package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The workflow data of one account beyond its profile, as the data export
// reads it and account deletion removes it.

// UserFavorite is one project a person marked as 気になる, whatever the
// project's status now.
type UserFavorite struct {
	ProjectID int64
	Title     string
	Slug      string
	Status    furusato.ProjectStatus
	CreatedAt time.Time
}

// FindUserFavorites returns every favourite of user userID, newest mark
// first, with the project's title, slug and status.
func (c *conn) FindUserFavorites(ctx context.Context, userID int64) ([]UserFavorite, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT p.id, p.title, p.slug, p.status, f.created_at
		FROM favorites f JOIN projects p ON p.id = f.project_id
		WHERE f.user_id = $1 ORDER BY f.created_at DESC, p.id DESC`, userID)
	if err != nil {
		return nil, wrap("find user favorites", err)
	}
	defer rows.Close()
	var out []UserFavorite
	for rows.Next() {
		var f UserFavorite
		var status string
		var at int64
		if err := rows.Scan(&f.ProjectID, &f.Title, &f.Slug, &status, &at); err != nil {
			return nil, wrap("find user favorites", err)
		}
		f.Status, f.CreatedAt = furusato.ProjectStatus(status), fromMS(at)
		out = append(out, f)
	}
	return out, wrap("find user favorites", rows.Err())
}

// EraseUserContent removes what user userID wrote or chose in the entry
// workflow, for account deletion (call it on the deletion's Tx, after
// their entries are withdrawn): the answers of their entries (motivation,
// contribution, questions) are emptied, the body of every message they
// wrote becomes furusato.DeletedMessageBody, the reasons they gave for
// moves are emptied, and their favourites, notifications, notification
// preferences, thread read marks and API tokens are deleted. The entries,
// their history and the threads stay, so the hosts' records stay whole.
//
// In the teams the same holds: their team messages and check-in comments
// become furusato.DeletedMessageBody, the text of their check-ins (done,
// next, blockers) and of their expectations is emptied, the milestones
// they owned lose their owner and their team read marks go. The hours and
// periods of their check-ins, their charter confirmations and agreement
// acceptances stay (the team's record of what was agreed and done, now
// naming an anonymised account), as do the charters, agreements and
// interventions they wrote for their organisation or company, like
// entry notes. The words of their reflections are emptied; the ratings
// and yes/no answers stay, anonymised like the hours. The reasons they
// typed when cancelling team meetings are emptied like the reasons of
// their entry moves; the meetings stay cancelled.
func (tx *Tx) EraseUserContent(ctx context.Context, userID int64) error {
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE entries SET motivation = '', contribution = '', questions = '' WHERE user_id = $1`, nil},
		{`UPDATE messages SET body = $2 WHERE author_id = $1`, []any{furusato.DeletedMessageBody}},
		{`UPDATE entry_events SET reason = '' WHERE actor_id = $1`, nil},
		{`DELETE FROM favorites WHERE user_id = $1`, nil},
		{`DELETE FROM notifications WHERE user_id = $1`, nil},
		{`DELETE FROM notification_prefs WHERE user_id = $1`, nil},
		{`DELETE FROM message_reads WHERE user_id = $1`, nil},
		{`DELETE FROM api_tokens WHERE user_id = $1`, nil},
		{`UPDATE team_messages SET body = $2 WHERE author_id = $1`, []any{furusato.DeletedMessageBody}},
		{`UPDATE checkin_comments SET body = $2 WHERE author_id = $1`, []any{furusato.DeletedMessageBody}},
		{`UPDATE checkins SET done = '', next_steps = '', blockers = '' WHERE author_id = $1`, nil},
		{`UPDATE charter_expectations SET gives = '', gets = '' WHERE user_id = $1`, nil},
		{`UPDATE milestones SET owner_id = NULL WHERE owner_id = $1`, nil},
		{`DELETE FROM team_message_reads WHERE user_id = $1`, nil},
		{`UPDATE reflection_answers SET body = '' WHERE reflection_id IN (SELECT id FROM reflections WHERE author_id = $1)`, nil},
		{`UPDATE reflections SET message = '' WHERE author_id = $1`, nil},
		// The reasons they typed for cancelling team meetings, like those of
		// entry moves; the meetings stay cancelled.
		{`UPDATE team_meetings SET cancel_reason = '' WHERE cancelled_by = $1`, nil},
		// A deleted person's records leave public view (page and credential 404).
		{`UPDATE records SET public = FALSE WHERE user_id = $1`, nil},
	} {
		if _, err := tx.q.ExecContext(ctx, q.sql, append([]any{userID}, q.args...)...); err != nil {
			return wrap("erase user content", err)
		}
	}
	return nil
}
