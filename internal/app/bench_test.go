package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

func engines() []store.Engine { return []store.Engine{store.SQLite, store.Postgres} }

var benchNow = testkit.BenchNow

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	if len(lat) == 0 {
		return
	}
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "ms-p90")
}

// logSlowest logs the median of each query of a mix, slowest first: what
// makes the p90 of the mix.
func logSlowest(b *testing.B, each map[string][]time.Duration) {
	type row struct {
		key    string
		median time.Duration
		n      int
	}
	var rows []row
	for k, l := range each {
		slices.Sort(l)
		rows = append(rows, row{k, l[len(l)/2], len(l)})
	}
	slices.SortFunc(rows, func(a, b row) int { return int(b.median - a.median) })
	for _, r := range rows[:min(len(rows), 8)] {
		b.Logf("median %6.1f ms (%d runs): %q", float64(r.median.Microseconds())/1000, r.n, r.key)
	}
}

// searchMix is the query mix: 2-character words, longer words, several
// words, and common words that match a large part of the catalogue.
var searchMix = []string{"岐阜", "広報", "クレソン", "DX", "観光", "地域", "考えています", "酒造", "ECサイト", "新商品の企画", "岐阜 広報", "地域 オンライン", "instagram", "ふるさと納税"}

// BenchmarkPages measures whole handlers (routing, middleware, service with
// its cache, template rendering): the list with filters, a search, and the
// project page; "cached" as a visitor without a session gets them (from the
// page cache), "built" with the page cache off, as a signed-in person's
// page or a new query's is built (the listing cache warm; the card cache
// too, as for a page of projects other pages showed lately), "built-cold"
// with the card cache off as well, as a page of cards nobody asked for
// lately is built.
func BenchmarkPages(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			svc := newServices(b, db, "http://bench.example", func() time.Time { return benchNow })
			for _, mode := range []string{"cached", "built", "built-cold"} {
				b.Run(mode, func(b *testing.B) {
					if mode == "built-cold" {
						svc.Catalogue.SetCardCacheBytes(0)
						defer svc.Catalogue.SetCardCacheBytes(service.DefaultCardCacheBytes)
					}
					benchPages(b, db, svc, mode != "cached")
				})
			}
		})
	}
}

func benchPages(b *testing.B, db *store.DB, svc *service.Services, built bool) {
	opts := app.Options{BaseURL: "http://bench.example"}
	if built {
		opts.PageCacheBytes = -1
	}
	h, err := app.New(db, svc, opts)
	if err != nil {
		b.Fatal(err)
	}
	pages := map[string]string{
		"list":          "/projects",
		"list-filtered": "/projects?" + url.Values{"prefecture": {"gifu"}, "theme": {"pr"}, "open": {"1"}, "sort": {"deadline"}}.Encode(),
		"list-page-50":  "/projects?page=50",
		"search":        "/projects?q=" + url.QueryEscape("地域"),
		"detail":        "/projects/gifu-watercress-evangelist",
		"top":           "/",
		"api-list":      "/api/v1/projects?theme=pr&per_page=20",
	}
	// A generated project from the middle of the catalogue, too.
	mid, total, err := db.ReferenceFindProjects(context.Background(), furusato.ProjectFilter{Today: furusato.DateOf(benchNow), Limit: 1})
	if err != nil || len(mid) == 0 {
		b.Fatal(err)
	}
	if mid, _, err = db.ReferenceFindProjects(context.Background(), furusato.ProjectFilter{Today: furusato.DateOf(benchNow), Offset: total / 2, Limit: 1}); err != nil || len(mid) == 0 {
		b.Fatal(err)
	}
	pages["detail-mid"] = "/projects/" + mid[0].Slug
	// Log as in production, but not onto the benchmark's output.
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, name := range []string{"top", "list", "list-filtered", "list-page-50", "search", "detail", "detail-mid", "api-list"} {
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, pages[name], nil)
			if !built {
				req.Header.Set("Accept-Encoding", "gzip") // as browsers ask; the cache keeps pages gzipped
			}
			h.ServeHTTP(httptest.NewRecorder(), req) // warm: this measures the cached page
			waitForWords(b, svc.Catalogue)
			cpu := startCPU(b, db)
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", pages[name], w.Code)
				}
			}
			cpu.report(b)
		})
	}
}

// waitForWords waits until the word cache's background warming (which the
// first listing index load starts) is done: its database work would be
// counted in the CPU of whichever row happens to run first.
func waitForWords(b *testing.B, cat *service.Catalogue) {
	for deadline := time.Now().Add(5 * time.Minute); cat.Busy(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("the word cache is still warming after 5 minutes")
		}
	}
}

// BenchmarkColdQueries measures the service when a query is new to its
// cache (a fresh filter each time: a never-seen ExcludeID), once the node
// holds its listing index: the cost of a first search or listing after a
// catalogue change has been absorbed by the node.
func BenchmarkColdQueries(b *testing.B) {
	mixes := map[string][]string{"search": searchMix, "list": {""}}
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			cat := service.NewCatalogue(db, func() time.Time { return benchNow })
			// Cold: every word is matched by the database.
			cat.SetWordCacheBytes(0)
			if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{}); err != nil { // loads the index
				b.Fatal(err)
			}
			for _, name := range []string{"search", "list"} {
				b.Run(name, func(b *testing.B) {
					mix := mixes[name]
					i := 0
					var lat []time.Duration
					each := map[string][]time.Duration{} // by query and sort, for the log
					cpu := startCPU(b, db)
					for b.Loop() {
						f := furusato.ProjectFilter{Query: mix[i%len(mix)], ExcludeID: int64(-1 - i)}
						if i%3 == 1 {
							f.Sort, f.OpenOnly = furusato.SortDeadline, true
						}
						t0 := time.Now()
						if _, _, err := cat.FindProjects(ctx, f); err != nil {
							b.Fatal(err)
						}
						d := time.Since(t0)
						lat = append(lat, d)
						k := f.Query + " " + f.Sort
						each[k] = append(each[k], d)
						i++
					}
					cpu.report(b)
					reportPercentiles(b, lat)
					logSlowest(b, each)
				})
			}
		})
	}
}

// BenchmarkWordPairs measures searches for pairs of the 60 common words of
// scripts/bench's mix, each pair new to the node (a never-seen ExcludeID),
// with the word cache off ("cold": the database matches each pair) and
// once every word's match is in the word cache ("words": intersected in
// memory).
func BenchmarkWordPairs(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for _, mode := range []string{"cold", "words"} {
				b.Run(mode, func(b *testing.B) {
					cat := service.NewCatalogue(db, func() time.Time { return benchNow })
					if mode == "cold" {
						cat.SetWordCacheBytes(0)
					}
					if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{}); err != nil { // loads the index
						b.Fatal(err)
					}
					if mode == "words" {
						warmWords(b, cat)
					}
					words := demo.CommonWords
					i := 0
					var lat []time.Duration
					for b.Loop() {
						n := i * 7 // a stride that walks all 3,600 pairs
						f := furusato.ProjectFilter{Query: words[n%len(words)] + " " + words[(n/len(words))%len(words)], ExcludeID: int64(-1 - i)}
						if i%3 == 1 {
							f.Sort, f.OpenOnly = furusato.SortDeadline, true
						}
						t0 := time.Now()
						if _, _, err := cat.FindProjects(ctx, f); err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
						i++
					}
					reportPercentiles(b, lat)
				})
			}
		})
	}
}

// warmWords searches each common word once and waits until the word cache
// holds them all.
func warmWords(b *testing.B, cat *service.Catalogue) {
	ctx := context.Background()
	for _, w := range demo.CommonWords {
		if _, _, err := cat.FindProjects(ctx, furusato.ProjectFilter{Query: w}); err != nil {
			b.Fatal(err)
		}
	}
	for deadline := time.Now().Add(5 * time.Minute); cat.WordCacheStats().Entries < len(demo.CommonWords); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatalf("the word cache holds %d of %d words after 5 minutes", cat.WordCacheStats().Entries, len(demo.CommonWords))
		}
	}
	b.Logf("word cache: %+v", cat.WordCacheStats())
}

// BenchmarkIndexLoad measures what a node pays once per catalogue change:
// reading the ranking columns of every public project.
func BenchmarkIndexLoad(b *testing.B) {
	for _, e := range engines() {
		b.Run(string(e), func(b *testing.B) {
			db := testkit.BenchDB(b, e)
			ctx := context.Background()
			for b.Loop() {
				if _, err := db.ListingRows(ctx, furusato.PublicStatuses); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
