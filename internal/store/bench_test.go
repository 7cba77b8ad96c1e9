package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// searchMix is the query mix: 2-character words, longer words, several
// words, and common words that match a large part of the catalogue.
var searchMix = []string{"岐阜", "広報", "クレソン", "DX", "観光", "地域", "考えています", "酒造", "ECサイト", "新商品の企画", "岐阜 広報", "地域 オンライン", "instagram", "ふるさと納税"}

var engines = []store.Engine{store.SQLite, store.Postgres}

// BenchmarkSearch measures the search query itself, uncached, per word,
// and reports what share of the catalogue each word matches.
func BenchmarkSearch(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, q := range searchMix {
				b.Run(q, func(b *testing.B) {
					f := furusato.ProjectFilter{Query: q, Limit: 20, Today: furusato.DateOf(testkit.BenchNow)}
					_, total, err := db.FindProjects(ctx, f)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(total), "matches")
					for b.Loop() {
						if _, _, err := db.FindProjects(ctx, f); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkSearchMix runs the whole mix round-robin, uncached, and reports
// the median and 90th percentile of single searches.
func BenchmarkSearchMix(b *testing.B) {
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			var lat []time.Duration
			i := 0
			for b.Loop() {
				f := furusato.ProjectFilter{Query: searchMix[i%len(searchMix)], Limit: 20, Today: furusato.DateOf(testkit.BenchNow)}
				t0 := time.Now()
				if _, _, err := db.FindProjects(ctx, f); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				i++
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "ms-p90")
		})
	}
}

// BenchmarkList measures uncached listings without words.
func BenchmarkList(b *testing.B) {
	today := furusato.DateOf(testkit.BenchNow)
	cases := map[string]furusato.ProjectFilter{
		"all-newest":    {Limit: 20, Today: today},
		"all-page-50":   {Limit: 20, Offset: 980, Today: today},
		"filtered":      {Prefectures: []int{21}, Themes: []string{"pr"}, OpenOnly: true, Sort: furusato.SortDeadline, Limit: 20, Today: today},
		"area-remote":   {Area: "kinki", Remote: true, Limit: 20, Today: today},
		"open-deadline": {OpenOnly: true, Sort: furusato.SortDeadline, Limit: 20, Today: today},
	}
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, name := range []string{"all-newest", "all-page-50", "filtered", "area-remote", "open-deadline"} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := db.FindProjects(ctx, cases[name]); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
