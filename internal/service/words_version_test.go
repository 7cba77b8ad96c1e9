package service_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// wordsCatalogue seeds a few projects sharing the words 広報, 地域 and 酒蔵,
// one of them a draft, and returns a node that has matched those words.
func wordsCatalogue(t *testing.T, db *store.DB) (*service.Catalogue, *furusato.Company, *furusato.Organization) {
	t.Helper()
	ctx := context.Background()
	co, org := seed(t, db) // sake-pr: 酒蔵の広報
	if err := db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range []struct {
			slug, title string
			st          furusato.ProjectStatus
		}{
			{"town-pr", "地域の広報を担う", furusato.StatusPublished},
			{"town-map", "地域の地図づくり", furusato.StatusPublished},
			{"sake-town", "酒蔵と地域をつなぐ", furusato.StatusDraft},
		} {
			if err := addProject(ctx, tx, p.slug, p.title, co, org, p.st); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cat := service.NewCatalogue(db, clock)
	for _, q := range wordsQueries {
		if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	service.WaitForWordsForTest(t, cat)
	service.WaitForWarmingForTest(t, cat)
	return cat, co, org
}

var wordsQueries = []string{"広報", "地域", "酒蔵", "地域 広報", "酒蔵 地域"}

// wordsMatchReference checks that q is ranked from the word cache alone
// and, both from it and through FindProjects, exactly as the database's
// reference ranking; it returns the ids ranked.
func wordsMatchReference(t *testing.T, db *store.DB, cat *service.Catalogue, q string) []int64 {
	t.Helper()
	ctx := context.Background()
	f := furusato.ProjectFilter{Query: q}
	ps, total, err := cat.FindProjects(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	ref := f
	ref.Statuses, ref.Today = furusato.PublicStatuses, furusato.DateOf(now)
	want, err := db.ReferenceRankProjects(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, p := range ps {
		got = append(got, p.ID)
	}
	if total != len(want) || !slices.Equal(got, want[:len(got)]) {
		t.Errorf("%q: found %v of %d, the reference %v", q, got, total, want)
	}
	words, ok, err := service.RankFromWordsForTest(ctx, cat, f)
	if err != nil || !ok {
		t.Fatalf("%q is not ranked from the word cache (%v, %v): %+v", q, ok, err, cat.WordCacheStats())
	}
	if !slices.Equal(words, want[:min(len(want), service.SearchLimit+1)]) {
		t.Errorf("%q: the word cache ranks %v, the reference %v", q, words, want)
	}
	return want
}

func projectID(t *testing.T, db *store.DB, slug string) int64 {
	t.Helper()
	p, err := db.FindProject(context.Background(), slug, furusato.ProjectStatuses)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// Writes that change no project's text (a place taken by an accepted
// entry, a cover, a project closed or cancelled) leave the words version
// and the word cache alone: no word is matched again, and every search is
// still ranked from the cache exactly as the database ranks it (the
// listing index of the new catalogue version drops what is no longer
// public).
func TestCatalogue_WordCacheOutlivesWritesWithoutText(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat, _, _ := wordsCatalogue(t, db)
		words0 := service.WaitForIndexForTest(t, cat)
		for _, q := range wordsQueries {
			wordsMatchReference(t, db, cat, q)
		}
		s0, reads0 := cat.WordCacheStats(), service.WordReadsForTest(cat)
		if s0.Entries < 3 {
			t.Fatalf("word cache before the writes: %+v, want 広報, 地域 and 酒蔵", s0)
		}
		pr, townMap := projectID(t, db, "town-pr"), projectID(t, db, "town-map")
		for _, w := range []struct {
			name string
			fn   func(tx *store.Tx) error
		}{
			{"accept an entry", func(tx *store.Tx) error { _, _, err := tx.TakePlace(ctx, pr); return err }},
			{"set a cover", func(tx *store.Tx) error {
				return tx.SetProjectCover(ctx, townMap, furusato.Cover{Key: "covers/map", Width: 320, Height: 240})
			}},
			{"close a project", func(tx *store.Tx) error {
				return tx.SetProjectStatus(ctx, townMap, furusato.StatusPublished, furusato.StatusClosed, now)
			}},
			{"cancel a project", func(tx *store.Tx) error {
				return tx.SetProjectStatus(ctx, pr, furusato.StatusPublished, furusato.StatusCancelled, now)
			}},
		} {
			v0, _ := db.CatalogueVersion(ctx)
			if err := db.Tx(ctx, w.fn); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			if v1, _ := db.CatalogueVersion(ctx); v1 == v0 {
				t.Fatalf("%s did not move the catalogue version", w.name)
			}
			if words := service.WaitForIndexForTest(t, cat); words != words0 {
				t.Fatalf("%s: the words version moved %d → %d", w.name, words0, words)
			}
			service.WaitForWarmingForTest(t, cat)
			for _, q := range wordsQueries {
				wordsMatchReference(t, db, cat, q)
			}
			if s := cat.WordCacheStats(); s.Entries != s0.Entries {
				t.Errorf("%s: word cache %+v, before %+v: want it kept", w.name, s, s0)
			}
			if n := service.WordReadsForTest(cat); n != reads0 {
				t.Errorf("%s: %d words matched again", w.name, n-reads0)
			}
		}
		if ids := wordsMatchReference(t, db, cat, "地域 広報"); slices.Contains(ids, pr) {
			t.Errorf("地域 広報 still lists the cancelled project: %v", ids)
		}
	})
}

// A change of a project's text moves the words version: the node empties
// its word cache, and the words are matched again with the new text (the
// new word is found, and a cached word now in the title ranks it first).
func TestCatalogue_WordCacheFollowsTextChanges(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat, _, _ := wordsCatalogue(t, db)
		words0 := service.WaitForIndexForTest(t, cat)
		reads0 := service.WordReadsForTest(cat)
		release := service.HoldWordWorkerForTest(cat) // warming cannot refill the cache before it is looked at
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			p, err := tx.FindProject(ctx, "town-map", furusato.ProjectStatuses)
			if err != nil {
				return err
			}
			p.Title = "棚田と酒蔵の広報"
			return tx.UpdateProject(ctx, p, p.Version(), now)
		}); err != nil {
			t.Fatal(err)
		}
		if words := service.WaitForIndexForTest(t, cat); words == words0 {
			t.Fatalf("a new title left the words version at %d", words)
		}
		if s := cat.WordCacheStats(); s.Entries != 0 {
			t.Fatalf("word cache after a text change: %+v, want emptied", s)
		}
		release()
		service.WaitForWarmingForTest(t, cat)
		townMap := projectID(t, db, "town-map")
		for _, q := range []string{"棚田", "広報", "酒蔵 広報"} {
			if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: q}); err != nil { // matches the words
				t.Fatal(err)
			}
			service.WaitForWordsForTest(t, cat)
			if ids := wordsMatchReference(t, db, cat, q); len(ids) == 0 || ids[0] != townMap {
				t.Errorf("%q ranks %v, want the retitled project %d first", q, ids, townMap)
			}
		}
		if service.WordReadsForTest(cat) == reads0 {
			t.Error("no word was matched again after the text changed")
		}
	})
}

// A draft's text is in no public match, so editing it keeps the words
// version and every cached word (no word is matched again, and the draft is
// not found); publishing it brings its text into the public catalogue: the
// words version moves, and the search finds it, ranked as the database.
func TestCatalogue_WordCacheFindsAPublishedDraft(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cat, _, _ := wordsCatalogue(t, db)
		words0 := service.WaitForIndexForTest(t, cat)
		draft := projectID(t, db, "sake-town")
		reads0 := service.WordReadsForTest(cat)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			p, err := tx.FindProject(ctx, "sake-town", furusato.ProjectStatuses)
			if err != nil {
				return err
			}
			p.Title = "酒蔵と地域の広報をつなぐ" // now also holds 広報, a cached word
			return tx.UpdateProject(ctx, p, p.Version(), now)
		}); err != nil {
			t.Fatal(err)
		}
		if words := service.WaitForIndexForTest(t, cat); words != words0 {
			t.Fatalf("editing a draft moved the words version %d → %d", words0, words)
		}
		for _, q := range wordsQueries {
			if ids := wordsMatchReference(t, db, cat, q); slices.Contains(ids, draft) {
				t.Fatalf("%q found the draft: %v", q, ids)
			}
		}
		if n := service.WordReadsForTest(cat) - reads0; n != 0 {
			t.Errorf("%d words matched again after a draft's edit", n)
		}

		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, draft, furusato.StatusDraft, furusato.StatusPublished, now)
		}); err != nil {
			t.Fatal(err)
		}
		if words := service.WaitForIndexForTest(t, cat); words == words0 {
			t.Fatalf("publishing a draft left the words version at %d", words)
		}
		service.WaitForWarmingForTest(t, cat)
		for _, q := range wordsQueries {
			if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: q}); err != nil { // matches the words again
				t.Fatal(err)
			}
		}
		service.WaitForWordsForTest(t, cat)
		for _, q := range wordsQueries {
			wordsMatchReference(t, db, cat, q)
		}
		for _, q := range []string{"酒蔵 地域", "広報", "地域 広報"} {
			if ids := wordsMatchReference(t, db, cat, q); !slices.Contains(ids, draft) {
				t.Errorf("%q does not find the published draft: %v", q, ids)
			}
		}
	})
}

// A database upgraded to the words version (migration 00046) holds public
// projects at words version 0, and a node's word cache starts there too: its
// first index must still be warmed (a cache that took 0 for "warmed" never
// warmed until the first text write).
func TestCatalogue_WarmsAtTheFirstWordsVersion(t *testing.T) {
	t.Parallel()
	for _, engine := range []store.Engine{store.SQLite, store.Postgres} {
		t.Run(string(engine), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := testkit.NewURLWith(t, engine, demoKey, fillDemo) // a copy of the demo database
			driver, dsn := "pgx", url
			if engine == store.SQLite {
				driver, dsn = "sqlite", "file:"+url+"?_pragma=busy_timeout(10000)"
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = raw.ExecContext(ctx, `UPDATE catalogue_version SET words_version = 0 WHERE id = 1`) // as migrated
			raw.Close()
			if err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			cat := service.NewCatalogue(db, clock)
			if words := service.WaitForIndexForTest(t, cat); words != 0 {
				t.Fatalf("the index is at words version %d, want 0", words)
			}
			service.WaitForWarmingForTest(t, cat)
			if s := cat.WordCacheStats(); s.Entries == 0 {
				t.Fatalf("nothing warmed at words version 0: %+v", s)
			}
		})
	}
}
