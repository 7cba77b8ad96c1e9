package service_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// The service ranks in memory what the store ranks in SQL: for many
// filters on the demo data plus generated projects, both must give the same
// projects in the same order, on both engines.
func TestCatalogue_RanksLikeTheStore(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		today := furusato.DateOf(now)
		r := rand.New(rand.NewPCG(1, 2))
		queries := []string{"", "", "", "岐阜", "広報", "クレソン", "地域", "dx", "酒造 広報", "塩", "ＥＣ", "存在しない"}
		for i := range 300 {
			f := furusato.ProjectFilter{Query: queries[r.IntN(len(queries))], Limit: service.MaxPerPage}
			if r.IntN(3) == 0 {
				f.Prefectures = []int{1 + r.IntN(47), 1 + r.IntN(47)}
			}
			if r.IntN(4) == 0 {
				f.Area = furusato.Areas[r.IntN(len(furusato.Areas))].Slug
				if in := furusato.PrefecturesIn(f.Area); r.IntN(2) == 0 {
					// a prefecture of the area, and maybe one outside it
					f.Prefectures = append(f.Prefectures[:0], in[r.IntN(len(in))].Code)
					if r.IntN(2) == 0 {
						f.Prefectures = append(f.Prefectures, 1+r.IntN(47))
					}
				}
			}
			if r.IntN(3) == 0 {
				f.Themes = []string{furusato.Themes[r.IntN(len(furusato.Themes))].Slug}
				if r.IntN(2) == 0 {
					f.Themes = append(f.Themes, furusato.Themes[r.IntN(len(furusato.Themes))].Slug)
				}
			}
			f.Remote = r.IntN(3) == 0
			f.OpenOnly = r.IntN(2) == 0
			if r.IntN(3) == 0 {
				f.Reward = []furusato.RewardType{furusato.RewardNone, furusato.RewardHonorarium, furusato.RewardPaid}[r.IntN(3)]
			}
			if r.IntN(3) == 0 {
				f.Duration = []string{furusato.DurationShort, furusato.DurationMid, furusato.DurationLong}[r.IntN(3)]
			}
			switch r.IntN(4) {
			case 0, 1:
				f.Sort = furusato.SortDeadline
			case 2:
				f.Sort = furusato.SortPublished // the feed's order
			}
			var got []string
			total := 0
			for off := 0; ; off += f.Limit {
				f.Offset = off
				ps, n, err := cat.FindProjects(ctx, f)
				if err != nil {
					t.Fatalf("%d %+v: %v", i, f, err)
				}
				total = n
				for _, p := range ps {
					got = append(got, p.Slug)
				}
				if len(ps) < f.Limit {
					break
				}
			}
			sf := f
			sf.Offset, sf.Limit, sf.Today, sf.Statuses = 0, 100000, today, furusato.PublicStatuses
			want, wantTotal, err := db.ReferenceFindProjects(ctx, sf)
			if err != nil {
				t.Fatal(err)
			}
			ws := make([]string, len(want))
			for j, p := range want {
				ws[j] = p.Slug
			}
			if !slices.Equal(got, ws) || total != wantTotal {
				t.Fatalf("filter %d %+v:\nservice %d %v\nstore   %d %v", i, f, total, head(got), wantTotal, head(ws))
			}
		}
	})
}

func head(s []string) []string { return s[:min(len(s), 12)] }

// Facets combine with AND, values within one facet with OR: the area 中部
// and the prefecture 岐阜県 give the projects of Gifu only, not the whole
// of Chubu; adding 長野県 gives Gifu's and Nagano's.
func TestCatalogue_FacetsCombineWithAndValuesWithOr(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		cat := service.NewCatalogue(db, clock)
		count := func(f furusato.ProjectFilter) (int, map[int]int) {
			f.Limit = service.MaxPerPage
			ps, n, err := cat.FindProjects(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			by := map[int]int{}
			for _, p := range ps {
				by[p.Prefecture]++
			}
			return n, by
		}
		chubu, _ := count(furusato.ProjectFilter{Area: "chubu"})
		gifu, byGifu := count(furusato.ProjectFilter{Prefectures: []int{21}})
		both, byBoth := count(furusato.ProjectFilter{Area: "chubu", Prefectures: []int{21}})
		if gifu == 0 || chubu <= gifu {
			t.Fatalf("demo data: chubu %d, gifu %d", chubu, gifu)
		}
		if both != gifu || len(byBoth) != 1 || byBoth[21] != byGifu[21] {
			t.Errorf("中部 + 岐阜県 = %d projects %v, want Gifu's %d only", both, byBoth, gifu)
		}
		nagano, _ := count(furusato.ProjectFilter{Prefectures: []int{20}})
		if n, _ := count(furusato.ProjectFilter{Area: "chubu", Prefectures: []int{21, 20}}); n != gifu+nagano {
			t.Errorf("中部 + 岐阜県,長野県 = %d, want %d", n, gifu+nagano)
		}
		if n, _ := count(furusato.ProjectFilter{Area: "kanto", Prefectures: []int{21}}); n != 0 {
			t.Errorf("関東 + 岐阜県 = %d, want 0", n)
		}
	})
}

// generatedDB returns a fresh database on engine holding the demo
// catalogue and n generated projects, as the catalogue's search and ranking
// tests start: a copy of one filled once per test process for each n
// (testkit.NewDBWith), not a catalogue generated again in every test.
func generatedDB(t *testing.T, engine store.Engine, n int) *store.DB {
	t.Helper()
	return testkit.NewDBWith(t, engine, generatedKey(n), fillGenerated(n))
}

// enginesGenerated is testkit.Engines with generatedDB's databases.
func enginesGenerated(t *testing.T, n int, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	testkit.EnginesWith(t, generatedKey(n), fillGenerated(n), fn)
}

func generatedKey(n int) string {
	return fmt.Sprintf("service: demo catalogue and %d generated projects", n)
}

// fillGenerated writes the demo catalogue and n generated projects at now.
func fillGenerated(n int) func(ctx context.Context, db *store.DB) error {
	return func(ctx context.Context, db *store.DB) error {
		if _, err := demo.Load(ctx, db, now); err != nil {
			return fmt.Errorf("demo.Load: %w", err)
		}
		if err := demo.Generate(ctx, db, n, now); err != nil {
			return fmt.Errorf("demo.Generate: %w", err)
		}
		return nil
	}
}
