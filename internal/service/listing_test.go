package service_test

import (
	"context"
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
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 400, now); err != nil {
			t.Fatal(err)
		}
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
			}
			if r.IntN(3) == 0 {
				f.Themes = []string{furusato.Themes[r.IntN(len(furusato.Themes))].Slug}
			}
			f.Remote = r.IntN(3) == 0
			f.OpenOnly = r.IntN(2) == 0
			if r.IntN(3) == 0 {
				f.Reward = []furusato.RewardType{furusato.RewardNone, furusato.RewardHonorarium, furusato.RewardPaid}[r.IntN(3)]
			}
			if r.IntN(3) == 0 {
				f.Duration = []string{furusato.DurationShort, furusato.DurationMid, furusato.DurationLong}[r.IntN(3)]
			}
			if r.IntN(2) == 0 {
				f.Sort = furusato.SortDeadline
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
			want, wantTotal, err := db.FindProjects(ctx, sf)
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
