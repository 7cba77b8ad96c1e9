package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// A new message in a thread is shown at once in the header of each other
// person of the thread as ONE unread notice per person and thread, updated
// by the next message rather than repeated (no notice storm); the e-mail
// digest still sends the mail, later and grouped.

// ThreadPeople is who a thread's new message is shown to, and what about.
type ThreadPeople struct {
	IDs          []int64 // once each, in id order
	Participant  int64   // an entry thread's participant (their link differs)
	ProjectID    int64
	ProjectTitle string
}

// EntryThreadPeople returns the people of entry entryID's message thread,
// as the digest reaches them: its participant, the coordinators of its
// organisation and the staff of its company (deleted accounts left out).
func (c *conn) EntryThreadPeople(ctx context.Context, entryID int64) (*ThreadPeople, error) {
	var p ThreadPeople
	ids, err := queryIDs(ctx, c.q, "entry thread people", `
		SELECT e.user_id FROM entries e JOIN users u ON u.id = e.user_id AND u.deleted_at = 0 WHERE e.id = $1
		UNION
		SELECT ms.user_id FROM entries e JOIN memberships ms ON ms.role = 'coordinator' AND ms.organization_id = e.organization_id
			JOIN users u ON u.id = ms.user_id AND u.deleted_at = 0 WHERE e.id = $1
		UNION
		SELECT ms.user_id FROM entries e JOIN memberships ms ON ms.role = 'company_staff' AND ms.company_id = e.company_id
			JOIN users u ON u.id = ms.user_id AND u.deleted_at = 0 WHERE e.id = $1
		ORDER BY 1`, entryID)
	if err != nil {
		return nil, err
	}
	p.IDs = ids
	err = c.q.QueryRowContext(ctx, `SELECT e.user_id, p.id, p.title FROM entries e JOIN projects p ON p.id = e.project_id WHERE e.id = $1`,
		entryID).Scan(&p.Participant, &p.ProjectID, &p.ProjectTitle)
	return &p, wrap("entry thread people", err)
}

// TeamThreadPeople returns the people of team teamID's thread, as its
// digest reaches them (deleted accounts left out).
func (c *conn) TeamThreadPeople(ctx context.Context, teamID int64) (*ThreadPeople, error) {
	var p ThreadPeople
	ids, err := queryIDs(ctx, c.q, "team thread people", `
		WITH recent AS (SELECT id AS team_id FROM teams WHERE id = $1), people AS (`+teamPeople+`
		)
		SELECT DISTINCT p.user_id FROM people p JOIN users u ON u.id = p.user_id AND u.deleted_at = 0
		ORDER BY 1`, teamID)
	if err != nil {
		return nil, err
	}
	p.IDs = ids
	err = c.q.QueryRowContext(ctx, `SELECT p.id, p.title FROM teams t JOIN projects p ON p.id = t.project_id WHERE t.id = $1`,
		teamID).Scan(&p.ProjectID, &p.ProjectTitle)
	return &p, wrap("team thread people", err)
}

// PutThreadNotice records n as n.UserID's unread notice of n.Kind for the
// thread n.Link: when one is unread already it takes n's params and time
// (it rises to the top of the list, still one), otherwise n is created.
// On PostgreSQL it first locks the person's row, so two messages written
// at once still leave one notice; SQLite has one writer.
func (tx *Tx) PutThreadNotice(ctx context.Context, n *furusato.Notice, now time.Time) error {
	if n.UserID == 0 || n.Link == "" || !n.Kind.Valid() || now.IsZero() {
		return errors.New("store: put thread notice: user, link, a known kind and time are required")
	}
	if tx.engine == Postgres {
		var id int64
		err := tx.q.QueryRowContext(ctx, `SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE`, n.UserID).Scan(&id)
		if err != nil {
			return wrap("put thread notice", err)
		}
	}
	params := "{}"
	if len(n.Params) > 0 {
		b, err := json.Marshal(n.Params)
		if err != nil {
			return wrap("put thread notice", err)
		}
		params = string(b)
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE notifications SET params = $4, created_at = $5
		WHERE user_id = $1 AND kind = $2 AND link = $3 AND read_at = 0`,
		n.UserID, string(n.Kind), n.Link, params, ms(now))
	if err != nil {
		return wrap("put thread notice", err)
	}
	if k, err := res.RowsAffected(); err != nil || k > 0 {
		return wrap("put thread notice", err)
	}
	return tx.CreateNotification(ctx, n, now)
}

// MarkThreadNoticesRead marks user's unread notices of kind for the thread
// at link read at now: the person has opened the thread.
func (tx *Tx) MarkThreadNoticesRead(ctx context.Context, userID int64, kind furusato.NoticeKind, link string, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `
		UPDATE notifications SET read_at = $4 WHERE user_id = $1 AND kind = $2 AND link = $3 AND read_at = 0`,
		userID, string(kind), link, ms(now))
	return wrap("mark thread notices read", err)
}
