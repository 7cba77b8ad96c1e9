package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

func TestEntriesAccept_LastPlaceClosesTheProjectAndDeclinesTheRest(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		var es []*furusato.Entry
		var people []*furusato.Actor
		for i := range 4 {
			a := f.newParticipant(t, fmt.Sprintf("参加者%d", i))
			people = append(people, a)
			es = append(es, f.submit(t, a, f.project))
		}
		f.move(t, es[0], furusato.StageOffered)
		f.move(t, es[1], furusato.StageInterview, furusato.StageOffered)
		f.move(t, es[2], furusato.StageOffered)
		f.move(t, es[3], furusato.StageScreening)
		if d, _ := f.entries.Get(ctx, people[0], es[0].ID); fmt.Sprint(d.Moves) != "[matched withdrawn]" {
			t.Errorf("participant's moves on an offer: %v", d.Moves)
		}
		if err := f.entries.Accept(ctx, people[1], es[0].ID); code(err) != furusato.ENOTFOUND {
			t.Errorf("accepting another's offer: %v", err)
		}
		if err := f.entries.Accept(ctx, people[0], es[0].ID); err != nil {
			t.Fatal(err)
		}
		if p, _ := f.svc.Get(ctx, f.gifu, f.project.ID); p.Status != furusato.StatusPublished || p.Matched != 1 {
			t.Errorf("after one accept: %s %d", p.Status, p.Matched)
		}
		if err := f.entries.Accept(ctx, people[1], es[1].ID); err != nil {
			t.Fatal(err)
		}
		p, _ := f.svc.Get(ctx, f.gifu, f.project.ID)
		if p.Status != furusato.StatusClosed || p.Matched != 2 {
			t.Errorf("after the last place: %s %d", p.Status, p.Matched)
		}
		for i, want := range []furusato.Stage{furusato.StageMatched, furusato.StageMatched, furusato.StageDeclined, furusato.StageDeclined} {
			if got := f.stage(t, es[i].ID); got != want {
				t.Errorf("entry %d: %s, want %s", i, got, want)
			}
		}
		d, _ := f.entries.Get(ctx, people[3], es[3].ID)
		if last := d.Events[len(d.Events)-1]; last.ActorID != 0 || last.Reason != furusato.ReasonFilled || last.From != furusato.StageScreening {
			t.Errorf("decline event = %+v", last)
		}
		if err := f.entries.Accept(ctx, people[2], es[2].ID); code(err) != furusato.ECONFLICT {
			t.Errorf("accept after filled: %v", err)
		}
		for i, want := range []string{"[entry.matched entry.offer entry.received]", "[entry.matched entry.offer entry.stage entry.received]", "[entry.closed entry.offer entry.received]", "[entry.closed entry.stage entry.received]"} {
			if got := noticeKinds(t, db, people[i]); got != want {
				t.Errorf("participant %d's notices = %s, want %s", i, got, want)
			}
		}
		h, err := f.svc.History(ctx, f.gifu, f.project.ID)
		if err != nil || h[0].Action != furusato.HistoryClosed || h[0].ActorID != 0 {
			t.Errorf("history = %+v, %v", h[0], err)
		}
		if st, err := f.entries.Start(ctx, f.newParticipant(t, "新しい人"), f.project.Slug); err != nil || st.Closed != furusato.ClosedFilled {
			t.Errorf("start on a filled project: %+v, %v", st, err)
		}
		if _, err := f.entries.Submit(ctx, f.newParticipant(t, "もう一人"), f.project.ID, entryInput("x")); code(err) != furusato.ECONFLICT {
			t.Errorf("submit to a filled project: %v", err)
		}
	})
}

func TestProjectsMove_ReopenNeedsPlacesLeft(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 1)
		a := f.newParticipant(t, "参加者")
		e := f.submit(t, a, f.project)
		f.move(t, e, furusato.StageOffered)
		if err := f.entries.Accept(ctx, a, e.ID); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Move(ctx, f.gifu, f.project.ID, furusato.StatusPublished, "")
		if code(err) != furusato.EINVALID || furusato.ErrorFields(err)["places"] != "manage.error.reopen_filled" {
			t.Errorf("reopen a filled project: %v", err)
		}
		// With a place added, it reopens.
		p, _ := f.svc.Get(ctx, f.gifu, f.project.ID)
		if _, err := f.svc.Update(ctx, f.gifu, p.ID, furusato.ProjectUpdate{Places: new(2)}, p.Version()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Move(ctx, f.gifu, f.project.ID, furusato.StatusPublished, ""); err != nil {
			t.Errorf("reopen with a place left: %v", err)
		}
	})
}

func TestEntriesCloseDue_ClosesOnceAsTheSystem(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 2)
		f.at = time.Date(2026, 12, 20, 23, 0, 0, 0, furusato.JST) // the deadline day itself
		before, err := f.entries.CloseDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := f.svc.Get(ctx, f.gifu, f.project.ID); p.Status != furusato.StatusPublished {
			t.Fatalf("closed on its deadline day (%d closed)", before)
		}
		v0, _ := db.CatalogueVersion(ctx)
		f.at = time.Date(2026, 12, 21, 0, 0, 1, 0, furusato.JST)
		n, err := f.entries.CloseDue(ctx)
		if err != nil || n < 1 {
			t.Fatalf("close due: %d, %v", n, err)
		}
		p, _ := f.svc.Get(ctx, f.gifu, f.project.ID)
		if p.Status != furusato.StatusClosed {
			t.Errorf("status = %s", p.Status)
		}
		if v1, _ := db.CatalogueVersion(ctx); v1 <= v0 {
			t.Errorf("catalogue version not bumped")
		}
		h, _ := f.svc.History(ctx, f.gifu, f.project.ID)
		if h[0].Action != furusato.HistoryClosed || h[0].ActorID != 0 {
			t.Errorf("history = %+v", h[0])
		}
		if n, err := f.entries.CloseDue(ctx); err != nil || n != 0 {
			t.Errorf("second run: %d, %v", n, err)
		}
	})
}
