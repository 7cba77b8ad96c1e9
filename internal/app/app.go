// Package app wires the HTTP edges (web pages, JSON API), the shared
// middleware and /healthz into one http.Handler, and /metrics into another
// (served on its own address, or on the site behind a bearer token only).
// The pages, the API and the middleware share one set of services, which
// the caller builds once with service.New (and `furusato serve` gives the
// background jobs too). cmd/furusato serves them; internal/e2e drives the
// very same handler in a browser.
//
// It imports every package except cmd and store's SQL details.
package app

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/furusato/furusato/internal/api"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/web"
)

// Options configure the handler.
type Options struct {
	BaseURL string         // public origin; every absolute URL is built from it
	Proxies *httpx.Proxies // trusted reverse proxies
	Demo    bool           // demo data present
	Version string         // build version
	// MetricsToken, when set, serves /metrics on the site too, to requests
	// with "Authorization: Bearer <MetricsToken>"; without it (the
	// default) the site answers /metrics with its 404 page, and only the
	// metrics handler of NewWithMetrics serves them.
	MetricsToken string
	// PageCacheBytes is the budget of the cache of whole pages for
	// visitors without a session (web.Config.PageCacheBytes): 0 is
	// web.DefaultPageCacheBytes, negative turns it off.
	PageCacheBytes int64
}

// New returns the whole site as one handler, over the services svc (built
// once by service.New, over db).
func New(db *store.DB, svc *service.Services, opts Options) (http.Handler, error) {
	site, _, err := NewWithMetrics(db, svc, opts)
	return site, err
}

// NewWithMetrics returns the whole site as one handler, and the handler of
// the Prometheus metrics (GET /metrics only) for a listener of its own,
// which the public should not reach: the metrics name routes and tell
// traffic and pool sizes. The pages, the API and the middleware share the
// services svc (built once by service.New, over db); db itself serves the
// sessions, /healthz and the pool metrics.
func NewWithMetrics(db *store.DB, svc *service.Services, opts Options) (site, metricsHandler http.Handler, err error) {
	if u, err := url.Parse(opts.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("app: base URL %q is not an absolute http(s) URL", opts.BaseURL)
	}
	if svc == nil {
		return nil, nil, fmt.Errorf("app: no services")
	}
	https := strings.HasPrefix(opts.BaseURL, "https://")
	sessions := httpx.NewSessions(db.SessionStore(httpx.SessionOwner), https, svc.Auth)
	pages, err := web.New(web.Config{BaseURL: opts.BaseURL, Demo: opts.Demo, Version: opts.Version, Proxies: opts.Proxies, PageCacheBytes: opts.PageCacheBytes}, web.ServicesOf(svc, sessions))
	if err != nil {
		return nil, nil, err
	}
	apis, err := api.New(api.Config{BaseURL: opts.BaseURL}, api.Services{Catalogue: svc.Catalogue, Projects: svc.Projects, Entries: svc.Entries,
		Teams: svc.Teams, Records: svc.Records})
	if err != nil {
		return nil, nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(newPoolCollector(db))
	metrics := httpx.NewMetrics(reg)
	httpx.RegisterListCache(reg, svc.Catalogue.CacheStats)
	httpx.RegisterPageCache(reg, pages.PageCacheStats)
	httpx.RegisterWordCache(reg, svc.Catalogue.WordCacheStats)
	httpx.RegisterCardCache(reg, svc.Catalogue.CardCacheStats)

	mux := http.NewServeMux()
	pages.Register(mux)
	apis.Register(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Cache-Control", "no-store")
		if err := db.Ping(ctx); err != nil {
			httpx.LogError(r, err)
			httpx.WriteJSON(w, http.StatusServiceUnavailable, health{Status: "unavailable", Database: "down"})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, health{Status: "ok", Database: "up", Version: opts.Version})
	})
	metricsMux := http.NewServeMux()
	metricsMux.Handle("GET /metrics", noStore(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	var routes http.Handler = mux
	if opts.MetricsToken != "" {
		routes = withMetricsToken(mux, metricsMux, opts.MetricsToken)
	}

	// Form posts from other sites are refused (403, logged, with the
	// security headers) before a session is even read; the session
	// cookie's SameSite=Lax is the second line.
	return httpx.Chain(routes,
		httpx.WithRequestID,
		httpx.WithLog(opts.Proxies),
		httpx.WithRecover,
		httpx.WithSecurityHeaders,
		httpx.WithHSTS(https),
		http.NewCrossOriginProtection().Handler,
		sessions.Middleware,
		httpx.WithAPITokens(svc.APITokens), // under /api/ the actor is the bearer token's, never the cookie's
		httpx.WithGzip,
		metrics.Wrap,
	), metricsMux, nil
}

// noStore keeps caches from storing h's responses.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// withMetricsToken serves GET /metrics from metrics to a request that
// carries "Authorization: Bearer <token>" (compared in constant time);
// every other request, a wrong token included, goes to site, which has no
// /metrics and so answers with its 404 page.
func withMetricsToken(site, metrics http.Handler, token string) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/metrics" && r.Method == http.MethodGet &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) == 1 {
			metrics.ServeHTTP(w, r)
			return
		}
		site.ServeHTTP(w, r)
	})
}

type health struct {
	Status   string `json:"status"`
	Database string `json:"database"`
	Version  string `json:"version,omitempty"`
}

// poolCollector exports the database pool statistics of both pools.
type poolCollector struct {
	db                         *store.DB
	open, inUse, idle, waitCnt *prometheus.Desc
}

func newPoolCollector(db *store.DB) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("furusato_db_"+name, help, []string{"pool"}, nil)
	}
	return &poolCollector{db: db,
		open:    d("open_connections", "Open connections."),
		inUse:   d("in_use_connections", "Connections in use."),
		idle:    d("idle_connections", "Idle connections."),
		waitCnt: d("wait_count_total", "Waits for a connection."),
	}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.open
	ch <- c.inUse
	ch <- c.idle
	ch <- c.waitCnt
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	w, r := c.db.Stats()
	for _, p := range []struct {
		name string
		s    sql.DBStats
	}{{"writer", w}, {"reader", r}} {
		ch <- prometheus.MustNewConstMetric(c.open, prometheus.GaugeValue, float64(p.s.OpenConnections), p.name)
		ch <- prometheus.MustNewConstMetric(c.inUse, prometheus.GaugeValue, float64(p.s.InUse), p.name)
		ch <- prometheus.MustNewConstMetric(c.idle, prometheus.GaugeValue, float64(p.s.Idle), p.name)
		ch <- prometheus.MustNewConstMetric(c.waitCnt, prometheus.CounterValue, float64(p.s.WaitCount), p.name)
	}
}
