package service_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// A listing page reads from the database only the cards no page showed
// lately: two searches whose pages share projects read those once, and
// every card is the database's.
func TestCatalogue_CardCacheReadsEachCardOnce(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		service.NoCardWarmForTest(cat) // it counts every read
		first, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "地域"})
		if err != nil || len(first) != service.DefaultPerPage {
			t.Fatalf("地域: %d cards, %v", len(first), err)
		}
		s := cat.CardCacheStats()
		if s.Misses != uint64(len(first)) || s.Hits != 0 || s.Entries != len(first) || s.Bytes <= 0 {
			t.Fatalf("after one page: %+v, want its %d cards read and kept", s, len(first))
		}
		second, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "地域 広報"})
		if err != nil || len(second) == 0 {
			t.Fatalf("地域 広報: %d cards, %v", len(second), err)
		}
		shared := 0
		for _, p := range second {
			for _, q := range first {
				if p.ID == q.ID {
					shared++
				}
			}
		}
		if shared == 0 {
			t.Fatal("the two pages share no project: the test proves little")
		}
		if s2 := cat.CardCacheStats(); s2.Hits != uint64(shared) || s2.Misses != s.Misses+uint64(len(second)-shared) {
			t.Fatalf("after a second page sharing %d of %d cards: %+v", shared, len(second), s2)
		}
		ids := make([]int64, len(second))
		for i, p := range second {
			ids[i] = p.ID
		}
		want, err := db.ProjectCardsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(second, want) {
			t.Fatalf("cached cards differ from the database's")
		}
		second[0].Title, second[0].Themes[0] = "changed by a caller", "changed"
		again, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "地域 広報"})
		if err != nil || !reflect.DeepEqual(again, want) {
			t.Fatalf("a caller's change reached the cache (%v)", err)
		}
	})
}

// A catalogue write empties the card cache: the next page shows the
// project as it is now.
func TestCatalogue_CardCacheFollowsCatalogueWrites(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		co, org := seed(t, db)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return addProject(ctx, tx, "cards-one", "古いタイトル", co, org, furusato.StatusPublished)
		}); err != nil {
			t.Fatal(err)
		}
		cat := service.NewCatalogue(db, clock)
		title := func() string {
			t.Helper()
			ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.Slug == "cards-one" {
					return p.Title
				}
			}
			t.Fatal("the project is not listed")
			return ""
		}
		if got := title(); got != "古いタイトル" {
			t.Fatalf("before the write: %q", got)
		}
		p, err := db.FindProject(ctx, "cards-one", furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		p.Title = "新しいタイトル"
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), now.Add(1e9)) }); err != nil {
			t.Fatal(err)
		}
		if got := title(); got != "新しいタイトル" {
			t.Fatalf("after the write: %q", got)
		}
	})
}

// The card cache stays within its budget.
func TestCatalogue_CardCacheIsBounded(t *testing.T) {
	t.Parallel()
	db := generatedDB(t, store.SQLite, 400)
	ctx := context.Background()
	cat := service.NewCatalogue(db, clock)
	service.NoCardWarmForTest(cat)
	cat.SetCardCacheBytes(16 << 10)
	for page := range 10 {
		if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Offset: page * 20, Limit: 20}); err != nil {
			t.Fatal(err)
		}
	}
	if s := cat.CardCacheStats(); s.Bytes > 16<<10 || s.Entries == 0 || s.Evictions == 0 {
		t.Fatalf("card cache with a 16 KB budget after 200 cards: %+v, want within it, some kept, some evicted", s)
	}
	cat.SetCardCacheBytes(0)
	ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
	if s := cat.CardCacheStats(); err != nil || len(ps) != 20 || s.Entries != 0 {
		t.Fatalf("a card cache turned off: %d cards, %+v, %v", len(ps), s, err)
	}
}

// After its listing index loads, a node warms the card cache with the
// cards of the default order's first projects, so that the first pages of
// new searches read no card; after a write it warms the new version's
// cards, as they are now. With a small budget it fills three quarters of
// it, beginning with the first projects.
func TestCatalogue_CardCacheWarmsTheFirstProjects(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		first, total, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
		if err != nil || len(first) == 0 {
			t.Fatalf("the list: %d cards, %v", len(first), err)
		}
		service.WaitForCardWarmForTest(t, cat)
		s := cat.CardCacheStats()
		if s.Entries != total {
			t.Fatalf("warmed %d cards of %d public projects (%+v)", s.Entries, total, s)
		}
		page, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "広報"})
		if err != nil || len(page) == 0 {
			t.Fatalf("広報: %d cards, %v", len(page), err)
		}
		if s2 := cat.CardCacheStats(); s2.Misses != s.Misses || s2.Hits != s.Hits+uint64(len(page)) {
			t.Fatalf("a new search after warming: %+v, before %+v: want its %d cards all hits", s2, s, len(page))
		}
		want, err := db.ProjectCardsByID(ctx, ids(page))
		if err != nil || !reflect.DeepEqual(page, want) {
			t.Fatalf("warmed cards differ from the database's (%v)", err)
		}

		p, err := db.FindProject(ctx, first[0].Slug, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		p.Title = "温めなおした後のタイトル"
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, p, p.Version(), now.Add(1e9)) }); err != nil {
			t.Fatal(err)
		}
		testkit.EventuallyOK(t, 30*time.Second, func() error {
			ps, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if ps[0].Title != p.Title {
				return fmt.Errorf("the first card reads %q", ps[0].Title)
			}
			return nil
		})
		service.WaitForCardWarmForTest(t, cat)
		if s := cat.CardCacheStats(); s.Entries != total {
			t.Fatalf("after the write, warmed %d cards of %d", s.Entries, total)
		}
		got, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "温めなおした後"})
		if err != nil || len(got) != 1 || got[0].Title != p.Title {
			t.Fatalf("the new title's search: %d cards, %v", len(got), err)
		}

		small := service.NewCatalogue(db, clock)
		const budget = 64 << 10
		small.SetCardCacheBytes(budget)
		if _, _, err := small.FindProjects(ctx, furusato.ProjectFilter{Query: "地域"}); err != nil {
			t.Fatal(err)
		}
		service.WaitForCardWarmForTest(t, small)
		s = small.CardCacheStats()
		if s.Bytes > budget || s.Entries == 0 || s.Entries >= total || s.Evictions != 0 {
			t.Fatalf("warming a 64 KB cache: %+v, want some cards within it, none evicted", s)
		}
		if _, _, err := small.FindProjects(ctx, furusato.ProjectFilter{}); err != nil {
			t.Fatal(err)
		}
		if s2 := small.CardCacheStats(); s2.Hits < s.Hits+20 {
			t.Fatalf("the list's first page after warming a small cache: %+v, before %+v: want 20 hits", s2, s)
		}
	})
}

func ids(ps []*furusato.Project) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}
