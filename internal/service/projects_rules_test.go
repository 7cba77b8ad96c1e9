package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// Places below the people matched are refused beside the field; places
// lowered to exactly the people matched fill the project: it closes and
// the other active entries are declined, as the last accept does.
func TestProjectsUpdate_PlacesAgainstMatched(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 3)
		a, b, c := f.newParticipant(t, "一人目"), f.newParticipant(t, "二人目"), f.newParticipant(t, "三人目")
		ea, eb, ec := f.submit(t, a, f.project), f.submit(t, b, f.project), f.submit(t, c, f.project)
		f.move(t, ea, furusato.StageOffered)
		f.move(t, eb, furusato.StageOffered)
		f.move(t, ec, furusato.StageScreening)
		for _, x := range []struct {
			who *furusato.Actor
			e   *furusato.Entry
		}{{a, ea}, {b, eb}} {
			if err := f.entries.Accept(ctx, x.who, x.e.ID); err != nil {
				t.Fatal(err)
			}
		}
		p, _ := f.svc.Get(ctx, f.gifu, f.project.ID)
		_, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{Places: new(1)}, p.Version())
		if furusato.ErrorFields(err)["places"] != furusato.ErrPlacesBelowMatched || furusato.ErrorParams(err)["places"]["Min"] != 2 {
			t.Fatalf("places 1 with 2 matched: %v %v", err, furusato.ErrorParams(err))
		}
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{Places: new(2)}, p.Version()); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Get(ctx, f.gifu, p.ID); got.Status != furusato.StatusClosed || got.Places != 2 {
			t.Errorf("places = matched: %s %d places", got.Status, got.Places)
		}
		if s := f.stage(t, ec.ID); s != furusato.StageDeclined {
			t.Errorf("the entry still open: %s, want declined", s)
		}
	})
}

// A published project's deadline cannot move into the past; dates far
// ahead and a deadline after the start are refused with the bound named.
func TestProjectsUpdate_DateRules(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		p := f.project
		today := furusato.DateOf(f.at)
		check := func(u furusato.ProjectUpdate, field, key string) furusato.Params {
			t.Helper()
			_, err := f.svc.Update(ctx, f.gifu, p.ID, u, p.Version())
			if got := furusato.ErrorFields(err)[field]; got != key {
				t.Errorf("%s = %q (%v), want %q", field, got, err, key)
			}
			return furusato.ErrorParams(err)[field]
		}
		check(furusato.ProjectUpdate{Deadline: new(today.AddDays(-1))}, "deadline", "hosts.error.deadline_past_published")
		if pr := check(furusato.ProjectUpdate{Deadline: new(today.AddDays(400))}, "deadline", "hosts.error.deadline_far"); pr["Max"] != today.AddDays(365) {
			t.Errorf("deadline far: Max %v", pr["Max"])
		}
		check(furusato.ProjectUpdate{StartDate: new(today.AddDays(800))}, "start_date", "hosts.error.start_far")
		start := today.AddDays(10)
		if pr := check(furusato.ProjectUpdate{StartDate: new(start), Deadline: new(today.AddDays(20))}, "deadline", "hosts.error.deadline_after_start"); pr["Other"] != "start_date" || pr["Max"] != start {
			t.Errorf("deadline after start: %v", pr)
		}
		// A draft may keep a past deadline (publishing checks it).
		d, err := f.svc.Create(ctx, f.gifu, "gujo-seiryu-farm", input("下書き"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Update(ctx, f.gifu, d.ID, furusato.ProjectUpdate{Deadline: new(today.AddDays(-3))}, d.Version()); err != nil {
			t.Errorf("a draft's past deadline: %v", err)
		}
	})
}
