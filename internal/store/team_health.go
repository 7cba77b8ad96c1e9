package store

import (
	"context"
	"database/sql"

	"github.com/furusato/furusato/internal/furusato"
)

// HealthRecent is how many of each participant's latest check-ins
// FindTeamHealth reads: enough for the longest run a rule counts.
func HealthRecent(s furusato.WarningSettings) int {
	return max(s.LowHoursPeriods, s.BlockerCheckIns, 1)
}

// FindTeamHealth reads, in one query, what the early-warning rules need of
// every team of an in-progress project that f selects (furusato.Warnings
// decides): the team's kickoff, cadence and start, the current charter's
// hours and time, whether one of the company's staff confirmed it, the
// last message and intervention, and per participant (a matched entry)
// whether they confirmed the charter and their latest recent check-ins.
// Teams come ordered by id, participants by user id, check-ins oldest
// first.
//
// The work grows with the teams selected, not with the history: each
// participant's latest check-ins are found by seq through checkins_author_seq
// (seq above the last one in checkin_heads less recent), the last message and intervention
// through their (team_id, …) indexes, so a year of weekly check-ins costs
// no more than a month of them. Each fact is a scalar "(SELECT … LIMIT 1)"
// rather than EXISTS: PostgreSQL may turn an EXISTS into a hashed subplan
// that reads the whole table for every dashboard.
func (c *conn) FindTeamHealth(ctx context.Context, f furusato.TeamFilter, recent int) ([]*furusato.TeamHealth, error) {
	if !f.All && len(f.OrganizationIDs) == 0 && len(f.ProjectIDs) == 0 {
		return nil, nil
	}
	q, args := teamHealthQuery(f, recent)
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, wrap("find team health", err)
	}
	defer rows.Close()
	return scanTeamHealth(rows)
}

// teamHealthQuery is FindTeamHealth's query for f and its arguments.
func teamHealthQuery(f furusato.TeamFilter, recent int) (string, []any) {
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
		where = " AND (" + ors[0]
		for _, o := range ors[1:] {
			where += " OR " + o
		}
		where += ")"
	}
	k := b.arg(recent)
	q := `
		WITH tf AS MATERIALIZED (
			SELECT t.id, t.project_id, t.created_at, t.kickoff_at, t.cadence, t.charter_version, p.title, p.slug,
				COALESCE(c.id, 0) AS charter_id, COALESCE(c.hours_per_month, 0) AS hours, COALESCE(c.created_at, 0) AS charter_at,
				COALESCE((SELECT m.created_at FROM team_messages m WHERE m.team_id = t.id ORDER BY m.id DESC LIMIT 1), 0) AS last_message,
				COALESCE((SELECT i.created_at FROM interventions i WHERE i.team_id = t.id ORDER BY i.created_at DESC LIMIT 1), 0) AS last_intervention,
				COALESCE((SELECT 1 FROM charter_confirmations cc WHERE cc.charter_id = c.id AND cc.role = 'company_staff' LIMIT 1), 0) AS company_ok
			FROM teams t
			JOIN projects p ON p.id = t.project_id AND p.status = 'in_progress'
			LEFT JOIN charters c ON c.team_id = t.id AND c.version = t.charter_version
			WHERE 1 = 1` + where + `
		)
		SELECT tf.id, tf.project_id, tf.created_at, tf.kickoff_at, tf.cadence, tf.charter_version, tf.title, tf.slug,
			tf.hours, tf.charter_at, tf.last_message, tf.last_intervention, tf.company_ok,
			COALESCE(e.user_id, 0),
			COALESCE((SELECT 1 FROM charter_confirmations cc WHERE cc.charter_id = tf.charter_id AND cc.user_id = e.user_id LIMIT 1), 0),
			COALESCE(c.seq, 0), COALESCE(c.created_at, 0), COALESCE(c.hours, 0),
			CASE WHEN c.blockers <> '' THEN 1 ELSE 0 END
		FROM tf
		LEFT JOIN entries e ON e.project_id = tf.project_id AND e.stage = 'matched'
		LEFT JOIN checkin_heads hd ON hd.team_id = tf.id AND hd.author_id = e.user_id
		LEFT JOIN checkins c ON c.team_id = hd.team_id AND c.author_id = hd.author_id AND c.seq > hd.last_seq - ` + k + `
		ORDER BY tf.id, e.user_id, c.seq`
	return q, b.args
}

// scanTeamHealth folds the rows of teamHealthQuery (one per team,
// participant and check-in) into one TeamHealth per team.
func scanTeamHealth(rows *sql.Rows) ([]*furusato.TeamHealth, error) {
	var out []*furusato.TeamHealth
	var h *furusato.TeamHealth
	var lastSeq int
	for rows.Next() {
		var r struct {
			team, project, created, kickoff, charterAt, lastMsg, lastIv int64
			cadence, title, slug                                        string
			version, hours, companyOK                                   int
			user                                                        int64
			confirmed, seq                                              int
			at                                                          int64
			ciHours, blocked                                            int
		}
		if err := rows.Scan(&r.team, &r.project, &r.created, &r.kickoff, &r.cadence, &r.version, &r.title, &r.slug,
			&r.hours, &r.charterAt, &r.lastMsg, &r.lastIv, &r.companyOK,
			&r.user, &r.confirmed, &r.seq, &r.at, &r.ciHours, &r.blocked); err != nil {
			return nil, wrap("find team health", err)
		}
		if h == nil || h.TeamID != r.team {
			h = &furusato.TeamHealth{TeamID: r.team, ProjectID: r.project, CreatedAt: fromMS(r.created), KickoffAt: fromMS(r.kickoff),
				Cadence: furusato.Cadence(r.cadence), CharterVersion: r.version, CharterHours: r.hours, CharterAt: fromMS(r.charterAt),
				LastMessageAt: fromMS(r.lastMsg), LastInterventionAt: fromMS(r.lastIv), CompanyConfirmed: r.companyOK == 1,
				ProjectTitle: r.title, ProjectSlug: r.slug}
			out = append(out, h)
		}
		if r.user == 0 {
			continue
		}
		n := len(h.Participants)
		if n == 0 || h.Participants[n-1].UserID != r.user {
			h.Participants = append(h.Participants, furusato.ParticipantHealth{UserID: r.user, Confirmed: r.confirmed == 1})
			n++
		}
		// A person matched twice on one project comes twice with the same
		// check-ins: seq only grows within a participant.
		if p := &h.Participants[n-1]; r.seq != 0 && (len(p.Recent) == 0 || r.seq > lastSeq) {
			lastSeq = r.seq
			p.Recent = append(p.Recent, furusato.CheckInFact{At: fromMS(r.at), Hours: r.ciHours, Blocked: r.blocked == 1})
			p.LastCheckInAt = fromMS(r.at)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find team health", err)
	}
	return out, nil
}
