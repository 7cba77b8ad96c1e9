package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func TestOrganizations(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		got, err := db.FindOrganizationBySlug(ctx, "gifu-lab")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "岐阜つなぐラボ" || got.Kind != furusato.OrgCoordinator || !reflect.DeepEqual(got.Prefectures, []int{21, 23}) {
			t.Errorf("gifu-lab = %+v", got)
		}
		if _, err := db.FindOrganizationBySlug(ctx, "nowhere"); furusato.ErrorCode(err) != furusato.ENOTFOUND {
			t.Errorf("missing org: err = %v, want ENOTFOUND", err)
		}
		coords, err := db.FindOrganizations(ctx, furusato.OrgCoordinator)
		if err != nil {
			t.Fatal(err)
		}
		if len(coords) != 2 || coords[0].Slug != "gifu-lab" || coords[0].ProjectCount != 3 || coords[1].ProjectCount != 2 {
			t.Errorf("coordinators: %d, first %+v", len(coords), coords[0])
		}
		// The coordinator of a prefecture is the one whose regions hold it; else the secretariat.
		for pref, want := range map[int]int64{21: f.coordGifu.ID, 23: f.coordGifu.ID, 13: f.coordTokyo.ID, 47: f.secretariat.ID} {
			o, err := db.CoordinatorFor(ctx, pref)
			if err != nil || o.ID != want {
				t.Errorf("CoordinatorFor(%d) = %v, %v; want id %d", pref, o, err, want)
			}
		}
	})
}

func TestCreate_DuplicateSlugIsConflictAndWritesNothing(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		v0, _ := db.CatalogueVersion(ctx)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			p := newProject("brand-new", "新しい案件", "キャッチ", f.tokyoCo, f.coordTokyo, nil)
			if err := tx.CreateProject(ctx, p, now); err != nil {
				return err
			}
			return tx.CreateProject(ctx, newProject("watercress", "重複", "重複", f.tokyoCo, f.coordTokyo, nil), now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
		if ok, _ := db.ProjectSlugExists(ctx, "brand-new"); ok {
			t.Error("the first project of the failed transaction was kept")
		}
		if v1, _ := db.CatalogueVersion(ctx); v1 != v0 {
			t.Errorf("catalogue version moved from %d to %d by a rolled-back write", v0, v1)
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateOrganization(ctx, &furusato.Organization{Slug: "gifu-lab", Name: "x", Kind: furusato.OrgPartner}, now)
		})
		if furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("duplicate organisation: err = %v, want ECONFLICT", err)
		}
	})
}

func TestCreateProject_InvalidIsRefused(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.CreateProject(ctx, newProject("bad", "", "x", f.tokyoCo, f.coordTokyo, func(p *furusato.Project) { p.Places = 0 }), now)
		})
		if furusato.ErrorCode(err) != furusato.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		if fields := furusato.ErrorFields(err); fields["title"] != "error.required" || fields["places"] != "error.range" {
			t.Errorf("fields = %v", fields)
		}
	})
}

func TestFindProject(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		w := f.bySlug["watercress"]
		for _, key := range []string{"watercress", itoa(w.ID)} {
			p, err := db.FindProject(ctx, key, nil)
			if err != nil {
				t.Fatalf("FindProject(%q): %v", key, err)
			}
			if p.Title != w.Title || p.Company.Name != "飛騨クレソン農園" || p.Organization.Slug != "gifu-lab" ||
				!reflect.DeepEqual(p.Themes, []string{"pr", "food"}) || p.Deadline != w.Deadline || !reflect.DeepEqual(p.Skills, []string{"SNS運用"}) {
				t.Errorf("FindProject(%q) = %+v", key, p)
			}
			if !p.PublishedAt.Equal(now.Truncate(1e6)) {
				t.Errorf("published at %v, want %v", p.PublishedAt, now)
			}
		}
		// Hidden statuses are not found by slug or by id unless asked for.
		for _, slug := range []string{"ryukyu-draft", "ryukyu-cancelled"} {
			for _, key := range []string{slug, itoa(f.bySlug[slug].ID)} {
				if _, err := db.FindProject(ctx, key, furusato.PublicStatuses); furusato.ErrorCode(err) != furusato.ENOTFOUND {
					t.Errorf("public FindProject(%q): err = %v, want ENOTFOUND", key, err)
				}
			}
			if _, err := db.FindProject(ctx, slug, furusato.ProjectStatuses); err != nil {
				t.Errorf("FindProject(%q, all statuses): %v", slug, err)
			}
		}
	})
}

func TestSetProjectStatus_BumpsVersion(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		v0, _ := db.CatalogueVersion(ctx)
		d := f.bySlug["ryukyu-draft"]
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, d.ID, furusato.StatusDraft, furusato.StatusPublished, now)
		}); err != nil {
			t.Fatal(err)
		}
		if v1, _ := db.CatalogueVersion(ctx); v1 != v0+1 {
			t.Errorf("version %d → %d, want +1", v0, v1)
		}
		p, err := db.FindProject(ctx, "ryukyu-draft", furusato.PublicStatuses)
		if err != nil || p.Status != furusato.StatusPublished || p.PublishedAt.IsZero() {
			t.Errorf("after publishing: %+v, %v", p, err)
		}
	})
}

// A status move is conditional on the status it was made from: a move
// from a status the project has left writes nothing (ECONFLICT, version
// unchanged), and a move to published needs a place left.
func TestSetProjectStatus_ConditionalOnFrom(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		d := f.bySlug["ryukyu-draft"]
		set := func(from, to furusato.ProjectStatus) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.SetProjectStatus(ctx, d.ID, from, to, now) })
		}
		if err := set(furusato.StatusDraft, furusato.StatusPublished); err != nil {
			t.Fatal(err)
		}
		v0, _ := db.CatalogueVersion(ctx)
		// A second publication read the draft too: it is refused.
		if err := set(furusato.StatusDraft, furusato.StatusCancelled); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Fatalf("move from a status left: %v, want ECONFLICT", err)
		}
		if v1, _ := db.CatalogueVersion(ctx); v1 != v0 {
			t.Errorf("a refused move bumped the version %d → %d", v0, v1)
		}
		if err := set(furusato.StatusPublished, furusato.StatusClosed); err != nil {
			t.Fatal(err)
		}
		if closed, err := func() (ok bool, err error) {
			err = db.Tx(ctx, func(tx *store.Tx) error { ok, err = tx.CloseProject(ctx, d.ID, now); return err })
			return
		}(); err != nil || closed {
			t.Errorf("CloseProject of a closed project: %v %v, want false", closed, err)
		}
		// Every place filled meanwhile: no reopening.
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			for range d.Places {
				if _, _, err := tx.TakePlace(ctx, d.ID); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := set(furusato.StatusClosed, furusato.StatusPublished); furusato.ErrorCode(err) != furusato.ECONFLICT {
			t.Errorf("reopening a filled project: %v, want ECONFLICT", err)
		}
		p, err := db.FindProject(ctx, d.Slug, furusato.ProjectStatuses)
		if err != nil || p.Status != furusato.StatusClosed {
			t.Errorf("after the refused moves: %+v, %v", p, err)
		}
	})
}

func itoa(n int64) string {
	return fmtInt(n)
}
