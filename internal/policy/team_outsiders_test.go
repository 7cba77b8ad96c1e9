package policy

import (
	"testing"

	"github.com/furusato/furusato/internal/furusato"
)

// The members of another team (project Q of company B, coordinated by Y,
// with its own participant and supporter) are outsiders to P's team and
// to P's entries, whatever they may do on their own: every team action
// and every entry action on P is ENOTFOUND, as for what does not exist.
// The cases of the fixes (a meeting's cancel and pick, a team's end, an
// interview's pick) are among them.
func TestTeam_MembersOfAnotherTeamAreOutsiders(t *testing.T) {
	const projectQ, teamQ = 200, 301
	supQ := signedIn(78, supporter(groupG))
	supQ.Supporting = []furusato.Support{{ProjectID: projectQ, OrganizationID: groupG}}
	others := map[string]*furusato.Actor{
		"another team's participant":        signedIn(77),
		"another company's staff":           signedIn(4, staff(companyB)),
		"another region's coordinator":      signedIn(6, coordinator(orgY)),
		"another project's supporter":       supQ,
		"staff of both B and a coordinator": signedIn(79, staff(companyB), coordinator(orgY)),
	}
	q := furusato.TeamScope{TeamID: teamQ, ProjectID: projectQ, CompanyID: companyB, OrganizationID: orgY, Participants: []int64{77}}
	p := teamScope(0)
	entry := furusato.EntryScope{EntryID: 500, ProjectID: projectP, UserID: 2, CompanyID: companyA, OrganizationID: orgX}
	for name, a := range others {
		if err := Team(a, TeamView, q); err != nil {
			t.Errorf("%s cannot see their own team: %v", name, err)
		}
		for _, act := range teamActions {
			if err := Team(a, act, p); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("%s: %s on P's team = %v, want ENOTFOUND", name, act, err)
			}
		}
		for _, act := range []Action{EntryView, EntryWithdraw, EntryAccept, EntryMove, EntryNotes, EntryMessage, InterviewPlan, InterviewPick, InterviewNotes} {
			if err := Entry(a, act, entry); furusato.ErrorCode(err) != furusato.ENOTFOUND {
				t.Errorf("%s: %s on P's entry = %v, want ENOTFOUND", name, act, err)
			}
		}
	}
}
