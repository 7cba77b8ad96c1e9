package store_test

import (
	"context"
	"testing"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/search"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// searchMix is the query mix: 2-character words, longer words, several
// words, and common words that match a large part of the catalogue.
var searchMix = []string{"岐阜", "広報", "クレソン", "DX", "観光", "地域", "考えています", "酒造", "ECサイト", "新商品の企画", "岐阜 広報", "地域 オンライン", "instagram", "ふるさと納税"}

var engines = []store.Engine{store.SQLite, store.Postgres}

// BenchmarkMatch measures the database's share of a search: finding every
// project whose text matches the words, with its ranking tier, from the
// search index alone (the service ranks the ids in memory). It reports how
// many projects each word matches.
func BenchmarkMatch(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, q := range searchMix {
				b.Run(q, func(b *testing.B) {
					pq := search.ParseQuery(q)
					m, err := db.MatchProjects(ctx, pq)
					if err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						if _, err := db.MatchProjects(ctx, pq); err != nil {
							b.Fatal(err)
						}
					}
					// After the loop: its first call clears reported metrics.
					b.ReportMetric(float64(len(m.IDs)), "matches")
				})
			}
		})
	}
}

// BenchmarkRankSQL measures the SQL ranking that the service falls back on
// (and that its in-memory ranking is tested against), for comparison.
func BenchmarkRankSQL(b *testing.B) {
	today := furusato.DateOf(testkit.BenchNow)
	cases := map[string]furusato.ProjectFilter{
		"all-newest": {Today: today},
		"filtered":   {Prefectures: []int{21}, Themes: []string{"pr"}, OpenOnly: true, Sort: furusato.SortDeadline, Today: today},
		"common":     {Query: "地域", Today: today},
		"rare":       {Query: "クレソン", Today: today},
	}
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, name := range []string{"all-newest", "filtered", "common", "rare"} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if _, err := db.ReferenceRankProjects(ctx, cases[name]); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
