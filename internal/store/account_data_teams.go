package store

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// UserTeamData is what one person wrote or agreed to in teams, as their
// data export reads it: the teams they are a participant of, their
// expectations, confirmations and acceptances, their check-ins, comments,
// team messages and interventions, and the milestones they own. Each row
// names its project, so the export reads without the teams.
type UserTeamData struct {
	Teams         []UserTeam
	Expectations  []UserTeamRow[furusato.Expectation]
	Confirmations []UserTeamRow[UserConfirmation]
	Acceptances   []UserTeamRow[UserAcceptance]
	CheckIns      []UserTeamRow[furusato.CheckIn]
	Comments      []UserTeamRow[furusato.CheckInComment]
	Messages      []UserTeamRow[furusato.TeamMessage]
	Interventions []UserTeamRow[furusato.Intervention]
	Milestones    []UserTeamRow[furusato.Milestone]
}

// UserTeam is a team a person is a participant of.
type UserTeam struct {
	TeamID    int64
	Project   string // title
	Slug      string
	KickoffAt time.Time
}

// UserTeamRow is one of a person's rows in a team, with the project it
// belongs to.
type UserTeamRow[T any] struct {
	Project string // title
	Row     T
}

// UserConfirmation is a confirmation of one charter version.
type UserConfirmation struct {
	Version     int
	Role        furusato.TeamRole
	ConfirmedAt time.Time
}

// UserAcceptance is an acceptance of one agreement version.
type UserAcceptance struct {
	Version    int
	Party      furusato.Party
	AcceptedAt time.Time
}

// FindUserTeamData returns user userID's rows in the team tables, each
// list in time order.
func (c *conn) FindUserTeamData(ctx context.Context, userID int64) (*UserTeamData, error) {
	d := &UserTeamData{}
	type reader struct {
		query string
		scan  func(project *string, scan func(...any) error) error
	}
	for _, r := range []reader{
		{`SELECT p.title, t.id, p.slug, t.kickoff_at FROM teams t JOIN projects p ON p.id = t.project_id
			WHERE t.project_id IN (SELECT project_id FROM entries WHERE user_id = $1 AND stage = 'matched') ORDER BY t.created_at, t.id`,
			func(project *string, scan func(...any) error) error {
				var u UserTeam
				var kick int64
				err := scan(&u.TeamID, &u.Slug, &kick)
				u.Project, u.KickoffAt = *project, fromMS(kick)
				d.Teams = append(d.Teams, u)
				return err
			}},
		{`SELECT p.title, e.charter_id, e.gives, e.gets, e.updated_at FROM charter_expectations e
			JOIN charters c ON c.id = e.charter_id JOIN teams t ON t.id = c.team_id JOIN projects p ON p.id = t.project_id
			WHERE e.user_id = $1 ORDER BY e.updated_at, e.charter_id`,
			func(project *string, scan func(...any) error) error {
				e := furusato.Expectation{UserID: userID}
				var at int64
				err := scan(&e.CharterID, &e.Give, &e.Get, &at)
				e.UpdatedAt = fromMS(at)
				d.Expectations = append(d.Expectations, UserTeamRow[furusato.Expectation]{*project, e})
				return err
			}},
		{`SELECT p.title, c.version, cc.role, cc.confirmed_at FROM charter_confirmations cc
			JOIN charters c ON c.id = cc.charter_id JOIN teams t ON t.id = c.team_id JOIN projects p ON p.id = t.project_id
			WHERE cc.user_id = $1 ORDER BY cc.confirmed_at, c.id`,
			func(project *string, scan func(...any) error) error {
				var x UserConfirmation
				var role string
				var at int64
				err := scan(&x.Version, &role, &at)
				x.Role, x.ConfirmedAt = furusato.TeamRole(role), fromMS(at)
				d.Confirmations = append(d.Confirmations, UserTeamRow[UserConfirmation]{*project, x})
				return err
			}},
		{`SELECT p.title, a.version, aa.party, aa.accepted_at FROM agreement_acceptances aa
			JOIN agreements a ON a.id = aa.agreement_id JOIN teams t ON t.id = a.team_id JOIN projects p ON p.id = t.project_id
			WHERE aa.user_id = $1 ORDER BY aa.accepted_at, a.id`,
			func(project *string, scan func(...any) error) error {
				var x UserAcceptance
				var party string
				var at int64
				err := scan(&x.Version, &party, &at)
				x.Party, x.AcceptedAt = furusato.Party(party), fromMS(at)
				d.Acceptances = append(d.Acceptances, UserTeamRow[UserAcceptance]{*project, x})
				return err
			}},
		{`SELECT p.title, c.id, c.team_id, c.seq, c.period_start, c.period_end, c.done, c.next_steps, c.blockers, c.hours, c.created_at
			FROM checkins c JOIN teams t ON t.id = c.team_id JOIN projects p ON p.id = t.project_id
			WHERE c.author_id = $1 ORDER BY c.created_at, c.id`,
			func(project *string, scan func(...any) error) error {
				x := furusato.CheckIn{AuthorID: userID}
				var start, end, at int64
				err := scan(&x.ID, &x.TeamID, &x.Seq, &start, &end, &x.Done, &x.Next, &x.Blockers, &x.Hours, &at)
				x.PeriodStart, x.PeriodEnd, x.CreatedAt = fromMS(start), fromMS(end), fromMS(at)
				d.CheckIns = append(d.CheckIns, UserTeamRow[furusato.CheckIn]{*project, x})
				return err
			}},
		{`SELECT p.title, m.id, m.checkin_id, m.role, m.body, m.created_at FROM checkin_comments m
			JOIN checkins c ON c.id = m.checkin_id JOIN teams t ON t.id = c.team_id JOIN projects p ON p.id = t.project_id
			WHERE m.author_id = $1 ORDER BY m.id`,
			func(project *string, scan func(...any) error) error {
				x := furusato.CheckInComment{AuthorID: userID}
				var role string
				var at int64
				err := scan(&x.ID, &x.CheckInID, &role, &x.Body, &at)
				x.Role, x.CreatedAt = furusato.TeamRole(role), fromMS(at)
				d.Comments = append(d.Comments, UserTeamRow[furusato.CheckInComment]{*project, x})
				return err
			}},
		{`SELECT p.title, m.id, m.team_id, m.body, m.created_at FROM team_messages m
			JOIN teams t ON t.id = m.team_id JOIN projects p ON p.id = t.project_id
			WHERE m.author_id = $1 ORDER BY m.id`,
			func(project *string, scan func(...any) error) error {
				x := furusato.TeamMessage{AuthorID: userID}
				var at int64
				err := scan(&x.ID, &x.TeamID, &x.Body, &at)
				x.CreatedAt = fromMS(at)
				d.Messages = append(d.Messages, UserTeamRow[furusato.TeamMessage]{*project, x})
				return err
			}},
		{`SELECT p.title, i.id, i.team_id, i.action, i.next_date, i.created_at FROM interventions i
			JOIN teams t ON t.id = i.team_id JOIN projects p ON p.id = t.project_id
			WHERE i.author_id = $1 ORDER BY i.created_at, i.id`,
			func(project *string, scan func(...any) error) error {
				x := furusato.Intervention{AuthorID: userID}
				var next string
				var at int64
				err := scan(&x.ID, &x.TeamID, &x.Action, &next, &at)
				x.Next, _ = furusato.ParseDate(next)
				x.CreatedAt = fromMS(at)
				d.Interventions = append(d.Interventions, UserTeamRow[furusato.Intervention]{*project, x})
				return err
			}},
		{`SELECT p.title, m.id, m.team_id, m.title, m.due_date, m.status, m.created_at, m.updated_at FROM milestones m
			JOIN teams t ON t.id = m.team_id JOIN projects p ON p.id = t.project_id
			WHERE m.owner_id = $1 ORDER BY m.due_date, m.id`,
			func(project *string, scan func(...any) error) error {
				x := furusato.Milestone{OwnerID: userID}
				var due, status string
				var created, updated int64
				err := scan(&x.ID, &x.TeamID, &x.Title, &due, &status, &created, &updated)
				x.Due, _ = furusato.ParseDate(due)
				x.Status, x.CreatedAt, x.UpdatedAt = furusato.MilestoneStatus(status), fromMS(created), fromMS(updated)
				d.Milestones = append(d.Milestones, UserTeamRow[furusato.Milestone]{*project, x})
				return err
			}},
	} {
		if err := c.readUserRows(ctx, r.query, userID, r.scan); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// readUserRows runs query for userID and hands scan a scanner of each row
// that also reads its first column (the project's title) into *project.
func (c *conn) readUserRows(ctx context.Context, query string, userID int64, scan func(*string, func(...any) error) error) error {
	rows, err := c.q.QueryContext(ctx, query, userID)
	if err != nil {
		return wrap("find user team data", err)
	}
	defer rows.Close()
	for rows.Next() {
		var project string
		err := scan(&project, func(dest ...any) error { return rows.Scan(append([]any{&project}, dest...)...) })
		if err != nil {
			return wrap("find user team data", err)
		}
	}
	return wrap("find user team data", rows.Err())
}
