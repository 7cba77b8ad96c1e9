package app_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/furusato/furusato/internal/app"
	"github.com/furusato/furusato/internal/demo"
	"github.com/furusato/furusato/internal/furusato"
	"github.com/furusato/furusato/internal/httpx"
	"github.com/furusato/furusato/internal/service"
	"github.com/furusato/furusato/internal/store"
	"github.com/furusato/furusato/internal/testkit"
)

// appNow is the fixed clock of these tests: a Friday morning in JST.
var appNow = time.Date(2026, 11, 20, 10, 0, 0, 0, furusato.JST)

const appBaseURL = "https://furusato.example.jp"

// demoProject is a published demo project.
const demoProject = "gifu-watercress-evangelist"

// newApp returns the whole site over db with the demo catalogue loaded.
func newApp(t *testing.T, db *store.DB) http.Handler {
	t.Helper()
	if _, err := demo.Load(context.Background(), db, appNow); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	h, err := app.New(db, newServices(t, db, appBaseURL, func() time.Time { return appNow }), app.Options{BaseURL: appBaseURL, Demo: true, Version: "test"})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	return h
}

// newServices returns every service over db at base with the clock now,
// each built once, as `furusato serve` builds them.
func newServices(tb testing.TB, db *store.DB, base string, now func() time.Time) *service.Services {
	tb.Helper()
	s, err := service.New(db, service.Config{BaseURL: base, Now: now, Argon: service.TestArgon})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// quiet sends the default logger to a buffer for the test's duration.
func quiet(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

// get serves one GET with headers given as name, value pairs; the request's
// Host is a stranger's, as an attacker would send it.
func get(t *testing.T, h http.Handler, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "evil.example"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func checkHealthy(t *testing.T, h http.Handler) {
	t.Helper()
	res, body := get(t, h, "/healthz")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/healthz: status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("/healthz: Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("/healthz: Cache-Control %q, want no-store", cc)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("/healthz: %v: %q", err, body)
	}
	if got["status"] != "ok" || got["database"] != "up" {
		t.Errorf("/healthz = %v, want status ok, database up", got)
	}
}

func TestHealthz_Engines(t *testing.T) {
	testkit.Engines(t, func(t *testing.T, db *store.DB) {
		h, err := app.New(db, newServices(t, db, appBaseURL, func() time.Time { return appNow }), app.Options{BaseURL: appBaseURL})
		if err != nil {
			t.Fatal(err)
		}
		checkHealthy(t, h)
	})
}

func TestHealthz_DatabaseDownIs503WithoutDetail(t *testing.T) {
	logs := quiet(t)
	db := testkit.NewDB(t, store.SQLite)
	h := newApp(t, db)
	checkHealthy(t, h)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, h, "/healthz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/healthz with the database closed: status %d, want 503: %s", res.StatusCode, body)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("/healthz: %v: %q", err, body)
	}
	if got["status"] == "ok" || got["database"] != "down" {
		t.Errorf("/healthz = %v, want database down", got)
	}
	for _, leak := range []string{"sql", "closed", "store:", "ping", "furusato.db", "/tmp"} {
		if strings.Contains(strings.ToLower(body), leak) {
			t.Errorf("/healthz body leaks %q: %s", leak, body)
		}
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	// The detail is in the log, once, with the request id.
	id := res.Header.Get("X-Request-Id")
	if !strings.Contains(logs.String(), "store: ping") || !strings.Contains(logs.String(), "request_id="+id) {
		t.Errorf("log lacks the ping error with request id %s:\n%s", id, logs)
	}
}

// metricValue returns the value of the sample in a Prometheus text
// exposition whose name and labels are exactly series (labels sorted as
// the exposition prints them), and whether it was found.
func metricValue(exposition, series string) (float64, bool) {
	sc := bufio.NewScanner(strings.NewReader(exposition))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		i := strings.LastIndexByte(line, ' ') // label values may hold spaces
		if i > 0 && line[:i] == series {
			f, err := strconv.ParseFloat(line[i+1:], 64)
			return f, err == nil
		}
	}
	return 0, false
}

// newAppWithMetrics is newApp with the metrics handler that
// `furusato serve --metrics-addr` serves apart from the site.
func newAppWithMetrics(t *testing.T, db *store.DB, opts app.Options) (site, metrics http.Handler) {
	t.Helper()
	if _, err := demo.Load(context.Background(), db, appNow); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	opts.BaseURL, opts.Demo, opts.Version = appBaseURL, true, "test"
	site, metrics, err := app.NewWithMetrics(db, newServices(t, db, appBaseURL, func() time.Time { return appNow }), opts)
	if err != nil {
		t.Fatalf("app.NewWithMetrics: %v", err)
	}
	return site, metrics
}

func TestMetrics_RoutesAndPool(t *testing.T) {
	h, m := newAppWithMetrics(t, testkit.NewDB(t, store.SQLite), app.Options{})
	for range 2 {
		if res, _ := get(t, h, "/projects/"+demoProject); res.StatusCode != http.StatusOK {
			t.Fatalf("project page: %d", res.StatusCode)
		}
	}
	get(t, h, "/projects/no-such-project")
	get(t, h, "/definitely/not/here")

	res, body := get(t, m, "/metrics")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	for series, want := range map[string]float64{
		`furusato_http_requests_total{method="GET",route="GET /projects/{key}",status="200"}`: 2,
		`furusato_http_requests_total{method="GET",route="GET /projects/{key}",status="404"}`: 1,
		`furusato_http_requests_total{method="GET",route="/",status="404"}`:                   1,
	} {
		if got, ok := metricValue(body, series); !ok || got != want {
			t.Errorf("%s = %v (found %v), want %v", series, got, ok, want)
		}
	}
	for _, raw := range []string{demoProject, "no-such-project", "definitely"} {
		if strings.Contains(body, raw) {
			t.Errorf("/metrics has a raw path %q as a label", raw)
		}
	}
	for _, pool := range []string{"writer", "reader"} {
		series := `furusato_db_open_connections{pool="` + pool + `"}`
		if v, ok := metricValue(body, series); !ok || v < 0 {
			t.Errorf("%s missing (%v, %v)", series, v, ok)
		}
	}
	if v, ok := metricValue(body, `furusato_db_open_connections{pool="reader"}`); !ok || v < 1 {
		t.Errorf("reader pool has %v open connections after serving pages, want ≥ 1", v)
	}
	for _, name := range []string{"# TYPE furusato_http_request_duration_seconds histogram", "# TYPE go_goroutines gauge", "furusato_db_in_use_connections", "furusato_db_wait_count_total"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %q", name)
		}
	}
}

// The listing cache's size, entries and counters are on /metrics and move
// as searches come in: each unique search is one more entry and one miss,
// a repeated one a hit.
func TestMetrics_ListingCache(t *testing.T) {
	h, mh := newAppWithMetrics(t, testkit.NewDB(t, store.SQLite), app.Options{})
	scrape := func() map[string]float64 {
		t.Helper()
		res, body := get(t, mh, "/metrics")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/metrics: %d", res.StatusCode)
		}
		m := map[string]float64{}
		for _, name := range []string{"bytes", "budget_bytes", "entries", "evictions_total", "hits_total", "misses_total"} {
			v, ok := metricValue(body, "furusato_listing_cache_"+name)
			if !ok {
				t.Fatalf("/metrics lacks furusato_listing_cache_%s", name)
			}
			m[name] = v
		}
		return m
	}
	before := scrape()
	for _, q := range []string{"クレソン", "酒蔵", "広報", "クレソン"} {
		if res, _ := get(t, h, "/api/v1/projects?q="+url.QueryEscape(q)); res.StatusCode != http.StatusOK {
			t.Fatalf("search %s: %d", q, res.StatusCode)
		}
	}
	after := scrape()
	if after["entries"] != before["entries"]+3 || after["misses_total"] != before["misses_total"]+3 ||
		after["hits_total"] != before["hits_total"]+1 || after["evictions_total"] != 0 {
		t.Errorf("after 3 unique searches and a repeat: %v (before %v)", after, before)
	}
	if after["bytes"] <= before["bytes"] || after["bytes"] > after["budget_bytes"] || after["budget_bytes"] != service.DefaultListCacheBytes {
		t.Errorf("bytes %v → %v, budget %v", before["bytes"], after["bytes"], after["budget_bytes"])
	}
}

// TestMetrics_NotOnTheSiteByDefault: the public site answers /metrics with
// its 404 page unless a bearer token is configured and sent; the metrics
// handler (served on its own address) always answers.
func TestMetrics_NotOnTheSiteByDefault(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	h, m := newAppWithMetrics(t, db, app.Options{})
	for _, hd := range [][]string{nil, {"Authorization", "Bearer "}, {"Authorization", "Bearer anything"}} {
		res, body := get(t, h, "/metrics", hd...)
		if res.StatusCode != http.StatusNotFound || strings.Contains(body, "go_goroutines") {
			t.Errorf("site /metrics %v: %d\n%.200s", hd, res.StatusCode, body)
		}
	}
	if res, body := get(t, m, "/metrics"); res.StatusCode != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("metrics handler: %d\n%.200s", res.StatusCode, body)
	}
	if res, _ := get(t, m, "/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("metrics handler serves / with %d; want only /metrics", res.StatusCode)
	}

	const token = "0123456789abcdef0123456789abcdef"
	h, _ = newAppWithMetrics(t, testkit.NewDB(t, store.SQLite), app.Options{MetricsToken: token})
	for _, hd := range [][]string{nil, {"Authorization", "Bearer " + token[:31]}, {"Authorization", "Bearer " + token + "0"},
		{"Authorization", "Basic " + token}, {"Authorization", token}} {
		res, body := get(t, h, "/metrics", hd...)
		if res.StatusCode != http.StatusNotFound || strings.Contains(body, "go_goroutines") {
			t.Errorf("site /metrics with token set, %v: %d\n%.200s", hd, res.StatusCode, body)
		}
	}
	res, body := get(t, h, "/metrics", "Authorization", "Bearer "+token)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "go_goroutines") {
		t.Errorf("site /metrics with the token: %d\n%.200s", res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("metrics Cache-Control %q", cc)
	}
}

func TestPages_CarrySecurityHeadersAndRequestID(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	ids := map[string]string{}
	for _, path := range []string{
		"/", "/projects", "/projects?q=" + "%E5%B2%90%E9%98%9C", "/projects/" + demoProject,
		"/regions/gifu", "/areas/chubu", "/themes/design", "/organizations", "/organizations/gifu-local-base",
		"/nope", "/projects/no-such-project",
	} {
		res, body := get(t, h, path)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", path, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if !strings.HasPrefix(body, "<!doctype html>") {
			t.Errorf("GET %s: not a page: %.80q", path, body)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != httpx.ContentSecurityPolicy {
			t.Errorf("GET %s: CSP %q", path, got)
		}
		if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: X-Frame-Options %q, X-Content-Type-Options %q", path,
				res.Header.Get("X-Frame-Options"), res.Header.Get("X-Content-Type-Options"))
		}
		id := res.Header.Get("X-Request-Id")
		if id == "" {
			t.Errorf("GET %s: no X-Request-Id", path)
		} else if other, dup := ids[id]; dup {
			t.Errorf("GET %s: X-Request-Id %s already used for %s", path, id, other)
		}
		ids[id] = path
	}
	// The API and the health check carry them too.
	for _, path := range []string{"/api/v1/projects", "/healthz", "/feed.atom"} {
		res, _ := get(t, h, path)
		if res.Header.Get("Content-Security-Policy") != httpx.ContentSecurityPolicy || res.Header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: CSP %q, X-Request-Id %q", path, res.Header.Get("Content-Security-Policy"), res.Header.Get("X-Request-Id"))
		}
	}
}

func TestPages_Gzip(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	for _, path := range []string{"/", "/projects/" + demoProject, "/api/v1/projects", "/nope"} {
		_, plain := get(t, h, path)
		res, body := get(t, h, path, "Accept-Encoding", "gzip, deflate, br")
		if ce := res.Header.Get("Content-Encoding"); ce != "gzip" {
			t.Errorf("GET %s: Content-Encoding %q, want gzip", path, ce)
			continue
		}
		if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("GET %s: Vary %q lacks Accept-Encoding", path, res.Header.Values("Vary"))
		}
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		if len(body) >= len(unzipped) {
			t.Errorf("GET %s: %d compressed bytes for %d", path, len(body), len(unzipped))
		}
		// Same page both ways (the request id differs nowhere in the body).
		if string(unzipped) != plain {
			t.Errorf("GET %s: decompressed body differs from the plain one (%d vs %d bytes)", path, len(unzipped), len(plain))
		}
	}
	res, body := get(t, h, "/")
	if res.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(body, "<!doctype html>") {
		t.Errorf("GET / without Accept-Encoding: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}

func TestNotFound_HTMLForPagesJSONForAPI(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	for _, path := range []string{"/no-such-page", "/projects/no-such-project", "/static/app.0000.css"} {
		res, body := get(t, h, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !strings.HasPrefix(body, "<!doctype html>") {
			t.Errorf("GET %s: Content-Type %q, body %.60q: want the HTML 404 page", path, ct, body)
		}
		if !strings.Contains(body, `name="robots" content="noindex`) {
			t.Errorf("GET %s: 404 page is indexable", path)
		}
	}
	for _, path := range []string{"/api/", "/api/v1/nope", "/api/v2/projects", "/api/v1/projects/no-such-project"} {
		res, body := get(t, h, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q, want JSON", path, ct)
		}
		var e httpx.APIError
		if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code != furusato.ENOTFOUND || e.Error.Message == "" {
			t.Errorf("GET %s: body %q (%v), want a not_found APIError", path, body, err)
		}
	}
}

func TestProjectPage_OGPUsesBaseURLNotHost(t *testing.T) {
	h := newApp(t, testkit.NewDB(t, store.SQLite))
	res, body := get(t, h, "/projects/"+demoProject, "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("project page: %d", res.StatusCode)
	}
	want := `<meta property="og:url" content="` + appBaseURL + `/projects/` + demoProject + `">`
	if !strings.Contains(body, want) {
		i := strings.Index(body, "og:url")
		t.Errorf("page lacks %s; has %.120q", want, body[max(i, 0):])
	}
	if strings.Contains(body, "evil.example") {
		t.Error("the request's Host made it into the page")
	}
	// The API's absolute URLs come from the base URL too.
	_, api := get(t, h, "/api/v1/projects/"+demoProject)
	if strings.Contains(api, "evil.example") || !strings.Contains(api, appBaseURL+"/projects/"+demoProject) {
		t.Errorf("API project: want links on %s, none on evil.example: %.300s", appBaseURL, api)
	}
}

func TestNew_RejectsBadBaseURL(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	svc := newServices(t, db, appBaseURL, nil)
	for _, base := range []string{"", "not a url", "furusato.example.jp", "ftp://furusato.example.jp", "https://"} {
		if _, err := app.New(db, svc, app.Options{BaseURL: base}); err == nil || !strings.Contains(err.Error(), "base URL") {
			t.Errorf("app.New(BaseURL %q) error = %v, want a base URL error", base, err)
		}
	}
}

// The word cache's figures are on /metrics: a search with two new words
// counts two misses, and once they are matched (for that search) a new
// search of the same words counts two hits.
func TestMetrics_WordCache(t *testing.T) {
	h, mh := newAppWithMetrics(t, testkit.NewDB(t, store.SQLite), app.Options{})
	scrape := func() map[string]float64 {
		t.Helper()
		_, body := get(t, mh, "/metrics")
		m := map[string]float64{}
		for _, name := range []string{"bytes", "budget_bytes", "entries", "evictions_total", "hits_total", "misses_total"} {
			v, ok := metricValue(body, "furusato_word_cache_"+name)
			if !ok {
				t.Fatalf("/metrics lacks furusato_word_cache_%s", name)
			}
			m[name] = v
		}
		return m
	}
	search := func(q string) {
		t.Helper()
		if res, _ := get(t, h, "/api/v1/projects?q="+url.QueryEscape(q)); res.StatusCode != http.StatusOK {
			t.Fatalf("search %s: %d", q, res.StatusCode)
		}
	}
	search("クレソン 広報")
	if m := scrape(); m["misses_total"] != 2 || m["budget_bytes"] != 16<<20 {
		t.Fatalf("after a search with two new words: %v", m)
	}
	deadline := time.Now().Add(10 * time.Second)
	for scrape()["entries"] < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the two words were not matched in 10 s: %v", scrape())
		}
		time.Sleep(10 * time.Millisecond)
	}
	search("広報 クレソン")
	if m := scrape(); m["hits_total"] != 2 || m["bytes"] <= 0 || m["bytes"] > m["budget_bytes"] {
		t.Fatalf("after the same words again: %v", m)
	}
}

// The card cache's figures are on /metrics: a listing's cards are read
// once (a miss, or warmed after the listing index loaded) and hits the
// next time.
func TestMetrics_CardCache(t *testing.T) {
	db := testkit.NewDB(t, store.SQLite)
	if _, err := demo.Load(context.Background(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	h, mh := newAppWithMetrics(t, db, app.Options{})
	scrape := func(name string) float64 {
		t.Helper()
		_, body := get(t, mh, "/metrics")
		v, ok := metricValue(body, "furusato_card_cache_"+name)
		if !ok {
			t.Fatalf("/metrics lacks furusato_card_cache_%s", name)
		}
		return v
	}
	for range 2 {
		if res, _ := get(t, h, "/api/v1/projects"); res.StatusCode != http.StatusOK {
			t.Fatalf("/api/v1/projects: %d", res.StatusCode)
		}
	}
	n, page := scrape("entries"), 20.0
	if n < page || scrape("misses_total") > page || scrape("hits_total") < page || scrape("bytes") <= 0 {
		t.Fatalf("after the same listing twice: %v cards kept, %v misses, %v hits", n, scrape("misses_total"), scrape("hits_total"))
	}
}
