package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// MatchAmong answers, for a chunk of ids in any order and of any length
// (here over 5,000, with ids of no project), exactly which of them match,
// as MatchProjects does for the whole catalogue, on both engines.
func TestMatchAmong_IsTheWholeMatchWithinTheChunk(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadFixture(t, db)
		rows, err := db.ListingRows(ctx, furusato.PublicStatuses)
		if err != nil {
			t.Fatal(err)
		}
		var chunk []int64
		for i := len(rows) - 1; i >= 0; i-- {
			chunk = append(chunk, rows[i].ID)
		}
		for id := int64(1_000_000); len(chunk) < 5_000; id++ {
			chunk = append(chunk, id)
		}
		found := 0
		for _, q := range []string{"地域", "岐阜", "越境EC", "考えています", "存在しない"} {
			pq := search.ParseQuery(q)
			whole, err := db.MatchProjects(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.MatchAmong(ctx, pq, chunk)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, id := range whole.IDs {
				if slices.Contains(chunk, id) {
					want = append(want, id)
				}
			}
			found += len(want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v", q, got, want)
			}
			if half, err := db.MatchAmong(ctx, pq, chunk[:1]); err != nil || len(half) > 1 {
				t.Errorf("%q among one id: %v, %v", q, half, err)
			}
		}
		if found == 0 {
			t.Fatal("no word matched: the test proves nothing")
		}
	})
}

// MatchHeadPublished and MatchHeadDeadline answer exactly what MatchHead
// answers for the projects of their span (published_at, or the deadline
// of a project in the status published), on PostgreSQL, where a bounded
// search reads the title matches of a common word a span at a time.
func TestMatchHeadSpans_AreMatchHeadWithinTheSpan(t *testing.T) {
	t.Parallel()
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		if !db.MatchHeadIsBounded() {
			if _, err := db.MatchHeadPublished(context.Background(), search.ParseQuery("地域"), 0, 1); err == nil {
				t.Error("MatchHeadPublished on SQLite: no error")
			}
			return
		}
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, db, 300, now); err != nil {
			t.Fatal(err)
		}
		rows, err := db.ListingRows(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]store.ListingRow{}
		var pubs []int64
		var deadlines []string
		for _, r := range rows {
			byID[r.ID] = r
			pubs = append(pubs, r.PublishedAt)
			deadlines = append(deadlines, r.Deadline)
		}
		slices.Sort(pubs)
		slices.Sort(deadlines)
		lo, hi := pubs[len(pubs)/3], pubs[len(pubs)*2/3]
		from, to := deadlines[len(deadlines)/4], deadlines[len(deadlines)/2]
		found := 0
		for _, q := range []string{"観光", "ECサイト", "新商品の企画", "岐阜 広報", "地域", "存在しない"} {
			pq := search.ParseQuery(q)
			whole, err := db.MatchHead(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			var wantPub, wantDeadline []string
			for i, id := range whole.IDs {
				r, ok := byID[id]
				if !ok {
					continue // not public: spans hold them too, but ListingRows does not
				}
				if lo <= r.PublishedAt && r.PublishedAt <= hi {
					wantPub = append(wantPub, fmt.Sprint(id, ":", whole.Tiers[i]))
				}
				if r.Status == furusato.StatusPublished && from <= r.Deadline && r.Deadline <= to {
					wantDeadline = append(wantDeadline, fmt.Sprint(id, ":", whole.Tiers[i]))
				}
			}
			found += len(wantPub) + len(wantDeadline)
			pub, err := db.MatchHeadPublished(ctx, pq, lo, hi)
			if err != nil {
				t.Fatal(err)
			}
			dl, err := db.MatchHeadDeadline(ctx, pq, from, to)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name string
				got  *store.SearchMatch
				want []string
			}{{"published", pub, wantPub}, {"deadline", dl, wantDeadline}} {
				var got []string
				for i, id := range c.got.IDs {
					if _, ok := byID[id]; ok {
						got = append(got, fmt.Sprint(id, ":", c.got.Tiers[i]))
					}
				}
				slices.Sort(got)
				slices.Sort(c.want)
				if !slices.Equal(got, c.want) {
					t.Errorf("%q by %s: got %v, want %v", q, c.name, got, c.want)
				}
			}
		}
		if found == 0 {
			t.Fatal("no word matched in the spans: the test proves nothing")
		}
		if m, err := db.MatchHeadPublished(ctx, search.ParseQuery("地域"), hi, lo); err != nil || len(m.IDs) != 0 {
			t.Errorf("an empty span: %v, %v", m, err)
		}
	})
}
