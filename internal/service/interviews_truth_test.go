package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
)

// A pick from a page opened before the hosts changed the times is a
// conflict that says the times changed, not "please choose one"; a form
// sent without any choice still is.
func TestInterviewsPick_AfterRescheduleSaysTimesChanged(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00", "2026-11-27 9:00"))
		if err != nil {
			t.Fatal(err)
		}
		old := iv.Slots[0].ID
		if err := f.iv.Reschedule(ctx, f.gifu, iv.ID, proposal("2026-11-28 10:00")); err != nil {
			t.Fatal(err)
		}
		err = f.iv.Pick(ctx, f.participant, iv.ID, old)
		if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictSlotsChanged {
			t.Errorf("stale pick: %v (%q)", err, furusato.ConflictOf(err))
		}
		if err := f.iv.Pick(ctx, f.participant, iv.ID, 0); code(err) != furusato.EINVALID {
			t.Errorf("no choice: %v", err)
		}
	})
}

// An entry never has two interviews fixed at once: a pick on a second
// proposal while another interview of the entry is confirmed and still to
// come is refused kindly (the conditional write holds it, also for two
// picks at once), and is allowed once that interview has taken place.
func TestInterviewsPick_NotTwoOpenConfirmed(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		first, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Pick(ctx, f.participant, first.ID, first.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		// A second proposal written straight to the store once the first is
		// confirmed (only one may wait for an answer: migration 00033).
		second := &furusato.Interview{EntryID: f.entry.ID, Online: true, Location: "https://meet.example.jp/x",
			Slots: []furusato.InterviewSlot{{Start: time.Date(2026, 11, 29, 10, 0, 0, 0, furusato.JST), Duration: time.Hour}}}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateInterview(ctx, second, f.at) }); err != nil {
			t.Fatal(err)
		}
		err = f.iv.Pick(ctx, f.participant, second.ID, second.Slots[0].ID)
		if code(err) != furusato.ECONFLICT || furusato.ConflictOf(err) != furusato.ConflictOtherConfirm {
			t.Errorf("second pick: %v (%q)", err, furusato.ConflictOf(err))
		}
		if ivs, _ := f.iv.ForEntry(ctx, f.participant, f.entry.ID); ivs.Interviews[1].Status != furusato.InterviewProposed {
			t.Errorf("second interview = %s", ivs.Interviews[1].Status)
		}
		// Once the first has taken place, a further round may be fixed.
		f.at = time.Date(2026, 11, 26, 15, 1, 0, 0, furusato.JST)
		if err := f.iv.Pick(ctx, f.participant, second.ID, second.Slots[0].ID); err != nil {
			t.Errorf("pick after the first took place: %v", err)
		}
	})
}

// Why an interview was cancelled is kept with it, for both sides' pages:
// the hosts' reason, and the reason of the move that ended the entry.
func TestInterviewsCancel_KeepsTheReason(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		iv, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.iv.Cancel(ctx, f.gifu, iv.ID, " 担当者の都合により中止します "); err != nil {
			t.Fatal(err)
		}
		got, err := f.iv.ForEntry(ctx, f.participant, f.entry.ID)
		if err != nil || got.Interviews[0].CancelReason != "担当者の都合により中止します" || got.Interviews[0].ChosenID != 0 {
			t.Errorf("after the cancel: %+v, %v", got.Interviews[0], err)
		}
		if _, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-27 14:00")); err != nil {
			t.Fatal(err)
		}
		if err := f.services.Entries.Move(ctx, f.gifu, f.entry.ID, furusato.StageDeclined, "今回は見送ります", ""); err != nil {
			t.Fatal(err)
		}
		got, _ = f.iv.ForEntry(ctx, f.participant, f.entry.ID)
		if last := got.Interviews[len(got.Interviews)-1]; last.Status != furusato.InterviewCancelled || last.CancelReason != "今回は見送ります" {
			t.Errorf("after the decline: %+v", last)
		}
	})
}
