package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Places never go below the people matched, even when an accept lands
// between reading the project and saving it (an accept keeps the version).
func TestUpdateProject_PlacesBelowMatchedIsRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		p, err := db.FindProject(ctx, f.bySlug["watercress"].Slug, nil) // 2 places
		if err != nil {
			t.Fatal(err)
		}
		version := p.Version()
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			for range 2 {
				if _, _, err := tx.TakePlace(ctx, p.ID); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		p.Places = 1
		err = db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, version, now) })
		if furusato.ErrorFields(err)["places"] != furusato.ErrPlacesBelowMatched || furusato.ErrorParams(err)["places"]["Min"] != 2 {
			t.Fatalf("err = %v (%v %v), want the places field error with Min 2", err, furusato.ErrorFields(err), furusato.ErrorParams(err))
		}
		got, _ := db.FindProject(ctx, p.Slug, nil)
		if got.Places != 2 || got.Matched != 2 {
			t.Errorf("stored %d/%d after a refused save", got.Matched, got.Places)
		}
		p.Places = 2 // equal is allowed: the project is full
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, version, now) }); err != nil {
			t.Errorf("places = matched: %v", err)
		}
	})
}
