package service_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// history returns the actions of project id's history, oldest first.
func historyActions(t *testing.T, db *store.DB, id int64) []furusato.HistoryAction {
	t.Helper()
	h, err := db.FindProjectHistory(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []furusato.HistoryAction
	for i := len(h) - 1; i >= 0; i-- {
		out = append(out, h[i].Action)
	}
	return out
}

func count[T comparable](xs []T, x T) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestTeamStart_ClosesAPublishedProjectAndDeclinesOpenEntriesPolitely(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		hopeful := f.newParticipant(t, "選考中の人")
		open := f.submit(t, hopeful, f.project)

		life, err := teams.Life(ctx, f.gifu, f.team.ID)
		if err != nil || !life.CanStart || life.CanComplete || life.OpenEntries != 1 || life.Project.Status != furusato.StatusPublished {
			t.Fatalf("coordinator's life = %+v, %v", life, err)
		}
		if life, _ := teams.Life(ctx, f.member, f.team.ID); life.CanStart {
			t.Error("a participant may start")
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"participant": {f.member, furusato.EFORBIDDEN}, "company staff": {f.staff, furusato.EFORBIDDEN},
			"other region": {f.hokkaido, furusato.ENOTFOUND}, "other company": {f.otherStaff, furusato.ENOTFOUND},
		} {
			if err := teams.Start(ctx, c.a, f.team.ID, furusato.StatusPublished); code(err) != c.want {
				t.Errorf("%s starts: %v, want %s", name, err, c.want)
			}
		}
		if err := teams.Start(ctx, f.gifu, f.team.ID, furusato.StatusClosed); code(err) != furusato.ECONFLICT {
			t.Errorf("start from a status not seen: %v", err)
		}
		if err := teams.Start(ctx, f.gifu, f.team.ID, furusato.StatusPublished); err != nil {
			t.Fatal(err)
		}
		p, _ := db.FindProject(ctx, formatInt(f.project.ID), furusato.ProjectStatuses)
		if p.Status != furusato.StatusInProgress {
			t.Errorf("status = %s", p.Status)
		}
		acts := historyActions(t, db, f.project.ID)
		if n := len(acts); n < 2 || acts[n-2] != furusato.HistoryClosed || acts[n-1] != furusato.HistoryStarted {
			t.Errorf("history = %v, want … closed, started", acts)
		}
		e, _ := db.FindEntry(ctx, open.ID)
		if e.Stage != furusato.StageDeclined {
			t.Errorf("open entry = %s", e.Stage)
		}
		evs, _ := db.FindEntryEvents(ctx, open.ID)
		if last := evs[len(evs)-1]; last.Reason != furusato.ReasonProjectStarted || last.ActorID != 0 {
			t.Errorf("decline event = %+v", last)
		}
		ns, _, _ := db.FindNotifications(ctx, hopeful.User.ID, 10, 0)
		if len(ns) == 0 || ns[0].Kind != furusato.NoticeEntriesClosed || ns[0].Params["reason"] != string(furusato.ClosedByHand) {
			t.Errorf("hopeful's notice = %+v", ns)
		}
		if team, _ := db.FindTeam(ctx, f.team.ID); !team.KickoffAt.Equal(f.at) {
			t.Errorf("kickoff = %v, want the start %v", team.KickoffAt, f.at)
		}
		if err := teams.Start(ctx, f.gifu, f.team.ID, furusato.StatusPublished); code(err) != furusato.ECONFLICT {
			t.Errorf("double start: %v", err)
		}
		if m, _ := db.FindEntry(ctx, open.ID-1); m != nil && m.Stage != furusato.StageMatched {
			t.Errorf("the matched entry moved to %s", m.Stage)
		}
	})
}

func TestTeamStart_TwoCoordinatorsAtOnceStartOnce(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, a := range []*furusato.Actor{f.gifu, f.admin} {
			wg.Go(func() { errs[i] = f.services.Teams.Start(ctx, a, f.team.ID, furusato.StatusPublished) })
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			switch code(err) {
			case "":
				ok++
			case furusato.ECONFLICT:
				conflict++
			default:
				t.Errorf("start: %v", err)
			}
		}
		acts := historyActions(t, db, f.project.ID)
		if ok != 1 || conflict != 1 || count(acts, furusato.HistoryStarted) != 1 || count(acts, furusato.HistoryClosed) != 1 {
			t.Errorf("ok %d, conflict %d, history %v", ok, conflict, acts)
		}
	})
}

func TestTeamStart_TheKickoffStartsAClosedProject(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		m, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingKickoff, "2026-11-25 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := teams.PickMeeting(ctx, f.member, m.ID, m.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		f.at = time.Date(2026, 11, 25, 9, 5, 0, 0, furusato.JST)
		// Still published: the job leaves it to the coordinator.
		if n, err := teams.StartDue(ctx); err != nil || n != 0 {
			t.Fatalf("StartDue on a published project = %d, %v", n, err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, f.project.ID, furusato.StatusClosed, ""); err != nil {
			t.Fatal(err)
		}
		if n, err := teams.StartDue(ctx); err != nil || n != 1 {
			t.Fatalf("StartDue = %d, %v; want 1", n, err)
		}
		if n, err := teams.StartDue(ctx); err != nil || n != 0 {
			t.Errorf("second StartDue = %d, %v", n, err)
		}
		p, _ := db.FindProject(ctx, formatInt(f.project.ID), furusato.ProjectStatuses)
		h, _ := db.FindProjectHistory(ctx, f.project.ID)
		if p.Status != furusato.StatusInProgress || h[0].Action != furusato.HistoryStarted || h[0].ActorID != 0 {
			t.Errorf("status %s, last history %+v", p.Status, h[0])
		}
	})
}

func TestTeamComplete_EndsTheTeamOnceAndRunsTheHooks(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		var calls atomic.Int32
		var seen furusato.Team
		teams.AddEndHookForTest(func(ctx context.Context, tx *store.Tx, team *furusato.Team, now time.Time) error {
			calls.Add(1)
			seen = *team
			// The hook runs in the ending transaction: it sees the end.
			again, err := tx.FindTeam(ctx, team.ID)
			if err != nil || !again.Ended() {
				t.Errorf("hook sees %+v, %v", again, err)
			}
			return nil
		})
		if err := teams.Complete(ctx, f.gifu, f.team.ID, furusato.StatusInProgress, false, ""); code(err) != furusato.ECONFLICT {
			t.Errorf("complete before the start: %v", err)
		}
		if err := teams.Start(ctx, f.gifu, f.team.ID, ""); err != nil {
			t.Fatal(err)
		}
		if life, _ := teams.Life(ctx, f.gifu, f.team.ID); !life.CanComplete || life.CanStart {
			t.Errorf("life in progress = %+v", life)
		}
		for name, c := range map[string]struct {
			a    *furusato.Actor
			want string
		}{
			"participant": {f.member, furusato.EFORBIDDEN}, "company staff": {f.staff, furusato.EFORBIDDEN},
			"other region": {f.hokkaido, furusato.ENOTFOUND}, "other company": {f.otherStaff, furusato.ENOTFOUND},
		} {
			if err := teams.Complete(ctx, c.a, f.team.ID, furusato.StatusInProgress, false, ""); code(err) != c.want {
				t.Errorf("%s completes: %v, want %s", name, err, c.want)
			}
		}
		if err := teams.Complete(ctx, f.gifu, f.team.ID, furusato.StatusInProgress, true, " "); furusato.ErrorFields(err)["reason"] == "" {
			t.Errorf("early end without a reason: %v", err)
		}
		// Two coordinators at once: one completes, the other is told.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, a := range []*furusato.Actor{f.gifu, f.admin} {
			wg.Go(func() { errs[i] = teams.Complete(ctx, a, f.team.ID, furusato.StatusInProgress, false, "") })
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) || (code(errs[0]) != furusato.ECONFLICT && code(errs[1]) != furusato.ECONFLICT) {
			t.Errorf("two completions: %v, %v", errs[0], errs[1])
		}
		if calls.Load() != 1 || seen.EndedEarly || seen.EndedAt.IsZero() {
			t.Errorf("hooks ran %d times, saw %+v", calls.Load(), seen)
		}
		team, _ := db.FindTeam(ctx, f.team.ID)
		p, _ := db.FindProject(ctx, formatInt(f.project.ID), furusato.ProjectStatuses)
		if !team.Ended() || team.EndedEarly || p.Status != furusato.StatusCompleted {
			t.Errorf("team %+v, project %s", team, p.Status)
		}
		for name, a := range map[string]*furusato.Actor{"participant": f.member, "staff": f.staff} {
			if notices(t, db, a)[furusato.NoticeTeamCompleted] != 1 {
				t.Errorf("%s: completion notices %d", name, notices(t, db, a)[furusato.NoticeTeamCompleted])
			}
		}
		if _, err := teams.ProposeMeeting(ctx, f.gifu, f.team.ID, meetingProposal(furusato.MeetingRegular, "2026-12-01 10:00")); code(err) != furusato.ECONFLICT {
			t.Errorf("meeting after the end: %v", err)
		}
	})
}

func TestTeamComplete_EarlyEndKeepsTheReason(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newTeamFixture(t, db)
		teams := f.services.Teams
		var calls atomic.Int32
		teams.AddEndHookForTest(func(context.Context, *store.Tx, *furusato.Team, time.Time) error { calls.Add(1); return nil })
		if err := teams.Start(ctx, f.gifu, f.team.ID, furusato.StatusPublished); err != nil {
			t.Fatal(err)
		}
		if err := teams.Complete(ctx, f.gifu, f.team.ID, furusato.StatusInProgress, true, "会社の体制が変わったため"); err != nil {
			t.Fatal(err)
		}
		team, _ := db.FindTeam(ctx, f.team.ID)
		if !team.EndedEarly || team.EndReason != "会社の体制が変わったため" || calls.Load() != 1 {
			t.Errorf("early end: %+v, hooks %d", team, calls.Load())
		}
		h, _ := db.FindProjectHistory(ctx, f.project.ID)
		if h[0].Action != furusato.HistoryCompleted || h[0].Comment != "会社の体制が変わったため" {
			t.Errorf("history %+v", h[0])
		}

	})
}

// TestTeamComplete_TheManagePageMoveEndsTheTeamToo: the management page's
// moves (Projects.Move) start and end a team the same way.
func TestTeamComplete_TheManagePageMoveEndsTheTeamToo(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := newTeamFixture(t, db)
		var gcalls atomic.Int32
		g.services.Teams.AddEndHookForTest(func(context.Context, *store.Tx, *furusato.Team, time.Time) error { gcalls.Add(1); return nil })
		if _, err := g.svc.Move(ctx, g.gifu, g.project.ID, furusato.StatusClosed, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := g.svc.Move(ctx, g.gifu, g.project.ID, furusato.StatusInProgress, ""); err != nil {
			t.Fatal(err)
		}
		if gt, _ := db.FindTeam(ctx, g.team.ID); gt.KickoffAt.IsZero() {
			t.Error("a start from the manage page set no kickoff")
		}
		if _, err := g.svc.Move(ctx, g.gifu, g.project.ID, furusato.StatusCompleted, ""); err != nil {
			t.Fatal(err)
		}
		if gt, _ := db.FindTeam(ctx, g.team.ID); !gt.Ended() || gt.EndedEarly || gcalls.Load() != 1 {
			t.Errorf("manage completion: team %+v, hooks %d", gt, gcalls.Load())
		}
		if notices(t, db, g.member)[furusato.NoticeTeamCompleted] != 1 {
			t.Error("no completion notice from the manage page's move")
		}
	})
}
