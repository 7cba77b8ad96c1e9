package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
)

func TestMetrics_CountsByRoutePattern(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := httpx.NewMetrics(reg)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /projects/{key}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("key") == "missing" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	mux.HandleFunc("POST /projects", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusCreated) })
	mux.HandleFunc("GET /empty", func(http.ResponseWriter, *http.Request) {})
	// The order app.New uses: the request id middleware copies the request
	// (r.WithContext) before metrics see it; the pattern must still be read.
	h := httpx.Chain(mux, httpx.WithRequestID, httpx.WithGzip, m.Wrap)

	do := func(method, path string) {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, path, nil))
	}
	for _, key := range []string{"gifu-cresson", "hida-fans", "a1", "missing"} {
		do(http.MethodGet, "/projects/"+key)
	}
	do(http.MethodPost, "/projects")
	do(http.MethodGet, "/empty")
	do(http.MethodGet, "/no/such/path/42")
	do(http.MethodGet, "/no/such/path/43")

	// Every series, exactly: the route label is the pattern, never the raw path.
	want := `
# HELP furusato_http_requests_total HTTP requests by route pattern, method and status.
# TYPE furusato_http_requests_total counter
furusato_http_requests_total{method="GET",route="GET /empty",status="200"} 1
furusato_http_requests_total{method="GET",route="GET /projects/{key}",status="200"} 3
furusato_http_requests_total{method="GET",route="GET /projects/{key}",status="404"} 1
furusato_http_requests_total{method="GET",route="unmatched",status="404"} 2
furusato_http_requests_total{method="POST",route="POST /projects",status="201"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "furusato_http_requests_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "furusato_http_request_duration_seconds"); n != 4 {
		t.Errorf("%d latency series, want 4 (one per route)", n)
	}
}

// The listing cache's figures are exported as they are at the scrape, with
// no labels at all.
func TestListCacheCollector_ExportsStats(t *testing.T) {
	reg := prometheus.NewRegistry()
	stats := service.CacheStats{Bytes: 12345, Budget: 32 << 20, Entries: 7, Evictions: 3, Hits: 40, Misses: 10}
	httpx.RegisterListCache(reg, func() service.CacheStats { return stats })
	want := `
# HELP furusato_listing_cache_bytes Bytes the listing cache keeps, as it accounts them (keys, ids and a per-entry overhead).
# TYPE furusato_listing_cache_bytes gauge
furusato_listing_cache_bytes 12345
# HELP furusato_listing_cache_budget_bytes Bytes the listing cache may keep before it evicts.
# TYPE furusato_listing_cache_budget_bytes gauge
furusato_listing_cache_budget_bytes 3.3554432e+07
# HELP furusato_listing_cache_entries Ranked listings the listing cache keeps.
# TYPE furusato_listing_cache_entries gauge
furusato_listing_cache_entries 7
# HELP furusato_listing_cache_evictions_total Listings evicted to stay within the budget.
# TYPE furusato_listing_cache_evictions_total counter
furusato_listing_cache_evictions_total 3
# HELP furusato_listing_cache_hits_total Listings answered from the listing cache.
# TYPE furusato_listing_cache_hits_total counter
furusato_listing_cache_hits_total 40
# HELP furusato_listing_cache_misses_total Listings ranked afresh.
# TYPE furusato_listing_cache_misses_total counter
furusato_listing_cache_misses_total 10
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	stats.Entries, stats.Evictions = 2, 9 // read afresh at each scrape
	want = `
# HELP furusato_listing_cache_entries Ranked listings the listing cache keeps.
# TYPE furusato_listing_cache_entries gauge
furusato_listing_cache_entries 2
# HELP furusato_listing_cache_evictions_total Listings evicted to stay within the budget.
# TYPE furusato_listing_cache_evictions_total counter
furusato_listing_cache_evictions_total 9
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "furusato_listing_cache_entries", "furusato_listing_cache_evictions_total"); err != nil {
		t.Error(err)
	}
}
