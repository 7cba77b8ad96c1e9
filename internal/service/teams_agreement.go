package service

import (
	"context"
	"errors"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// The team's side-job agreement (業務委託・謝礼の取り決め): versions issued
// by the coordinators, filled from the project's terms and the charter
// (furusato.AgreementFrom), accepted by each participant for themself and
// by one of the company's staff for the company, per version.

// AgreementView is a team's current agreement as its members read it,
// with who accepted it, and the parties still to accept.
type AgreementView struct {
	Team    *furusato.Team
	Scope   furusato.TeamScope
	Project *furusato.Project
	Members []furusato.TeamMember // each person once
	// Agreement is the current version, nil before the first.
	Agreement   *furusato.Agreement
	Acceptances []furusato.AgreementAcceptance
	// Charter is the team's current charter version (0 for none): a
	// coordinator issues a new agreement when it moved past the one the
	// agreement was filled from.
	CharterVersion int
	Can            map[policy.Action]bool
	Me             int64
}

// Accepted reports whether the participant id accepted the current
// version for themself.
func (v *AgreementView) Accepted(id int64) bool {
	return slices.ContainsFunc(v.Acceptances, func(a furusato.AgreementAcceptance) bool {
		return a.Party == furusato.PartyParticipant && a.UserID == id
	})
}

// CompanyAcceptance returns the company's acceptance of the current
// version, if it was given.
func (v *AgreementView) CompanyAcceptance() (furusato.AgreementAcceptance, bool) {
	for _, a := range v.Acceptances {
		if a.Party == furusato.PartyCompany {
			return a, true
		}
	}
	return furusato.AgreementAcceptance{}, false
}

// Participants are the team's participants, in member order.
func (v *AgreementView) Participants() []furusato.TeamMember {
	var out []furusato.TeamMember
	for _, m := range v.Members {
		if v.Scope.Participant(m.UserID) {
			out = append(out, m)
		}
	}
	return out
}

// MayAccept returns the parties the actor may still accept the current
// version for: themself as a participant, the company as its staff.
func (v *AgreementView) MayAccept() []furusato.Party {
	if v.Agreement == nil || v.Team.Ended() {
		return nil
	}
	var out []furusato.Party
	if v.Can[policy.AgreementAcceptParticipant] && !v.Accepted(v.Me) {
		out = append(out, furusato.PartyParticipant)
	}
	if _, ok := v.CompanyAcceptance(); v.Can[policy.AgreementAcceptCompany] && !ok {
		out = append(out, furusato.PartyCompany)
	}
	return out
}

// Agreement returns team id's current agreement for the actor
// (policy.TeamView); Agreement is nil before the first version.
func (s *Teams) Agreement(ctx context.Context, actor *furusato.Actor, id int64) (*AgreementView, error) {
	t, scope, err := s.load(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return nil, err
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	members, err := s.db.FindTeamMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &AgreementView{Team: t, Scope: scope, Project: p, Members: uniqueMembers(members),
		CharterVersion: t.CharterVersion, Can: teamCan(actor, scope), Me: actor.User.ID}
	if t.AgreementVersion == 0 {
		return v, nil
	}
	if v.Agreement, err = s.db.FindAgreement(ctx, id, t.AgreementVersion); err != nil {
		return nil, err
	}
	if v.Acceptances, err = s.db.FindAcceptances(ctx, v.Agreement.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// AgreementDraft returns the terms a coordinator starts from when issuing
// a version of team id's agreement (policy.AgreementIssue): the project's
// terms and the current charter (furusato.AgreementFrom, from today when
// the project names no start), keeping what the parties changed in the
// current version (confidentiality, ownership, notice, notes). The team
// needs a charter first (ECONFLICT).
func (s *Teams) AgreementDraft(ctx context.Context, actor *furusato.Actor, id int64) (*AgreementView, furusato.Agreement, error) {
	v, err := s.Agreement(ctx, actor, id)
	if err != nil {
		return nil, furusato.Agreement{}, err
	}
	if err := policy.Team(actor, policy.AgreementIssue, v.Scope); err != nil {
		return nil, furusato.Agreement{}, err
	}
	if v.Team.CharterVersion == 0 {
		return nil, furusato.Agreement{}, errNoCharter()
	}
	c, err := s.db.FindCharter(ctx, id, v.Team.CharterVersion)
	if err != nil {
		return nil, furusato.Agreement{}, err
	}
	a := furusato.AgreementFrom(v.Project, c, furusato.DateOf(s.now()))
	if cur := v.Agreement; cur != nil {
		a.Confidential, a.Ownership, a.NoticeDays, a.Notes = cur.Confidential, cur.Ownership, cur.NoticeDays, cur.Notes
	}
	return v, a, nil
}

func errNoCharter() error {
	return furusato.Errorf(furusato.ECONFLICT, "Please write the team's charter before the agreement: its hours fill the agreement.")
}

// IssueAgreement writes a as a new version of team id's agreement over
// version read (0 for the first; ECONFLICT when someone issued one since)
// (policy.AgreementIssue). It is filled from the current charter's
// version; the participants and the company's staff are asked to accept
// it (NoticeAgreement), the issuer excepted.
func (s *Teams) IssueAgreement(ctx context.Context, actor *furusato.Actor, id int64, a furusato.Agreement, read int) (*furusato.Agreement, error) {
	a.Normalize()
	verr := a.Validate()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, scope, err := s.load(ctx, tx, actor, id, policy.AgreementIssue)
		if err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		if t.Ended() {
			return errTeamEnded()
		}
		if t.CharterVersion == 0 {
			return errNoCharter()
		}
		a.ID, a.TeamID, a.CharterVersion, a.AuthorID = 0, id, t.CharterVersion, actor.User.ID
		if err := tx.CreateAgreement(ctx, &a, read, s.now()); err != nil {
			return err
		}
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		for _, m := range uniqueMembers(members) {
			if m.UserID == actor.User.ID || !scope.Participant(m.UserID) && !isStaffMember(members, m.UserID) {
				continue
			}
			if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: m.UserID, Kind: furusato.NoticeAgreement, ProjectID: p.ID,
				Params: map[string]string{furusato.ParamProject: p.Title, "version": formatID(int64(a.Version))},
				Link:   AgreementPath(id)}); err != nil {
				return err
			}
		}
		return nil
	})
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		// The same form sent twice: the first issued it; the second is a no-op.
		if cur, ferr := s.db.FindAgreement(ctx, id, 0); ferr == nil && cur.Version == read+1 && cur.AuthorID == actor.User.ID && sameTerms(cur, &a) {
			return cur, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// sameTerms reports whether a and b hold the same terms.
func sameTerms(a, b *furusato.Agreement) bool {
	return a.Start == b.Start && a.End == b.End && a.HoursPerWeek == b.HoursPerWeek && a.RewardType == b.RewardType &&
		a.RewardAmount == b.RewardAmount && a.TravelCost == b.TravelCost && a.Confidential == b.Confidential &&
		a.Ownership == b.Ownership && a.NoticeDays == b.NoticeDays && a.Notes == b.Notes
}

// isStaffMember reports whether user id is among the company's staff of
// the member list ms.
func isStaffMember(ms []furusato.TeamMember, id int64) bool {
	return slices.ContainsFunc(ms, func(m furusato.TeamMember) bool { return m.UserID == id && m.Role == furusato.TeamCompanyStaff })
}

// errAlreadyAccepted marks, inside AcceptAgreement's transaction, a party
// that had accepted the version already (perhaps at the same moment, on
// another node: the unique index decided).
var errAlreadyAccepted = errors.New("already accepted")

// AcceptAgreement records the actor's acceptance of version version of
// team id's agreement for party: a participant for themself
// (policy.AgreementAcceptParticipant), the company's staff for the company
// (policy.AgreementAcceptCompany); nobody accepts for another party. The
// version must be the current one (ECONFLICT otherwise: a newer one was
// issued since they read it). Accepting twice, or for a company another
// staff member accepted for, is a no-op; reports whether this call
// recorded it.
func (s *Teams) AcceptAgreement(ctx context.Context, actor *furusato.Actor, id int64, version int, party furusato.Party) (bool, error) {
	act := policy.AgreementAcceptParticipant
	switch party {
	case furusato.PartyParticipant:
	case furusato.PartyCompany:
		act = policy.AgreementAcceptCompany
	default:
		return false, &furusato.Error{Code: furusato.EINVALID, Message: "Unknown party.", Fields: map[string]string{"party": "error.invalid"}}
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, act)
		if err != nil {
			return err
		}
		if t.Ended() {
			return errTeamEnded()
		}
		if t.AgreementVersion == 0 || t.AgreementVersion != version {
			return furusato.Errorf(furusato.ECONFLICT, "The agreement has a newer version. Please read it first.")
		}
		a, err := tx.FindAgreement(ctx, id, version)
		if err != nil {
			return err
		}
		accs, err := tx.FindAcceptances(ctx, a.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(accs, func(x furusato.AgreementAcceptance) bool {
			return x.Party == party && (party == furusato.PartyCompany || x.UserID == actor.User.ID)
		}) {
			return errAlreadyAccepted
		}
		err = tx.AcceptAgreement(ctx, furusato.AgreementAcceptance{AgreementID: a.ID, Party: party, UserID: actor.User.ID, AcceptedAt: s.now()})
		if furusato.ErrorCode(err) == furusato.ECONFLICT {
			return errAlreadyAccepted
		}
		return err
	})
	if errors.Is(err, errAlreadyAccepted) {
		return false, nil
	}
	return err == nil, err
}
