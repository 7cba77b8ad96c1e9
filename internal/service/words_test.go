package service_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// Once its words have been seen, a search is ranked from the word cache
// alone, and exactly as the database ranks the whole query: every pair of
// common and rare words, with filters, on both engines.
func TestCatalogue_WordCacheRanksAsTheDatabase(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		words := []string{"地域", "考えています", "広報", "岐阜", "クレソン", "酒造", "オンライン", "存在しない", "柿", "EC"}
		for _, w := range words {
			if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: w}); err != nil {
				t.Fatal(err)
			}
		}
		service.WaitForWordsForTest(t, cat)
		filters := []furusato.ProjectFilter{{}, {Sort: furusato.SortDeadline, OpenOnly: true}, {Prefectures: []int{21, 13}}, {Themes: []string{"pr", "food"}, Remote: true}}
		matched := 0
		for i, a := range words {
			for _, b := range append(words[i:i+1], words[(i+3)%len(words)], words[(i+5)%len(words)], words[(i+1)%len(words)]+" "+words[(i+2)%len(words)]) {
				for fi, f := range filters {
					f.Query = a + " " + b
					got, ok, err := service.RankFromWordsForTest(ctx, cat, f)
					if err != nil || !ok {
						t.Fatalf("%q: from the words %v, %v", f.Query, ok, err)
					}
					_, whole, err := service.RankSearchForTest(ctx, cat, f, service.SearchLimit, 500, 4000)
					if err != nil {
						t.Fatal(err)
					}
					want := whole[:min(len(whole), service.SearchLimit+1)]
					if !slices.Equal(got, want) {
						t.Errorf("%q filter %d: words give %d %v, the database %d %v", f.Query, fi, len(got), head64(got), len(want), head64(want))
					}
					if len(want) > 0 {
						matched++
					}
				}
			}
		}
		if matched < 40 {
			t.Fatalf("only %d searches matched anything: the test proves little", matched)
		}
		if s := cat.WordCacheStats(); s.Entries < len(words) || s.Bytes <= 0 || s.Bytes > s.Budget {
			t.Errorf("word cache: %+v, want %d words (and the warmed ones) within the budget", s, len(words))
		}
	})
}

// A catalogue write empties the word cache: a search after it is not
// ranked from matches of the catalogue before it, and its words are
// matched again.
func TestCatalogue_WordCacheFollowsCatalogueWrites(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		co, org := seed(t, db)
		cat := service.NewCatalogue(db, clock)
		f := furusato.ProjectFilter{Query: "新しい 募集"}
		if _, _, err := cat.FindProjects(ctx, f); err != nil {
			t.Fatal(err)
		}
		service.WaitForWordsForTest(t, cat)
		if ids, ok, err := service.RankFromWordsForTest(ctx, cat, f); err != nil || !ok || len(ids) != 0 {
			t.Fatalf("before the write: %v %v %v, want no project from the words", ids, ok, err)
		}
		// The new listing index loads slowly, as under load: the old index
		// is served meanwhile, but the word cache is asked of the new one.
		release := service.HoldIndexLoads(cat)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return addProject(ctx, tx, "new-one", "新しい募集", co, org, furusato.StatusPublished)
		}); err != nil {
			t.Fatal(err)
		}
		time.AfterFunc(200*time.Millisecond, release)
		if _, ok, err := service.RankFromWordsForTest(ctx, cat, f); err != nil || ok {
			t.Fatalf("right after the write the old words answered (%v, %v)", ok, err)
		}
		service.WaitForWordsForTest(t, cat)
		ids, ok, err := service.RankFromWordsForTest(ctx, cat, f)
		if err != nil || !ok || len(ids) != 1 {
			t.Fatalf("after the write: %v %v %v, want the new project", ids, ok, err)
		}
		ps, total, err := cat.FindProjects(ctx, f)
		if err != nil || total != 1 || ps[0].Slug != "new-one" {
			t.Fatalf("the search after the write: %d, %v", total, err)
		}
	})
}

// The word cache stays within its budget, and its queue within its bound:
// a burst of searches with new words never makes either grow without end.
// (Searches of more than three words queue their new words; fewer are
// matched while the search waits, see the test below.)
func TestCatalogue_WordCacheIsBounded(t *testing.T) {
	t.Parallel()
	db := generatedDB(t, store.SQLite, 400)
	ctx := context.Background()
	cat := service.NewCatalogue(db, clock)
	release := service.HoldWordWorkerForTest(cat)
	for i := range 200 {
		if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: fmt.Sprintf("語%d 地域 広報 観光", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := service.WordQueueForTest(cat); n > 64 || n < 32 {
		t.Fatalf("%d words wait after 200 searches with new words, want at most 64 (and the queue used)", n)
	}
	cat.SetWordCacheBytes(4 << 10)
	release()
	service.WaitForWordsForTest(t, cat)
	s := cat.WordCacheStats()
	if s.Bytes > 4<<10 || s.Entries == 0 || s.Evictions == 0 {
		t.Fatalf("word cache with a 4 KB budget after 64 words: %+v, want within it, some kept, some evicted", s)
	}
	cat.SetWordCacheBytes(0)
	if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: "地域 広報"}); err != nil {
		t.Fatal(err)
	}
	if n := service.WordQueueForTest(cat); n != 0 {
		t.Fatalf("a word cache turned off queued %d words", n)
	}
}

// The word cache's ranking stops at the number it is asked for and gives
// the same head as the database: the first page of a common pair is the
// first 20 of the whole ranking.
func TestCatalogue_WordCacheRanksTheHeadOnly(t *testing.T) {
	t.Parallel()
	db := generatedDB(t, store.SQLite, 400)
	ctx := context.Background()
	cat := service.NewCatalogue(db, clock)
	f := furusato.ProjectFilter{Query: "地域 オンライン"}
	if _, _, err := cat.FindProjects(ctx, f); err != nil {
		t.Fatal(err)
	}
	service.WaitForWordsForTest(t, cat)
	for _, want := range []int{1, 20, 21, 5000} {
		got, ok, err := service.RankHeadFromWordsForTest(ctx, cat, f, want)
		if err != nil || !ok {
			t.Fatalf("from the words: %v %v", ok, err)
		}
		_, whole, err := service.RankSearchForTest(ctx, cat, f, service.SearchLimit, 500, 4000)
		if err != nil {
			t.Fatal(err)
		}
		if len(whole) < 25 {
			t.Fatalf("地域 オンライン matches %d projects, the test needs more", len(whole))
		}
		if !slices.Equal(got, whole[:min(want, len(whole))]) {
			t.Errorf("the first %d from the words: %v, the database's: %v", want, head64(got), head64(whole))
		}
	}
}

// A search of up to three words whose words are not cached has them
// matched while it waits, once however many searches want them at the
// same moment, and is then ranked from the word cache exactly as the
// database ranks it: a crowd of new pairs costs a read per word, not a
// database search per pair.
func TestCatalogue_NewWordsAreMatchedOnceForACrowd(t *testing.T) {
	t.Parallel()
	enginesGenerated(t, 400, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat := service.NewCatalogue(db, clock)
		release := service.HoldWordWorkerForTest(cat) // no warming: only the searches match words
		defer release()
		queries := []string{"地域 広報", "広報 地域", "地域 観光", "観光 広報 地域"}
		var wg sync.WaitGroup
		for i := range 24 {
			wg.Go(func() {
				if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: queries[i%len(queries)]}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if db.Engine() == store.Postgres {
			// The bounded way (rankLoading's comment): nothing is read
			// while the searches wait; the worker gets the words.
			if s := cat.WordCacheStats(); s.Entries != 0 {
				t.Fatalf("after 24 searches on PostgreSQL: %+v, want no word read while they waited", s)
			}
			if n := service.WordQueueForTest(cat); n != 3 {
				t.Fatalf("%d words queued for the worker, want 3", n)
			}
			// Words that few projects hold (by warming's estimate) cost
			// less to match whole than the bounded search: they are read
			// while the crowd waits, once each, as on SQLite.
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
				if _, planning := service.WarmQueueForTest(cat); !planning {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("warming chose no words in 30 s")
				}
			}
			rare := []string{"北海道", "沖縄"}
			before := cat.WordCacheStats()
			for i := range 12 {
				wg.Go(func() {
					if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: rare[i%2]}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if s := cat.WordCacheStats(); s.Misses-before.Misses != 2 || s.Entries != 2 {
				t.Fatalf("after 12 searches of 2 rare new words (prefectures) on PostgreSQL: %+v, want each read once while they waited and kept", s)
			}
			if n := service.WordQueueForTest(cat); n != 3 {
				t.Fatalf("%d words queued for the worker, want the 3 common ones still", n)
			}
			queries = rare
		} else {
			if s := cat.WordCacheStats(); s.Misses != 3 || s.Entries != 3 {
				t.Fatalf("after 24 searches of 3 new words: %+v, want each word read once and kept", s)
			}
			if n := service.WordQueueForTest(cat); n != 0 {
				t.Fatalf("%d words queued for the worker, want none", n)
			}
		}
		for _, q := range queries {
			f := furusato.ProjectFilter{Query: q}
			got, ok, err := service.RankFromWordsForTest(ctx, cat, f)
			if err != nil || !ok {
				t.Fatalf("%q: from the words %v, %v", q, ok, err)
			}
			_, whole, err := service.RankSearchForTest(ctx, cat, f, service.SearchLimit, 500, 4000)
			if err != nil {
				t.Fatal(err)
			}
			if want := whole[:min(len(whole), service.SearchLimit+1)]; len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%q: words give %d %v, the database %d %v", q, len(got), head64(got), len(want), head64(want))
			}
			_, total, err := cat.FindProjects(ctx, f)
			if err != nil || total != min(len(whole), service.SearchLimit) {
				t.Errorf("%q: the search says %d (%v), the database %d", q, total, err, len(whole))
			}
		}
	})
}
