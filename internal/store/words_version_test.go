package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The words version moves, with the catalogue version, exactly on the
// writes that may change the public catalogue's text (a public project
// created or updated, a company renamed, a draft published, a reindex); a
// write that changes none (places, a cover, closing, a draft's edit) moves
// the catalogue version alone. ListingRowsWords reads it with the rows.
func TestWordsVersion_MovesOnlyOnTextWrites(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		pub, draft := f.bySlug["watercress"], f.bySlug["ryukyu-draft"]
		for _, w := range []struct {
			name string
			text bool
			fn   func(tx *store.Tx) error
		}{
			{"take a place", false, func(tx *store.Tx) error { _, _, err := tx.TakePlace(ctx, pub.ID); return err }},
			{"release a place", false, func(tx *store.Tx) error { return tx.ReleasePlace(ctx, pub.ID) }},
			{"set a cover", false, func(tx *store.Tx) error {
				return tx.SetProjectCover(ctx, pub.ID, furusato.Cover{Key: "covers/words", Width: 320, Height: 240})
			}},
			{"close", false, func(tx *store.Tx) error {
				return tx.SetProjectStatus(ctx, pub.ID, furusato.StatusPublished, furusato.StatusClosed, now)
			}},
			// A draft's text is in no public match: editing it moves nothing
			// but the catalogue version; publishing it brings its text in.
			{"edit a draft", false, func(tx *store.Tx) error {
				p, err := tx.FindProject(ctx, draft.Slug, furusato.ProjectStatuses)
				if err != nil {
					return err
				}
				p.Title += "と棚田"
				return tx.UpdateProject(ctx, p, p.Version(), now)
			}},
			{"publish a draft", true, func(tx *store.Tx) error {
				return tx.SetProjectStatus(ctx, draft.ID, furusato.StatusDraft, furusato.StatusPublished, now)
			}},
			{"update a project", true, func(tx *store.Tx) error {
				p, err := tx.FindProject(ctx, "hida-fans", furusato.ProjectStatuses)
				if err != nil {
					return err
				}
				p.Title += "と棚田"
				return tx.UpdateProject(ctx, p, p.Version(), now)
			}},
			{"create a project", true, func(tx *store.Tx) error {
				return tx.CreateProject(ctx, newProject("words-new", "棚田の新しい企画", "棚田", f.gifuCo, f.coordGifu, nil), now)
			}},
			{"rename a company", true, func(tx *store.Tx) error {
				co := *f.tokyoCo
				co.Name = "江戸活版印刷"
				return tx.UpdateCompany(ctx, &co)
			}},
		} {
			c0, _ := db.CatalogueVersion(ctx)
			w0, err := db.WordsVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Tx(ctx, w.fn); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			c1, _ := db.CatalogueVersion(ctx)
			w1, _ := db.WordsVersion(ctx)
			if c1 <= c0 {
				t.Errorf("%s: catalogue version %d → %d, want it moved", w.name, c0, c1)
			}
			if moved := w1 != w0; moved != w.text || w1 < w0 {
				t.Errorf("%s: words version %d → %d, want moved %v", w.name, w0, w1, w.text)
			}
			rows, wv, err := db.ListingRowsWords(ctx, furusato.PublicStatuses)
			if err != nil || len(rows) == 0 || wv != w1 {
				t.Errorf("%s: ListingRowsWords gave %d rows at words version %d (%v), want %d", w.name, len(rows), wv, err, w1)
			}
		}
		w0, _ := db.WordsVersion(ctx)
		if err := db.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if w1, _ := db.WordsVersion(ctx); w1 == w0 {
			t.Errorf("a reindex left the words version at %d", w0)
		}
	})
}
