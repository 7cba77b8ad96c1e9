package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A node holds the listing rows of every public project for as long as a
// catalogue version lasts: ListingRows returns each of them once, in an
// array with no more room than they take (grown by append, 100,000 rows
// took room for 131,072, 3.6 MB held for nothing), on both engines.
func TestListingRows_HoldsNoMoreRoomThanItsRows(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 300, now); err != nil {
			t.Fatal(err)
		}
		rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		cc, err := db.CountCatalogue(ctx, furusato.DateOf(now))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != cc.Public || len(rows) < 300 {
			t.Fatalf("%d listing rows, want the %d public projects (over 300)", len(rows), cc.Public)
		}
		seen := map[int64]bool{}
		for _, r := range rows {
			if seen[r.ID] || !r.Status.Public() {
				t.Fatalf("row %d: twice, or not public (%s)", r.ID, r.Status)
			}
			seen[r.ID] = true
		}
		if room := len(rows) + len(rows)/256 + 8; cap(rows) > room {
			t.Errorf("%d rows in an array of %d, want at most %d", len(rows), cap(rows), room)
		}
	})
}
