package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// waitingIDs returns the ids the dashboard lists for a.
func waitingIDs(t *testing.T, es *service.Entries, a *furusato.Actor) ([]int64, *service.WaitingEntries) {
	t.Helper()
	w, err := es.Waiting(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range w.Entries {
		ids = append(ids, e.ID)
	}
	return ids, w
}

func TestEntriesWaiting_EachHostSeesTheirOwnOldestFirst(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newEntryFixture(t, db, 3)
		// A project of another company (staff otherStaff).
		op, err := f.svc.Create(ctx, f.otherStaff, "hida-fan-base", input("ファンクラブの会報をつくる"))
		if err != nil {
			t.Fatal(err)
		}
		if op, err = f.svc.Move(ctx, f.admin, op.ID, furusato.StatusPublished, ""); err != nil {
			t.Fatal(err)
		}
		day := 24 * time.Hour
		f.at = now.Add(-20 * day)
		offered := f.submit(t, f.newParticipant(t, "内定 待ち子"), f.project)
		f.move(t, offered, furusato.StageOffered) // an offer unanswered for 20 days
		f.at = now.Add(-2 * day)
		mine := f.submit(t, f.newParticipant(t, "新着 一郎"), f.project)
		f.at = now.Add(-1 * day)
		others := f.submit(t, f.newParticipant(t, "別社 二郎"), op)
		fresh := f.submit(t, f.newParticipant(t, "内定 三郎"), f.project)
		f.move(t, fresh, furusato.StageOffered) // offered yesterday: not waiting yet
		screened := f.submit(t, f.newParticipant(t, "選考 四郎"), f.project)
		f.move(t, screened, furusato.StageScreening)
		f.at = now

		in := func(ids []int64, id int64) bool { return slices.Contains(ids, id) }
		gifu, w := waitingIDs(t, f.entries, f.gifu)
		if !in(gifu, offered.ID) || !in(gifu, mine.ID) || in(gifu, fresh.ID) || in(gifu, screened.ID) ||
			slices.Index(gifu, offered.ID) > slices.Index(gifu, mine.ID) || w.Total < len(gifu) || len(gifu) > service.WaitingLimit {
			t.Errorf("Gifu coordinator: %v (total %d)", gifu, w.Total)
		}
		if op.OrganizationID == f.project.OrganizationID && !in(gifu, others.ID) {
			t.Errorf("Gifu coordinator misses the other company's entry: %v", gifu)
		}
		for i, e := range w.Entries {
			if !f.gifu.CoordinatorOf(e.OrganizationID) || e.Project == nil || e.Project.Title == "" || e.Participant.DisplayName == "" {
				t.Errorf("Gifu coordinator sees %+v", e)
			}
			if i > 0 && e.UpdatedAt.Before(w.Entries[i-1].UpdatedAt) {
				t.Errorf("not oldest first at %d: %v", i, gifu)
			}
		}

		staff, w := waitingIDs(t, f.entries, f.staff)
		if !in(staff, offered.ID) || !in(staff, mine.ID) || in(staff, others.ID) || in(staff, fresh.ID) {
			t.Errorf("watercress staff: %v", staff)
		}
		for _, e := range w.Entries {
			if e.CompanyID != f.watercress.ID {
				t.Errorf("watercress staff sees an entry of company %d", e.CompanyID)
			}
		}
		if ids, _ := waitingIDs(t, f.entries, f.otherStaff); !slices.Equal(ids, []int64{others.ID}) {
			t.Errorf("the other company's staff: %v, want only %d", ids, others.ID)
		}
		if ids, _ := waitingIDs(t, f.entries, f.removed); len(ids) != 0 {
			t.Errorf("a removed staff member: %v", ids)
		}
		hok, w := waitingIDs(t, f.entries, f.hokkaido)
		for _, id := range []int64{offered.ID, mine.ID, others.ID} {
			if in(hok, id) {
				t.Errorf("Hokkaido coordinator sees Gifu's entry %d", id)
			}
		}
		for _, e := range w.Entries {
			if !f.hokkaido.CoordinatorOf(e.OrganizationID) {
				t.Errorf("Hokkaido coordinator sees %+v", e)
			}
		}
		if ids, w := waitingIDs(t, f.entries, f.participant); len(ids) != 0 || w.Total != 0 {
			t.Errorf("participant: %v (total %d)", ids, w.Total)
		}
		admin, _ := waitingIDs(t, f.entries, f.admin)
		if !in(admin, offered.ID) || !in(admin, mine.ID) || !in(admin, others.ID) || in(admin, fresh.ID) {
			t.Errorf("admin: %v", admin)
		}
		if _, err := f.entries.Waiting(ctx, furusato.Visitor); code(err) != furusato.EUNAUTHORIZED {
			t.Errorf("visitor: %v", err)
		}
	})
}
