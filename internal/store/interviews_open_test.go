package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// One open proposal per entry, held by the database (manage.md D8): a
// second one, from a double submit or another node, is ECONFLICT and
// writes nothing.
func TestInterviews_OneOpenProposalPerEntry(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		e := interviewEntry(t, db, f)
		propose := func() error {
			iv := &furusato.Interview{EntryID: e.ID, Online: true, Location: "https://meet.example.jp/a",
				Slots: []furusato.InterviewSlot{{Start: now.Add(48 * time.Hour), Duration: time.Hour}}}
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.CreateInterview(ctx, iv, now) })
		}
		if err := propose(); err != nil {
			t.Fatal(err)
		}
		if err := propose(); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("second open proposal: %v, want ECONFLICT", err)
		}
		if ivs, err := db.FindInterviews(ctx, e.ID); err != nil || len(ivs) != 1 {
			t.Errorf("interviews = %d, %v", len(ivs), err)
		}
	})
}
