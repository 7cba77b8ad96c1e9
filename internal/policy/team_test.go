package policy

import (
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// teamColumns: project P's team with the participant role (user 2) on it,
// and the same team without them (another participant, user 99).
var teamColumns = []string{"on team", "not on team"}

func teamScope(col int) furusato.TeamScope {
	s := furusato.TeamScope{TeamID: 300, ProjectID: projectP, CompanyID: companyA, OrganizationID: orgX, Participants: []int64{2}}
	if col == 1 {
		s.Participants = []int64{99}
	}
	return s
}

// teamRow builds a row from the results of the five team roles that may
// differ; outsiders (visitor, staffB, coordY, supporterG, removed) are
// always ENOTFOUND (visitor EUNAUTHORIZED), and a participant not on the
// team is an outsider too.
func teamRow(act Action, participant, staffA, coordX, supporterP, admin byte) row {
	return row{act, map[string]string{
		"visitor": "uu", "participant": string(participant) + "n", "staffA": string([]byte{staffA, staffA}),
		"staffB": "nn", "coordX": string([]byte{coordX, coordX}), "coordY": "nn",
		"supporterP": string([]byte{supporterP, supporterP}), "supporterG": "nn", "removed": "nn",
		"admin": string([]byte{admin, admin}),
	}}
}

// teamMatrix: Team(actor, action, scope). y allowed, n ENOTFOUND (not on
// the team: as for a team that does not exist), u EUNAUTHORIZED, f
// EFORBIDDEN (a member, or an admin, refused).
var teamMatrix = []row{
	//                                     participant staffA coordX supporterP admin
	teamRow(TeamView, 'y', 'y', 'y', 'y', 'y'),
	teamRow(TeamMessage, 'y', 'y', 'y', 'y', 'y'),
	teamRow(MilestoneEdit, 'y', 'y', 'y', 'y', 'y'),
	teamRow(CharterEdit, 'f', 'y', 'y', 'f', 'y'),
	teamRow(CharterConfirm, 'y', 'y', 'y', 'y', 'f'),
	teamRow(CharterExpect, 'y', 'y', 'y', 'y', 'f'),
	teamRow(AgreementIssue, 'f', 'f', 'y', 'f', 'y'),
	teamRow(AgreementAcceptParticipant, 'y', 'f', 'f', 'f', 'f'),
	teamRow(AgreementAcceptCompany, 'f', 'y', 'f', 'f', 'f'),
	teamRow(CheckInWrite, 'y', 'f', 'f', 'f', 'f'),
	teamRow(CheckInComment, 'f', 'f', 'y', 'y', 'y'),
	teamRow(InterventionRecord, 'f', 'f', 'y', 'f', 'y'),
	teamRow(TeamWarnings, 'f', 'f', 'y', 'y', 'y'),
	teamRow(TeamMeetingSchedule, 'f', 'y', 'y', 'f', 'y'),
	teamRow(TeamMeetingPick, 'y', 'f', 'y', 'f', 'y'),
	teamRow(TeamStart, 'f', 'f', 'y', 'f', 'y'),
	teamRow(TeamComplete, 'f', 'f', 'y', 'f', 'y'),
	teamRow(ReflectionWrite, 'y', 'y', 'f', 'y', 'f'),
	teamRow(ReflectionRead, 'y', 'y', 'y', 'y', 'y'),
}

func TestTeam_Matrix(t *testing.T) {
	for _, r := range teamMatrix {
		check(t, "Team", r, teamColumns, func(a *furusato.Actor, col int) error {
			return Team(a, r.act, teamScope(col))
		})
	}
}

// dashboardMatrix: Dashboard(actor, TeamDashboard). Coordinators and
// supporters of any organisation (an empty dashboard is still theirs).
var dashboardMatrix = []row{
	{TeamDashboard, map[string]string{
		"visitor": "u", "participant": "f", "staffA": "f", "staffB": "f", "coordX": "y",
		"coordY": "y", "supporterP": "y", "supporterG": "y", "removed": "f", "admin": "y",
	}},
}

func TestDashboard_Matrix(t *testing.T) {
	for _, r := range dashboardMatrix {
		check(t, "Dashboard", r, []string{"dashboard"}, func(a *furusato.Actor, _ int) error {
			_, err := Dashboard(a, r.act)
			return err
		})
	}
}

// TestDashboard_Filter: which teams each dashboard holds. A supporter
// sees only the projects assigned through a group they still belong to;
// a coordinator who also supports sees both.
func TestDashboard_Filter(t *testing.T) {
	actors := roleActors()
	both := signedIn(12, coordinator(orgY), supporter(groupG))
	both.Supporting = []furusato.Support{{ProjectID: projectP, OrganizationID: groupG}, {ProjectID: 101, OrganizationID: 77}}
	for _, c := range []struct {
		name string
		a    *furusato.Actor
		want furusato.TeamFilter
	}{
		{"admin", actors["admin"][0], furusato.TeamFilter{All: true}},
		{"coordX", actors["coordX"][0], furusato.TeamFilter{OrganizationIDs: []int64{orgX}}},
		{"supporterP", actors["supporterP"][0], furusato.TeamFilter{ProjectIDs: []int64{projectP}}},
		{"supporterG", actors["supporterG"][0], furusato.TeamFilter{}},
		{"coordinator and supporter", both, furusato.TeamFilter{OrganizationIDs: []int64{orgY}, ProjectIDs: []int64{projectP}}},
	} {
		got, err := Dashboard(c.a, TeamDashboard)
		if err != nil || got.All != c.want.All || !slices.Equal(got.OrganizationIDs, c.want.OrganizationIDs) ||
			!slices.Equal(got.ProjectIDs, c.want.ProjectIDs) {
			t.Errorf("%s: Dashboard = %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}

// TestTeam_NotFoundIsIndistinguishable: an outsider gets the same error
// for a team that exists as for one that does not, whatever they ask.
func TestTeam_NotFoundIsIndistinguishable(t *testing.T) {
	for _, role := range []string{"participant", "staffB", "coordY", "supporterG", "removed"} {
		a := roleActors()[role][0]
		for _, act := range teamActions {
			err := Team(a, act, teamScope(1))
			if furusato.ErrorCode(err) != furusato.ENOTFOUND || err.Error() != teamNotFound().Error() {
				t.Errorf("%s by %s = %v, want the not-found error", act, role, err)
			}
		}
	}
}

// TestTeam_UnsetLinksMatchNobody: a scope that lost its links (a bug
// upstream) lets no staff member, coordinator or supporter with an unset
// id in.
func TestTeam_UnsetLinksMatchNobody(t *testing.T) {
	s := furusato.TeamScope{TeamID: 300}
	zeroStaff := signedIn(3, furusato.Membership{Role: furusato.RoleCompanyStaff})
	zeroCoord := signedIn(5, furusato.Membership{Role: furusato.RoleCoordinator})
	zeroSup := signedIn(7, supporter(groupG))
	zeroSup.Supporting = []furusato.Support{{OrganizationID: groupG}}
	for i, a := range []*furusato.Actor{zeroStaff, zeroCoord, zeroSup, signedIn(0)} {
		if got := furusato.ErrorCode(Team(a, TeamView, s)); got != furusato.ENOTFOUND {
			t.Errorf("actor %d: TeamView with unset links = %s, want not_found", i, name(got))
		}
	}
}

func TestTeam_WrongFamilyIsInternal(t *testing.T) {
	for _, err := range []error{
		Team(signedIn(2), ProjectEdit, teamScope(0)),
		Team(signedIn(2), TeamDashboard, teamScope(0)),
		func() error { _, err := Dashboard(signedIn(2), TeamView); return err }(),
	} {
		if got := furusato.ErrorCode(err); got != furusato.EINTERNAL {
			t.Errorf("%v = %s, want internal", err, name(got))
		}
	}
	if !CanSeeTeam(roleActors()["supporterP"][0], teamScope(0)) || CanSeeTeam(roleActors()["supporterG"][0], teamScope(0)) {
		t.Error("CanSeeTeam")
	}
}

// TestDashboard_OpensManage: whoever has a team dashboard may open /manage,
// where it is (a supporter included: /manage is their dashboard).
func TestDashboard_OpensManage(t *testing.T) {
	for role, as := range roleActors() {
		for _, a := range as {
			if _, err := Dashboard(a, TeamDashboard); err == nil && Global(a, ManageOpen) != nil {
				t.Errorf("%s has a dashboard but may not open /manage", role)
			}
		}
	}
}
