package service_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// A double submit proposes once: a second open proposal on one entry is
// refused (manage.md D8), so the participant never confirms two.
func TestInterviewsPropose_OneOpenProposalPerEntry(t *testing.T) {
	t.Parallel()
	demoEngines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newInterviewFixture(t, db)
		first, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-25 14:00"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-25 14:00")); !service.IsInterviewOpen(err) {
			t.Fatalf("second proposal: %v, want the open-proposal conflict", err)
		}
		if err := f.iv.Pick(ctx, f.participant, first.ID, first.Slots[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.iv.Propose(ctx, f.gifu, f.entry.ID, proposal("2026-11-26 10:00")); err != nil {
			t.Errorf("the next round after an answer: %v", err)
		}
	})
}
