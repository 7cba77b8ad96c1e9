package service_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
)

// After the listing index of a catalogue version is loaded, the node
// matches the catalogue's most frequent words (tags and prefectures) before
// anyone searches for them: a search of two of them is then ranked from the
// word cache, exactly as the database ranks it. It does so again after a
// catalogue write, within a bounded number of words and half the budget,
// and it never holds up a search: with the worker stuck, searches are
// answered the usual way.
func TestCatalogue_WordCacheWarmsTheCatalogueWords(t *testing.T) {
	t.Parallel()
	db := generatedDB(t, store.SQLite, 400)
	ctx := context.Background()
	cat := service.NewCatalogue(db, clock)
	if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{}); err != nil { // loads the index: no words searched
		t.Fatal(err)
	}
	service.WaitForWarmingForTest(t, cat)
	s := cat.WordCacheStats()
	if s.Entries == 0 || s.Entries > service.WarmWords || s.Bytes > s.Budget/2 || s.Hits+s.Misses != 0 {
		t.Fatalf("word cache after warming: %+v, want 1 to %d words in half the budget, and no search counted", s, service.WarmWords)
	}
	warm, err := service.FrequentWordsForTest(ctx, cat)
	if err != nil || len(warm) != s.Entries || !slices.Contains(warm, "excel") {
		t.Fatalf("warmed %d words, chose %d: %v (%v), want them all and Excel (the most common skill) among them", s.Entries, len(warm), warm, err)
	}
	for _, w := range []string{"勉強会", "試作品", "地域"} { // words of the texts (what the participant does, the catch copy), no tag's
		if !slices.Contains(warm, w) {
			t.Errorf("%s (a word of a third of the projects' texts) was not chosen: %v", w, warm)
		}
	}
	for _, q := range []string{"Excel " + warm[1], warm[len(warm)-1] + " " + warm[len(warm)/2], "Excel"} {
		f := furusato.ProjectFilter{Query: q}
		got, ok, err := service.RankFromWordsForTest(ctx, cat, f)
		if err != nil || !ok {
			t.Fatalf("%q was not warmed (%v, %v); cache %+v", q, ok, err, cat.WordCacheStats())
		}
		_, whole, err := service.RankSearchForTest(ctx, cat, f, service.SearchLimit, 500, 4000)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, whole[:min(len(whole), service.SearchLimit+1)]) {
			t.Fatalf("%q: the warmed words give %v, the database %v", q, head64(got), head64(whole))
		}
	}

	// A write: the next listing loads the new index and warms again.
	rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
	if err != nil || len(rows) == 0 {
		t.Fatal(err)
	}
	some, err := db.FindProject(ctx, strconv.FormatInt(rows[0].ID, 10), furusato.PublicStatuses)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		return addProject(ctx, tx, "warm-new", "Excelで在庫を見える化", some.Company, &furusato.Organization{ID: some.OrganizationID}, furusato.StatusPublished)
	}); err != nil {
		t.Fatal(err)
	}
	added, err := db.FindProject(ctx, "warm-new", furusato.PublicStatuses)
	if err != nil {
		t.Fatal(err)
	}
	// The listing that sees the write starts the new index's load (it may
	// be served from the old one meanwhile); warming follows the load.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{}); err != nil {
			t.Fatal(err)
		}
		service.WaitForWarmingForTest(t, cat)
		got, ok, err := service.RankFromWordsForTest(ctx, cat, furusato.ProjectFilter{Query: "Excel"})
		if err != nil {
			t.Fatal(err)
		}
		if ok && slices.Contains(got, added.ID) { // matched again, at the new version
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after the write Excel is not warmed with the new project (%v): %+v", ok, cat.WordCacheStats())
		}
	}
	if s := cat.WordCacheStats(); s.Hits+s.Misses > 40 {
		t.Fatalf("word cache after the write: %+v: the words came from warming, not from searches", s)
	}

	// Bounded by half the budget, whatever the budget.
	small := service.NewCatalogue(db, clock)
	small.SetWordCacheBytes(8 << 10)
	if _, _, err := small.FindProjects(ctx, furusato.ProjectFilter{}); err != nil {
		t.Fatal(err)
	}
	service.WaitForWarmingForTest(t, small)
	if s := small.WordCacheStats(); s.Bytes > 4<<10 || s.Evictions != 0 {
		t.Fatalf("warming an 8 KB word cache: %+v, want at most 4 KB and nothing evicted", s)
	}

	// Never in a search's way: with the worker held, warming waits and a
	// search is answered by the database at once.
	held := service.NewCatalogue(db, clock)
	release := service.HoldWordWorkerForTest(held)
	defer release()
	start := time.Now()
	ps, total, err := held.FindProjects(ctx, furusato.ProjectFilter{Query: "Excel 地域"})
	if err != nil || total == 0 || len(ps) == 0 {
		t.Fatalf("a search while warming is held: %d, %v", total, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("a search while warming is held took %s", d)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if n, planning := service.WarmQueueForTest(held); !planning && n > 0 {
			if n > service.WarmWords {
				t.Fatalf("%d words wait to be warmed, want at most %d", n, service.WarmWords)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no word queued for warming after the index load")
		}
	}
}
