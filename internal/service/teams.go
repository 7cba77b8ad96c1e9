package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Teams is the use cases of a project's team after the match (issue 10):
// the workspace, the charter and the agreement, milestones, the team
// thread, check-ins. The team is made by Entries.Accept when the project's
// first entry is matched; its members are derived (store.FindTeamMembers).
// Every method decides its permission with policy.Team on the team's
// scope, read in the same transaction or snapshot as what it returns.
type Teams struct {
	db      *store.DB
	now     func() time.Time
	notify  *Notifier
	baseURL string
	// onEnd runs, in order, in the transaction that ends a team's work
	// (completion or an early end, after store.EndTeam): reflections open,
	// records are drafted. service.New fills it; nothing else changes it.
	onEnd []TeamEndHook
	// projects makes the project moves a team's life entails (start,
	// completion: Projects.applyMove); service.New fills it.
	projects *Projects
}

// TeamEndHook is work done in the transaction that ends team t's work at
// now; an error rolls the end back.
type TeamEndHook func(ctx context.Context, tx *store.Tx, t *furusato.Team, now time.Time) error

// ended runs, in tx, what the end of team t's work at now entails: the
// meetings still ahead are cancelled (cancelMeetingsOnEnd), then the end
// hooks run.
func (s *Teams) ended(ctx context.Context, tx *store.Tx, t *furusato.Team, now time.Time) error {
	if err := s.cancelMeetingsOnEnd(ctx, tx, t, now); err != nil {
		return err
	}
	for _, h := range s.onEnd {
		if err := h(ctx, tx, t, now); err != nil {
			return err
		}
	}
	return nil
}

// NewTeams returns Teams over db; links in notices start with baseURL.
func NewTeams(db *store.DB, now func() time.Time, notify *Notifier, baseURL string) *Teams {
	return &Teams{db: db, now: now, notify: notify, baseURL: strings.TrimRight(baseURL, "/")}
}

// TeamPath returns the workspace of team id.
func TeamPath(id int64) string { return fmt.Sprintf("/teams/%d", id) }

// teamReader is what loading a team needs; both *store.DB and *store.Tx
// have it, so a write reads the scope it decides on in its transaction.
type teamReader interface {
	FindTeam(context.Context, int64) (*furusato.Team, error)
	FindTeamScope(context.Context, int64) (furusato.TeamScope, error)
}

// load reads team id and its scope and decides act for the actor on it:
// ENOTFOUND for a missing team and for an outsider (policy.Team).
func (s *Teams) load(ctx context.Context, q teamReader, actor *furusato.Actor, id int64, act policy.Action) (*furusato.Team, furusato.TeamScope, error) {
	if err := signedIn(actor); err != nil {
		return nil, furusato.TeamScope{}, err
	}
	t, err := q.FindTeam(ctx, id)
	if err != nil {
		return nil, furusato.TeamScope{}, err
	}
	scope, err := q.FindTeamScope(ctx, id)
	if err != nil {
		return nil, furusato.TeamScope{}, err
	}
	return t, scope, policy.Team(actor, act, scope)
}

// Workspace is a team as its members see it on /teams/{id}: what the
// team needs on a phone.
type Workspace struct {
	Team    *furusato.Team
	Scope   furusato.TeamScope
	Project *furusato.Project
	Members []furusato.TeamMember
	// Can holds the team actions the actor may take, for the page to show
	// only the buttons that work (the service decides again on each POST).
	Can map[policy.Action]bool
	// Work is the day-to-day part: milestones, thread, check-ins (team_work.go).
	Work *TeamWork
}

// Workspace returns team id for the actor (policy.TeamView).
func (s *Teams) Workspace(ctx context.Context, actor *furusato.Actor, id int64) (*Workspace, error) {
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
	w := &Workspace{Team: t, Scope: scope, Project: p, Members: members, Can: map[policy.Action]bool{}}
	for _, act := range policy.TeamActions() {
		w.Can[act] = policy.Team(actor, act, scope) == nil
	}
	if w.Work, err = s.work(ctx, actor, t, scope); err != nil {
		return nil, err
	}
	return w, nil
}

// TeamSummary is one of a person's teams, for My page.
type TeamSummary struct {
	Team    *furusato.Team
	Project string // the project's title
}

// Mine returns the teams the actor is a participant of, newest first.
func (s *Teams) Mine(ctx context.Context, actor *furusato.Actor) ([]TeamSummary, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	teams, err := s.db.FindUserTeams(ctx, actor.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]TeamSummary, 0, len(teams))
	for _, t := range teams {
		p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return nil, err
		}
		out = append(out, TeamSummary{Team: t, Project: p.Title})
	}
	return out, nil
}
