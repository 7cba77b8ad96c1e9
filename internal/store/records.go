package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// recordColumns are the columns scanRecord reads, in its order.
const recordColumns = `r.id, r.team_id, r.project_id, r.company_id, r.organization_id, r.user_id,
	r.project_title, r.company_name, r.participant_name, r.role, r.start_at, r.end_at,
	r.reported_hours, r.hours, r.words, r.words_consent, r.status, r.public, r.credential,
	COALESCE(r.confirmed_by, 0), r.issued_at, r.revoked_at, r.revoke_reason, r.created_at`

func scanRecord(row interface{ Scan(...any) error }) (*furusato.Record, error) {
	r := &furusato.Record{}
	var start, end, issued, revoked, created int64
	var status string
	if err := row.Scan(&r.ID, &r.TeamID, &r.ProjectID, &r.CompanyID, &r.OrganizationID, &r.UserID,
		&r.ProjectTitle, &r.CompanyName, &r.ParticipantName, &r.Role, &start, &end,
		&r.ReportedHours, &r.Hours, &r.Words, &r.WordsConsent, &status, &r.Public, &r.Credential,
		&r.ConfirmedBy, &issued, &revoked, &r.RevokeReason, &created); err != nil {
		return nil, err
	}
	r.Start, r.End, r.IssuedAt, r.RevokedAt, r.CreatedAt = fromMS(start), fromMS(end), fromMS(issued), fromMS(revoked), fromMS(created)
	r.Status = furusato.RecordStatus(status)
	r.StatusIndex = r.ID
	return r, nil
}

func scanRecords(op string, rows *sql.Rows, err error) ([]*furusato.Record, error) {
	if err != nil {
		return nil, wrap(op, err)
	}
	defer rows.Close()
	var out []*furusato.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, r)
	}
	return out, wrap(op, rows.Err())
}

// CreateRecord drafts record r (status draft, hours = r.ReportedHours)
// and sets r.ID and r.CreatedAt. A participant has one record per team:
// when theirs exists already, nothing is written and created is false
// (the end hook may run again only through a retried transaction, but a
// second draft must never appear).
func (tx *Tx) CreateRecord(ctx context.Context, r *furusato.Record, now time.Time) (created bool, err error) {
	if r.TeamID == 0 || r.UserID == 0 || now.IsZero() || r.Start.IsZero() || r.End.IsZero() {
		return false, errors.New("store: create record: team, participant, period and time are required")
	}
	r.CreatedAt = now.UTC().Truncate(time.Millisecond)
	r.Status, r.Hours = furusato.RecordDraft, r.ReportedHours
	err = tx.q.QueryRowContext(ctx, `
		INSERT INTO records (team_id, project_id, company_id, organization_id, user_id, project_title,
			company_name, participant_name, role, start_at, end_at, reported_hours, hours, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
		ON CONFLICT (team_id, user_id) DO NOTHING RETURNING id`,
		r.TeamID, r.ProjectID, r.CompanyID, r.OrganizationID, r.UserID, r.ProjectTitle, r.CompanyName,
		r.ParticipantName, r.Role, ms(r.Start), ms(r.End), r.ReportedHours, ms(now)).Scan(&r.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("create record", err)
	}
	r.StatusIndex = r.ID
	return true, nil
}

// SumCheckInHours returns the hours user userID reported in their
// check-ins on team teamID (0 when they wrote none).
func (c *conn) SumCheckInHours(ctx context.Context, teamID, userID int64) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(hours), 0) FROM checkins WHERE team_id = $1 AND author_id = $2`,
		teamID, userID).Scan(&n)
	return n, wrap("sum check-in hours", err)
}

// FindRecord returns record id; ENOTFOUND when there is none.
func (c *conn) FindRecord(ctx context.Context, id int64) (*furusato.Record, error) {
	r, err := scanRecord(c.q.QueryRowContext(ctx, `SELECT `+recordColumns+` FROM records r WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Record not found.")
	}
	return r, wrap("find record", err)
}

// FindUserRecords returns the records of participant userID, newest
// first.
func (c *conn) FindUserRecords(ctx context.Context, userID int64) ([]*furusato.Record, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+recordColumns+` FROM records r
		WHERE r.user_id = $1 ORDER BY r.created_at DESC, r.id DESC`, userID)
	return scanRecords("find user records", rows, err)
}

// FindDraftRecords returns the records waiting for the staff of the
// companies companyIDs to confirm them, oldest first.
func (c *conn) FindDraftRecords(ctx context.Context, companyIDs []int64) ([]*furusato.Record, error) {
	if len(companyIDs) == 0 {
		return nil, nil
	}
	var b builder
	rows, err := c.q.QueryContext(ctx, `SELECT `+recordColumns+` FROM records r
		WHERE r.status = 'draft' AND r.company_id IN (`+b.ids(companyIDs)+`) ORDER BY r.created_at, r.id`, b.args...)
	return scanRecords("find draft records", rows, err)
}

// IssueRecord moves record r.ID from draft to issued with the hours and
// words the company confirmed (r.Role, r.Hours, r.Words, r.WordsConsent), who
// confirmed it, and its signed credential; ECONFLICT when it is no
// longer a draft (two of the company's staff at once: one issues it).
func (tx *Tx) IssueRecord(ctx context.Context, r *furusato.Record, now time.Time) error {
	if r.Credential == "" || r.ConfirmedBy == 0 || now.IsZero() {
		return errors.New("store: issue record: credential, confirmer and time are required")
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE records SET status = 'issued', hours = $2, words = $3,
		words_consent = $4, confirmed_by = $5, credential = $6, issued_at = $7, role = $8
		WHERE id = $1 AND status = 'draft'`,
		r.ID, r.Hours, r.Words, r.WordsConsent, r.ConfirmedBy, r.Credential, ms(now), r.Role)
	return affectedOr("issue record", res, err, furusato.Errorf(furusato.ECONFLICT, "This record has already been issued."))
}

// SetRecordPublic sets whether record id is public, as read (from): a
// change made meanwhile by another tab is a conflict, not overwritten.
func (tx *Tx) SetRecordPublic(ctx context.Context, id int64, from, to bool) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE records SET public = $3 WHERE id = $1 AND public = $2`, id, from, to)
	return affectedOr("set record public", res, err, furusato.Errorf(furusato.ECONFLICT, "This record has changed meanwhile."))
}

// RevokeRecord moves record id from issued to revoked with the admin's
// reason, for good; ECONFLICT when it is not issued (a draft has no
// credential to revoke, a revoked one stays revoked).
func (tx *Tx) RevokeRecord(ctx context.Context, id int64, reason string, by int64, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE records SET status = 'revoked', revoke_reason = $2,
		revoked_by = $3, revoked_at = $4 WHERE id = $1 AND status = 'issued'`, id, reason, nullID(by), ms(now))
	return affectedOr("revoke record", res, err, furusato.Errorf(furusato.ECONFLICT, "Only an issued record can be revoked."))
}

// FindRevokedRecordIDs returns the ids of the revoked records with ids in
// [from, to), ascending: the set bits of one status list.
func (c *conn) FindRevokedRecordIDs(ctx context.Context, from, to int64) ([]int64, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT id FROM records WHERE status = 'revoked' AND id >= $1 AND id < $2 ORDER BY id`, from, to)
	if err != nil {
		return nil, wrap("find revoked records", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap("find revoked records", err)
		}
		out = append(out, id)
	}
	return out, wrap("find revoked records", rows.Err())
}

// PutStatusList stores the signed status list credential of list n.
func (tx *Tx) PutStatusList(ctx context.Context, n int64, document string, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO status_lists (list, document, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (list) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`, n, document, ms(now))
	return wrap("put status list", err)
}

// LockStatusList takes status list n for the rest of the transaction
// (making its row, empty, if need be), so that two revocations on one
// list at once re-sign it one after the other: on PostgreSQL the second
// waits here for the first to commit, then reads its revocation (each
// statement of a READ COMMITTED transaction sees what committed before
// it); SQLite has one writer anyway. The caller puts the list before it
// commits.
func (tx *Tx) LockStatusList(ctx context.Context, n int64, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO status_lists (list, document, updated_at) VALUES ($1, '', $2)
		ON CONFLICT (list) DO UPDATE SET updated_at = excluded.updated_at`, n, ms(now))
	return wrap("lock status list", err)
}

// MaxRecordID returns the highest record id (0 without records): the
// status lists that exist are those up to its list.
func (c *conn) MaxRecordID(ctx context.Context) (int64, error) {
	var id int64
	err := c.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM records`).Scan(&id)
	return id, wrap("max record id", err)
}

// AddStatusList stores the signed status list credential of list n
// unless there is one already (a first request made it on another node):
// the stored one wins, as it may hold revocations.
func (tx *Tx) AddStatusList(ctx context.Context, n int64, document string, now time.Time) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO status_lists (list, document, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (list) DO NOTHING`, n, document, ms(now))
	return wrap("add status list", err)
}

// FindStatusList returns the signed status list credential of list n;
// ENOTFOUND when none was made yet (or only locked, in a transaction that
// did not commit).
func (c *conn) FindStatusList(ctx context.Context, n int64) (string, error) {
	var doc string
	err := c.q.QueryRowContext(ctx, `SELECT document FROM status_lists WHERE list = $1 AND document <> ''`, n).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return "", furusato.Errorf(furusato.ENOTFOUND, "Status list not found.")
	}
	return doc, wrap("find status list", err)
}

// AddSigningKey stores key k (sets its ID) unless a key of its name
// exists: two nodes starting at once both try "key-1", one is kept and
// added is false for the other, which then reads the kept one.
func (tx *Tx) AddSigningKey(ctx context.Context, k *furusato.SigningKey, now time.Time) (added bool, err error) {
	k.CreatedAt = now.UTC().Truncate(time.Millisecond)
	err = tx.q.QueryRowContext(ctx, `INSERT INTO signing_keys (name, seed, public_key, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO NOTHING RETURNING id`, k.Name, k.Seed, k.Public, ms(now)).Scan(&k.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, wrap("add signing key", err)
}

// FindSigningKeys returns every signing key, oldest first (the last one
// signs).
func (c *conn) FindSigningKeys(ctx context.Context) ([]furusato.SigningKey, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT id, name, seed, public_key, created_at FROM signing_keys ORDER BY id`)
	if err != nil {
		return nil, wrap("find signing keys", err)
	}
	defer rows.Close()
	var out []furusato.SigningKey
	for rows.Next() {
		var k furusato.SigningKey
		var created int64
		if err := rows.Scan(&k.ID, &k.Name, &k.Seed, &k.Public, &created); err != nil {
			return nil, wrap("find signing keys", err)
		}
		k.CreatedAt = fromMS(created)
		out = append(out, k)
	}
	return out, wrap("find signing keys", rows.Err())
}
