package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/furusato/furusato/internal/httpx"
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
