package policy

import (
	"time"

	"github.com/furusato/furusato/internal/furusato"
)

// ReflectionSideOf returns the side a writes reflections for on the team
// s describes, and false when a writes none (coordinators, admins,
// outsiders). A person in two roles writes for the first of participant,
// company, supporter: their own work comes first.
func ReflectionSideOf(a *furusato.Actor, s furusato.TeamScope) (furusato.ReflectionSide, bool) {
	a = actor(a)
	if !a.SignedIn() {
		return "", false
	}
	switch {
	case s.Participant(a.User.ID):
		return furusato.SideParticipant, true
	case staffOf(a, s.CompanyID):
		return furusato.SideCompany, true
	case supports(a, s.ProjectID):
		return furusato.SideSupporter, true
	}
	return "", false
}

// ReflectionVisible reports whether a may read reflection r of the team s
// describes, in round at now. a has passed ReflectionRead. The rule
// (issue 10: "each side sees the other's feedback only after both have
// submitted or 14 days have passed"):
//   - one's own reflection: always;
//   - admins and the team's coordinators: every reflection at once. They
//     are no side: they read them to accompany the next team, and nothing
//     of theirs is weighed against what they read;
//   - the same side: the company's staff read each other's (they speak
//     for one company), supporters each other's; a participant never
//     reads another participant's (it is about their own growth and
//     their main job);
//   - another side: once the reader's side has written (the reader
//     themself for a participant or a supporter, anyone of the company's
//     staff for the company), since r exists, both sides have then
//     written; or once round.RevealAt has passed, written or not.
func ReflectionVisible(a *furusato.Actor, s furusato.TeamScope, round furusato.ReflectionRound, r *furusato.Reflection, now time.Time) bool {
	a = actor(a)
	if !a.SignedIn() || r == nil || r.TeamID != s.TeamID || round.TeamID != s.TeamID {
		return false
	}
	if r.AuthorID == a.User.ID {
		return true
	}
	if a.IsAdmin() || coordinates(a, s.OrganizationID) {
		return true
	}
	side, ok := ReflectionSideOf(a, s)
	if !ok {
		return false
	}
	if side == r.Side {
		return side != furusato.SideParticipant
	}
	if round.Revealed(now) {
		return true
	}
	if side == furusato.SideCompany {
		return round.SideWrote(furusato.SideCompany)
	}
	return round.WroteBy(a.User.ID)
}
