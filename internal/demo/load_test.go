package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, furusato.JST)

func TestLoad_IsIdempotentAndPublicOnly(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res, err := demo.Load(ctx, db, now)
		if err != nil {
			t.Fatal(err)
		}
		data := demo.Content(furusato.DateOf(now))
		if res.Projects != len(data.Projects) || res.Organizations != len(data.Organizations) || res.Companies != len(data.Companies) {
			t.Errorf("first load added %+v, want all of the content", res)
		}
		again, err := demo.Load(ctx, db, now)
		if err != nil || again != (demo.LoadResult{}) {
			t.Errorf("second load added %+v, %v; want nothing", again, err)
		}
		public := 0
		for _, p := range data.Projects {
			got, err := db.FindProject(ctx, p.Slug, furusato.PublicStatuses)
			switch {
			case p.Status.Public() && err != nil:
				t.Errorf("%s: %v", p.Slug, err)
			case !p.Status.Public() && furusato.ErrorCode(err) != furusato.ENOTFOUND:
				t.Errorf("%s (%s) is public", p.Slug, p.Status)
			case err == nil:
				public++
				if got.Organization.Slug != p.OrganizationSlug || len(got.Supporters) != len(p.Supporters) {
					t.Errorf("%s: organisation %s, %d supporters", p.Slug, got.Organization.Slug, len(got.Supporters))
				}
			}
		}
		_, total, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Today: furusato.DateOf(now), Limit: 1})
		if err != nil || total != public {
			t.Errorf("listing total %d, %v; want %d", total, err, public)
		}
		// The watercress project of the article is found in Japanese and in kana.
		for _, q := range []string{"クレソン", "くれそん", "岐阜 クレソン"} {
			ps, _, err := db.ReferenceFindProjects(ctx, furusato.ProjectFilter{Query: q, Today: furusato.DateOf(now), Limit: 5})
			if err != nil || len(ps) == 0 {
				t.Errorf("search %q: %v, %v", q, ps, err)
			}
		}
	})
}

func TestGenerate(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 250, now); err != nil {
			t.Fatal(err)
		}
		// A second run continues the numbering instead of colliding.
		if err := demo.Generate(ctx, db, 10, now); err != nil {
			t.Fatal(err)
		}
		n, err := db.CountGeneratedProjects(ctx)
		if err != nil || n != 260 {
			t.Errorf("generated %d, %v; want 260", n, err)
		}
		p, err := db.FindProject(ctx, "gen-7", furusato.ProjectStatuses)
		if err != nil {
			t.Fatal(err)
		}
		if p.Validate() != nil || p.Company == nil || p.Organization == nil {
			t.Errorf("gen-7 = %+v", p)
		}
	})
}
