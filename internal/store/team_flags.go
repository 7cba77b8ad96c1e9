package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// The early warning's flags (issue 10, migration 00025): each team's
// current warnings, written by the periodic job and after an intervention
// (SaveTeamFlags), read by the dashboards (FindFlaggedTeams) and the
// workspace (FindTeamFlags).

// openTeamsFrom selects the teams whose work goes on: not ended, on a
// project neither completed nor cancelled.
const openTeamsFrom = `FROM teams t JOIN projects p ON p.id = t.project_id AND p.status IN ('published', 'closed', 'in_progress') `

// FindTeamHealthAfter reads the health facts (as FindTeamHealth does) of
// at most limit teams whose work goes on (not ended, the project neither
// completed nor cancelled) with ids above after, ordered by id: one batch
// of the early-warning job, which goes on after the last id it got.
func (c *conn) FindTeamHealthAfter(ctx context.Context, after int64, limit, recent int) ([]*furusato.TeamHealth, error) {
	var b builder
	where := " AND t.ended_at = 0 AND t.id > " + b.arg(after)
	teamsQ, _ := teamHealthSQL(openTeamsFrom, where, " LIMIT "+b.arg(limit), "", "0")
	out, err := c.readTeamHealth(ctx, teamsQ, b.args)
	if err != nil || len(out) == 0 {
		return out, err
	}
	var pb builder
	where = " AND t.ended_at = 0 AND t.id BETWEEN " + pb.arg(out[0].TeamID) + " AND " + pb.arg(out[len(out)-1].TeamID)
	_, participantsQ := teamHealthSQL(openTeamsFrom, "", "", where, pb.arg(recent))
	return out, c.readParticipantHealth(ctx, participantsQ, pb.args, out)
}

// flagKey names one stored flag: a rule firing on one person (0: the
// team or the company).
type flagKey struct {
	rule furusato.WarningRule
	user int64
}

// SaveTeamFlags stores ws as the current warnings of team teamID and
// returns those that are new (no row before: the flags to tell). It locks
// the team's row first (on PostgreSQL; SQLite has one writer), so the job
// and an intervention never write one team's flags at once, and it writes
// only when what ws was computed from still holds: the team's work goes
// on and its latest intervention is intervention (zero: none), as read
// with the health facts. Otherwise it writes nothing and returns stale:
// the job's snapshot was overtaken (the intervention re-evaluates the team
// itself), and an ended team loses its flags.
func (tx *Tx) SaveTeamFlags(ctx context.Context, teamID int64, intervention time.Time, ws []furusato.Warning, now time.Time) (added []furusato.Warning, stale bool, err error) {
	lock := `SELECT ended_at, organization_id, project_id FROM teams WHERE id = $1`
	if tx.engine == Postgres {
		lock += ` FOR UPDATE`
	}
	var ended, org, project int64
	if err := tx.q.QueryRowContext(ctx, lock, teamID).Scan(&ended, &org, &project); err != nil {
		return nil, false, teamErr("save team flags", err)
	}
	if ended != 0 {
		for _, q := range []string{`DELETE FROM team_flags WHERE team_id = $1`, `DELETE FROM team_flag_heads WHERE team_id = $1`} {
			if _, err := tx.q.ExecContext(ctx, q, teamID); err != nil {
				return nil, true, wrap("save team flags", err)
			}
		}
		return nil, true, nil
	}
	var last int64
	err = tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM interventions WHERE team_id = $1`, teamID).Scan(&last)
	if err != nil {
		return nil, false, wrap("save team flags", err)
	}
	if last != ms(intervention) {
		return nil, true, nil
	}
	rows, err := tx.q.QueryContext(ctx, `SELECT rule, user_id FROM team_flags WHERE team_id = $1`, teamID)
	if err != nil {
		return nil, false, wrap("save team flags", err)
	}
	had := map[flagKey]bool{}
	for rows.Next() {
		var k flagKey
		if err := rows.Scan(&k.rule, &k.user); err != nil {
			rows.Close()
			return nil, false, wrap("save team flags", err)
		}
		had[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, wrap("save team flags", err)
	}
	seen := map[flagKey]bool{}
	var oldest int64
	for _, w := range ws {
		k := flagKey{w.Rule, w.UserID}
		if seen[k] {
			continue
		}
		seen[k] = true
		params, err := json.Marshal(w.Params)
		if err != nil {
			return nil, false, wrap("save team flags", err)
		}
		if params == nil || string(params) == "null" {
			params = []byte("{}")
		}
		since := max(ms(w.Since), 1)
		if oldest == 0 || since < oldest {
			oldest = since
		}
		if had[k] {
			_, err = tx.q.ExecContext(ctx, `UPDATE team_flags SET since = $4, params = $5
				WHERE team_id = $1 AND rule = $2 AND user_id = $3 AND (since <> $4 OR params <> $5)`,
				teamID, string(w.Rule), w.UserID, since, string(params))
		} else {
			_, err = tx.q.ExecContext(ctx, `INSERT INTO team_flags (team_id, rule, user_id, since, params, flagged_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, teamID, string(w.Rule), w.UserID, since, string(params), ms(now))
			added = append(added, w)
		}
		if err != nil {
			return nil, false, wrap("save team flags", err)
		}
	}
	for k := range had {
		if !seen[k] {
			if _, err := tx.q.ExecContext(ctx, `DELETE FROM team_flags WHERE team_id = $1 AND rule = $2 AND user_id = $3`,
				teamID, string(k.rule), k.user); err != nil {
				return nil, false, wrap("save team flags", err)
			}
		}
	}
	if oldest == 0 {
		_, err = tx.q.ExecContext(ctx, `DELETE FROM team_flag_heads WHERE team_id = $1`, teamID)
	} else {
		_, err = tx.q.ExecContext(ctx, `INSERT INTO team_flag_heads (team_id, organization_id, project_id, since) VALUES ($1, $2, $3, $4)
			ON CONFLICT (team_id) DO UPDATE SET since = excluded.since`, teamID, org, project, oldest)
	}
	return added, false, wrap("save team flags", err)
}

// FindTeamFlags returns the stored warnings of team teamID, oldest first,
// with the display names of the people they name.
func (c *conn) FindTeamFlags(ctx context.Context, teamID int64) ([]furusato.Warning, map[int64]string, error) {
	rows, err := c.q.QueryContext(ctx, `
		SELECT f.rule, f.user_id, f.since, f.params, COALESCE(u.display_name, '')
		FROM team_flags f LEFT JOIN users u ON u.id = f.user_id AND u.deleted_at = 0
		WHERE f.team_id = $1 ORDER BY f.since, f.rule, f.user_id`, teamID)
	if err != nil {
		return nil, nil, wrap("find team flags", err)
	}
	defer rows.Close()
	t := &furusato.FlaggedTeam{Names: map[int64]string{}}
	for rows.Next() {
		var user, since int64
		var rule, params, name string
		if err := rows.Scan(&rule, &user, &since, &params, &name); err != nil {
			return nil, nil, wrap("find team flags", err)
		}
		if err := addFlag(t, rule, user, since, params, name); err != nil {
			return nil, nil, wrap("find team flags", err)
		}
	}
	return t.Warnings, t.Names, wrap("find team flags", rows.Err())
}

// addFlag adds the flag read as rule (empty for a team without flags,
// from an outer join), user, since, params and the person's name to t.
func addFlag(t *furusato.FlaggedTeam, rule string, user, since int64, params, name string) error {
	if rule == "" {
		return nil
	}
	w := furusato.Warning{Rule: furusato.WarningRule(rule), Since: fromMS(since), UserID: user, Key: "warning." + rule}
	if err := json.Unmarshal([]byte(params), &w.Params); err != nil {
		return err
	}
	t.Warnings = append(t.Warnings, w)
	if user != 0 && name != "" {
		t.Names[user] = name
	}
	if t.Since.IsZero() || w.Since.Before(t.Since) {
		t.Since = w.Since
	}
	return nil
}

// FindFlaggedTeams returns the dashboard of filter f: of the teams whose
// work goes on that f selects, the flagged ones first, the longest-flagged
// first (ties by id), then (with quiet) the others by id, at most limit of
// them, each with its stored warnings; total counts every team f selects and flagged
// those with a warning. The flagged teams come in order from
// team_flag_heads' indexes, the count and the others through
// teams_organization or the project's unique index, so the cost grows
// with the teams of the dashboard, never with their history.
func (c *conn) FindFlaggedTeams(ctx context.Context, f furusato.TeamFilter, limit int, quiet bool) (teams []*furusato.FlaggedTeam, total, flagged int, err error) {
	if !f.All && len(f.OrganizationIDs) == 0 && len(f.ProjectIDs) == 0 || limit <= 0 {
		return nil, 0, 0, nil
	}
	qs := flaggedTeamsQueries(f, limit)
	ids, err := c.int64s(ctx, qs[0].sql, qs[0].args...)
	if err != nil {
		return nil, 0, 0, wrap("find flagged teams", err)
	}
	flagged = len(ids)
	ids = ids[:min(len(ids), limit)]
	if err := c.q.QueryRowContext(ctx, qs[1].sql, qs[1].args...).Scan(&total); err != nil {
		return nil, 0, 0, wrap("find flagged teams", err)
	}
	if quiet && len(ids) < limit && total > flagged {
		quiet, err := c.int64s(ctx, qs[2].sql, qs[2].args...)
		if err != nil {
			return nil, 0, 0, wrap("find flagged teams", err)
		}
		ids = append(ids, quiet[:min(len(quiet), limit-len(ids))]...)
	}
	if len(ids) == 0 {
		return nil, total, flagged, nil
	}
	byID := map[int64]*furusato.FlaggedTeam{}
	teams = make([]*furusato.FlaggedTeam, len(ids))
	for i, id := range ids {
		teams[i] = &furusato.FlaggedTeam{TeamID: id, Names: map[int64]string{}}
		byID[id] = teams[i]
	}
	var qb builder
	rows, err := c.q.QueryContext(ctx, `
		SELECT t.id, t.project_id, p.title, p.slug, COALESCE(f.rule, ''), COALESCE(f.user_id, 0), COALESCE(f.since, 0),
			COALESCE(f.params, '{}'), COALESCE(u.display_name, '')
		FROM teams t JOIN projects p ON p.id = t.project_id
		LEFT JOIN team_flags f ON f.team_id = t.id
		LEFT JOIN users u ON u.id = f.user_id AND u.deleted_at = 0
		WHERE t.id IN (`+qb.ids(ids)+`)
		ORDER BY t.id, f.since, f.rule, f.user_id`, qb.args...)
	if err != nil {
		return nil, 0, 0, wrap("find flagged teams", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, project int64
		var title, slug string
		var user, since int64
		var rule, params, name string
		if err := rows.Scan(&id, &project, &title, &slug, &rule, &user, &since, &params, &name); err != nil {
			return nil, 0, 0, wrap("find flagged teams", err)
		}
		t := byID[id]
		t.ProjectID, t.ProjectTitle, t.ProjectSlug = project, title, slug
		if err := addFlag(t, rule, user, since, params, name); err != nil {
			return nil, 0, 0, wrap("find flagged teams", err)
		}
	}
	return teams, total, flagged, wrap("find flagged teams", rows.Err())
}

// query is one SQL statement with its arguments.
type query struct {
	sql  string
	args []any
}

// flaggedTeamsQueries returns the queries of FindFlaggedTeams for f: the
// ids of the flagged teams in order, the count of the teams, and the ids of
// the first limit teams without flags.
func flaggedTeamsQueries(f furusato.TeamFilter, limit int) [3]query {
	filter := func(b *builder, alias string) string {
		if f.All {
			return ""
		}
		var ors []string
		if len(f.OrganizationIDs) > 0 {
			ors = append(ors, alias+".organization_id IN ("+b.ids(uniqueIDs(f.OrganizationIDs))+")")
		}
		if len(f.ProjectIDs) > 0 {
			ors = append(ors, alias+".project_id IN ("+b.ids(uniqueIDs(f.ProjectIDs))+")")
		}
		return " AND (" + strings.Join(ors, " OR ") + ")"
	}
	var hb, tb, qb builder
	heads := `
		SELECT h.team_id FROM team_flag_heads h JOIN teams t ON t.id = h.team_id AND t.ended_at = 0
		JOIN projects p ON p.id = t.project_id AND p.status IN ('published', 'closed', 'in_progress')
		WHERE 1 = 1` + filter(&hb, "h") + `
		ORDER BY h.since, h.team_id`
	// For some teams, the project's status by a lookup per team: a join
	// lets PostgreSQL merge with the whole projects table to count 500
	// teams. For all of them, the join.
	count := `SELECT COUNT(*) ` + openTeamsFrom + ` WHERE t.ended_at = 0`
	if !f.All {
		count = `SELECT COUNT(*) FROM teams t WHERE t.ended_at = 0` + filter(&tb, "t") + `
		AND (SELECT p.status FROM projects p WHERE p.id = t.project_id) IN ('published', 'closed', 'in_progress')`
	}
	quiet := `SELECT t.id ` + openTeamsFrom + ` WHERE t.ended_at = 0` + filter(&qb, "t") + `
		AND NOT EXISTS (SELECT 1 FROM team_flag_heads h WHERE h.team_id = t.id)
		ORDER BY t.id LIMIT ` + qb.arg(limit)
	return [3]query{{heads, hb.args}, {count, tb.args}, {quiet, qb.args}}
}

// int64s runs q and returns its single int64 column.
func (c *conn) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
