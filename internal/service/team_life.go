package service

import (
	"context"

	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// The life of a team's project (issue 10, items 3 and 7): it starts
// (closed, or published and closed first → in_progress) at the kickoff or
// when the coordinator starts it, and ends when the coordinator completes
// it or ends it early. Every move goes through Projects.applyMove, the
// one code path of project moves, which ends the team's work (endTeam)
// whenever a project with a team is completed or cancelled.

// started does, in tx, what a project moving to in_progress entails:
// the team's kickoff time is set to now when no kickoff was fixed.
// Entries still under way stay so (completion declines them, as before);
// those of a project still taking entries are declined when Teams.Start
// closes it.
func (s *Projects) started(ctx context.Context, tx *store.Tx, p *furusato.Project, now time.Time) error {
	t, err := tx.FindTeamByProject(ctx, p.ID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil
	}
	if err != nil || !t.KickoffAt.IsZero() {
		return err
	}
	return tx.SetKickoff(ctx, t.ID, now)
}

// endTeam ends, in tx, the work of the team of project p (if it has one)
// that has just been completed or cancelled by user by: store.EndTeam
// (once: ECONFLICT if it had ended), then the end hooks (Teams.ended:
// reflections, records), then NoticeTeamCompleted to the members but by.
// On a cancellation the participants are left out: closeProject has told
// them already.
func (s *Projects) endTeam(ctx context.Context, tx *store.Tx, p *furusato.Project, early bool, reason string, by int64, now time.Time) error {
	t, err := tx.FindTeamByProject(ctx, p.ID)
	if furusato.ErrorCode(err) == furusato.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if err := tx.EndTeam(ctx, t.ID, early, reason, now); err != nil {
		return err
	}
	t.EndedAt, t.EndedEarly, t.EndReason = now.UTC().Truncate(time.Millisecond), early, reason
	if s.teams != nil {
		if err := s.teams.ended(ctx, tx, t, now); err != nil {
			return err
		}
	}
	members, err := tx.FindTeamMembers(ctx, t.ID)
	if err != nil {
		return err
	}
	early1 := ""
	if early {
		early1 = "1"
	}
	seen := map[int64]bool{by: true}
	for _, m := range members {
		if seen[m.UserID] || (p.Status == furusato.StatusCancelled && m.Role == furusato.TeamParticipant) {
			continue
		}
		seen[m.UserID] = true
		if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: m.UserID, Kind: furusato.NoticeTeamCompleted, ProjectID: p.ID,
			Link: TeamPath(t.ID), Params: map[string]string{furusato.ParamProject: p.Title, "reason": reason, "early": early1}}); err != nil {
			return err
		}
	}
	return nil
}

// TeamLife is what the start and completion pages of a team need: the
// team, its project (with its status), and, while it takes entries, how
// many are still open (they are declined when Start closes it).
type TeamLife struct {
	Team        *furusato.Team
	Project     *furusato.Project
	OpenEntries int
	MayStart    bool // policy.TeamStart
	MayComplete bool // policy.TeamComplete
	CanStart    bool // MayStart, and the project is published or closed
	CanComplete bool // MayComplete, and the project is in progress
}

// Life returns the life of team id for its members (policy.TeamView).
func (s *Teams) Life(ctx context.Context, actor *furusato.Actor, id int64) (*TeamLife, error) {
	t, scope, err := s.load(ctx, s.db, actor, id, policy.TeamView)
	if err != nil {
		return nil, err
	}
	p, err := s.db.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
	if err != nil {
		return nil, err
	}
	l := &TeamLife{Team: t, Project: p}
	if p.Status == furusato.StatusPublished {
		open, err := s.db.FindActiveEntries(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		l.OpenEntries = len(open)
	}
	l.MayStart = policy.Team(actor, policy.TeamStart, scope) == nil
	l.MayComplete = policy.Team(actor, policy.TeamComplete, scope) == nil
	l.CanStart = l.MayStart && !t.Ended() && (p.Status == furusato.StatusPublished || p.Status == furusato.StatusClosed)
	l.CanComplete = l.MayComplete && !t.Ended() && p.Status == furusato.StatusInProgress
	return l, nil
}

// Start starts the project of team id (policy.TeamStart, then
// policy.Move): a project still taking entries (published) is closed
// first (its history says so) and its entries still open are declined
// with a kind notice (NoticeEntriesClosed, reason "closed"; their open
// interviews cancelled); then it moves closed → in_progress and the
// kickoff time is set if none was fixed (Projects.started). from is the status the
// coordinator saw on the confirmation page: ECONFLICT when the project
// has left it (another coordinator started it meanwhile), and every move
// is conditional on the status read, so of two starts at once one wins.
func (s *Teams) Start(ctx context.Context, actor *furusato.Actor, id int64, from furusato.ProjectStatus) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.TeamStart)
		if err != nil {
			return err
		}
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		if (from != "" && p.Status != from) || t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "This project was moved in the meantime. Please reload the page.")
		}
		now, by := s.now(), actorID(actor)
		if p.Status == furusato.StatusPublished {
			if err := policy.Move(actor, p, furusato.StatusClosed); err != nil {
				return err
			}
			if err := s.projects.applyMove(ctx, tx, p, furusato.StatusClosed, moveNote{}, by, now); err != nil {
				return err
			}
			// It took entries until now: those still open will not go
			// further, and their people are told kindly.
			c := entryCloser{notify: s.notify, iv: s.projects.iv, now: now}
			if err := c.declineActive(ctx, tx, p, furusato.ClosedByHand, furusato.ReasonProjectStarted, "", by); err != nil {
				return err
			}
		}
		if err := policy.Move(actor, p, furusato.StatusInProgress); err != nil {
			return err
		}
		return s.projects.applyMove(ctx, tx, p, furusato.StatusInProgress, moveNote{}, by, now)
	})
}

// Complete completes the project of team id (policy.TeamComplete, then
// policy.Move): in_progress → completed, or, with early, ends it early
// for reason (required, at most furusato.MaxReason runes: EINVALID with
// Fields "reason"). In one transaction (Projects.applyMove): the project
// move, conditional on from (the status the coordinator saw) and on the
// status read, the end of the team's work (store.EndTeam, once), the end
// hooks, and NoticeTeamCompleted to the team.
func (s *Teams) Complete(ctx context.Context, actor *furusato.Actor, id int64, from furusato.ProjectStatus, early bool, reason string) error {
	reason = prose(reason)
	fields := map[string]string{}
	if early && reason == "" {
		fields["reason"] = "life.error.reason_required"
	}
	if furusato.TextLen(reason) > furusato.MaxReason {
		fields["reason"] = "life.error.reason_long"
	}
	if furusato.BadProse(reason) {
		fields["reason"] = furusato.ErrBadText
	}
	if !early {
		reason = ""
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.load(ctx, tx, actor, id, policy.TeamComplete)
		if err != nil {
			return err
		}
		if len(fields) > 0 {
			return invalid(fields)
		}
		p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
		if err != nil {
			return err
		}
		if (from != "" && p.Status != from) || t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "This project was moved in the meantime. Please reload the page.")
		}
		if err := policy.Move(actor, p, furusato.StatusCompleted); err != nil {
			return err
		}
		return s.projects.applyMove(ctx, tx, p, furusato.StatusCompleted, moveNote{comment: reason, early: early}, actorID(actor), s.now())
	})
}

// StartDue starts, as the system, the projects whose team's confirmed
// kickoff has begun while the project is closed (matched, no longer
// taking entries), and returns how many. A project still published is
// left alone: closing it is the coordinator's decision, made on the
// confirmation page (Start). Run by the periodic reminder job; each start
// is conditional on the status read, so two nodes start a project once.
func (s *Teams) StartDue(ctx context.Context) (int, error) {
	now := s.now()
	ids, err := s.db.DueKickoffTeams(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		did := false
		err := s.db.Tx(ctx, func(tx *store.Tx) error {
			t, err := tx.FindTeam(ctx, id)
			if err != nil {
				return err
			}
			p, err := tx.FindProject(ctx, formatID(t.ProjectID), furusato.ProjectStatuses)
			if err != nil || p.Status != furusato.StatusClosed || t.Ended() {
				return err
			}
			err = s.projects.applyMove(ctx, tx, p, furusato.StatusInProgress, moveNote{}, 0, now)
			if furusato.ErrorCode(err) == furusato.ECONFLICT {
				return nil // moved meanwhile
			}
			did = err == nil
			return err
		})
		if err != nil {
			return n, err
		}
		if did {
			n++
		}
	}
	return n, nil
}
