package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateNotification records the in-app notice n and sets n.ID and
// n.CreatedAt. n.Calendar is not kept (it belongs to the e-mail).
func (tx *Tx) CreateNotification(ctx context.Context, n *furusato.Notice, now time.Time) error {
	if n.UserID == 0 || !n.Kind.Valid() || now.IsZero() {
		return errors.New("store: create notification: user, a known kind and time are required")
	}
	params := "{}"
	if len(n.Params) > 0 {
		b, err := json.Marshal(n.Params)
		if err != nil {
			return wrap("create notification", err)
		}
		params = string(b)
	}
	n.CreatedAt = now.UTC().Truncate(time.Millisecond)
	n.ReadAt = time.Time{}
	err := tx.q.QueryRowContext(ctx, `
		INSERT INTO notifications (user_id, kind, entry_id, project_id, params, link, read_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id`,
		n.UserID, string(n.Kind), nullID(n.EntryID), nullID(n.ProjectID), params, n.Link, ms(now)).Scan(&n.ID)
	return wrap("create notification", err)
}

const noticeColumns = `id, user_id, kind, COALESCE(entry_id, 0), COALESCE(project_id, 0), params, link, read_at, created_at`

func scanNotice(s interface{ Scan(...any) error }, extra ...any) (*furusato.Notice, error) {
	n := &furusato.Notice{}
	var kind, params string
	var readAt, created int64
	dest := append([]any{&n.ID, &n.UserID, &kind, &n.EntryID, &n.ProjectID, &params, &n.Link, &readAt, &created}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	n.Kind = furusato.NoticeKind(kind)
	n.ReadAt, n.CreatedAt = fromMS(readAt), fromMS(created)
	if params != "" && params != "{}" {
		if err := json.Unmarshal([]byte(params), &n.Params); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// FindNotifications returns user's notices, newest first by the time
// they were made (not by id: a notice may be written after a later one,
// as the demo's back-dated ones are), limit from
// offset, and how many there are in all.
func (c *conn) FindNotifications(ctx context.Context, userID int64, limit, offset int) ([]*furusato.Notice, int, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+noticeColumns+`, COUNT(*) OVER ()
		FROM notifications WHERE user_id = $1
		ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, userID, limit, offset)
	if err != nil {
		return nil, 0, wrap("find notifications", err)
	}
	defer rows.Close()
	var out []*furusato.Notice
	total := 0
	for rows.Next() {
		n, err := scanNotice(rows, &total)
		if err != nil {
			return nil, 0, wrap("find notifications", err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, wrap("find notifications", err)
	}
	if len(out) == 0 && offset > 0 {
		// Past the end: the total still matters for the pager.
		if err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1`, userID).Scan(&total); err != nil {
			return nil, 0, wrap("find notifications", err)
		}
	}
	return out, total, nil
}

// FindNotification returns user's notice id; ENOTFOUND when there is none
// or it is someone else's.
func (c *conn) FindNotification(ctx context.Context, userID, id int64) (*furusato.Notice, error) {
	n, err := scanNotice(c.q.QueryRowContext(ctx, `SELECT `+noticeColumns+` FROM notifications WHERE id = $1 AND user_id = $2`, id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Notification not found.")
	}
	return n, wrap("find notification", err)
}

// CountUnreadNotifications returns how many of user's notices are unread.
func (c *conn) CountUnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at = 0`, userID).Scan(&n)
	return n, wrap("count unread notifications", err)
}

// MarkNotificationRead marks user's notice id read at now (once: a read
// notice keeps its first time). ENOTFOUND when it is not user's.
func (tx *Tx) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE notifications SET read_at = CASE WHEN read_at = 0 THEN $3 ELSE read_at END
		WHERE id = $1 AND user_id = $2`, id, userID, ms(now))
	return mustAffect("mark notification read", res, err, "Notification not found.")
}

// MarkAllNotificationsRead marks every unread notice of user read at now
// and returns how many changed.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context, userID int64, now time.Time) (int, error) {
	res, err := tx.q.ExecContext(ctx, `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at = 0`, userID, ms(now))
	if err != nil {
		return 0, wrap("mark all notifications read", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("mark all notifications read", err)
}

// MarkEntryNotificationsRead marks user's unread notices about entry
// entryID read at now and returns how many changed: the person has seen
// the entry, so what it told them is read.
func (tx *Tx) MarkEntryNotificationsRead(ctx context.Context, userID, entryID int64, now time.Time) (int, error) {
	res, err := tx.q.ExecContext(ctx, `UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND entry_id = $2 AND read_at = 0`,
		userID, entryID, ms(now))
	if err != nil {
		return 0, wrap("mark entry notifications read", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("mark entry notifications read", err)
}

// NoticePrefs returns user's e-mail choice for every kind of
// furusato.NoticeKinds, in that order; a kind never chosen is on.
func (c *conn) NoticePrefs(ctx context.Context, userID int64) ([]furusato.NoticePref, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT kind, email FROM notification_prefs WHERE user_id = $1`, userID)
	if err != nil {
		return nil, wrap("notice prefs", err)
	}
	defer rows.Close()
	chosen := map[furusato.NoticeKind]bool{}
	for rows.Next() {
		var kind string
		var email bool
		if err := rows.Scan(&kind, &email); err != nil {
			return nil, wrap("notice prefs", err)
		}
		chosen[furusato.NoticeKind(kind)] = email
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("notice prefs", err)
	}
	out := make([]furusato.NoticePref, 0, len(furusato.NoticeKinds))
	for _, k := range furusato.NoticeKinds {
		email, ok := chosen[k]
		out = append(out, furusato.NoticePref{Kind: k, Email: email || !ok})
	}
	return out, nil
}

// NoticeEmail reports whether user wants e-mail for kind (on unless
// turned off).
func (c *conn) NoticeEmail(ctx context.Context, userID int64, kind furusato.NoticeKind) (bool, error) {
	var email bool
	err := c.q.QueryRowContext(ctx, `SELECT email FROM notification_prefs WHERE user_id = $1 AND kind = $2`, userID, string(kind)).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return email, wrap("notice email", err)
}

// SetNoticePrefs saves user's choices; kinds not in prefs keep theirs.
func (tx *Tx) SetNoticePrefs(ctx context.Context, userID int64, prefs []furusato.NoticePref) error {
	for _, p := range prefs {
		if !p.Kind.Valid() {
			return furusato.Errorf(furusato.EINVALID, "Unknown notification kind.")
		}
		_, err := tx.q.ExecContext(ctx, `
			INSERT INTO notification_prefs (user_id, kind, email) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email`, userID, string(p.Kind), p.Email)
		if err != nil {
			return wrap("set notice prefs", err)
		}
	}
	return nil
}

// HostIDs returns, once each and in id order, the people who screen the
// entries of a project of organisation orgID and company companyID: the
// organisation's coordinators and the company's staff, deleted accounts
// left out. When the organisation has no coordinator, the platform admins
// (the secretariat, who see every entry) stand in, so that an entry never
// reaches nobody while the participant is told it is being reviewed.
func (c *conn) HostIDs(ctx context.Context, orgID, companyID int64) ([]int64, error) {
	return queryIDs(ctx, c.q, "host ids", `
		SELECT DISTINCT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.deleted_at = 0 AND (
			(m.role = 'coordinator' AND m.organization_id = $1) OR
			(m.role = 'company_staff' AND m.company_id = $2))
		UNION
		SELECT a.id FROM users a
		WHERE a.admin = TRUE AND a.deleted_at = 0 AND NOT EXISTS (
			SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE u.deleted_at = 0 AND m.role = 'coordinator' AND m.organization_id = $1)
		ORDER BY 1`, orgID, companyID)
}

// FavoriteDeadline is a favourite whose project's deadline is near and
// whose person has not been told yet.
type FavoriteDeadline struct {
	UserID    int64
	ProjectID int64
	Slug      string
	Title     string
	Deadline  furusato.Date
}

// DueFavoriteDeadlines returns up to limit favourites of published projects
// whose deadline falls between from and to (inclusive) and that were not
// told about yet, of people whose account is not deleted and who have not
// entered the project (an entry of theirs, under way or over, says they
// know it).
func (c *conn) DueFavoriteDeadlines(ctx context.Context, from, to furusato.Date, limit int) ([]FavoriteDeadline, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT f.user_id, p.id, p.slug, p.title, p.deadline
		FROM favorites f JOIN projects p ON p.id = f.project_id JOIN users u ON u.id = f.user_id
		WHERE f.deadline_notified = FALSE AND p.status = 'published' AND u.deleted_at = 0
		  AND p.deadline >= $1 AND p.deadline <= $2
		  AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.project_id = f.project_id AND e.user_id = f.user_id)
		ORDER BY f.user_id, p.id LIMIT $3`, from.String(), to.String(), limit)
	if err != nil {
		return nil, wrap("due favourite deadlines", err)
	}
	defer rows.Close()
	var out []FavoriteDeadline
	for rows.Next() {
		var f FavoriteDeadline
		var d string
		if err := rows.Scan(&f.UserID, &f.ProjectID, &f.Slug, &f.Title, &d); err != nil {
			return nil, wrap("due favourite deadlines", err)
		}
		if f.Deadline, err = furusato.ParseDate(d); err != nil {
			return nil, wrap("due favourite deadlines", err)
		}
		out = append(out, f)
	}
	return out, wrap("due favourite deadlines", rows.Err())
}

// MarkFavoriteDeadlineNotified records that user was told about project's
// deadline; false when it was already recorded (another run got there
// first), so the caller tells nobody.
func (tx *Tx) MarkFavoriteDeadlineNotified(ctx context.Context, userID, projectID int64) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		UPDATE favorites SET deadline_notified = TRUE
		WHERE user_id = $1 AND project_id = $2 AND deadline_notified = FALSE`, userID, projectID)
	if err != nil {
		return false, wrap("mark favourite deadline notified", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("mark favourite deadline notified", err)
}
