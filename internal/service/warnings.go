package service

import (
	"context"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/policy"
	"github.com/furusato/furusato/internal/store"
)

// Warnings is the early warning of issue 10: a periodic job runs the
// rules (furusato.Warnings, with the thresholds of the deployment) over
// every team whose work goes on and stores each team's current warnings;
// a flag that newly appears is told to the team's coordinators and
// supporters once. The dashboards read the stored flags, so they cost the
// same whatever the history. An intervention re-evaluates its team in its
// own transaction, so the flag clears at once.
type Warnings struct {
	db       *store.DB
	now      func() time.Time
	notify   *Notifier
	teams    *Teams
	settings furusato.WarningSettings
	// Batch is how many teams the job reads and writes at once (one read,
	// one transaction); DefaultWarningBatch when zero.
	Batch int
}

// DefaultWarningBatch is Warnings.Batch's default: a transaction short
// enough not to hold up the writers of the pages.
const DefaultWarningBatch = 200

// DashboardTeamsLimit is how many teams a dashboard lists; the counts
// cover the rest.
const DashboardTeamsLimit = 50

// NewWarnings returns Warnings over db with thresholds settings (the
// defaults when zero); teams decides permissions on a team.
func NewWarnings(db *store.DB, now func() time.Time, notify *Notifier, teams *Teams, settings furusato.WarningSettings) *Warnings {
	if settings == (furusato.WarningSettings{}) {
		settings = furusato.DefaultWarningSettings
	}
	return &Warnings{db: db, now: now, notify: notify, teams: teams, settings: settings}
}

// Settings returns the thresholds in force.
func (s *Warnings) Settings() furusato.WarningSettings { return s.settings }

// Evaluate is the periodic job: it runs the rules over every team whose
// work goes on, in batches of s.Batch teams by id, stores each team's
// warnings and tells the new flags. It returns how many flags were new.
// A team whose intervention came after its batch was read is left to the
// intervention's own re-evaluation.
func (s *Warnings) Evaluate(ctx context.Context) (int, error) {
	batch := s.Batch
	if batch <= 0 {
		batch = DefaultWarningBatch
	}
	recent := store.HealthRecent(s.settings)
	var after int64
	n := 0
	for {
		hs, err := s.db.FindTeamHealthAfter(ctx, after, batch, recent)
		if err != nil || len(hs) == 0 {
			return n, err
		}
		now := s.now()
		err = s.db.Tx(ctx, func(tx *store.Tx) error {
			for _, h := range hs {
				added, err := s.save(ctx, tx, h, now)
				if err != nil {
					return err
				}
				n += added
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		if len(hs) < batch {
			return n, nil
		}
		after = hs[len(hs)-1].TeamID
	}
}

// save stores the warnings of team h at now in tx and tells the new ones
// to its coordinators and supporters (one notice per person however many
// flags are new); it returns how many were new.
func (s *Warnings) save(ctx context.Context, tx *store.Tx, h *furusato.TeamHealth, now time.Time) (int, error) {
	added, _, err := tx.SaveTeamFlags(ctx, h.TeamID, h.LastInterventionAt, furusato.Warnings(*h, s.settings, now), now)
	if err != nil || len(added) == 0 {
		return 0, err
	}
	members, err := tx.FindTeamMembers(ctx, h.TeamID)
	if err != nil {
		return 0, err
	}
	told := map[int64]bool{}
	for _, m := range members {
		if m.UserID == 0 || told[m.UserID] || (m.Role != furusato.TeamCoordinator && m.Role != furusato.TeamSupporter) {
			continue
		}
		told[m.UserID] = true
		if err := s.notify.Notify(ctx, tx, furusato.Notice{UserID: m.UserID, Kind: furusato.NoticeTeamFlag, ProjectID: h.ProjectID,
			Params: map[string]string{furusato.ParamProject: h.ProjectTitle}, Link: TeamPath(h.TeamID)}); err != nil {
			return 0, err
		}
	}
	return len(added), nil
}

// reevaluate runs the rules on team id alone in tx at now and stores its
// warnings (after an intervention, which tx wrote).
func (s *Warnings) reevaluate(ctx context.Context, tx *store.Tx, id int64, now time.Time) error {
	hs, err := tx.FindTeamHealthAfter(ctx, id-1, 1, store.HealthRecent(s.settings))
	if err != nil || len(hs) == 0 || hs[0].TeamID != id {
		return err // an ended team keeps no flags to clear
	}
	_, err = s.save(ctx, tx, hs[0], now)
	return err
}

// TeamDashboard is the dashboard of a coordinator, a supporter or an
// admin: of the teams policy.Dashboard gives them, the flagged ones, the
// longest-flagged first (at most DashboardTeamsLimit), then, on a
// dashboard of assigned projects, the others; and the counts.
type TeamDashboard struct {
	Teams          []*furusato.FlaggedTeam
	Total, Flagged int
	// Assigned is true for a dashboard of assigned projects only (a
	// supporter's, no organisation): every team of it is listed, the
	// flagged first; the others list their flagged teams and count the rest.
	Assigned bool
}

// Dashboard returns the actor's dashboard of teams (policy.Dashboard).
func (s *Warnings) Dashboard(ctx context.Context, actor *furusato.Actor) (*TeamDashboard, error) {
	f, err := policy.Dashboard(actor, policy.TeamDashboard)
	if err != nil {
		return nil, err
	}
	d := &TeamDashboard{Assigned: !f.All && len(f.OrganizationIDs) == 0}
	d.Teams, d.Total, d.Flagged, err = s.db.FindFlaggedTeams(ctx, f, DashboardTeamsLimit, d.Assigned)
	return d, err
}

// TeamWatch is a team's early warning as its coordinators, supporters and
// admins see it on the workspace: the current warnings, the interventions
// so far (newest first), and whether the actor may record one.
type TeamWatch struct {
	Team          *furusato.Team
	Warnings      []furusato.Warning
	Names         map[int64]string
	Interventions []*furusato.Intervention
	CanRecord     bool
}

// Team returns team id's early warning for the actor
// (policy.TeamWarnings; a member who may not see it gets EFORBIDDEN, an
// outsider ENOTFOUND).
func (s *Warnings) Team(ctx context.Context, actor *furusato.Actor, id int64) (*TeamWatch, error) {
	t, scope, err := s.teams.load(ctx, s.db, actor, id, policy.TeamWarnings)
	if err != nil {
		return nil, err
	}
	w := &TeamWatch{Team: t, CanRecord: !t.Ended() && policy.Team(actor, policy.InterventionRecord, scope) == nil}
	if w.Warnings, w.Names, err = s.db.FindTeamFlags(ctx, id); err != nil {
		return nil, err
	}
	if t.Ended() {
		w.Warnings = nil // the work ended: nothing to watch
	}
	w.Interventions, err = s.db.FindInterventions(ctx, id)
	return w, err
}

// RecordIntervention records what the actor (a coordinator of the team or
// an admin: policy.InterventionRecord) did about team id's warnings and
// when they will look again; the team's warnings are evaluated again at
// once in the same transaction, so its flag clears until a rule fires
// again. Bad input is EINVALID with the fields "action" and "next" (the
// next date may not be in the past); a team whose work ended is
// ECONFLICT. iv is normalised and gets its id, team, author and time.
func (s *Warnings) RecordIntervention(ctx context.Context, actor *furusato.Actor, id int64, iv *furusato.Intervention) error {
	iv.Normalize()
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		t, _, err := s.teams.load(ctx, tx, actor, id, policy.InterventionRecord)
		if err != nil {
			return err
		}
		if t.Ended() {
			return furusato.Errorf(furusato.ECONFLICT, "The team's work has ended.")
		}
		now := s.now()
		if err := iv.Validate(); err != nil {
			return err
		}
		if furusato.StripBidi(iv.Action) != iv.Action {
			// Direction controls could make the record read otherwise than typed.
			return &furusato.Error{Code: furusato.EINVALID, Message: "The text holds direction controls.",
				Fields: map[string]string{"action": furusato.ErrBadText}}
		}
		if iv.Next.Before(furusato.DateOf(now)) {
			return &furusato.Error{Code: furusato.EINVALID, Message: "The next date is in the past.",
				Fields: map[string]string{"next": "warn.error.next_past"}}
		}
		iv.TeamID, iv.AuthorID = id, actor.User.ID
		if err := tx.CreateIntervention(ctx, iv, now); err != nil {
			return err
		}
		return s.reevaluate(ctx, tx, id, now)
	})
}
