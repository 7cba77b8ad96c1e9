package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// CreateAgreement writes a as the next version of its team's agreement,
// over version read, as CreateCharter does (ECONFLICT when someone wrote a
// version since). Sets a.ID, a.Version and a.CreatedAt.
func (tx *Tx) CreateAgreement(ctx context.Context, a *furusato.Agreement, read int, now time.Time) error {
	if a.TeamID == 0 || now.IsZero() {
		return errors.New("store: create agreement: team and time are required")
	}
	res, err := tx.q.ExecContext(ctx, `UPDATE teams SET agreement_version = $2 + 1 WHERE id = $1 AND agreement_version = $2`, a.TeamID, read)
	if err := versionMoved("create agreement", res, err); err != nil {
		return err
	}
	a.Version, a.CreatedAt = read+1, now.UTC().Truncate(time.Millisecond)
	err = tx.q.QueryRowContext(ctx, `
		INSERT INTO agreements (team_id, version, charter_version, start_date, end_date, hours_per_week, reward_type,
			reward_amount, travel_cost, confidential, ownership, notice_days, notes, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		a.TeamID, a.Version, a.CharterVersion, a.Start.String(), a.End.String(), a.HoursPerWeek, string(a.RewardType),
		a.RewardAmount, string(a.TravelCost), a.Confidential, string(a.Ownership), a.NoticeDays, a.Notes,
		nullID(a.AuthorID), ms(now)).Scan(&a.ID)
	return wrap("create agreement", err)
}

// FindAgreement returns version version of team teamID's agreement, the
// current one for version 0; ENOTFOUND when there is none.
func (c *conn) FindAgreement(ctx context.Context, teamID int64, version int) (*furusato.Agreement, error) {
	a := &furusato.Agreement{}
	var start, end, reward, travel, owner string
	var created int64
	err := c.q.QueryRowContext(ctx, `
		SELECT a.id, a.team_id, a.version, a.charter_version, a.start_date, a.end_date, a.hours_per_week, a.reward_type,
			a.reward_amount, a.travel_cost, a.confidential, a.ownership, a.notice_days, a.notes, COALESCE(a.author_id, 0), a.created_at
		FROM agreements a JOIN teams t ON t.id = a.team_id
		WHERE a.team_id = $1 AND a.version = CASE WHEN $2 = 0 THEN t.agreement_version ELSE $2 END`, teamID, version).Scan(
		&a.ID, &a.TeamID, &a.Version, &a.CharterVersion, &start, &end, &a.HoursPerWeek, &reward,
		&a.RewardAmount, &travel, &a.Confidential, &owner, &a.NoticeDays, &a.Notes, &a.AuthorID, &created)
	if furusato.ErrorCode(wrap("find agreement", err)) == furusato.ENOTFOUND {
		return nil, furusato.Errorf(furusato.ENOTFOUND, "Agreement not found.")
	} else if err != nil {
		return nil, wrap("find agreement", err)
	}
	a.Start, _ = furusato.ParseDate(start)
	a.End, _ = furusato.ParseDate(end)
	a.RewardType, a.TravelCost, a.Ownership = furusato.RewardType(reward), furusato.TravelCost(travel), furusato.Ownership(owner)
	a.CreatedAt = fromMS(created)
	return a, nil
}

// AcceptAgreement records acc: a participant's acceptance of an agreement
// version for themself, or a staff member's for the company. ECONFLICT
// when that party already accepted that version (a unique index decides,
// so two nodes at once record one acceptance).
func (tx *Tx) AcceptAgreement(ctx context.Context, acc furusato.AgreementAcceptance) error {
	if acc.Party != furusato.PartyParticipant && acc.Party != furusato.PartyCompany {
		return errors.New("store: accept agreement: unknown party")
	}
	_, err := tx.q.ExecContext(ctx, `
		INSERT INTO agreement_acceptances (agreement_id, party, user_id, accepted_at) VALUES ($1, $2, $3, $4)`,
		acc.AgreementID, string(acc.Party), acc.UserID, ms(acc.AcceptedAt))
	if isUnique(err) {
		return furusato.Errorf(furusato.ECONFLICT, "This agreement was already accepted.")
	}
	return wrap("accept agreement", err)
}

// FindAcceptances returns the acceptances of agreement agreementID in
// order, with the names of those who accepted ("" for a deleted account).
func (c *conn) FindAcceptances(ctx context.Context, agreementID int64) ([]furusato.AgreementAcceptance, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT a.agreement_id, a.party, a.user_id, a.accepted_at, CASE WHEN u.deleted_at = 0 THEN u.display_name ELSE '' END
		FROM agreement_acceptances a JOIN users u ON u.id = a.user_id
		WHERE a.agreement_id = $1 ORDER BY a.accepted_at, a.user_id`, agreementID)
	if err != nil {
		return nil, wrap("find acceptances", err)
	}
	defer rows.Close()
	var out []furusato.AgreementAcceptance
	for rows.Next() {
		var a furusato.AgreementAcceptance
		var party string
		var at int64
		if err := rows.Scan(&a.AgreementID, &party, &a.UserID, &at, &a.Name); err != nil {
			return nil, wrap("find acceptances", err)
		}
		a.Party, a.AcceptedAt = furusato.Party(party), fromMS(at)
		out = append(out, a)
	}
	return out, wrap("find acceptances", rows.Err())
}
