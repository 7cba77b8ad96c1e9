package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateCharter writes c as the next version of its team's charter, over
// version read (the version the author's form was based on; 0 for the
// first): the team's charter_version moves read → read+1 only if no one
// else wrote a version since (ECONFLICT otherwise, as for two editors at
// once), and the team takes the charter's cadence. The new version starts
// with the expectations of version read. Sets c.ID, c.Version and
// c.CreatedAt.
func (tx *Tx) CreateCharter(ctx context.Context, c *furusato.Charter, read int, now time.Time) error {
	if c.TeamID == 0 || now.IsZero() {
		return errors.New("store: create charter: team and time are required")
	}
	res, err := tx.q.ExecContext(ctx, `
		UPDATE teams SET charter_version = $2 + 1, cadence = $3 WHERE id = $1 AND charter_version = $2`,
		c.TeamID, read, string(c.Cadence))
	if err := versionMoved("create charter", res, err); err != nil {
		return err
	}
	c.Version, c.CreatedAt = read+1, now.UTC().Truncate(time.Millisecond)
	if err := tx.q.QueryRowContext(ctx, `
		INSERT INTO charters (team_id, version, goal, done, hours_per_week, meetings, tools, company_provides, rules, cadence, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		c.TeamID, c.Version, c.Goal, c.Done, c.HoursPerWeek, c.Meetings, c.Tools, c.CompanyProvides, c.Rules,
		string(c.Cadence), nullID(c.AuthorID), ms(now)).Scan(&c.ID); err != nil {
		return wrap("create charter", err)
	}
	_, err = tx.q.ExecContext(ctx, `
		INSERT INTO charter_expectations (charter_id, user_id, gives, gets, updated_at)
		SELECT $1, e.user_id, e.gives, e.gets, e.updated_at
		FROM charter_expectations e JOIN charters p ON p.id = e.charter_id
		WHERE p.team_id = $2 AND p.version = $3`, c.ID, c.TeamID, read)
	return wrap("create charter", err)
}

// versionMoved turns a conditional version move that touched no row into
// ECONFLICT: someone else wrote a version first (or the team is gone).
func versionMoved(op string, res sql.Result, err error) error {
	return affectedOr(op, res, err, furusato.Errorf(furusato.ECONFLICT, "Someone else saved a new version first. Please check it and try again."))
}

const charterColumns = `c.id, c.team_id, c.version, c.goal, c.done, c.hours_per_week, c.meetings, c.tools,
	c.company_provides, c.rules, c.cadence, COALESCE(c.author_id, 0), c.created_at`

func scanCharter(row interface{ Scan(...any) error }) (*furusato.Charter, error) {
	c := &furusato.Charter{}
	var cadence string
	var created int64
	if err := row.Scan(&c.ID, &c.TeamID, &c.Version, &c.Goal, &c.Done, &c.HoursPerWeek, &c.Meetings, &c.Tools,
		&c.CompanyProvides, &c.Rules, &cadence, &c.AuthorID, &created); err != nil {
		return nil, err
	}
	c.Cadence, c.CreatedAt = furusato.Cadence(cadence), fromMS(created)
	return c, nil
}

// FindCharter returns version version of team teamID's charter, the
// current one for version 0; ENOTFOUND when there is none.
func (c *conn) FindCharter(ctx context.Context, teamID int64, version int) (*furusato.Charter, error) {
	ch, err := scanCharter(c.q.QueryRowContext(ctx, `
		SELECT `+charterColumns+` FROM charters c JOIN teams t ON t.id = c.team_id
		WHERE c.team_id = $1 AND c.version = CASE WHEN $2 = 0 THEN t.charter_version ELSE $2 END`, teamID, version))
	if furusato.ErrorCode(wrap("find charter", err)) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Charter not found.")
	}
	return ch, wrap("find charter", err)
}

// FindCharterVersions returns every version of team teamID's charter,
// newest first.
func (c *conn) FindCharterVersions(ctx context.Context, teamID int64) ([]*furusato.Charter, error) {
	rows, err := c.q.QueryContext(ctx, `SELECT `+charterColumns+` FROM charters c WHERE c.team_id = $1 ORDER BY c.version DESC`, teamID)
	if err != nil {
		return nil, wrap("find charter versions", err)
	}
	defer rows.Close()
	var out []*furusato.Charter
	for rows.Next() {
		ch, err := scanCharter(rows)
		if err != nil {
			return nil, wrap("find charter versions", err)
		}
		out = append(out, ch)
	}
	return out, wrap("find charter versions", rows.Err())
}

// SaveExpectation writes what e.UserID expects to give and get on charter
// e.CharterID, replacing what they wrote there before; sets e.UpdatedAt.
func (tx *Tx) SaveExpectation(ctx context.Context, e *furusato.Expectation, now time.Time) error {
	e.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO charter_expectations (charter_id, user_id, gives, gets, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (charter_id, user_id) DO UPDATE SET gives = excluded.gives, gets = excluded.gets, updated_at = excluded.updated_at`,
		e.CharterID, e.UserID, e.Give, e.Get, ms(now))
	return wrap("save expectation", err)
}

// FindExpectations returns the expectations written on charter charterID,
// by name, with their authors' names ("" for a deleted account).
func (c *conn) FindExpectations(ctx context.Context, charterID int64) ([]furusato.Expectation, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT e.charter_id, e.user_id, e.gives, e.gets, e.updated_at, CASE WHEN u.deleted_at = 0 THEN u.display_name ELSE '' END
		FROM charter_expectations e JOIN users u ON u.id = e.user_id
		WHERE e.charter_id = $1 ORDER BY u.display_name, e.user_id`, charterID)
	if err != nil {
		return nil, wrap("find expectations", err)
	}
	defer rows.Close()
	var out []furusato.Expectation
	for rows.Next() {
		var e furusato.Expectation
		var at int64
		if err := rows.Scan(&e.CharterID, &e.UserID, &e.Give, &e.Get, &at, &e.Name); err != nil {
			return nil, wrap("find expectations", err)
		}
		e.UpdatedAt = fromMS(at)
		out = append(out, e)
	}
	return out, wrap("find expectations", rows.Err())
}

// ConfirmCharter records that c.UserID agreed to charter c.CharterID in
// role c.Role. Confirming twice keeps the first confirmation (and its
// time); reports whether this call recorded it.
func (tx *Tx) ConfirmCharter(ctx context.Context, c furusato.CharterConfirmation) (bool, error) {
	res, err := tx.q.ExecContext(ctx, `
		INSERT INTO charter_confirmations (charter_id, user_id, role, confirmed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (charter_id, user_id) DO NOTHING`, c.CharterID, c.UserID, string(c.Role), ms(c.ConfirmedAt))
	if err != nil {
		return false, wrap("confirm charter", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap("confirm charter", err)
}

// FindConfirmations returns who confirmed charter charterID, in order.
func (c *conn) FindConfirmations(ctx context.Context, charterID int64) ([]furusato.CharterConfirmation, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT charter_id, user_id, role, confirmed_at FROM charter_confirmations
		WHERE charter_id = $1 ORDER BY confirmed_at, user_id`, charterID)
	if err != nil {
		return nil, wrap("find confirmations", err)
	}
	defer rows.Close()
	var out []furusato.CharterConfirmation
	for rows.Next() {
		var cc furusato.CharterConfirmation
		var role string
		var at int64
		if err := rows.Scan(&cc.CharterID, &cc.UserID, &role, &at); err != nil {
			return nil, wrap("find confirmations", err)
		}
		cc.Role, cc.ConfirmedAt = furusato.TeamRole(role), fromMS(at)
		out = append(out, cc)
	}
	return out, wrap("find confirmations", rows.Err())
}
