package store

import (
	"context"
	"strings"

	"github.com/furusato/furusato/internal/furusato"
)

// HealthRecent is how many of each participant's latest check-ins
// FindTeamHealth reads: enough for the longest run a rule counts.
func HealthRecent(s furusato.WarningSettings) int {
	return max(s.LowHoursPeriods, s.BlockerCheckIns, 1)
}

// FindTeamHealth reads what the early-warning rules need of every team of
// an in-progress project that f selects (furusato.Warnings decides), in
// two set-based queries whatever the number of teams: one row per team
// (kickoff, cadence, start, the current charter's hours and time, whether
// one of the company's staff confirmed it, the last message and
// intervention), then one row per participant (a matched entry) and
// recent check-in (whether they confirmed the charter, and their latest
// recent check-ins). Teams come ordered by id, participants by user id,
// check-ins oldest first.
//
// The work grows with the teams selected, not with the history: each
// participant's latest check-ins are those above checkin_heads.last_seq
// less recent, read through checkins_author_seq; the last message and
// intervention come through their (team_id, …) indexes; so a year of
// weekly check-ins costs no more than a month of them. Each fact is a
// scalar "(SELECT … LIMIT 1)" rather than EXISTS, which PostgreSQL may turn
// into a hashed subplan over a whole table. Two plain queries rather than
// one with a shared CTE: each engine then plans each with its statistics
// (a CTE hides them from PostgreSQL, and SQLite re-evaluates an inlined
// one per row).
func (c *conn) FindTeamHealth(ctx context.Context, f furusato.TeamFilter, recent int) ([]*furusato.TeamHealth, error) {
	if !f.All && len(f.OrganizationIDs) == 0 && len(f.ProjectIDs) == 0 {
		return nil, nil
	}
	teamsQ, participantsQ, args := teamHealthQueries(f, recent)
	out, err := c.readTeamHealth(ctx, teamsQ, args[:len(args)-1])
	if err != nil || len(out) == 0 {
		return out, err
	}
	return out, c.readParticipantHealth(ctx, participantsQ, args, out)
}

// teamHealthQueries returns FindTeamHealth's two queries for f and their
// arguments: the team query takes all but the last, which is recent.
func teamHealthQueries(f furusato.TeamFilter, recent int) (teams, participants string, args []any) {
	var b builder
	where := ""
	if !f.All {
		var ors []string
		if len(f.OrganizationIDs) > 0 {
			ors = append(ors, "t.organization_id IN ("+b.ids(uniqueIDs(f.OrganizationIDs))+")")
		}
		if len(f.ProjectIDs) > 0 {
			ors = append(ors, "t.project_id IN ("+b.ids(uniqueIDs(f.ProjectIDs))+")")
		}
		where = " AND (" + strings.Join(ors, " OR ") + ")"
	}
	from := `FROM teams t JOIN projects p ON p.id = t.project_id AND p.status = 'in_progress' `
	k := b.arg(recent)
	teams, participants = teamHealthSQL(from, where, "", where, k)
	return teams, participants, b.args
}

// teamHealthSQL writes the two queries of FindTeamHealth over the teams
// t (joined with their project p) that from and the conditions teamsWhere
// and participantsWhere (each "" or starting with " AND ") select; tail
// ends the team query (a LIMIT); k is the placeholder of the number of
// recent check-ins.
func teamHealthSQL(from, teamsWhere, tail, participantsWhere, k string) (teams, participants string) {
	teams = `
		SELECT t.id, t.project_id, t.created_at, t.kickoff_at, t.cadence, t.charter_version, p.title, p.slug,
			COALESCE(c.hours_per_week, 0), COALESCE(c.created_at, 0),
			COALESCE((SELECT m.created_at FROM team_messages m WHERE m.team_id = t.id ORDER BY m.id DESC LIMIT 1), 0),
			COALESCE((SELECT i.created_at FROM interventions i WHERE i.team_id = t.id ORDER BY i.created_at DESC LIMIT 1), 0),
			COALESCE((SELECT 1 FROM charter_confirmations cc WHERE cc.charter_id = c.id AND cc.role = 'company_staff' LIMIT 1), 0)
		` + from + `
		LEFT JOIN charters c ON c.team_id = t.id AND c.version = t.charter_version
		WHERE 1 = 1` + teamsWhere + `
		ORDER BY t.id` + tail
	participants = `
		SELECT t.id, e.user_id,
			COALESCE((SELECT 1 FROM charters ch JOIN charter_confirmations cc ON cc.charter_id = ch.id AND cc.user_id = e.user_id
				WHERE ch.team_id = t.id AND ch.version = t.charter_version LIMIT 1), 0),
			COALESCE(c.seq, 0), COALESCE(c.created_at, 0), COALESCE(c.hours, 0), CASE WHEN c.blockers <> '' THEN 1 ELSE 0 END
		` + from + `
		JOIN entries e ON e.project_id = t.project_id AND e.stage = 'matched'
		LEFT JOIN checkin_heads hd ON hd.team_id = t.id AND hd.author_id = e.user_id
		LEFT JOIN checkins c ON c.team_id = hd.team_id AND c.author_id = hd.author_id AND c.seq > hd.last_seq - ` + k + `
		WHERE 1 = 1` + participantsWhere + `
		ORDER BY t.id, e.user_id, c.seq`
	return teams, participants
}

// readTeamHealth reads the team rows of FindTeamHealth.
func (c *conn) readTeamHealth(ctx context.Context, q string, args []any) ([]*furusato.TeamHealth, error) {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("find team health", err)
	}
	defer rows.Close()
	var out []*furusato.TeamHealth
	for rows.Next() {
		h := &furusato.TeamHealth{}
		var created, kickoff, charterAt, lastMsg, lastIv int64
		var cadence string
		var companyOK int
		if err := rows.Scan(&h.TeamID, &h.ProjectID, &created, &kickoff, &cadence, &h.CharterVersion, &h.ProjectTitle, &h.ProjectSlug,
			&h.CharterHours, &charterAt, &lastMsg, &lastIv, &companyOK); err != nil {
			return nil, wrap("find team health", err)
		}
		h.CreatedAt, h.KickoffAt, h.CharterAt = fromMS(created), fromMS(kickoff), fromMS(charterAt)
		h.LastMessageAt, h.LastInterventionAt = fromMS(lastMsg), fromMS(lastIv)
		h.Cadence, h.CompanyConfirmed = furusato.Cadence(cadence), companyOK == 1
		out = append(out, h)
	}
	return out, wrap("find team health", rows.Err())
}

// readParticipantHealth reads the participant rows of FindTeamHealth (one
// per participant and recent check-in) into the teams of out, which are
// in the same order. A team the first query did not see (made in between)
// is skipped.
func (c *conn) readParticipantHealth(ctx context.Context, q string, args []any, out []*furusato.TeamHealth) error {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return wrap("find team health", err)
	}
	defer rows.Close()
	i, lastSeq := 0, 0
	for rows.Next() {
		var team, user, at int64
		var confirmed, seq, hours, blocked int
		if err := rows.Scan(&team, &user, &confirmed, &seq, &at, &hours, &blocked); err != nil {
			return wrap("find team health", err)
		}
		for i < len(out) && out[i].TeamID < team {
			i++
		}
		if i == len(out) || out[i].TeamID != team {
			continue
		}
		h := out[i]
		n := len(h.Participants)
		if n == 0 || h.Participants[n-1].UserID != user {
			h.Participants = append(h.Participants, furusato.ParticipantHealth{UserID: user, Confirmed: confirmed == 1})
			n, lastSeq = n+1, 0
		}
		// A person matched twice on one project comes twice with the same
		// check-ins: seq only grows within a participant.
		if p := &h.Participants[n-1]; seq != 0 && seq > lastSeq {
			lastSeq = seq
			p.Recent = append(p.Recent, furusato.CheckInFact{At: fromMS(at), Hours: hours, Blocked: blocked == 1})
			p.LastCheckInAt = fromMS(at)
		}
	}
	return wrap("find team health", rows.Err())
}
