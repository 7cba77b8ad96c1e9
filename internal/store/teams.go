package store

import (
	"context"
	"errors"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// teamColumns are the columns scanTeam reads, in its order.
const teamColumns = `t.id, t.project_id, t.company_id, t.organization_id, t.kickoff_at, t.cadence,
	t.charter_version, t.agreement_version, t.created_at, t.ended_at, t.ended_early, t.end_reason`

func scanTeam(row interface{ Scan(...any) error }) (*furusato.Team, error) {
	t := &furusato.Team{}
	var kickoff, created, ended int64
	var cadence string
	if err := row.Scan(&t.ID, &t.ProjectID, &t.CompanyID, &t.OrganizationID, &kickoff, &cadence,
		&t.CharterVersion, &t.AgreementVersion, &created, &ended, &t.EndedEarly, &t.EndReason); err != nil {
		return nil, err
	}
	t.KickoffAt, t.CreatedAt, t.Cadence = fromMS(kickoff), fromMS(created), furusato.Cadence(cadence)
	t.EndedAt = fromMS(ended)
	return t, nil
}

// EnsureTeam returns the team of project projectID, making it first if
// there is none (the service calls it when the project's first entry is
// matched; a second call, or a second node at once, finds the same team).
// The team copies the project's company and organisation. ENOTFOUND for a
// missing project.
func (tx *Tx) EnsureTeam(ctx context.Context, projectID int64, now time.Time) (*furusato.Team, error) {
	if now.IsZero() {
		return nil, errors.New("store: ensure team: time is required")
	}
	if _, err := tx.q.ExecContext(ctx, `
		INSERT INTO teams (project_id, company_id, organization_id, created_at)
		SELECT id, company_id, organization_id, $2 FROM projects WHERE id = $1
		ON CONFLICT (project_id) DO NOTHING`, projectID, ms(now)); err != nil {
		return nil, wrap("ensure team", err)
	}
	return tx.FindTeamByProject(ctx, projectID)
}

// EndTeam records that team id's work ended at now (a completion, or an
// early end with the coordinator's reason); ECONFLICT when it had already
// ended, so two coordinators ending it at once end it once.
func (tx *Tx) EndTeam(ctx context.Context, id int64, early bool, reason string, now time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE teams SET ended_at = $2, ended_early = $3, end_reason = $4
		WHERE id = $1 AND ended_at = 0`, id, ms(now), early, reason)
	return affectedOr("end team", res, err, furusato.Errorf(furusato.ECONFLICT, "The team's work has already ended."))
}

// FindTeam returns team id; ENOTFOUND when there is none.
func (c *conn) FindTeam(ctx context.Context, id int64) (*furusato.Team, error) {
	t, err := scanTeam(c.q.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = $1`, id))
	return t, teamErr("find team", err)
}

// FindTeamByProject returns the team of project projectID; ENOTFOUND when
// the project has none (yet).
func (c *conn) FindTeamByProject(ctx context.Context, projectID int64) (*furusato.Team, error) {
	t, err := scanTeam(c.q.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.project_id = $1`, projectID))
	return t, teamErr("find team", err)
}

// FindUserTeams returns the teams user userID is a participant of (a
// matched entry on the team's project), newest first: "my teams".
func (c *conn) FindUserTeams(ctx context.Context, userID int64) ([]*furusato.Team, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT `+teamColumns+` FROM teams t
		WHERE t.project_id IN (SELECT e.project_id FROM entries e WHERE e.user_id = $1 AND e.stage = 'matched')
		ORDER BY t.created_at DESC, t.id DESC`, userID)
	if err != nil {
		return nil, wrap("find user teams", err)
	}
	defer rows.Close()
	var out []*furusato.Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, wrap("find user teams", err)
		}
		out = append(out, t)
	}
	return out, wrap("find user teams", rows.Err())
}

func teamErr(op string, err error) error {
	if furusato.ErrorCode(wrap(op, err)) == furusato.ENOTFOUND {
		return furusato.Errorf(furusato.ENOTFOUND, "Team not found.")
	}
	return wrap(op, err)
}

// SetKickoff sets the kickoff time of team id (zero clears it).
func (tx *Tx) SetKickoff(ctx context.Context, id int64, at time.Time) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE teams SET kickoff_at = $2 WHERE id = $1`, id, ms(at))
	return mustAffect("set kickoff", res, err, "Team not found.")
}

// FindTeamMembers returns the members of team id, derived in one query
// from what they are, never copied: the users of the project's matched
// entries (participant), the company's staff, the organisation's
// coordinators, and the supporters linked to the project's supporter rows
// while they are supporters of that row's partner group (as the policy
// counts an assignment), with their role text. Deleted accounts are left
// out. Ordered by role (participant, company staff, coordinator,
// supporter), then name and id. A person in two roles is listed twice.
func (c *conn) FindTeamMembers(ctx context.Context, id int64) ([]furusato.TeamMember, error) {
	rows, err := c.q.QueryContext(ctx, `
		WITH t AS (SELECT project_id, company_id, organization_id FROM teams WHERE id = $1),
		x AS (
			SELECT DISTINCT e.user_id, 1 AS rank, 'participant' AS role, '' AS role_text
			FROM t JOIN entries e ON e.project_id = t.project_id AND e.stage = 'matched'
			UNION ALL
			SELECT m.user_id, 2, 'company_staff', '' FROM t JOIN memberships m ON m.company_id = t.company_id AND m.role = 'company_staff'
			UNION ALL
			SELECT m.user_id, 3, 'coordinator', '' FROM t JOIN memberships m ON m.organization_id = t.organization_id AND m.role = 'coordinator'
			UNION ALL
			SELECT s.user_id, 4, 'supporter', s.role FROM t JOIN project_supporters s ON s.project_id = t.project_id
			WHERE s.user_id IS NOT NULL AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = s.user_id
				AND m.role = 'supporter' AND m.organization_id = s.organization_id)
		)
		SELECT x.user_id, u.display_name, x.role, x.role_text
		FROM x JOIN users u ON u.id = x.user_id AND u.deleted_at = 0
		ORDER BY x.rank, u.display_name, x.user_id, x.role_text`, id)
	if err != nil {
		return nil, wrap("find team members", err)
	}
	defer rows.Close()
	var out []furusato.TeamMember
	for rows.Next() {
		var m furusato.TeamMember
		var role string
		if err := rows.Scan(&m.UserID, &m.Name, &role, &m.RoleText); err != nil {
			return nil, wrap("find team members", err)
		}
		m.Role = furusato.TeamRole(role)
		out = append(out, m)
	}
	return out, wrap("find team members", rows.Err())
}

// FindTeamScope returns what the policy needs of team id: its links and
// its participants (the users of the project's matched entries).
func (c *conn) FindTeamScope(ctx context.Context, id int64) (furusato.TeamScope, error) {
	t, err := c.FindTeam(ctx, id)
	if err != nil {
		return furusato.TeamScope{}, err
	}
	ids, err := queryIDs(ctx, c.q, "find team scope", `
		SELECT DISTINCT user_id FROM entries WHERE project_id = $1 AND stage = 'matched' ORDER BY user_id`, t.ProjectID)
	if err != nil {
		return furusato.TeamScope{}, err
	}
	return t.Scope(ids), nil
}
