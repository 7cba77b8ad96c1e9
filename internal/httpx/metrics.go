package httpx

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/furusato/furusato/internal/service"
)

// Metrics counts requests and their latencies by route pattern (never by
// raw path, which would let clients create unbounded series).
type Metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics registers the request metrics on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "furusato_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "furusato_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// Wrap measures next. It must sit inside the mux's handler chain position
// where r.Pattern is known, so it reads the pattern after serving.
func (m *Metrics) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
		m.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

// RegisterListCache exports the figures of a node's listing cache on reg,
// read from stats at each scrape: its accounted size in bytes, its budget,
// its entries, and its evictions, hits and misses since start. None has a
// label, so no client can add series.
func RegisterListCache(reg prometheus.Registerer, stats func() service.CacheStats) {
	registerCache(reg, "furusato_listing_cache_", "listing cache", "ids", "Ranked listings", "Listings", "ranked afresh", stats)
}

// RegisterWordCache exports the same figures of a node's cache of single
// search words' matches.
func RegisterWordCache(reg prometheus.Registerer, stats func() service.CacheStats) {
	registerCache(reg, "furusato_word_cache_", "word cache", "matches", "Word matches", "Words", "not in it (matched for the search, or in the background)", stats)
}

// RegisterCardCache exports the same figures of a node's cache of the
// project cards that listing pages show.
func RegisterCardCache(reg prometheus.Registerer, stats func() service.CacheStats) {
	registerCache(reg, "furusato_card_cache_", "card cache", "cards", "Project cards", "Project cards", "read from the database", stats)
}

// RegisterPageCache exports the same figures of a node's cache of whole
// pages for visitors without a session.
func RegisterPageCache(reg prometheus.Registerer, stats func() service.CacheStats) {
	registerCache(reg, "furusato_page_cache_", "page cache", "gzipped bodies", "Gzipped pages", "Visitor pages", "rendered afresh", stats)
}

func registerCache(reg prometheus.Registerer, prefix, name, values, things, thingsCap, missed string, stats func() service.CacheStats) {
	reg.MustRegister(&cacheCollector{stats: stats,
		bytes:     prometheus.NewDesc(prefix+"bytes", "Bytes the "+name+" keeps, as it accounts them (keys, "+values+" and a per-entry overhead).", nil, nil),
		budget:    prometheus.NewDesc(prefix+"budget_bytes", "Bytes the "+name+" may keep before it evicts.", nil, nil),
		entries:   prometheus.NewDesc(prefix+"entries", things+" the "+name+" keeps.", nil, nil),
		evictions: prometheus.NewDesc(prefix+"evictions_total", thingsCap+" evicted to stay within the budget.", nil, nil),
		hits:      prometheus.NewDesc(prefix+"hits_total", thingsCap+" answered from the "+name+".", nil, nil),
		misses:    prometheus.NewDesc(prefix+"misses_total", thingsCap+" "+missed+".", nil, nil),
	})
}

type cacheCollector struct {
	stats                                           func() service.CacheStats
	bytes, budget, entries, evictions, hits, misses *prometheus.Desc
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.bytes, c.budget, c.entries, c.evictions, c.hits, c.misses} {
		ch <- d
	}
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.GaugeValue, float64(s.Bytes))
	ch <- prometheus.MustNewConstMetric(c.budget, prometheus.GaugeValue, float64(s.Budget))
	ch <- prometheus.MustNewConstMetric(c.entries, prometheus.GaugeValue, float64(s.Entries))
	ch <- prometheus.MustNewConstMetric(c.evictions, prometheus.CounterValue, float64(s.Evictions))
	ch <- prometheus.MustNewConstMetric(c.hits, prometheus.CounterValue, float64(s.Hits))
	ch <- prometheus.MustNewConstMetric(c.misses, prometheus.CounterValue, float64(s.Misses))
}
