package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// TestProjectCards_ThemesInOneRoundTrip: every read of project cards (a
// page by ids, a favourites list, a management page, one project) brings
// the themes in the same statement as the rows, in the taxonomy's order
// whatever order they were written in; a project without themes has none,
// and a theme the taxonomy no longer has is left out.
func TestProjectCards_ThemesInOneRoundTrip(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := loadFixture(t, db)
		// Written out of the taxonomy's order (pr comes before food and
		// community in furusato.Themes); ryukyu-salt loses its only theme;
		// edo-dx gets a theme the taxonomy does not have (a retired one).
		err := db.Tx(ctx, func(tx *store.Tx) error {
			for _, q := range []string{
				`DELETE FROM project_themes WHERE project_id = ` + itoa(f.bySlug["ryukyu-salt"].ID),
				`INSERT INTO project_themes (project_id, theme) VALUES (` + itoa(f.bySlug["edo-dx"].ID) + `, 'retired-theme')`,
			} {
				if err := tx.ExecForTest(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"watercress":  {"pr", "food"},
			"hida-fans":   {"pr", "community"},
			"marche":      {"community", "events"},
			"edo-dx":      {"it-dx"},
			"ryukyu-salt": nil,
		}
		order := []string{"marche", "ryukyu-salt", "watercress", "edo-dx", "hida-fans"}
		for _, slug := range order {
			if !sameOrder(want[slug]) {
				t.Fatalf("test data: %s's themes %v are not in the taxonomy's order", slug, want[slug])
			}
		}
		var ids []int64
		for _, slug := range order {
			ids = append(ids, f.bySlug[slug].ID)
		}
		check := func(what string, ps []*furusato.Project) {
			t.Helper()
			for _, p := range ps {
				if w, ok := want[p.Slug]; ok && !reflect.DeepEqual(p.Themes, w) {
					t.Errorf("%s: %s has themes %#v, want %#v", what, p.Slug, p.Themes, w)
				}
			}
		}

		var n int
		db.CountStatementsForTest(&n)
		ps, err := db.ProjectsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if got := slugs(ps); !reflect.DeepEqual(got, order) {
			t.Errorf("ProjectsByID order %v, want %v", got, order)
		}
		check("ProjectsByID", ps)
		if n != 1 {
			t.Errorf("ProjectsByID of %d projects sent %d statements, want 1", len(ids), n)
		}

		n = 0
		p, err := db.FindProject(ctx, "marche", nil)
		if err != nil {
			t.Fatal(err)
		}
		check("FindProject", []*furusato.Project{p})

		n = 0
		ps, _, err = db.FindProjectsForManage(ctx, store.ManageFilter{All: true})
		if err != nil {
			t.Fatal(err)
		}
		check("FindProjectsForManage", ps)
		if len(ps) != len(f.bySlug) || n != 1 {
			t.Errorf("FindProjectsForManage: %d projects in %d statements, want %d in 1", len(ps), n, len(f.bySlug))
		}
	})
}

// sameOrder tells whether themes are in furusato.Themes' order.
func sameOrder(themes []string) bool {
	i := 0
	for _, t := range furusato.Themes {
		if i < len(themes) && themes[i] == t.Slug {
			i++
		}
	}
	return i == len(themes)
}
