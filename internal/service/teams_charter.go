package service

import (
	"context"
	"slices"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// The team's charter (チームの約束, 期待値のすり合わせ): versions written by
// the coordinators and the company's staff over the version they read,
// confirmed by each member per version, and each member's own
// expectations (what they mean to give and to get).

// CharterView is a team's charter as its members read it: the version
// shown (the current one unless an older one was asked for), every
// version, who confirmed which, and what each member expects.
type CharterView struct {
	Team    *furusato.Team
	Scope   furusato.TeamScope
	Project *furusato.Project
	// Members are the team's people, each once (in their first role), as
	// the charter asks them to confirm it.
	Members []furusato.TeamMember
	// Shown is the version shown, nil before the first one; Current is
	// true when it is the team's current version.
	Shown   *furusato.Charter
	Current bool
	// Versions lists every version, newest first.
	Versions []*furusato.Charter
	// Confirmations holds who confirmed each version, by version number.
	Confirmations map[int][]furusato.CharterConfirmation
	// Expectations are those written on the version shown.
	Expectations []furusato.Expectation
	// Can holds the team actions the actor may take.
	Can map[policy.Action]bool
	// Me is the actor's user id (0 for none).
	Me int64
}

// Confirmed reports whether user id confirmed the version shown.
func (v *CharterView) Confirmed(id int64) bool {
	if v.Shown == nil {
		return false
	}
	return slices.ContainsFunc(v.Confirmations[v.Shown.Version], func(c furusato.CharterConfirmation) bool { return c.UserID == id })
}

// Expectation returns what user id wrote on the version shown.
func (v *CharterView) Expectation(id int64) (furusato.Expectation, bool) {
	for _, e := range v.Expectations {
		if e.UserID == id {
			return e, true
		}
	}
	return furusato.Expectation{}, false
}

// ConfirmedCount is how many members confirmed the version shown.
func (v *CharterView) ConfirmedCount() int {
	n := 0
	for _, m := range v.Members {
		if v.Confirmed(m.UserID) {
			n++
		}
	}
	return n
}

// NeedsMyConfirmation reports whether the actor may confirm the version
// shown and has not yet: it is the current one, and they are a member.
func (v *CharterView) NeedsMyConfirmation() bool {
	return v.Shown != nil && v.Current && v.Can[policy.CharterConfirm] && !v.Confirmed(v.Me)
}

// uniqueMembers lists each person of ms once, in their first role.
func uniqueMembers(ms []furusato.TeamMember) []furusato.TeamMember {
	out := make([]furusato.TeamMember, 0, len(ms))
	seen := map[int64]bool{}
	for _, m := range ms {
		if m.UserID == 0 || seen[m.UserID] {
			continue
		}
		seen[m.UserID] = true
		out = append(out, m)
	}
	return out
}

// teamCan is every team action the actor may take on scope.
func teamCan(actor *furusato.Actor, scope furusato.TeamScope) map[policy.Action]bool {
	can := map[policy.Action]bool{}
	for _, act := range policy.TeamActions() {
		can[act] = policy.Team(actor, act, scope) == nil
	}
	return can
}

// Charter returns team id's charter for the actor (policy.TeamView):
// version version, or the current one for 0 (ENOTFOUND for a version that
// does not exist; a team without a charter yet has Shown nil).
func (s *Teams) Charter(ctx context.Context, actor *furusato.Actor, id int64, version int) (*CharterView, error) {
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
	v := &CharterView{Team: t, Scope: scope, Project: p, Members: uniqueMembers(members),
		Confirmations: map[int][]furusato.CharterConfirmation{}, Can: teamCan(actor, scope), Me: actor.User.ID}
	if v.Versions, err = s.db.FindCharterVersions(ctx, id); err != nil {
		return nil, err
	}
	for _, c := range v.Versions {
		if version == 0 && c.Version == t.CharterVersion || c.Version == version {
			v.Shown = c
		}
		if v.Confirmations[c.Version], err = s.db.FindConfirmations(ctx, c.ID); err != nil {
			return nil, err
		}
	}
	if v.Shown == nil {
		if version != 0 {
			return nil, furusato.Errorf(furusato.ENOTFOUND, "Charter not found.")
		}
		return v, nil
	}
	v.Current = v.Shown.Version == t.CharterVersion
	if v.Expectations, err = s.db.FindExpectations(ctx, v.Shown.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// errTeamEnded refuses a change to a team whose work has ended.
func errTeamEnded() error {
	return furusato.Errorf(furusato.ECONFLICT, "This team's work has ended; its charter and agreement no longer change.")
}

// SaveCharter writes c as a new version of team id's charter over version
// read, the version the editor's form was based on (0 for the first)
// (policy.CharterEdit). ECONFLICT when someone saved a version since;
// EINVALID with fields for bad text. The author, if a member, has
// confirmed their own version; every other member is asked to confirm it
// (NoticeCharter).
func (s *Teams) SaveCharter(ctx context.Context, actor *furusato.Actor, id int64, c furusato.Charter, read int) (*furusato.Charter, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		// Permission first: an outsider learns nothing from a field error.
		if _, _, lerr := s.load(ctx, s.db, actor, id, policy.CharterEdit); lerr != nil {
			return nil, lerr
		}
		return nil, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, scope, err := s.load(ctx, tx, actor, id, policy.CharterEdit)
		if err != nil {
			return err
		}
		if t.Ended() {
			return errTeamEnded()
		}
		c.ID, c.TeamID, c.AuthorID = 0, id, actor.User.ID
		if err := tx.CreateCharter(ctx, &c, read, now); err != nil {
			return err
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		for _, m := range uniqueMembers(members) {
			if m.UserID == actor.User.ID {
				if policy.Team(actor, policy.CharterConfirm, scope) == nil {
					if _, err := tx.ConfirmCharter(ctx, furusato.CharterConfirmation{CharterID: c.ID, UserID: m.UserID,
						Role: m.Role, ConfirmedAt: now}); err != nil {
						return err
					}
				}
				continue
			}
			if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: m.UserID, Kind: furusato.NoticeCharter, ProjectID: p.ID,
				Params: map[string]string{furusato.ParamProject: p.Title, "version": formatID(int64(c.Version))},
				Link:   CharterPath(id)}); err != nil {
				return err
			}
		}
		return nil
	})
	if furusato.ErrorCode(err) == furusato.ECONFLICT {
		// The same form sent twice (a double click): the first made the
		// version; the second is a no-op, not someone else's conflict.
		if cur, ferr := s.db.FindCharter(ctx, id, 0); ferr == nil && cur.Version == read+1 && cur.AuthorID == actor.User.ID && sameCharter(cur, &c) {
			return cur, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// sameCharter reports whether a and b say the same.
func sameCharter(a, b *furusato.Charter) bool {
	return a.Goal == b.Goal && a.Done == b.Done && a.HoursPerWeek == b.HoursPerWeek && a.Meetings == b.Meetings &&
		a.Tools == b.Tools && a.CompanyProvides == b.CompanyProvides && a.Rules == b.Rules && a.Cadence == b.Cadence
}

// CharterPath is the page of team id's charter.
func CharterPath(id int64) string { return TeamPath(id) + "/charter" }

// AgreementPath is the page of team id's agreement.
func AgreementPath(id int64) string { return TeamPath(id) + "/agreement" }

// currentCharter reads team t's current charter in tx, and refuses with
// ECONFLICT when it is not version read (someone saved a newer one since
// the actor read it) or there is none.
func currentCharter(ctx context.Context, tx *store.Tx, t *furusato.Team, read int) (*furusato.Charter, error) {
	if t.CharterVersion == 0 || t.CharterVersion != read {
		return nil, furusato.Errorf(furusato.ECONFLICT, "The charter has a newer version. Please read it first.")
	}
	return tx.FindCharter(ctx, t.ID, t.CharterVersion)
}

// ConfirmCharter records that the actor agrees to version version of team
// id's charter, which must be the current one (ECONFLICT otherwise: a
// newer version was saved since they read it) (policy.CharterConfirm).
// Confirming twice is a no-op; reports whether this call recorded it.
func (s *Teams) ConfirmCharter(ctx context.Context, actor *furusato.Actor, id int64, version int) (bool, error) {
	var done bool
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.CharterConfirm)
		if err != nil {
			return err
		}
		c, err := currentCharter(ctx, tx, t, version)
		if err != nil {
			return err
		}
		members, err := tx.FindTeamMembers(ctx, id)
		if err != nil {
			return err
		}
		role := furusato.TeamRole("")
		for _, m := range members {
			if m.UserID == actor.User.ID {
				role = m.Role
				break
			}
		}
		if role == "" { // the policy let a member through; the list agrees
			return furusato.Errorf(furusato.EFORBIDDEN, "Only the team's members confirm its charter.")
		}
		done, err = tx.ConfirmCharter(ctx, furusato.CharterConfirmation{CharterID: c.ID, UserID: actor.User.ID, Role: role, ConfirmedAt: s.now()})
		return err
	})
	return done, err
}

// SaveExpectation writes what the actor expects to give to and get from
// team id, on charter version version, which must be the current one
// (ECONFLICT otherwise) (policy.CharterExpect). Each member writes only
// their own; writing again replaces it.
func (s *Teams) SaveExpectation(ctx context.Context, actor *furusato.Actor, id int64, version int, e furusato.Expectation) (*furusato.Expectation, error) {
	e.Normalize()
	verr := e.Validate()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.CharterExpect)
		if err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		if t.Ended() {
			return errTeamEnded()
		}
		c, err := currentCharter(ctx, tx, t, version)
		if err != nil {
			return err
		}
		e.CharterID, e.UserID = c.ID, actor.User.ID
		return tx.SaveExpectation(ctx, &e, s.now())
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// CharterForEdit returns team id's current charter for an editor
// (policy.CharterEdit), the form's starting point.
func (s *Teams) CharterForEdit(ctx context.Context, actor *furusato.Actor, id int64) (*CharterView, error) {
	v, err := s.Charter(ctx, actor, id, 0)
	if err != nil {
		return nil, err
	}
	if err := policy.Team(actor, policy.CharterEdit, v.Scope); err != nil {
		return nil, err
	}
	if v.Team.Ended() {
		return nil, errTeamEnded()
	}
	return v, nil
}
