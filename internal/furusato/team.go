package furusato

import (
	"slices"
	"time"
)

// Cadence is how often a team's participants write a check-in (定例報告),
// as the charter sets it.
type Cadence string

// The check-in cadences.
const (
	CadenceWeekly   Cadence = "weekly"
	CadenceBiweekly Cadence = "biweekly" // every two weeks
	CadenceMonthly  Cadence = "monthly"
)

// Cadences lists every cadence, in the order forms offer them.
var Cadences = []Cadence{CadenceWeekly, CadenceBiweekly, CadenceMonthly}

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return slices.Contains(Cadences, c) }

// After returns the instant one period of c after t. A month is a
// calendar month in JST (31 January + 1 month is 3 March, as AddDate
// does), so a monthly check-in falls on the same day of the month.
func (c Cadence) After(t time.Time) time.Time {
	switch c {
	case CadenceBiweekly:
		return t.Add(14 * 24 * time.Hour)
	case CadenceMonthly:
		return t.In(JST).AddDate(0, 1, 0)
	}
	return t.Add(7 * 24 * time.Hour)
}

// PerYear is how many periods of c make a year (52, 26 or 12): the
// charter's hours are per week, a check-in's per period.
func (c Cadence) PerYear() int {
	switch c {
	case CadenceBiweekly:
		return 26
	case CadenceMonthly:
		return 12
	}
	return 52
}

// Team is the matched team of one project (one team per project), made
// when the project's first entry is matched. Its members are not stored:
// they are derived from the project's matched entries, its company's
// staff, its organisation's coordinators and its assigned supporters
// (TeamMember), so a membership change shows at once.
type Team struct {
	ID        int64
	ProjectID int64
	// Copied from the project when the team is made (a project's links
	// never change), so the policy decides on the team alone.
	CompanyID      int64
	OrganizationID int64
	KickoffAt      time.Time // zero until the kickoff is set
	Cadence        Cadence   // the current charter's; weekly before there is one
	// The current versions: 0 before the first one.
	CharterVersion   int
	AgreementVersion int
	CreatedAt        time.Time
	// How the work ended: EndedAt is zero while it goes on; EndedEarly
	// with the coordinator's EndReason for an early end, else completed.
	EndedAt    time.Time
	EndedEarly bool
	EndReason  string
}

// Ended reports whether the team's work has ended.
func (t *Team) Ended() bool { return !t.EndedAt.IsZero() }

// TeamRole is the part a person plays in a team.
type TeamRole string

// The team roles, in the order a member list shows them.
const (
	TeamParticipant  TeamRole = "participant"
	TeamCompanyStaff TeamRole = "company_staff"
	TeamCoordinator  TeamRole = "coordinator"
	TeamSupporter    TeamRole = "supporter"
)

// TeamRoles lists every team role in member-list order.
var TeamRoles = []TeamRole{TeamParticipant, TeamCompanyStaff, TeamCoordinator, TeamSupporter}

// Valid reports whether r is a known team role.
func (r TeamRole) Valid() bool { return slices.Contains(TeamRoles, r) }

// TeamMember is one person of a team in one role (a person may hold two,
// and is then listed twice). RoleText is the supporter's named role
// (方向性, PR戦略…), "" for the other roles.
type TeamMember struct {
	UserID   int64
	Name     string
	Role     TeamRole
	RoleText string
}

// TeamScope names the links a team permission depends on: the team, its
// project, the project's company and organisation, and the participants
// (the users of the project's matched entries). Supporters are decided by
// the actor's own assignments to ProjectID.
type TeamScope struct {
	TeamID         int64
	ProjectID      int64
	CompanyID      int64
	OrganizationID int64
	Participants   []int64
}

// Scope is what the policy needs to know of t; participants are the user
// ids of its matched entries, read by the caller.
func (t *Team) Scope(participants []int64) TeamScope {
	return TeamScope{TeamID: t.ID, ProjectID: t.ProjectID, CompanyID: t.CompanyID,
		OrganizationID: t.OrganizationID, Participants: participants}
}

// Participant reports whether user id is a participant of the team.
func (s TeamScope) Participant(id int64) bool {
	return id != 0 && slices.Contains(s.Participants, id)
}

// TeamFilter selects the teams of a dashboard: those of the organisations
// OrganizationIDs and of the projects ProjectIDs (a supporter's), or every
// team with All (admins). The zero filter selects nothing.
type TeamFilter struct {
	OrganizationIDs []int64
	ProjectIDs      []int64
	All             bool
}
