package policy

import "github.com/furusato/furusato/internal/furusato"

// Team actions, decided by Team over a furusato.TeamScope (the team's own
// links), and the dashboard, decided by Dashboard.
const (
	TeamView                   Action = "team.view"                    // the workspace: members, charter, agreement, milestones, check-ins
	TeamMessage                Action = "team.message"                 // read and write the team thread
	CharterEdit                Action = "charter.edit"                 // write a new charter version
	CharterConfirm             Action = "charter.confirm"              // confirm the current version as a member
	CharterExpect              Action = "charter.expect"               // write one's own expectations
	AgreementIssue             Action = "agreement.issue"              // fill in and issue an agreement version
	AgreementAcceptParticipant Action = "agreement.accept_participant" // accept as a participant, for oneself
	AgreementAcceptCompany     Action = "agreement.accept_company"     // accept for the company
	MilestoneEdit              Action = "milestone.edit"               // add, edit, close milestones
	CheckInWrite               Action = "checkin.write"                // write one's own check-in
	CheckInComment             Action = "checkin.comment"              // comment on a check-in
	InterventionRecord         Action = "intervention.record"          // record an intervention on a flagged team
	TeamWarnings               Action = "team.warnings"                // see a team's early warnings
	TeamDashboard              Action = "team.dashboard"               // the dashboard of flagged teams
	TeamMeetingSchedule        Action = "team.meeting_schedule"        // propose, reschedule, cancel a team meeting
	TeamMeetingPick            Action = "team.meeting_pick"            // pick the time of a proposed team meeting
	TeamStart                  Action = "team.start"                   // start the project (closing its entries first)
	TeamComplete               Action = "team.complete"                // complete the project or end it early
	ReflectionWrite            Action = "reflection.write"             // write (and, while no other side can read it, edit) one's own reflection
	ReflectionRead             Action = "reflection.read"              // open the team's reflections (what shows: ReflectionVisible)
)

// TeamActions returns the actions Team decides (a copy), for a page that
// shows only the buttons its viewer may use.
func TeamActions() []Action { return append([]Action(nil), teamActions...) }

// teamActions lists the actions Team decides.
var teamActions = []Action{TeamView, TeamMessage, CharterEdit, CharterConfirm, CharterExpect,
	AgreementIssue, AgreementAcceptParticipant, AgreementAcceptCompany, MilestoneEdit,
	CheckInWrite, CheckInComment, InterventionRecord, TeamWarnings,
	TeamMeetingSchedule, TeamMeetingPick, TeamStart, TeamComplete, ReflectionWrite, ReflectionRead}

// Team decides whether a may do act on the team s describes. The
// workspace exists only for the team and admins (issue 10: "only the
// team (and admins) see the workspace"); the team is its participants
// (s.Participants), its company's staff, its organisation's coordinators
// and the supporters assigned to its project (supporters see only their
// assigned projects). Everyone else gets ENOTFOUND for every action, as
// for a team that does not exist (a visitor EUNAUTHORIZED). Inside the
// team a refusal is EFORBIDDEN: the workspace is no secret to its members.
// By action:
//   - TeamView, TeamMessage, MilestoneEdit: every member and admins.
//   - CharterEdit: the coordinators, the company's staff and admins (they
//     shape the charter; participants and supporters confirm it and write
//     their expectations).
//   - CharterConfirm, CharterExpect: members only, for themselves; an admin
//     who is no member has nothing to confirm.
//   - AgreementIssue: the coordinators and admins.
//   - AgreementAcceptParticipant: the team's participants, for themselves;
//     AgreementAcceptCompany: the company's staff. Nobody accepts for
//     another party, admins included.
//   - CheckInWrite: the participants (the hours are theirs).
//   - CheckInComment: the supporters, the coordinators and admins.
//   - InterventionRecord: the coordinators and admins.
//   - TeamWarnings: the coordinators, the supporters and admins: the flag
//     is theirs to act on, not the team's to read.
//   - TeamMeetingSchedule: the coordinators, the company's staff and admins
//     (the company often hosts the kickoff; supporters and participants
//     say what suits them in the thread).
//   - TeamMeetingPick: the participants, the coordinators and admins. One
//     pick confirms the meeting for everyone: the participants' time (a
//     main job beside the side job) is the scarcest, so they may settle it,
//     and with several participants the coordinator settles it after
//     asking in the thread. The company proposed the times it can do.
//   - TeamStart, TeamComplete: the coordinators and admins, as the project
//     moves they make (policy.Move) are theirs.
//   - ReflectionWrite: the participants, the company's staff and the
//     supporters, each for their own side (ReflectionSideOf); coordinators
//     and admins read reflections, they write none.
//   - ReflectionRead: every member and admins; which reflections show is
//     ReflectionVisible's to decide.
func Team(a *furusato.Actor, act Action, s furusato.TeamScope) error {
	a = actor(a)
	if !teamAction(act) {
		return wrongFamily(act, "Team")
	}
	if err := needSignIn(a); err != nil {
		return err
	}
	part := s.Participant(a.User.ID)
	staff := staffOf(a, s.CompanyID)
	coord := coordinates(a, s.OrganizationID)
	sup := supports(a, s.ProjectID)
	member := part || staff || coord || sup
	if !member && !a.IsAdmin() {
		return teamNotFound()
	}
	var ok bool
	switch act {
	case TeamView, TeamMessage, MilestoneEdit, ReflectionRead:
		ok = true
	case ReflectionWrite:
		ok = part || staff || sup
	case CharterEdit:
		ok = coord || staff || a.IsAdmin()
	case CharterConfirm, CharterExpect:
		ok = member
	case AgreementIssue, InterventionRecord, TeamStart, TeamComplete:
		ok = coord || a.IsAdmin()
	case TeamMeetingSchedule:
		ok = coord || staff || a.IsAdmin()
	case TeamMeetingPick:
		ok = part || coord || a.IsAdmin()
	case AgreementAcceptParticipant, CheckInWrite:
		ok = part
	case AgreementAcceptCompany:
		ok = staff
	case CheckInComment, TeamWarnings:
		ok = sup || coord || a.IsAdmin()
	}
	if ok {
		return nil
	}
	return refuse(a, "")
}

// CanSeeTeam reports whether a may see the team s describes.
func CanSeeTeam(a *furusato.Actor, s furusato.TeamScope) bool { return Team(a, TeamView, s) == nil }

// Dashboard decides TeamDashboard and returns which teams a's dashboard
// holds: every team for admins, the teams of the organisations a
// coordinates and of the projects a is assigned to as a supporter (an
// assignment counts only while a is a supporter of its partner group).
// Coordinators and supporters may open it even while it is empty; anyone
// else signed in gets EFORBIDDEN (the page is no secret), a visitor
// EUNAUTHORIZED.
func Dashboard(a *furusato.Actor, act Action) (furusato.TeamFilter, error) {
	a = actor(a)
	if act != TeamDashboard {
		return furusato.TeamFilter{}, wrongFamily(act, "Dashboard")
	}
	if err := needSignIn(a); err != nil {
		return furusato.TeamFilter{}, err
	}
	if a.IsAdmin() {
		return furusato.TeamFilter{All: true}, nil
	}
	var f furusato.TeamFilter
	allowed := false
	for _, m := range a.Memberships {
		switch {
		case m.Role == furusato.RoleCoordinator && m.OrganizationID != 0:
			f.OrganizationIDs = append(f.OrganizationIDs, m.OrganizationID)
			allowed = true
		case m.Role == furusato.RoleSupporter && m.OrganizationID != 0:
			allowed = true
		}
	}
	for _, s := range a.Supporting {
		if supports(a, s.ProjectID) && !containsID(f.ProjectIDs, s.ProjectID) {
			f.ProjectIDs = append(f.ProjectIDs, s.ProjectID)
		}
	}
	if !allowed {
		return furusato.TeamFilter{}, refuse(a, "Only coordinators and supporters have a team dashboard.")
	}
	return f, nil
}

func containsID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

func teamNotFound() error { return furusato.Errorf(furusato.ENOTFOUND, "Team not found.") }

func teamAction(act Action) bool {
	for _, t := range teamActions {
		if t == act {
			return true
		}
	}
	return false
}
