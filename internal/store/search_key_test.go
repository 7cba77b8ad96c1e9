package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// On SQLite the search index is keyed by publication (store.SearchKey):
// MatchKeys finds exactly the matches among the projects whose key lies in
// a span, and a draft moves to its key when first published, found once.
func TestMatchKeys_FindsTheMatchesOfASpanOfPublication(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		if db.Engine() != store.SQLite {
			t.Skip("MatchKeys is SQLite's way; PostgreSQL has MatchAmong")
		}
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 300, now); err != nil {
			t.Fatal(err)
		}
		rows, err := db.ListingRows(ctx, furusato.ProjectStatuses)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[int64]int64{}
		var sorted []int64
		for _, r := range rows {
			keys[r.ID] = store.SearchKey(r.PublishedAt, r.ID)
			sorted = append(sorted, keys[r.ID])
		}
		slices.Sort(sorted)
		lo, hi := sorted[len(sorted)/3], sorted[len(sorted)*2/3]
		for _, word := range []string{"地域", "考えています", "岐阜", "地域 オンライン"} {
			q := search.ParseQuery(word)
			whole, err := db.MatchProjects(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, id := range whole.IDs {
				if k := keys[id]; lo <= k && k <= hi {
					want = append(want, id)
				}
			}
			got, err := db.MatchKeys(ctx, q, lo, hi)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			slices.Sort(want)
			if len(want) == 0 || len(want) == len(whole.IDs) || !slices.Equal(got, want) {
				t.Errorf("%s: got %d %v, want %d of %d", word, len(got), head(got), len(want), len(whole.IDs))
			}
		}

		// A draft, published: found under its new key, and once.
		var draft store.ListingRow
		for _, r := range rows {
			if r.Status == furusato.StatusDraft {
				draft = r
				break
			}
		}
		if draft.ID == 0 || draft.PublishedAt != 0 {
			t.Fatalf("no unpublished draft among %d projects: %+v", len(rows), draft)
		}
		q := search.ParseQuery("地域")
		if got, err := db.MatchKeys(ctx, q, draft.ID, draft.ID); err != nil || !slices.Equal(got, []int64{draft.ID}) {
			t.Fatalf("draft before publication: %v, %v; want it under its id", got, err)
		}
		at := now.Add(1e9)
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.SetProjectStatus(ctx, draft.ID, furusato.StatusDraft, furusato.StatusPublished, at)
		}); err != nil {
			t.Fatal(err)
		}
		key := store.SearchKey(at.UnixMilli(), draft.ID)
		if got, err := db.MatchKeys(ctx, q, key, key); err != nil || !slices.Equal(got, []int64{draft.ID}) {
			t.Errorf("published draft under its key: %v, %v", got, err)
		}
		if got, err := db.MatchKeys(ctx, q, draft.ID, draft.ID); err != nil || len(got) != 0 {
			t.Errorf("published draft still under its id: %v, %v", got, err)
		}
		whole, err := db.MatchProjects(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, id := range whole.IDs {
			if id == draft.ID {
				n++
			}
		}
		if n != 1 || len(whole.IDs) != len(slices.Compact(slices.Sorted(slices.Values(whole.IDs)))) {
			t.Errorf("published draft found %d times; %d matches", n, len(whole.IDs))
		}
	})
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 8)] }
