package service_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// A bounded search gives exactly the first limit+1 results of the whole
// ranking, whether the word is common (found by probing the listing order
// a chunk at a time) or rare (found whole), with filters, on both engines.
func TestCatalogue_BoundedSearchIsThePrefixOfTheWholeRanking(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		filters := []furusato.ProjectFilter{
			{},
			{Sort: furusato.SortDeadline, OpenOnly: true},
			{Prefectures: []int{21, 13}},
			{Themes: []string{"pr", "food"}, Remote: true},
			{Sort: furusato.SortDeadline},
			{Sort: furusato.SortPublished},
		}
		bounds := [][3]int{{0, 1, 1}, {4, 3, 10}, {30, 20, 60}, {120, 50, 400}, {2000, 500, 4000}}
		for _, q := range []string{"地域", "考えています", "地域 オンライン", "広報", "岐阜", "クレソン", "酒造 広報", "存在しない", "観光", "ECサイト", "新商品の企画 岐阜"} {
			for fi, f := range filters {
				f.Query = q
				for _, b := range bounds {
					got, whole, err := service.RankSearchForTest(ctx, cat, f, b[0], b[1], b[2])
					if err != nil {
						t.Fatal(err)
					}
					want := whole[:min(len(whole), b[0]+1)]
					if !slices.Equal(got, want) {
						t.Errorf("%q filter %d bound %v: got %d %v, want %d %v", q, fi, b, len(got), head64(got), len(want), head64(want))
					}
				}
			}
		}
	})
}

// A word that most projects hold is found by reading a chunk or two of
// the listing's newest-first order, never every match, on both engines (on
// SQLite through the span of search keys that the newest projects cover).
func TestCatalogue_BoundedSearchReadsFewMatchesOfACommonWord(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 1500, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		for _, q := range []string{"地域", "考えています", "地域 オンライン"} {
			before := service.WholeMatchesForTest(cat)
			got, whole, err := service.RankSearchForTest(ctx, cat, furusato.ProjectFilter{Query: q}, 100, 50, 400)
			if err != nil {
				t.Fatal(err)
			}
			if len(whole) < 300 || !slices.Equal(got, whole[:101]) {
				t.Errorf("%q: got %d %v, want the first 101 of %d", q, len(got), head64(got), len(whole))
			}
			if n := service.WholeMatchesForTest(cat) - before; n != 0 {
				t.Errorf("%q read every match (%d of %d projects)", q, len(whole), 1500)
			}
		}
	})
}

// A word in the titles of one project in fifteen (a subject of the
// generated titles) is found by reading the title matches of a span or two
// of the listing's order, not every one, on PostgreSQL, both newest first
// and by deadline; the result is the whole ranking's first. (SQLite reads
// its title-and-catch index whole: it is small and its doclists short.)
func TestCatalogue_BoundedSearchReadsFewTitleMatchesOfASubject(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 1500, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		for _, q := range []string{"観光", "ECサイト", "新商品の企画", "ふるさと納税"} {
			for _, f := range []furusato.ProjectFilter{{Query: q}, {Query: q, Sort: furusato.SortDeadline, OpenOnly: true}} {
				before := service.WholeHeadsForTest(cat)
				got, whole, err := service.RankSearchForTest(ctx, cat, f, 10, 50, 100)
				if err != nil {
					t.Fatal(err)
				}
				if len(whole) < 50 || !slices.Equal(got, whole[:11]) {
					t.Errorf("%q sort %q: got %d %v, want the first 11 of %d", q, f.Sort, len(got), head64(got), len(whole))
				}
				if n := service.WholeHeadsForTest(cat) - before; db.MatchHeadIsBounded() && n != 0 {
					t.Errorf("%q sort %q read every title match", q, f.Sort)
				}
			}
		}
	})
}

func head64(ids []int64) string { return fmt.Sprint(ids[:min(len(ids), 8)]) }

// A search that matches more than service.SearchLimit projects says so and
// lists the first SearchLimit; a listing without words counts exactly.
func TestCatalogue_SearchSaysMoreThanTheLimit(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 1500, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		p, err := cat.Find(ctx, furusato.ProjectFilter{Query: "地域", Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != service.SearchLimit || !p.More || len(p.Projects) != 20 {
			t.Fatalf("地域: total %d more %v, %d projects; want %d, true, 20", p.Total, p.More, len(p.Projects), service.SearchLimit)
		}
		last, err := cat.Find(ctx, furusato.ProjectFilter{Query: "地域", Limit: 20, Offset: service.SearchLimit - 20})
		if err != nil || len(last.Projects) != 20 {
			t.Fatalf("last page: %v, %v", last, err)
		}
		past, err := cat.Find(ctx, furusato.ProjectFilter{Query: "地域", Limit: 20, Offset: service.SearchLimit})
		if err != nil || len(past.Projects) != 0 || !past.More {
			t.Fatalf("past the limit: %+v, %v; want no projects", past, err)
		}
		all, err := cat.Find(ctx, furusato.ProjectFilter{})
		if err != nil || all.More || all.Total <= service.SearchLimit {
			t.Fatalf("listing without words: total %d more %v, %v; want the exact count", all.Total, all.More, err)
		}
		rare, err := cat.Find(ctx, furusato.ProjectFilter{Query: "クレソン"})
		if err != nil || rare.More || rare.Total == 0 || rare.Total >= service.SearchLimit {
			t.Fatalf("rare word: total %d more %v, %v", rare.Total, rare.More, err)
		}
	})
}
